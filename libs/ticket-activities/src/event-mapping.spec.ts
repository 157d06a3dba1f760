import { timestampDate } from '@bufbuild/protobuf/wkt';
import { commonV1, decodeEvent, deterministicEventId, EVENT_TYPES, InvalidEventError, releasesV1, ticketsV1 } from '@sla-desk/events';
import type { SlaEvent, TicketEvent, TicketEventType as WfTicketEventType } from '@sla-desk/workflow-api';
import { workflowSlaEvent, workflowTicketEvents } from '../test/fixtures';
import { buildSlaEvent, buildTicketEvent, slaEventId, TICKET_EVENT_TYPES, ticketEventId, WorkflowEventPublisher } from './event-mapping';

describe('deterministic ids', () => {
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

  it('a retried publish writes the same bytes to the sink', async () => {
    const written: Uint8Array[] = [];
    const publisher = new WorkflowEventPublisher({ sink: { write: async (events) => void written.push(...events.map((e) => e.value)) } });
    const [registered] = workflowTicketEvents('t-r');
    await publisher.publishTicketEvent(registered);
    await publisher.publishTicketEvent(structuredClone(registered));
    expect(written).toHaveLength(2);
    expect(Buffer.from(written[0]).equals(Buffer.from(written[1]))).toBe(true);
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
    expect(delivered.payload).toMatchObject({
      action: ticketsV1.TicketAction.DELIVER_SOLUTION,
      round: 1,
      details: { summary: 'исправлено', round: 1 },
    });
  });

  it("maps the single-clock workflows' events to their contexts, keyed by subject", () => {
    const call = decode(buildSlaEvent(workflowSlaEvent('HOTLINE_CALL', 'call-1', 3)).value);
    expect(call).toMatchObject({
      type: 'hotline.callback_clock_changed',
      aggregateId: 'call-1',
      tenantId: 'cust-1',
      id: slaEventId('HOTLINE_CALL', 'call-1', 3),
    });
    const contract = decode(buildSlaEvent(workflowSlaEvent('CONTRACT', 'ctr-1', 1)).value);
    expect(contract).toMatchObject({ type: 'contract.access_list_clock_changed', aggregateId: 'ctr-1' });
    if (contract.type !== 'contract.access_list_clock_changed') throw new Error(contract.type);
    expect(contract.payload.change).toBe(commonV1.ClockChange.WARNING);
    const overdue = decode(
      buildSlaEvent({ ...workflowSlaEvent('CONTRACT', 'ctr-1', 2), type: 'CLOCK_OVERDUE' } as unknown as SlaEvent).value,
    );
    expect(overdue.payload).toMatchObject({ change: commonV1.ClockChange.OVERDUE });
    const replanned = decode(buildSlaEvent({ ...workflowSlaEvent('CONTRACT', 'ctr-1', 3), type: 'CLOCKS_REPLANNED' }).value);
    expect(replanned.payload).toMatchObject({ change: commonV1.ClockChange.REPLANNED });
  });
});
