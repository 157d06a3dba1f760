// A ticket record as the GraphQL Ticket, its clocks shown in its contract's zone.
import { Injectable } from '@nestjs/common';
import { DEFAULT_TIME_ZONE } from '../contracts/contract-directory';
import type { TicketRecord } from '../read-model/ticket-record';
import { toTicket } from './mappers';
import type { TicketType } from './types';

@Injectable()
export class TicketPresenter {
  ticket(record: TicketRecord): TicketType {
    return toTicket(record, record.registration?.timeZone ?? DEFAULT_TIME_ZONE);
  }
}
