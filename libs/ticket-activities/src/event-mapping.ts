// The ticket domain's events on the wire: the workflow events of libs/workflow-api (TicketEvent, SlaEvent) mapped
// onto the protobuf contracts of libs/events, and the publisher port of the activities built on them. The event id is
// derived from (ticket id, sequence) — or (subject, sequence) for the single-clock workflows — so a Temporal activity
// retry republishes the *same* event and consumers, which dedupe by event id, apply it once.
import type { DescEnum, JsonObject } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  buildEvent,
  commonV1,
  deterministicEventId,
  InvalidEventError,
  releasesV1,
  ticketsV1,
  type EventPayloadInit,
  type EventSink,
  type EventType,
  type OutgoingEvent,
} from '@sla-desk/events';
import type { Actor as WfActor, ClockView, SlaEvent, TicketEvent } from '@sla-desk/workflow-api';
import type { EventPublisherPort } from './ports';

const {
  ActorRoleSchema,
  ClockChangeSchema,
  ClockKindSchema,
  ClockStateSchema,
  DeadlineRuleSchema,
  DueOutcome,
  DueOutcomeSchema,
  PartySchema,
} = commonV1;
const { ReleaseKindSchema } = releasesV1;
const {
  CategorySchema,
  ChannelSchema,
  PhoneAttempt_OutcomeSchema,
  PrioritySchema,
  TicketActionSchema,
  TicketClocksReplanned_ReasonSchema,
  TicketStatusSchema,
} = ticketsV1;

/** The id of event number `seq` of ticket `ticketId`: a UUIDv5, the same on every call. */
export function ticketEventId(ticketId: string, seq: number | bigint): string {
  return deterministicEventId('ticket', ticketId, seq);
}

/** The id of event number `seq` of a hotline call's / contract's clock workflow. */
export function slaEventId(subjectType: string, subjectId: string, seq: number | bigint): string {
  return deterministicEventId('sla', subjectType, subjectId, seq);
}

// ------------------------------------------------------------------------------------------------ value mapping

/** 'IN_PROGRESS' → TicketStatus.IN_PROGRESS, via the enum's proto names (`<PREFIX>_<VALUE>`). */
function enumOf(schema: DescEnum, value: string | undefined | null, what: string): number {
  if (value === undefined || value === null || value === '') return 0;
  const prefix = schema.sharedPrefix ? schema.sharedPrefix.toUpperCase() : '';
  const v = schema.values.find((x) => x.name === `${prefix}${value}`);
  if (!v) throw new InvalidEventError(`unknown ${what} '${value}'`);
  return v.number;
}

function ts(instant: string | null | undefined) {
  if (!instant) return undefined;
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new InvalidEventError(`not an instant: '${instant}'`);
  return timestampFromDate(d);
}

function actor(a: WfActor | undefined) {
  return a ? { id: a.id, role: enumOf(ActorRoleSchema, a.role, 'actor role') } : undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function json(v: Record<string, unknown> | undefined): JsonObject | undefined {
  return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as JsonObject);
}

function amount(a: ClockView['notice']) {
  if (!a) return undefined;
  if ('days' in a) return { unit: { case: 'days' as const, value: a.days } };
  if ('hours' in a) return { unit: { case: 'hours' as const, value: a.hours } };
  return { unit: { case: 'minutes' as const, value: a.minutes } };
}

function clock(c: ClockView) {
  return {
    id: c.id,
    kind: enumOf(ClockKindSchema, c.kind, 'clock kind'),
    party: enumOf(PartySchema, c.party, 'party'),
    round: c.round,
    state: enumOf(ClockStateSchema, c.state, 'clock state'),
    rule: enumOf(DeadlineRuleSchema, c.rule, 'deadline rule'),
    startedAt: ts(c.startedAt),
    dueAt: ts(c.dueAt),
    noticeAt: ts(c.noticeAt),
    notice: amount(c.notice),
    binding: c.binding,
    breachRecordable: c.breachRecordable,
    onDue: c.onDue ? enumOf(DueOutcomeSchema, c.onDue, 'due outcome') : DueOutcome.NONE,
    delayNotice: c.delayNotice
      ? { filedAt: ts(c.delayNotice.filedAt), inTime: c.delayNotice.inTime, reason: c.delayNotice.reason }
      : undefined,
    releaseId: c.releaseId ?? '',
    provisional: c.provisional,
    warnedAt: ts(c.warnedAt),
    breachedAt: ts(c.breachedAt),
    expiredAt: ts(c.expiredAt),
    stoppedAt: ts(c.stoppedAt),
  };
}

type Mapped = { [T in EventType]: { type: T; payload: EventPayloadInit<T> } }[EventType];

