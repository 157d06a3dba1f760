import { create, toBinary } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { SlaEvent, TicketEvent, TicketEventType as WfTicketEventType } from '@sla-desk/workflow-api';
import { samplePayload, workflowSlaEvent, workflowTicketEvents } from '../test/fixtures';
import {
  ALL_TOPICS,
  buildEvent,
  buildSlaEvent,
  buildTicketEvent,
  commonV1,
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
  releasesV1,
  slaEventId,
  TICKET_EVENT_TYPES,
  ticketEventId,
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
    expect(buildEvent({ ...base, type: 'release.shipped', payload: samplePayload('release.shipped', 'r-1'), tenantId: GLOBAL_TENANT }).tenantId).toBe(
      'global',
    );
  });

  it('reports why a record cannot be processed', () => {
    const ok = buildEvent({ type: 'ticket.registered', payload: samplePayload('ticket.registered', 't-1'), tenantId: 'c', producer: 'p' });
    const env = { eventId: ok.eventId, eventType: 'ticket.registered', schemaVersion: 1, tenantId: 'c', occurredAt: timestampFromDate(new Date()) };
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

  it('gives the same id for the same ticket and sequence, different otherwise', () => {
    expect(ticketEventId('t-1', 3)).toBe(ticketEventId('t-1', 3));
    expect(ticketEventId('t-1', 3)).not.toBe(ticketEventId('t-1', 4));
    expect(ticketEventId('t-1', 3)).not.toBe(ticketEventId('t-13', 3));
    expect(deterministicEventId('ticket', 't-1', 3)).toBe(ticketEventId('t-1', 3));
  });

  it('builds byte-identical ticket events on retries', () => {
    const [registered] = workflowTicketEvents('t-9');
    const a = buildTicketEvent(registered);
    const b = buildTicketEvent(structuredClone(registered));
    expect(a.eventId).toBe(ticketEventId('t-9', 1));
    expect(Buffer.from(a.value).equals(Buffer.from(b.value))).toBe(true);
    expect(a.key).toBe('t-9');
    expect(() => buildTicketEvent({ ...registered, seq: -1 })).toThrow(InvalidEventError);
    expect(() => buildTicketEvent({ ...registered, status: 'TELEPORTED' as never })).toThrow(/unknown ticket status 'TELEPORTED'/);
  });
});

