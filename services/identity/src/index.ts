// @sla-desk/identity: the identity subgraph (for main.ts, tools and end-to-end tests that start it in-process).
export { createIdentityApp, migrateIdentityDatabase, MAX_BODY, PRISMA_SCHEMA_DIR } from './app';
export { bootstrapProvider, type BootstrapInput, type BootstrapResult } from './bootstrap';
export { loadIdentityConfig, type IdentityConfig } from './config';
export { IDENTITY_EVENTS, LoggingIdentityEvents, type IdentityEvents } from './common/events';
export { IdentityModule, type IdentityModuleOptions } from './identity.module';
export { UsersService } from './users/users.service';
export { printIdentitySubgraphSchema, SUBGRAPH_SCHEMA_FILE } from './schema';