/** Workflow clock events, all with payload `{ clock }`, by their protobuf event type. */
export const TICKET_CLOCK_EVENTS = {
  CLOCK_STARTED: 'ticket.clock_started',
  CLOCK_WARNING: 'ticket.clock_warning',
  CLOCK_BREACHED: 'ticket.clock_breached',
  CLOCK_EXPIRED: 'ticket.clock_expired',
  CLOCK_OVERDUE: 'ticket.clock_overdue',
  CLOCK_STOPPED: 'ticket.clock_stopped',
} as const satisfies Record<string, EventType>;
type ClockEventType = (typeof TICKET_CLOCK_EVENTS)[keyof typeof TICKET_CLOCK_EVENTS];

/** The protobuf event type each workflow ticket event type becomes (STATUS_CHANGED: see mapTicketEvent). */
export const TICKET_EVENT_TYPES = {
  TICKET_REGISTERED: 'ticket.registered',
  STATUS_CHANGED: 'ticket.status_changed',
  TICKET_REASSIGNED: 'ticket.reassigned',
  DELAY_NOTICE_FILED: 'ticket.delay_notice_filed',
  PROVIDER_FREED: 'ticket.provider_freed',
  CLOCKS_REPLANNED: 'ticket.clocks_replanned',
  ...TICKET_CLOCK_EVENTS,
} as const satisfies Record<string, EventType>;

/** The protobuf event for a workflow ticket event (one workflow event → one Kafka event). */
function mapTicketEvent(e: TicketEvent): Mapped {
  const ticketId = e.ticketId;
  const status = enumOf(TicketStatusSchema, e.status, 'ticket status');
  const clockType = (TICKET_CLOCK_EVENTS as Record<string, ClockEventType | undefined>)[e.type];
  if (clockType) {
    const c = (e.payload as { clock?: ClockView }).clock;
    if (!c) throw new InvalidEventError(`${e.type}: payload.clock is missing`);
    return { type: clockType, payload: { ticketId, clock: clock(c), status } };
  }
  switch (e.type) {
    case 'TICKET_REGISTERED':
      return {
        type: 'ticket.registered',
        payload: {
          ticketId,
          customerId: e.customerId,
          channel: enumOf(ChannelSchema, e.payload.channel, 'channel'),
          title: e.payload.title,
          registeredAt: ts(e.payload.registeredAt),
          registeredBy: actor(e.payload.registeredBy),
          warranty: e.payload.warranty,
          status,
        },
      };
    case 'STATUS_CHANGED': {
      const p = e.payload;
      const d = p.details ?? {};
      if (p.action === 'ANALYSE' || p.action === 'REQUEST_CLARIFICATION') {
        const release = d.release as { releaseId?: string; kind?: string; scheduledFor?: string } | undefined;
        const phone = d.phoneAttempt as { at?: string; outcome?: string; note?: string } | undefined;
        return {
          type: 'ticket.analysed',
          payload: {
            ticketId,
            category: enumOf(CategorySchema, str(d.category), 'category'),
            priority: enumOf(PrioritySchema, str(d.priority), 'priority'),
            assigneeId: str(d.assignee),
            actor: actor(p.actor),
            outcome:
              p.action === 'ANALYSE'
                ? { case: 'plannedSolutionAt', value: ts(str(d.plannedDate))! }
                : { case: 'clarificationQuestion', value: str(d.question) },
            phoneAttempt: phone
              ? { at: ts(phone.at), outcome: enumOf(PhoneAttempt_OutcomeSchema, phone.outcome, 'phone outcome'), note: phone.note ?? '' }
              : undefined,
            release: release
              ? {
                  releaseId: release.releaseId ?? '',
                  kind: enumOf(ReleaseKindSchema, release.kind, 'release kind'),
                  scheduledAt: ts(release.scheduledFor),
                }
              : undefined,
            analysedAt: ts(e.at),
            fromStatus: enumOf(TicketStatusSchema, p.from, 'ticket status'),
            status,
          },
        };
      }
      return {
        type: 'ticket.status_changed',
        payload: {
          ticketId,
          action: enumOf(TicketActionSchema, p.action, 'ticket action'),
          fromStatus: enumOf(TicketStatusSchema, p.from, 'ticket status'),
          status,
          actor: actor(p.actor),
          changedAt: ts(e.at),
          comment: str(d.comment),
          reason: str(d.reason),
          remarks: Array.isArray(d.remarks) ? d.remarks.map(String) : [],
          round: typeof d.round === 'number' ? d.round : 0,
          details: json(p.details),
        },
      };
    }
    case 'TICKET_REASSIGNED':
      return {
        type: 'ticket.reassigned',
        payload: {
          ticketId,
          fromAssigneeId: e.payload.from ?? '',
          assigneeId: e.payload.to,
          actor: actor(e.payload.actor),
          reassignedAt: ts(e.at),
          status,
        },
      };
    case 'DELAY_NOTICE_FILED':
      return {
        type: 'ticket.delay_notice_filed',
        payload: {
          ticketId,
          clockId: e.payload.clockId,
          party: enumOf(PartySchema, e.payload.party, 'party'),
          inTime: e.payload.inTime,
          reason: e.payload.reason,
          actor: actor(e.payload.actor),
          filedAt: ts(e.at),
          status,
        },
      };
    case 'PROVIDER_FREED':
      return { type: 'ticket.provider_freed', payload: { ticketId, clockId: e.payload.clockId, freedAt: ts(e.at), status } };
    case 'CLOCKS_REPLANNED':
      return {
        type: 'ticket.clocks_replanned',
        payload: {
          ticketId,
          reason: enumOf(TicketClocksReplanned_ReasonSchema, e.payload.reason, 'replan reason'),
          clocks: e.payload.clocks.map(clock),
          replannedAt: ts(e.at),
          details: json(e.payload.details),
          status,
        },
      };
    default:
      // A type added to libs/workflow-api without a contract here yet (the spec's type-level check flags it).
      throw new InvalidEventError(`no protobuf contract for ticket event type '${(e as { type: string }).type}'`);
  }
}