describe('workflow events (libs/workflow-api) as protobuf events', () => {
  const decode = (value: Uint8Array) => {
    const r = decodeEvent(value);
    if (!r.ok) throw new Error(r.detail);
    return r.event;
  };

  it('has a protobuf contract for every TicketEvent type of libs/workflow-api', () => {
    // Type-level: fails to compile when libs/workflow-api adds a ticket event type this map does not cover.
    type Unmapped = Exclude<WfTicketEventType, keyof typeof TICKET_EVENT_TYPES>;
    const covered: [Unmapped] extends [never] ? true : Unmapped = true;
    expect(covered).toBe(true);
    for (const t of Object.values(TICKET_EVENT_TYPES)) expect(EVENT_TYPES).toContain(t);
    const overdue = buildTicketEvent({ ...workflowTicketEvents('t-o')[6], type: 'CLOCK_OVERDUE' } as unknown as TicketEvent);
    expect(decodeEvent(overdue.value)).toMatchObject({ ok: true, event: { type: 'ticket.clock_overdue' } });
    expect(() => buildTicketEvent({ ...workflowTicketEvents('t-o')[0], type: 'TICKET_TELEPORTED' } as unknown as TicketEvent)).toThrow(
      /no protobuf contract for ticket event type 'TICKET_TELEPORTED'/,
    );
  });

  it('maps every TicketEvent type of the ticket workflow, 1:1, keeping seq, status and the tenant', () => {
    const events = workflowTicketEvents('t-1', 'cust-42');
    const types = events.map((e) => {
      const out = buildTicketEvent(e);
      const d = decode(out.value);
      expect(d).toMatchObject({ tenantId: 'cust-42', aggregateId: 't-1', aggregateSequence: BigInt(e.seq), correlationId: 'ticket-t-1' });
      expect(d.occurredAt.toISOString()).toBe(e.at);
      expect(d.id).toBe(ticketEventId('t-1', e.seq));
      expect((d.payload as { status?: number }).status).toBe(ticketsV1.TicketStatus[e.status as keyof typeof ticketsV1.TicketStatus]);
      return d.type;
    });
    expect(types).toEqual([
      'ticket.registered',
      'ticket.clock_started',
      'ticket.analysed',
      'ticket.clock_stopped',
      'ticket.reassigned',
      'ticket.delay_notice_filed',
      'ticket.clock_warning',
      'ticket.clocks_replanned',
      'ticket.clock_breached',
      'ticket.status_changed',
      'ticket.clock_expired',
      'ticket.provider_freed',
    ]);
  });

  it('carries the analysis and the clock snapshot field by field', () => {
    const events = workflowTicketEvents('t-2');
    const analysed = decode(buildTicketEvent(events[2]).value);
    if (analysed.type !== 'ticket.analysed') throw new Error(analysed.type);
    expect(analysed.payload).toMatchObject({
      category: ticketsV1.Category.ERROR,
      priority: ticketsV1.Priority.URGENT,
      assigneeId: 'spec-3',
      actor: { id: 'spec-1', role: commonV1.ActorRole.SPECIALIST },
      outcome: { case: 'plannedSolutionAt' },
      release: { releaseId: 'r-1', kind: releasesV1.ReleaseKind.UNPLANNED },
      fromStatus: ticketsV1.TicketStatus.REGISTERED,
      status: ticketsV1.TicketStatus.IN_PROGRESS,
    });
    const warning = decode(buildTicketEvent(events[6]).value);
    if (warning.type !== 'ticket.clock_warning') throw new Error(warning.type);
    expect(warning.payload.clock).toMatchObject({
      id: 'SOLUTION#1',
      kind: commonV1.ClockKind.SOLUTION,
      party: commonV1.Party.PROVIDER,
      state: commonV1.ClockState.WARNED,
      rule: commonV1.DeadlineRule.WORKING_TIME,
      notice: { unit: { case: 'hours', value: 4 } },
      onDue: commonV1.DueOutcome.BREACH,
      binding: true,
    });
    expect(timestampDate(warning.payload.clock!.dueAt!).toISOString()).toBe('2026-03-03T09:00:00.000Z');
    const delivered = decode(buildTicketEvent(events[9]).value);
    if (delivered.type !== 'ticket.status_changed') throw new Error(delivered.type);
    expect(delivered.payload).toMatchObject({ action: ticketsV1.TicketAction.DELIVER_SOLUTION, round: 1, details: { summary: 'исправлено', round: 1 } });
  });

  it('maps the single-clock workflows\' events to their contexts, keyed by subject', () => {
    const call = decode(buildSlaEvent(workflowSlaEvent('HOTLINE_CALL', 'call-1', 3)).value);
    expect(call).toMatchObject({ type: 'hotline.callback_clock_changed', aggregateId: 'call-1', tenantId: 'cust-1', id: slaEventId('HOTLINE_CALL', 'call-1', 3) });
    const contract = decode(buildSlaEvent(workflowSlaEvent('CONTRACT', 'ctr-1', 1)).value);
    expect(contract).toMatchObject({ type: 'contract.access_list_clock_changed', aggregateId: 'ctr-1' });
    if (contract.type !== 'contract.access_list_clock_changed') throw new Error(contract.type);
    expect(contract.payload.change).toBe(commonV1.ClockChange.WARNING);
    const overdue = decode(buildSlaEvent({ ...workflowSlaEvent('CONTRACT', 'ctr-1', 2), type: 'CLOCK_OVERDUE' } as unknown as SlaEvent).value);
    expect(overdue.payload).toMatchObject({ change: commonV1.ClockChange.OVERDUE });
    const replanned = decode(buildSlaEvent({ ...workflowSlaEvent('CONTRACT', 'ctr-1', 3), type: 'CLOCKS_REPLANNED' }).value);
    expect(replanned.payload).toMatchObject({ change: commonV1.ClockChange.REPLANNED });
  });
});
