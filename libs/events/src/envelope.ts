// Building and reading EventEnvelope records: the Kafka value is the serialized envelope, the key is the aggregate
// id, and a few envelope fields are copied into Kafka headers for routing and tooling (the envelope stays the truth).
import { createHash, randomUUID } from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS, isEventType, type EventPayload, type EventPayloadInit, type EventType, type Topic } from './catalog';
import { EventEnvelopeSchema, type EventEnvelope } from './gen/sladesk/events/v1/envelope_pb';

export { EventEnvelopeSchema, type EventEnvelope };

/** Kafka header names set on every published record. */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  tenantId: 'tenant-id',
  correlationId: 'correlation-id',
  contentType: 'content-type',
} as const;
export const CONTENT_TYPE = 'application/x-protobuf; proto=sladesk.events.v1.EventEnvelope';

export interface EventInput<T extends EventType = EventType> {
  type: T;
  payload: EventPayloadInit<T>;
  /** Customer id, or GLOBAL_TENANT for provider-wide facts. Required. */
  tenantId: string;
  /** Service name, e.g. "tickets-service". */
  producer: string;
  /** Default: a random UUID. Pass a deterministic one (see deterministicEventId) when the caller may retry. */
  eventId?: string;
  /** When the fact happened. Default: now. */
  occurredAt?: Date;
  correlationId?: string;
  causationId?: string;
  /** Position in the aggregate's history, when the producer tracks one. */
  aggregateSequence?: number | bigint;
  /** Free-form metadata carried in the envelope (e.g. traceparent). */
  headers?: Record<string, string>;
}

