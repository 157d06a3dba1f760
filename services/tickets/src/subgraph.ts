// The tickets subgraph as the kit sees it (@sla-desk/subgraph): Tickets, comments, attachments and hotline calls: the portal's ticket API, the bridge to the ticket workflows and the read model.
import { join } from 'node:path';
import { defineSubgraph, loadSubgraphConfig, offlineSubgraphConfig } from '@sla-desk/subgraph';
import { TicketsModule } from './tickets.module';

/** Its port unless TICKETS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const TICKETS_DEFAULT_PORT = 4004;

export const ticketsSubgraph = defineSubgraph({
  name: 'tickets',
  root: join(__dirname, '..'),
  defaultPort: TICKETS_DEFAULT_PORT,
  loadConfig: (source) => loadSubgraphConfig('tickets', TICKETS_DEFAULT_PORT, source),
  offlineConfig: () => offlineSubgraphConfig('tickets'),
  module: () => TicketsModule.forRoot(),
  // The Kafka topics its outbox publishes to (TOPICS of @sla-desk/events).
  topics: [],
});
