// @sla-desk/auth: who is calling and what they may see — the caller's identity (access tokens, the gateway-signed
// identity header), roles, tenant scoping, the guard and decorators subgraph resolvers use, and the error codes
// clients see. The service plumbing around it (GraphQL module, limits, logging, health) is @sla-desk/subgraph.
export * from './caller';
export * from './errors';
export * from './identity-header';
export * from './jwt';
export * from './roles';
export * from './service-client';
export * from './tenant';
export * from './nest/auth.guard';
export * from './nest/context';
export * from './nest/decorators';
