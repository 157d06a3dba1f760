// @sla-desk/runtime: what every SLA Desk Node process shares — configuration validated from the environment, the
// JSON logger and the main() wrapper with one exit code for bad configuration. No framework code: the worker uses it
// as it is, Nest services through @sla-desk/subgraph.
export * from './env';
export * from './logger';
export * from './main';
export * from './temporal-tls';
