// @sla-desk/identity: the identity subgraph (for main.ts, tools and end-to-end tests that start it in-process).
export { createIdentityApp, migrateIdentityDatabase } from './app';
export { bootstrapProvider, type BootstrapInput, type BootstrapResult } from './bootstrap';
export { loadIdentityConfig, type IdentityConfig } from './config';
export { IDENTITY_EVENTS, LoggingIdentityEvents, type IdentityEvents } from './common/events';
export { Passwords } from './common/passwords';
export { LoginThrottle } from './auth/login-throttle';
export { IdentityModule, type IdentityModuleOptions } from './identity.module';
export { identitySubgraph } from './subgraph';
export { UsersService } from './users/users.service';
