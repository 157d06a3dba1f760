/**
 * The activities of the SLA Desk workflows, built by a factory from injected ports (./ports.ts): no client is created
 * inside an activity. The worker process wires the real ports (PostgreSQL read model, Kafka publisher, contracts
 * service); tests wire the in-memory ones (./in-memory.ts).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { defaultSlaPolicy, russianProductionCalendar, validatePolicy } from '@sla-desk/sla';
import type { SlaDeskActivities } from '@sla-desk/workflow-api';
import type { ActivityPorts, ContractTermsPort } from './ports';

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
    async findNextRelease(req) {
      return ports.releases ? ports.releases.nextRelease(req) : null;
    },
    async recordTicketState(view) {
      await ports.readModel.recordTicketState(view);
    },
    async flushTicket({ events, history, view }) {
      const publisher = ports.publisher;
      if (publisher.publishTicketEvents) await publisher.publishTicketEvents(events);
      else for (const event of events) await publisher.publishTicketEvent(event);
      // History before the snapshot: a snapshot at seq N never shows without the entries that led to it.
      if (history && history.entries.length > 0) await ports.readModel.recordTicketHistory(view.ticketId, history);
      await ports.readModel.recordTicketState(view);
      return new Date().toISOString();
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
