/** In-memory ports for tests and local runs: they record what the activities were asked to do, idempotently. */
import type {
  HistoryEntry,
  HistorySlice,
  NextReleaseRequest,
  ReleaseLink,
  SlaEvent,
  TicketEvent,
  TicketView,
} from '@sla-desk/workflow-api';
import type { EventPublisherPort, ReleasesPort, TicketReadModelPort } from './ports';

/** Records published events once per `eventId` (a retried publish is not duplicated), in publishing order. */
export class RecordingPublisher implements EventPublisherPort {
  readonly ticketEvents: TicketEvent[] = [];
  readonly slaEvents: SlaEvent[] = [];
  /** How many publish calls arrived (including retries / duplicates). */
  calls = 0;
  private readonly seen = new Set<string>();

  async publishTicketEvent(event: TicketEvent): Promise<void> {
    this.calls++;
    if (this.seen.has(event.eventId)) return;
    this.seen.add(event.eventId);
    this.ticketEvents.push(event);
  }

  async publishSlaEvent(event: SlaEvent): Promise<void> {
    this.calls++;
    if (this.seen.has(event.eventId)) return;
    this.seen.add(event.eventId);
    this.slaEvents.push(event);
  }

  /** The ticket events of one ticket, optionally of some types. */
  eventsOf(ticketId: string, ...types: TicketEvent['type'][]): TicketEvent[] {
    return this.ticketEvents.filter((e) => e.ticketId === ticketId && (types.length === 0 || types.includes(e.type)));
  }
}

/** Keeps the latest snapshot per ticket (by `seq`). */
export class InMemoryReadModel implements TicketReadModelPort {
  readonly tickets = new Map<string, TicketView>();
  /** Each ticket's history by position. */
  readonly histories = new Map<string, HistoryEntry[]>();
  writes = 0;

  async recordTicketHistory(ticketId: string, { from, entries }: HistorySlice): Promise<void> {
    const h = this.histories.get(ticketId) ?? [];
    entries.forEach((e, i) => (h[from + i] ??= e));
    this.histories.set(ticketId, h);
  }

  async recordTicketState(view: TicketView): Promise<void> {
    this.writes++;
    const old = this.tickets.get(view.ticketId);
    if (!old || old.seq <= view.seq) this.tickets.set(view.ticketId, view);
  }
}

/** The catalog's releases in memory: what a test schedules per component; the earliest of the kind after `after`. */
export class InMemoryReleases implements ReleasesPort {
  private readonly byComponent = new Map<string, ReleaseLink[]>();
  readonly asked: NextReleaseRequest[] = [];

  schedule(componentId: string, release: ReleaseLink): this {
    this.byComponent.set(componentId, [...(this.byComponent.get(componentId) ?? []), release]);
    return this;
  }

  async nextRelease(req: NextReleaseRequest): Promise<ReleaseLink | null> {
    this.asked.push(req);
    const after = Date.parse(req.after);
    const candidates = (this.byComponent.get(req.componentId) ?? [])
      .filter((r) => r.kind === req.kind && Date.parse(r.scheduledFor) > after)
      .sort((x, y) => Date.parse(x.scheduledFor) - Date.parse(y.scheduledFor));
    return candidates[0] ?? null;
  }
}
