// Workflow events (libs/workflow-api) as the workflows emit them: every TicketEvent type, and SLA events.
import type { ClockView, SlaEvent, TicketEvent } from '@sla-desk/workflow-api';

const wfClock: ClockView = {
  id: 'SOLUTION#1',
  kind: 'SOLUTION',
  party: 'PROVIDER',
  round: 1,
  startedAt: '2026-03-02T09:00:00.000Z',
  rule: 'WORKING_TIME',
  dueAt: '2026-03-03T09:00:00.000Z',
  noticeAt: '2026-03-02T14:00:00.000Z',
  notice: { hours: 4 },
  binding: true,
  breachRecordable: true,
  onDue: 'BREACH',
  provisional: false,
  state: 'WARNED',
  warnedAt: '2026-03-02T14:00:00.000Z',
};

/** One ticket's history as the ticket workflow emits it: every TicketEvent type, seq 1…N. */
export function workflowTicketEvents(ticketId: string, customerId = 'cust-1'): TicketEvent[] {
  const specialistActor = { id: 'spec-1', role: 'SPECIALIST' as const };
  const customer = { id: 'user-7', role: 'CUSTOMER_EMPLOYEE' as const };
  const base = (seq: number, at: string) => ({ eventId: `${ticketId}:${seq}`, ticketId, customerId, seq, at });
  const events: TicketEvent[] = [
    {
      ...base(1, '2026-03-02T07:30:00.000Z'),
      type: 'TICKET_REGISTERED',
      status: 'REGISTERED',
      payload: {
        title: 'Отчёт не строится',
        channel: 'PORTAL',
        registeredAt: '2026-03-02T07:30:00.000Z',
        registeredBy: customer,
        warranty: false,
      },
    },
    {
      ...base(2, '2026-03-02T07:30:00.000Z'),
      type: 'CLOCK_STARTED',
      status: 'REGISTERED',
      payload: { clock: { ...wfClock, id: 'ANALYSIS#1', kind: 'ANALYSIS', state: 'RUNNING' } },
    },
    {
      ...base(3, '2026-03-02T09:00:00.000Z'),
      type: 'STATUS_CHANGED',
      status: 'IN_PROGRESS',
      payload: {
        action: 'ANALYSE',
        from: 'REGISTERED',
        to: 'IN_PROGRESS',
        actor: specialistActor,
        details: {
          category: 'ERROR',
          priority: 'URGENT',
          assignee: 'spec-3',
          plannedDate: '2026-03-03T09:00:00.000Z',
          release: { releaseId: 'r-1', kind: 'UNPLANNED', scheduledFor: '2026-03-03T09:00:00.000Z' },
        },
      },
    },
    {
      ...base(4, '2026-03-02T09:00:00.000Z'),
      type: 'CLOCK_STOPPED',
      status: 'IN_PROGRESS',
      payload: { clock: { ...wfClock, id: 'ANALYSIS#1', kind: 'ANALYSIS', state: 'MET', stoppedAt: '2026-03-02T09:00:00.000Z' } },
    },
    {
      ...base(5, '2026-03-02T10:00:00.000Z'),
      type: 'TICKET_REASSIGNED',
      status: 'IN_PROGRESS',
      payload: { from: 'spec-3', to: 'spec-4', actor: { id: 'mgr-1', role: 'SUPPORT_MANAGER' } },
    },
    {
      ...base(6, '2026-03-02T12:00:00.000Z'),
      type: 'DELAY_NOTICE_FILED',
      status: 'IN_PROGRESS',
      payload: { clockId: 'SOLUTION#1', party: 'PROVIDER', inTime: true, reason: 'вендор', actor: specialistActor },
    },
    { ...base(7, '2026-03-02T14:00:00.000Z'), type: 'CLOCK_WARNING', status: 'IN_PROGRESS', payload: { clock: wfClock } },
    {
      ...base(8, '2026-03-02T15:00:00.000Z'),
      type: 'CLOCKS_REPLANNED',
      status: 'IN_PROGRESS',
      payload: {
        reason: 'RELEASE_RESCHEDULED',
        clocks: [{ ...wfClock, state: 'RUNNING', releaseId: 'r-1' }],
        details: { releaseId: 'r-1' },
      },
    },
    {
      ...base(9, '2026-03-03T09:00:00.000Z'),
      type: 'CLOCK_BREACHED',
      status: 'IN_PROGRESS',
      payload: { clock: { ...wfClock, state: 'BREACHED', breachedAt: '2026-03-03T09:00:00.000Z' } },
    },
    {
      ...base(10, '2026-03-03T12:00:00.000Z'),
      type: 'STATUS_CHANGED',
      status: 'SOLUTION_DELIVERED',
      payload: {
        action: 'DELIVER_SOLUTION',
        from: 'IN_PROGRESS',
        to: 'SOLUTION_DELIVERED',
        actor: specialistActor,
        details: { summary: 'исправлено', round: 1 },
      },
    },
    {
      ...base(11, '2026-03-05T15:00:00.000Z'),
      type: 'CLOCK_EXPIRED',
      status: 'SOLUTION_DELIVERED',
      payload: { clock: { ...wfClock, id: 'ACCEPTANCE#1', kind: 'ACCEPTANCE', party: 'CUSTOMER', onDue: 'EXPIRY' } },
    },
    { ...base(12, '2026-03-05T15:00:00.000Z'), type: 'PROVIDER_FREED', status: 'SOLUTION_DELIVERED', payload: { clockId: 'ACCEPTANCE#1' } },
  ];
  return events;
}

export function workflowSlaEvent(type: 'HOTLINE_CALL' | 'CONTRACT', id: string, seq: number): SlaEvent {
  return {
    eventId: `${type}:${id}:${seq}`,
    subject: { type, id, customerId: 'cust-1' },
    seq,
    at: '2026-03-02T10:00:00.000Z',
    type: 'CLOCK_WARNING',
    clock: {
      ...wfClock,
      id: `${type === 'CONTRACT' ? 'ACCESS_LIST' : 'HOTLINE_CALLBACK'}#1`,
      kind: type === 'CONTRACT' ? 'ACCESS_LIST' : 'HOTLINE_CALLBACK',
    },
  };
}
