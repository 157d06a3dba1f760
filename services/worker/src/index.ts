// @sla-desk/worker: the Temporal worker of SLA Desk (main.ts is the process; these are its parts, for tests and
// benchmarks that start it in-process).
export * from './config';
export * from './kafka-publisher';
export * from './logging';
export * from './read-model';
export * from './worker';
export * from './workflow-source';
