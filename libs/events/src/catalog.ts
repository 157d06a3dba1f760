// The event catalog: every event type SLA Desk publishes, its payload schema, topic and aggregate.
// Type names, topics and aggregate fields are declared in proto/ with the (sladesk.events.v1.event) option and read
// from the generated descriptors here, so proto/ stays the single source of truth; this file only adds static types.
import { getOption, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import { CalendarPublishedSchema } from './gen/sladesk/calendars/v1/calendars_pb';
import {
  AccessListClockChangedSchema,
  AccessListSubmittedSchema,
  ContractSignedSchema,
  ContractTermsChangedSchema,
} from './gen/sladesk/contracts/v1/contracts_pb';
import { EmailForwardedSchema, EmailReceivedSchema } from './gen/sladesk/email/v1/email_pb';
import { event as eventOption } from './gen/sladesk/events/v1/options_pb';
import { HotlineCallbackClockChangedSchema, HotlineCallLoggedSchema } from './gen/sladesk/hotline/v1/hotline_pb';
import { AccessListChangedSchema, SessionsRevokedSchema, UserRegisteredSchema } from './gen/sladesk/identity/v1/identity_pb';
import { ReleaseRescheduledSchema, ReleaseScheduledSchema, ReleaseShippedSchema } from './gen/sladesk/releases/v1/releases_pb';
import {
  TicketAnalysedSchema,
  TicketClockBreachedSchema,
  TicketClockExpiredSchema,
  TicketClockOverdueSchema,
  TicketClocksReplannedSchema,
  TicketClockStartedSchema,
  TicketClockStoppedSchema,
  TicketClockWarningSchema,
  TicketCommentAddedSchema,
  TicketDelayNoticeFiledSchema,
  TicketProviderFreedSchema,
  TicketReassignedSchema,
  TicketRegisteredSchema,
  TicketStatusChangedSchema,
} from './gen/sladesk/tickets/v1/tickets_pb';

/** Tenant of provider-wide facts that belong to no single customer (releases, the national production calendar). */
export const GLOBAL_TENANT = 'global';

/** Topics, one per bounded context and major version; dead letters go to `<topic>.dlq`. Keys are aggregate ids. */
export const TOPICS = {
  tickets: 'sladesk.tickets.v1',
  hotline: 'sladesk.hotline.v1',
  contracts: 'sladesk.contracts.v1',
  releases: 'sladesk.releases.v1',
  calendars: 'sladesk.calendars.v1',
  identity: 'sladesk.identity.v1',
  email: 'sladesk.email.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

/** Payload schema of every event type. The keys must equal the `type` declared in proto (checked at load). */
const SCHEMAS = {
  'ticket.registered': TicketRegisteredSchema,
  'ticket.analysed': TicketAnalysedSchema,
  'ticket.status_changed': TicketStatusChangedSchema,
  'ticket.reassigned': TicketReassignedSchema,
  'ticket.delay_notice_filed': TicketDelayNoticeFiledSchema,
  'ticket.clock_started': TicketClockStartedSchema,
  'ticket.clock_warning': TicketClockWarningSchema,
  'ticket.clock_breached': TicketClockBreachedSchema,
  'ticket.clock_expired': TicketClockExpiredSchema,
  'ticket.clock_overdue': TicketClockOverdueSchema,
  'ticket.clock_stopped': TicketClockStoppedSchema,
  'ticket.provider_freed': TicketProviderFreedSchema,
  'ticket.clocks_replanned': TicketClocksReplannedSchema,
  'ticket.comment_added': TicketCommentAddedSchema,
  'hotline.call_logged': HotlineCallLoggedSchema,
  'hotline.callback_clock_changed': HotlineCallbackClockChangedSchema,
  'contract.signed': ContractSignedSchema,
  'contract.access_list_submitted': AccessListSubmittedSchema,
  'contract.access_list_clock_changed': AccessListClockChangedSchema,
  'contract.terms_changed': ContractTermsChangedSchema,
  'release.scheduled': ReleaseScheduledSchema,
  'release.rescheduled': ReleaseRescheduledSchema,
  'release.shipped': ReleaseShippedSchema,
  'calendar.published': CalendarPublishedSchema,
  'user.registered': UserRegisteredSchema,
  'identity.access_list_changed': AccessListChangedSchema,
  'identity.sessions_revoked': SessionsRevokedSchema,
  'email.received': EmailReceivedSchema,
  'email.forwarded': EmailForwardedSchema,
} as const;

type Schemas = typeof SCHEMAS;
export type EventType = keyof Schemas;
export type EventSchema<T extends EventType> = Schemas[T];
/** The decoded payload of an event type (a protobuf-es message). */
export type EventPayload<T extends EventType> = MessageShape<Schemas[T]>;
/** What `create()` accepts for an event type's payload: a plain object, or the message itself. */
export type EventPayloadInit<T extends EventType> = MessageInitShape<Schemas[T]>;

export interface EventDefinition<T extends EventType = EventType> {
  readonly type: T;
  readonly schema: Schemas[T];
  /** Major version of the payload schema: N of its proto package `sladesk.<context>.vN`. */
  readonly schemaVersion: number;
  readonly topic: Topic;
  /** The payload field (protobuf name) that holds the aggregate id, the Kafka key. */
  readonly aggregateField: string;
  /** Reads the aggregate id from a payload. */
  readonly aggregateId: (payload: EventPayload<T>) => string;
}

function packageVersion(schema: DescMessage): number {
  const m = /\.v(\d+)$/.exec(schema.file.proto.package);
  if (!m) throw new Error(`${schema.typeName}: the proto package must end in .vN`);
  return Number(m[1]);
}

function define<T extends EventType>(type: T): EventDefinition<T> {
  const schema: DescMessage = SCHEMAS[type];
  const opt = getOption(schema, eventOption);
  if (opt.type !== type) throw new Error(`${schema.typeName} declares event type '${opt.type}', catalog says '${type}'`);
  if (!(ALL_TOPICS as readonly string[]).includes(opt.topic)) throw new Error(`${schema.typeName}: unknown topic '${opt.topic}'`);
  const field = schema.fields.find((f) => f.name === opt.aggregateField);
  if (!field || field.fieldKind !== 'scalar')
    throw new Error(`${schema.typeName}: aggregate field '${opt.aggregateField}' is not a scalar field`);
  const localName = field.localName;
  return {
    type,
    schema: SCHEMAS[type],
    schemaVersion: packageVersion(schema),
    topic: opt.topic as Topic,
    aggregateField: opt.aggregateField,
    aggregateId: (payload) => String((payload as unknown as Record<string, unknown>)[localName] ?? ''),
  };
}

export const EVENT_TYPES = Object.keys(SCHEMAS) as EventType[];

/** The catalog, by event type. */
export const EVENTS: { readonly [T in EventType]: EventDefinition<T> } = Object.fromEntries(EVENT_TYPES.map((t) => [t, define(t)])) as {
  [T in EventType]: EventDefinition<T>;
};

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, type);
}

/** Event types published on a topic. */
export function eventTypesOf(topic: Topic): EventType[] {
  return EVENT_TYPES.filter((t) => EVENTS[t].topic === topic);
}

/** Event types of the ticket aggregate (topic sladesk.tickets.v1). */
export type TicketEventType = Extract<EventType, `ticket.${string}`>;
