// @sla-desk/subgraph: the kit every SLA Desk NestJS GraphQL service is built on (see README.md). A subgraph is its
// definition (defineSubgraph), its feature module, its Prisma schema and `runSubgraph(definition)` as main.ts.
export * from './app';
export * from './browser';
export * from './config';
export * from './database';
export * from './definition';
export * from './error.filter';
export * from './health.controller';
export * from './http';
export * from './event-consumers';
export * from './kafka';
export * from './topics';
export * from './logging';
export * from './nonce-store';
export * from './outbox-relay';
export * from './prisma';
export * from './query-limits';
export * from './run';
export * from './schema';
export * from './status';
export * from './subgraph.module';
export * from './temporal';
export * from './tokens';
export * from './validation';
