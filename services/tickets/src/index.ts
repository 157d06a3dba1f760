// @sla-desk/tickets: the tickets subgraph (for main.ts and end-to-end tests that start it in-process).
export { TicketsModule } from './tickets.module';
export { ticketsSubgraph } from './subgraph';
