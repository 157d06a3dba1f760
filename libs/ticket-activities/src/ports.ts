/** The ports the activities are built from: what the workflows need from the outside world, as interfaces. */
import type {
  ContractTerms,
  ContractTermsRequest,
  HistorySlice,
  NextReleaseRequest,
  ReleaseLink,
  SlaEvent,
  TicketEvent,
  TicketView,
} from '@sla-desk/workflow-api';

/** Publishes workflow events; must be idempotent by `eventId` (a retried activity publishes the same event again). */
export interface EventPublisherPort {
  publishTicketEvent(event: TicketEvent): Promise<void>;
  /** Several at once, in order (one Kafka request); without it they are published one by one. */
  publishTicketEvents?(events: TicketEvent[]): Promise<void>;
  publishSlaEvent(event: SlaEvent): Promise<void>;
}

/** Writes the ticket read model; must ignore a snapshot whose `seq` is lower than the stored one. */
export interface TicketReadModelPort {
  recordTicketState(view: TicketView): Promise<void>;
  /** Stores history entries by position; an entry already stored at a position is kept (retries write the same). */
  recordTicketHistory(ticketId: string, history: HistorySlice): Promise<void>;
}

/** Where a contract's SLA policy and business calendar come from (null: no such contract). */
export interface ContractTermsPort {
  termsFor(req: ContractTermsRequest): Promise<ContractTerms | null>;
}

/** The catalog's releases: a component's next release of a kind after an instant (null: none scheduled). */
export interface ReleasesPort {
  nextRelease(req: NextReleaseRequest): Promise<ReleaseLink | null>;
}

export interface ActivityPorts {
  publisher: EventPublisherPort;
  readModel: TicketReadModelPort;
  terms: ContractTermsPort;
  /** Absent: no catalog, so an analysis must name the release itself. */
  releases?: ReleasesPort;
}