/**
 * Encodes a workflow ticket event as a protobuf event with its deterministic id, for callers that write it into their
 * own transaction's outbox (e.g. together with the read model): `enqueueEvents(tx, [buildTicketEvent(e)])`.
 */
export function buildTicketEvent(e: TicketEvent, producer = 'worker'): OutgoingEvent {
  if (!e.ticketId) throw new InvalidEventError(`${e.type}: ticketId is required`);
  if (!Number.isSafeInteger(e.seq) || e.seq < 0) throw new InvalidEventError(`${e.type}: seq must be a non-negative integer`);
  const mapped = mapTicketEvent(e);
  return buildEvent({
    type: mapped.type,
    payload: mapped.payload,
    tenantId: e.customerId,
    producer,
    eventId: ticketEventId(e.ticketId, e.seq),
    occurredAt: new Date(e.at),
    correlationId: `ticket-${e.ticketId}`,
    aggregateSequence: e.seq,
  } as Parameters<typeof buildEvent>[0]);
}

/** Encodes a hotline-callback / contract-onboarding clock event with its deterministic id. */
export function buildSlaEvent(e: SlaEvent, producer = 'worker'): OutgoingEvent {
  const s = e.subject;
  if (!s?.id) throw new InvalidEventError(`${e.type}: subject id is required`);
  if (!Number.isSafeInteger(e.seq) || e.seq < 0) throw new InvalidEventError(`${e.type}: seq must be a non-negative integer`);
  const common = {
    customerId: s.customerId,
    change: enumOf(ClockChangeSchema, e.type.replace(/^CLOCK_|^CLOCKS_/, ''), 'clock change'),
    clock: clock(e.clock),
    actor: actor(e.actor),
    changedAt: ts(e.at),
  };
  const base = {
    tenantId: s.customerId,
    producer,
    eventId: slaEventId(s.type, s.id, e.seq),
    occurredAt: new Date(e.at),
    correlationId: `${s.type}:${s.id}`,
    aggregateSequence: e.seq,
  };
  if (s.type === 'HOTLINE_CALL')
    return buildEvent({ ...base, type: 'hotline.callback_clock_changed', payload: { callId: s.id, ...common } });
  if (s.type === 'CONTRACT')
    return buildEvent({ ...base, type: 'contract.access_list_clock_changed', payload: { contractId: s.id, ...common } });
  throw new InvalidEventError(`unknown SLA subject type '${String((s as { type: unknown }).type)}'`);
}

export interface WorkflowEventPublisherOptions {
  sink: EventSink;
  /** Envelope `producer`. Default "worker". */
  producer?: string;
}

/**
 * The publisher port of the activities on protobuf events:
 *
 *   createActivities({ publisher: new WorkflowEventPublisher({ sink: kafkaSink(producer) }), readModel, terms })
 *
 * Retrying is safe: the same (ticketId, seq) always gives the same event id, so consumers apply it once. Invalid input
 * throws InvalidEventError: turn it into a non-retryable activity failure.
 */
export class WorkflowEventPublisher implements EventPublisherPort {
  private readonly producerName: string;

  constructor(private readonly options: WorkflowEventPublisherOptions) {
    this.producerName = options.producer ?? 'worker';
  }

  /** Bound, so it can be handed over as a plain function. */
  readonly publishTicketEvent = async (event: TicketEvent): Promise<void> => {
    await this.options.sink.write([buildTicketEvent(event, this.producerName)]);
  };

  readonly publishTicketEvents = async (events: TicketEvent[]): Promise<void> => {
    await this.options.sink.write(events.map((e) => buildTicketEvent(e, this.producerName)));
  };

  readonly publishSlaEvent = async (event: SlaEvent): Promise<void> => {
    await this.options.sink.write([buildSlaEvent(event, this.producerName)]);
  };
}