/** An encoded event, ready for the outbox or Kafka. `topic` is the base topic, before any environment prefix. */
export interface OutgoingEvent {
  eventId: string;
  type: EventType;
  schemaVersion: number;
  topic: Topic;
  key: string;
  tenantId: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

/** RFC 4122 version-5 (SHA-1, name-based) UUID: the same name in the same namespace always gives the same id. */
export function uuidV5(name: string, namespace: string): string {
  if (!isUuid(namespace)) throw new Error(`namespace must be a UUID: ${namespace}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Namespace of SLA Desk's deterministic event ids. Never change it: ids of retried publications would change. */
export const EVENT_ID_NAMESPACE = '3d0c6b1e-5b7a-4f43-9a55-2f3c1e7d9b61';

/** A deterministic event id for `(scope, ...parts)`, e.g. deterministicEventId('ticket', ticketId, sequence). */
export function deterministicEventId(scope: string, ...parts: Array<string | number | bigint>): string {
  return uuidV5([scope, ...parts.map(String)].join('\u001f'), EVENT_ID_NAMESPACE);
}

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

/** Validates and encodes an event: envelope bytes, Kafka key (the aggregate id) and headers. */
export function buildEvent<T extends EventType>(input: EventInput<T>): OutgoingEvent {
  const def = EVENTS[input.type];
  if (!def) throw new InvalidEventError(`unknown event type '${String(input.type)}'`);
  if (!input.tenantId) throw new InvalidEventError(`${input.type}: tenantId is required`);
  if (!input.producer) throw new InvalidEventError(`${input.type}: producer is required`);
  const eventId = input.eventId ?? randomUUID();
  if (!isUuid(eventId)) throw new InvalidEventError(`${input.type}: eventId must be a UUID, got '${eventId}'`);
  const payload = create(def.schema, input.payload as never) as EventPayload<T>;
  const aggregateId = def.aggregateId(payload);
  if (!aggregateId) throw new InvalidEventError(`${input.type}: payload field ${def.aggregateField} (the key) is empty`);
  const occurredAt = input.occurredAt ?? new Date();
  if (Number.isNaN(occurredAt.getTime())) throw new InvalidEventError(`${input.type}: occurredAt is not a valid date`);
  const envelope = create(EventEnvelopeSchema, {
    eventId,
    eventType: input.type,
    schemaVersion: def.schemaVersion,
    occurredAt: timestampFromDate(occurredAt),
    producer: input.producer,
    tenantId: input.tenantId,
    correlationId: input.correlationId ?? '',
    causationId: input.causationId ?? '',
    aggregateId,
    aggregateSequence: BigInt(input.aggregateSequence ?? 0),
    headers: input.headers ?? {},
    payload: toBinary(def.schema, payload as never),
  });
  const headers: Record<string, string> = {
    [HEADERS.eventId]: eventId,
    [HEADERS.eventType]: input.type,
    [HEADERS.schemaVersion]: String(def.schemaVersion),
    [HEADERS.tenantId]: input.tenantId,
    [HEADERS.contentType]: CONTENT_TYPE,
  };
  if (input.correlationId) headers[HEADERS.correlationId] = input.correlationId;
  return {
    eventId,
    type: input.type,
    schemaVersion: def.schemaVersion,
    topic: def.topic,
    key: aggregateId,
    tenantId: input.tenantId,
    value: toBinary(EventEnvelopeSchema, envelope),
    headers,
  };
}

/** A decoded, validated event. `payload` is typed by `type` (narrow on `event.type`). */
export interface DecodedEventOf<T extends EventType> {
  id: string;
  type: T;
  schemaVersion: number;
  tenantId: string;
  occurredAt: Date;
  producer: string;
  correlationId: string;
  causationId: string;
  aggregateId: string;
  aggregateSequence: bigint;
  headers: Record<string, string>;
  payload: EventPayload<T>;
  envelope: EventEnvelope;
}
export type DecodedEvent = { [T in EventType]: DecodedEventOf<T> }[EventType];

/** Why a record cannot be processed; carried in the dead-letter header `dlq-reason`. */
export type DeadLetterReason =
  | 'undecodable'
  | 'invalid-envelope'
  | 'missing-tenant'
  | 'unknown-event-type'
  | 'unsupported-schema-version'
  | 'undecodable-payload'
  | 'handler-rejected'
  | 'retries-exhausted';

export type DecodeResult =
  { ok: true; event: DecodedEvent } | { ok: false; reason: DeadLetterReason; detail: string; envelope?: EventEnvelope };

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Decodes and validates a record value. Never throws: a record that cannot be processed comes back with the reason,
 * for the dead-letter topic.
 */
export function decodeEvent(value: Uint8Array | null | undefined): DecodeResult {
  if (!value || value.length === 0) return { ok: false, reason: 'undecodable', detail: 'empty record value' };
  let envelope: EventEnvelope;
  try {
    envelope = fromBinary(EventEnvelopeSchema, value);
  } catch (e) {
    return { ok: false, reason: 'undecodable', detail: `not an EventEnvelope: ${errorText(e)}` };
  }
  const fail = (reason: DeadLetterReason, detail: string): DecodeResult => ({ ok: false, reason, detail, envelope });
  if (!isUuid(envelope.eventId)) return fail('invalid-envelope', `event_id is not a UUID: '${envelope.eventId}'`);
  if (!envelope.eventType) return fail('invalid-envelope', 'event_type is empty');
  if (!envelope.occurredAt) return fail('invalid-envelope', 'occurred_at is missing');
  if (!envelope.tenantId) return fail('missing-tenant', `event ${envelope.eventId} (${envelope.eventType}) has no tenant`);
  if (!isEventType(envelope.eventType)) return fail('unknown-event-type', `unknown event type '${envelope.eventType}'`);
  const def = EVENTS[envelope.eventType];
  if (envelope.schemaVersion !== def.schemaVersion)
    return fail(
      'unsupported-schema-version',
      `${envelope.eventType} schema version ${envelope.schemaVersion} is not supported (this build reads ${def.schemaVersion})`,
    );
  let payload: EventPayload<EventType>;
  try {
    payload = fromBinary(def.schema, envelope.payload) as EventPayload<EventType>;
  } catch (e) {
    return fail('undecodable-payload', `${envelope.eventType} payload: ${errorText(e)}`);
  }
  let occurredAt: Date;
  try {
    occurredAt = timestampDate(envelope.occurredAt);
  } catch (e) {
    return fail('invalid-envelope', `occurred_at: ${errorText(e)}`);
  }
  const event = {
    id: envelope.eventId,
    type: envelope.eventType,
    schemaVersion: envelope.schemaVersion,
    tenantId: envelope.tenantId,
    occurredAt,
    producer: envelope.producer,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    aggregateId: envelope.aggregateId,
    aggregateSequence: envelope.aggregateSequence,
    headers: envelope.headers,
    payload,
    envelope,
  } as DecodedEvent;
  return { ok: true, event };
}

/** Test and tooling helper: an envelope with arbitrary fields (e.g. an unknown type), encoded. */
export function encodeRawEnvelope(init: Parameters<typeof create<typeof EventEnvelopeSchema>>[1]): Uint8Array {
  return toBinary(EventEnvelopeSchema, create(EventEnvelopeSchema, init));
}

export { timestampFromDate, timestampDate };
export type { Topic };
