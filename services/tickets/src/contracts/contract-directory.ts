// The contract side of a ticket, until the contracts subgraph answers it: every customer's tickets are registered
// under the configured placeholder contract (TICKETS_DEFAULT_CONTRACT_ID), and every contract's zone is that of the
// terms the worker hands out today (the default SLA policy with the Russian production calendar). Replace this
// class, not its callers, when contracts exist (then an unknown or inactive contract rejects the registration).
import { Inject, Injectable } from '@nestjs/common';
import { russianProductionCalendar } from '@sla-desk/sla';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { TicketsConfig } from '../config';

@Injectable()
export class ContractDirectory {
  private readonly timeZone = russianProductionCalendar().timeZone;

  constructor(@Inject(SUBGRAPH_CONFIG) private readonly config: TicketsConfig) {}

  /** The contract a new ticket of this customer is registered under. */
  activeContractOf(_customerId: string): string {
    return this.config.defaultContractId;
  }

  /** The IANA zone the contract's calendar is written in (clocks are shown in it). */
  timeZoneOf(_contractId: string): string {
    return this.timeZone;
  }
}
