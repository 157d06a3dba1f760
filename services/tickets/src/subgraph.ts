// The tickets subgraph as the kit sees it (@sla-desk/subgraph): the portal's ticket API, the bridge to the ticket
// workflows (Temporal) and the owner of the tickets read model.
import { join } from 'node:path';
import { TOPICS } from '@sla-desk/events';
import { defineSubgraph } from '@sla-desk/subgraph';
import { loadTicketsConfig, offlineTicketsConfig, TICKETS_DEFAULT_PORT, type TicketsConfig } from './config';
import { TicketsModule } from './tickets.module';

export { TICKETS_DEFAULT_PORT };

export const ticketsSubgraph = defineSubgraph<TicketsConfig>({
  name: 'tickets',
  root: join(__dirname, '..'),
  defaultPort: TICKETS_DEFAULT_PORT,
  loadConfig: loadTicketsConfig,
  offlineConfig: offlineTicketsConfig,
  module: () => TicketsModule.forRoot(),
  // The workflow publishes the ticket's life on sladesk.tickets.v1; this service's outbox adds ticket.comment_added
  // there and hotline.call_logged on sladesk.hotline.v1 (the callback workflow publishes its clock's events).
  topics: [TOPICS.tickets, TOPICS.hotline],
});
