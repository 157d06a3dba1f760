// A ticket record as the GraphQL Ticket, its clocks shown in its contract's zone.
import { Injectable } from '@nestjs/common';
import { ContractDirectory } from '../contracts/contract-directory';
import type { TicketRecord } from '../read-model/ticket-record';
import { toTicket } from './mappers';
import type { TicketType } from './types';

@Injectable()
export class TicketPresenter {
  constructor(private readonly contracts: ContractDirectory) {}

  ticket(record: TicketRecord): TicketType {
    return toTicket(record, this.contracts.timeZoneOf(record.view.contractId));
  }
}
