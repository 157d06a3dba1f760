// The contracts subgraph as the kit sees it (@sla-desk/subgraph): Customer contracts (warranty, subscription, one-off), what they cover, their SLA policy and business calendar, entitlement.
import { join } from 'node:path';
import { defineSubgraph, loadSubgraphConfig, offlineSubgraphConfig } from '@sla-desk/subgraph';
import { ContractsModule } from './contracts.module';

/** Its port unless CONTRACTS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const CONTRACTS_DEFAULT_PORT = 4003;

export const contractsSubgraph = defineSubgraph({
  name: 'contracts',
  root: join(__dirname, '..'),
  defaultPort: CONTRACTS_DEFAULT_PORT,
  loadConfig: (source) => loadSubgraphConfig('contracts', CONTRACTS_DEFAULT_PORT, source),
  offlineConfig: () => offlineSubgraphConfig('contracts'),
  module: () => ContractsModule.forRoot(),
  // The Kafka topics its outbox publishes to (TOPICS of @sla-desk/events).
  topics: [],
});
