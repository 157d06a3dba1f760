// The contracts subgraph as the kit sees it (@sla-desk/subgraph): customer contracts (warranty, subscription,
// one-off), what they cover, their SLA policy and business calendar, entitlement.
import { join } from 'node:path';
import { TOPICS } from '@sla-desk/events';
import { defineSubgraph } from '@sla-desk/subgraph';
import { CONTRACTS_DEFAULT_PORT, loadContractsConfig, offlineContractsConfig, type ContractsConfig } from './config';
import { ContractsModule, type ContractsModuleOptions } from './contracts.module';

export { CONTRACTS_DEFAULT_PORT };

export const contractsSubgraph = defineSubgraph<ContractsConfig, ContractsModuleOptions>({
  name: 'contracts',
  root: join(__dirname, '..'),
  defaultPort: CONTRACTS_DEFAULT_PORT,
  loadConfig: loadContractsConfig,
  offlineConfig: offlineContractsConfig,
  module: (config, options) => ContractsModule.forRoot(config, options),
  // The Kafka topics its outbox publishes to (TOPICS of @sla-desk/events).
  topics: [TOPICS.contracts],
});
