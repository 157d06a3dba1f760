// What the API shows of a ticket: the workflow's snapshot (TicketView) with what only this service stores about
// the registration (author, description, component). Tickets started outside this service have no registration.
import { TERMINAL_STATUSES, type TicketView } from '@sla-desk/workflow-api';
import type { Ticket } from '../generated/prisma/client';

export interface TicketRecord {
  view: TicketView;
  registration: Ticket | null;
}

export function isTerminal(view: Pick<TicketView, 'status'>): boolean {
  return TERMINAL_STATUSES.includes(view.status);
}
