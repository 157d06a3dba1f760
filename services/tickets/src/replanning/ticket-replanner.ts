// Re-plans running tickets when something they depend on changes elsewhere, by consuming those services' events
// (group `tickets-replanner`; idempotent: processed_events in this database, a batch job id per event):
//   release.rescheduled   tickets linked to the release     → releaseRescheduled (their deadline follows it)
//   release.shipped       tickets linked to the release     → releaseShipped (a linked ticket's fix is in it)
//   release.scheduled     tickets of the component waiting  → releaseScheduled (the workflow keeps it only if a
//                         for a release (AWAITING_RELEASE)     running clock follows a release of that kind)
//   contract.terms_changed tickets of the contract          → policyChanged / calendarChanged with the new terms
// Tickets are found by the TicketLinks search attribute the workflow keeps (release:, component:, contract:).
// A change reaches the tickets indexed when the batch starts; visibility lags by about a second.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { PermanentError, prismaTransactions, releasesV1, TOPICS, type DecodedEventOf } from '@sla-desk/events';
import { EventConsumers } from '@sla-desk/subgraph';
import {
  calendarChangedSignal,
  policyChangedSignal,
  releaseRescheduledSignal,
  releaseScheduledSignal,
  releaseShippedSignal,
  SlaState,
  ticketLink,
  TicketSearchAttributes,
  type ReleaseKind,
} from '@sla-desk/workflow-api';
import { ContractDirectory } from '../contracts/contract-directory';
import { PrismaService } from '../prisma.service';
import { quoted, TicketBatches } from './ticket-batches';

export const REPLANNER_GROUP = 'tickets-replanner';

const linkedTo = (link: string): string => `${TicketSearchAttributes.TicketLinks.name} = ${quoted(link)}`;

function releaseKind(kind: releasesV1.ReleaseKind): ReleaseKind {
  if (kind === releasesV1.ReleaseKind.PLANNED) return 'PLANNED';
  if (kind === releasesV1.ReleaseKind.UNPLANNED) return 'UNPLANNED';
  throw new PermanentError(`release kind ${kind} is neither PLANNED nor UNPLANNED`);
}

function instantOf(timestamp: Parameters<typeof timestampDate>[0] | undefined, field: string): string {
  if (!timestamp) throw new PermanentError(`${field} is missing`);
  return timestampDate(timestamp).toISOString();
}

@Injectable()
export class TicketReplanner implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly prisma: PrismaService,
    private readonly batches: TicketBatches,
    private readonly contracts: ContractDirectory,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      groupId: REPLANNER_GROUP,
      topics: [TOPICS.releases, TOPICS.contracts],
      transactions: prismaTransactions(this.prisma),
      // A re-plan is never dropped: Temporal away (or its batch limit reached) is waited out.
      retry: { maxAttempts: Infinity, maxMs: 10_000 },
      handlers: {
        'release.rescheduled': (e) => this.releaseRescheduled(e),
        'release.shipped': (e) => this.releaseShipped(e),
        'release.scheduled': (e) => this.releaseScheduled(e),
        'contract.terms_changed': (e) => this.termsChanged(e),
      },
    });
  }

  private async releaseRescheduled(e: DecodedEventOf<'release.rescheduled'>): Promise<void> {
    const { releaseId, scheduledAt } = e.payload;
    await this.batches.signal({
      jobId: `replan-${e.id}`,
      query: linkedTo(ticketLink.release(releaseId)),
      signal: releaseRescheduledSignal.name,
      arg: { releaseId, scheduledFor: instantOf(scheduledAt, 'scheduled_at') },
      reason: `release ${releaseId} rescheduled`,
    });
  }

  private async releaseShipped(e: DecodedEventOf<'release.shipped'>): Promise<void> {
    const { releaseId, shippedAt } = e.payload;
    await this.batches.signal({
      jobId: `replan-${e.id}`,
      query: linkedTo(ticketLink.release(releaseId)),
      signal: releaseShippedSignal.name,
      // A ticket is linked to the release its fix was planned into.
      arg: { releaseId, shippedAt: instantOf(shippedAt, 'shipped_at'), includesTicket: true },
      reason: `release ${releaseId} shipped`,
    });
  }

  private async releaseScheduled(e: DecodedEventOf<'release.scheduled'>): Promise<void> {
    const { releaseId, componentId, kind, scheduledAt } = e.payload;
    await this.batches.signal({
      jobId: `replan-${e.id}`,
      query: `${linkedTo(ticketLink.component(componentId))} AND ${TicketSearchAttributes.SlaState.name} = ${quoted(SlaState.AWAITING_RELEASE)}`,
      signal: releaseScheduledSignal.name,
      arg: { releaseId, kind: releaseKind(kind), scheduledFor: instantOf(scheduledAt, 'scheduled_at') },
      reason: `release ${releaseId} scheduled for component ${componentId}`,
    });
  }

  private async termsChanged(e: DecodedEventOf<'contract.terms_changed'>): Promise<void> {
    const { contractId, customerId, policyChanged, calendarChanged } = e.payload;
    const client = this.contracts.contracts;
    if (!client) throw new PermanentError('TICKETS_CONTRACTS_URL is not set: cannot load the new terms');
    const terms = await client.termsFor({ contractId, customerId });
    if (!terms) throw new PermanentError(`contract ${contractId} has no terms (not signed, or not the customer's)`);
    const query = linkedTo(ticketLink.contract(contractId));
    // Two batches, one after the other: a redelivered event finds the first one's job and goes on to the second.
    if (policyChanged) {
      await this.batches.signal({
        jobId: `replan-${e.id}-policy`,
        query,
        signal: policyChangedSignal.name,
        arg: { policy: terms.policy },
        reason: `contract ${contractId}: SLA policy changed`,
      });
    }
    if (calendarChanged) {
      await this.batches.signal({
        jobId: `replan-${e.id}-calendar`,
        query,
        signal: calendarChangedSignal.name,
        arg: { calendar: terms.calendar },
        reason: `contract ${contractId}: business calendar changed`,
      });
    }
  }
}
