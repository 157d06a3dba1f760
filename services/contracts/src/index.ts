// @sla-desk/contracts: the contracts subgraph (for main.ts and end-to-end tests that start it in-process).
export { ContractsModule } from './contracts.module';
export { contractsSubgraph } from './subgraph';
