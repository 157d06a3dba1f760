// The contract side of a ticket. With TICKETS_CONTRACTS_URL the contracts subgraph decides which signed contract
// governs a new ticket of the customer about the component (its entitlement rule; none: NO_ACTIVE_CONTRACT, nothing
// registered). Without it the service runs in single-contract mode: every ticket is registered under
// TICKETS_DEFAULT_CONTRACT_ID, whose terms the worker hands out (its default terms unless WORKER_CONTRACTS_URL is
// set), in that calendar's zone. The zone is stored with the ticket: clocks are shown in it.
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { badUserInput } from '@sla-desk/auth';
import { ContractsClient } from '@sla-desk/contracts-client';
import { russianProductionCalendar } from '@sla-desk/sla';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { Channel } from '@sla-desk/workflow-api';
import type { TicketsConfig } from '../config';

/** Injection token of the contracts subgraph's client (tests may provide their own). */
export const CONTRACTS_CLIENT = Symbol('CONTRACTS_CLIENT');

export interface GoverningContract {
  contractId: string;
  /** The IANA zone of the contract's business calendar. */
  timeZone: string;
}

/** The zone of the default terms (the Russian production calendar): single-contract mode's, and older rows'. */
export const DEFAULT_TIME_ZONE = russianProductionCalendar().timeZone;

@Injectable()
export class ContractDirectory {
  private readonly logger = new Logger('ContractDirectory');
  private readonly client: ContractsClient | null;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: TicketsConfig,
    @Optional() @Inject(CONTRACTS_CLIENT) client?: ContractsClient,
  ) {
    this.client =
      client ??
      (config.contractsUrl
        ? new ContractsClient({ url: config.contractsUrl, secret: config.gatewaySecrets[0]!, service: 'tickets' })
        : null);
    if (!this.client) {
      this.logger.warn({
        msg: 'TICKETS_CONTRACTS_URL is not set: single-contract mode, every ticket is registered under the default contract',
        contractId: config.defaultContractId,
      });
    }
  }

  /** The contracts subgraph's client, or null in single-contract mode. */
  get contracts(): ContractsClient | null {
    return this.client;
  }

  /**
   * The contract a new ticket of the customer about the component is registered under; NO_ACTIVE_CONTRACT if none.
   * A ticket that arrives by email or the hotline names no catalog component (the sender cannot pick one): when no
   * contract covers what it names, it falls under the customer's contract in force, like a hotline call.
   */
  async governing(customerId: string, componentId: string, at: Date, channel: Channel = 'PORTAL'): Promise<GoverningContract> {
    if (!this.client) return { contractId: this.config.defaultContractId, timeZone: DEFAULT_TIME_ZONE };
    const entitlement = await this.client.entitlement(customerId, componentId, at);
    if (!entitlement && channel !== 'PORTAL') return this.forCall(customerId, at);
    if (!entitlement) {
      throw badUserInput(`No signed contract of the customer covers component ${componentId} now: the ticket was not registered`, {
        field: 'component',
        reason: 'NO_ACTIVE_CONTRACT',
      });
    }
    return { contractId: entitlement.contractId, timeZone: entitlement.timeZone };
  }

  /** The contract a hotline call of the customer falls under (whatever the component); NO_ACTIVE_CONTRACT if none. */
  async forCall(customerId: string, at: Date): Promise<GoverningContract> {
    if (!this.client) return { contractId: this.config.defaultContractId, timeZone: DEFAULT_TIME_ZONE };
    const contract = await this.client.contractInForce(customerId, at);
    if (!contract) {
      throw badUserInput('No signed contract of the customer is in force now: nothing was registered', {
        field: 'customerId',
        reason: 'NO_ACTIVE_CONTRACT',
      });
    }
    return { contractId: contract.contractId, timeZone: contract.timeZone };
  }
}
