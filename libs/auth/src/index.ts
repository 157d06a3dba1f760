// @sla-desk/auth: how subgraphs know who is calling and what they may see.
export * from './caller';
export * from './env';
export * from './errors';
export * from './identity-header';
export * from './jwt';
export * from './query-limits';
export * from './roles';
export * from './tenant';
export * from './nest/auth.guard';
export * from './nest/context';
export * from './nest/decorators';
export * from './nest/error.filter';
export * from './nest/logging';
export * from './nest/http';
