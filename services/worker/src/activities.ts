/**
 * The activities of the SLA Desk workflows, built by a factory from injected ports: no client is created inside an
 * activity. The worker process wires the real ports (PostgreSQL read model, Kafka publisher, contracts service);
 * tests wire recording ones (./in-memory-ports.ts).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { defaultSlaPolicy, russianProductionCalendar, validatePolicy } from '@sla-desk/sla';
import type {
  ContractTerms,
  ContractTermsRequest,
  SlaDeskActivities,
  SlaEvent,
  TicketEvent,
  TicketView,
} from '@sla-desk/workflow-api';

/** Publishes workflow events; must be idempotent by `eventId` (a retried activity publishes the same event again). */
export interface EventPublisherPort {
  publishTicketEvent(event: TicketEvent): Promise<void>;
  publishSlaEvent(event: SlaEvent): Promise<void>;
}

/** Writes the ticket read model; must ignore a snapshot whose `seq` is lower than the stored one. */
export interface TicketReadModelPort {
  recordTicketState(view: TicketView): Promise<void>;
}

/** Where a contract's SLA policy and business calendar come from (null: no such contract). */
export interface ContractTermsPort {
  termsFor(req: ContractTermsRequest): Promise<ContractTerms | null>;
}

export interface ActivityPorts {
  publisher: EventPublisherPort;
  readModel: TicketReadModelPort;
  terms: ContractTermsPort;
}

export function createActivities(ports: ActivityPorts): SlaDeskActivities {
  return {
    async loadContractTerms(req) {
      const terms = await ports.terms.termsFor(req);
      if (!terms) {
        throw ApplicationFailure.create({
          type: 'UNKNOWN_CONTRACT',
          message: `No contract ${req.contractId} for customer ${req.customerId}`,
          nonRetryable: true,
        });
      }
      try {
        validatePolicy(terms.policy);
      } catch (e) {
        throw ApplicationFailure.create({ type: 'INVALID_POLICY', message: (e as Error).message, nonRetryable: true });
      }
      return terms;
    },
    async recordTicketState(view) {
      await ports.readModel.recordTicketState(view);
    },
    async publishTicketEvent(event) {
      await ports.publisher.publishTicketEvent(event);
    },
    async publishSlaEvent(event) {
      await ports.publisher.publishSlaEvent(event);
    },
  };
}

/**
 * The seed's terms for every contract: the default SLA policy and the Russian production calendar (pure data from
 * libs/sla). The contracts service replaces this port once contracts carry their own policy version and calendar.
 */
export function defaultContractTerms(): ContractTermsPort {
  const calendar = russianProductionCalendar();
  return {
    async termsFor(req) {
      return { contractId: req.contractId, policy: defaultSlaPolicy, calendar };
    },
  };
}
