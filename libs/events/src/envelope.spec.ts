import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { samplePayload } from '../test/fixtures';
import {
  ALL_TOPICS,
  buildEvent,
  decodeEvent,
  deterministicEventId,
  encodeRawEnvelope,
  EVENT_TYPES,
  EVENTS,
  eventTypesOf,
  EventEnvelopeSchema,
  GLOBAL_TENANT,
  HEADERS,
  InvalidEventError,
  ticketsV1,
  TOPICS,
  uuidV5,
} from './index';

describe('event catalog', () => {
  it('covers every event of the brief, each with a topic, version 1 and an aggregate field from proto', () => {
    expect(EVENT_TYPES.sort()).toEqual(
      [
        'calendar.published',
        'contract.access_list_clock_changed',
        'contract.access_list_submitted',
        'contract.signed',
        'contract.terms_changed',
        'email.forwarded',
        'email.received',
        'hotline.call_logged',
        'identity.access_list_changed',
        'identity.sessions_revoked',
        'hotline.callback_clock_changed',
        'release.rescheduled',
        'release.scheduled',
        'release.shipped',
        'ticket.analysed',
        'ticket.clock_breached',
        'ticket.clock_expired',
        'ticket.clock_overdue',
        'ticket.clock_started',
        'ticket.clock_stopped',
        'ticket.clock_warning',
        'ticket.clocks_replanned',
        'ticket.comment_added',
        'ticket.delay_notice_filed',
        'ticket.provider_freed',
        'ticket.reassigned',
        'ticket.registered',
        'ticket.status_changed',
        'user.registered',
      ].sort(),
    );
    for (const t of EVENT_TYPES) {
      expect(ALL_TOPICS).toContain(EVENTS[t].topic);
      expect(EVENTS[t].schemaVersion).toBe(1);
      expect(EVENTS[t].schema.typeName).toMatch(/^sladesk\.[a-z]+\.v1\.[A-Z]\w+$/);
    }
    expect(eventTypesOf(TOPICS.tickets)).toHaveLength(14);
    expect(EVENTS['contract.signed'].aggregateField).toBe('contract_id');
  });
});

describe('envelope', () => {
  const occurredAt = new Date('2026-03-02T07:30:00.123Z');

  it.each(EVENT_TYPES)('%s encodes and decodes losslessly', (type) => {
    const out = buildEvent({
      type,
      payload: samplePayload(type, 'agg-1'),
      tenantId: 'cust-1',
      producer: 'unit-test',
      correlationId: 'corr-1',
      occurredAt,
      aggregateSequence: 7,
      headers: { traceparent: '00-abc-def-01' },
    });
    expect(out.key).toBe('agg-1');
    expect(out.topic).toBe(EVENTS[type].topic);
    expect(out.headers).toMatchObject({
      [HEADERS.eventId]: out.eventId,
      [HEADERS.eventType]: type,
      [HEADERS.schemaVersion]: '1',
      [HEADERS.tenantId]: 'cust-1',
      [HEADERS.correlationId]: 'corr-1',
    });
    const decoded = decodeEvent(out.value);
    if (!decoded.ok) throw new Error(decoded.detail);
    const e = decoded.event;
    expect(e).toMatchObject({
      id: out.eventId,
      type,
      schemaVersion: 1,
      tenantId: 'cust-1',
      producer: 'unit-test',
      correlationId: 'corr-1',
      aggregateId: 'agg-1',
      aggregateSequence: 7n,
      headers: { traceparent: '00-abc-def-01' },
    });
    expect(e.occurredAt.toISOString()).toBe(occurredAt.toISOString());
    expect(e.payload).toEqual(create(EVENTS[type].schema as never, samplePayload(type, 'agg-1') as never));
  });

  it('rejects events it could not route or attribute', () => {
    const base = { type: 'ticket.registered' as const, payload: samplePayload('ticket.registered', 't-1'), producer: 'p' };
    expect(() => buildEvent({ ...base, tenantId: '' })).toThrow(InvalidEventError);
    expect(() => buildEvent({ ...base, tenantId: 'c', eventId: 'not-a-uuid' })).toThrow(/UUID/);
    expect(() => buildEvent({ ...base, tenantId: 'c', payload: { ...base.payload, ticketId: '' } })).toThrow(/ticket_id/);
    expect(
      buildEvent({ ...base, type: 'release.shipped', payload: samplePayload('release.shipped', 'r-1'), tenantId: GLOBAL_TENANT }).tenantId,
    ).toBe('global');
  });

  it('reports why a record cannot be processed', () => {
    const ok = buildEvent({ type: 'ticket.registered', payload: samplePayload('ticket.registered', 't-1'), tenantId: 'c', producer: 'p' });
    const env = {
      eventId: ok.eventId,
      eventType: 'ticket.registered',
      schemaVersion: 1,
      tenantId: 'c',
      occurredAt: timestampFromDate(new Date()),
    };
    const reason = (v: Uint8Array | null) => {
      const r = decodeEvent(v);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(ok.value)).toBe('ok');
    expect(reason(null)).toBe('undecodable');
    expect(reason(Buffer.from('{"this is":"json, not protobuf"}'))).toBe('undecodable');
    expect(reason(encodeRawEnvelope({ ...env, eventId: '' }))).toBe('invalid-envelope');
    expect(reason(encodeRawEnvelope({ ...env, tenantId: '' }))).toBe('missing-tenant');
    expect(reason(encodeRawEnvelope({ ...env, eventType: 'ticket.teleported' }))).toBe('unknown-event-type');
    expect(reason(encodeRawEnvelope({ ...env, schemaVersion: 2 }))).toBe('unsupported-schema-version');
    expect(reason(encodeRawEnvelope({ ...env, payload: Uint8Array.from([0x0a, 0xff, 0x01]) }))).toBe('undecodable-payload');
    const good = toBinary(ticketsV1.TicketRegisteredSchema, create(ticketsV1.TicketRegisteredSchema, { ticketId: 't' }));
    expect(reason(toBinary(EventEnvelopeSchema, create(EventEnvelopeSchema, { ...env, payload: good })))).toBe('ok');
  });
});

describe('deterministic ids', () => {
  it('implements RFC 4122 UUIDv5 (the DNS-namespace example of python uuid.uuid5)', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('gives the same id for the same parts, different otherwise', () => {
    expect(deterministicEventId('ticket', 't-1', 3)).toBe(deterministicEventId('ticket', 't-1', 3));
    expect(deterministicEventId('ticket', 't-1', 3)).not.toBe(deterministicEventId('ticket', 't-1', 4));
    expect(deterministicEventId('ticket', 't-1', 3)).not.toBe(deterministicEventId('ticket', 't-13', 3));
    expect(deterministicEventId('ticket', 't-1', 3)).not.toBe(deterministicEventId('sla', 't-1', 3));
  });
});
