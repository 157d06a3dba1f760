// A realistic payload for every event type (each with its aggregate id set to `id`), and workflow-shaped events.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ClockView, SlaEvent, TicketEvent } from '@sla-desk/workflow-api';
import { calendarsV1, commonV1, contractsV1, emailV1, identityV1, releasesV1, ticketsV1, type EventPayloadInit, type EventType } from '../src';

const at = (iso: string) => timestampFromDate(new Date(iso));

const sampleClock = {
  id: 'SOLUTION#1',
  kind: commonV1.ClockKind.SOLUTION,
  party: commonV1.Party.PROVIDER,
  round: 1,
  state: commonV1.ClockState.WARNED,
  rule: commonV1.DeadlineRule.WORKING_TIME,
  startedAt: at('2026-03-02T09:00:00Z'),
  dueAt: at('2026-03-03T09:00:00Z'),
  noticeAt: at('2026-03-02T14:00:00Z'),
  notice: { unit: { case: 'hours' as const, value: 4 } },
  binding: true,
  breachRecordable: true,
  onDue: commonV1.DueOutcome.BREACH,
  provisional: false,
  warnedAt: at('2026-03-02T14:00:00Z'),
};
const specialist = { id: 'spec-1', role: commonV1.ActorRole.SPECIALIST };
const st = ticketsV1.TicketStatus;

export function samplePayload<T extends EventType>(type: T, id: string): EventPayloadInit<T> {
  const all: Record<EventType, unknown> = {
    'ticket.registered': {
      ticketId: id,
      customerId: 'cust-1',
      contractId: 'ctr-1',
      number: 'SD-2026-000123',
      channel: ticketsV1.Channel.PORTAL,
      title: 'Отчёт не строится',
      description: 'Ошибка 500 при формировании отчёта',
      registeredAt: at('2026-03-02T07:30:00Z'),
      registeredBy: { id: 'user-7', role: commonV1.ActorRole.CUSTOMER_EMPLOYEE },
      catalogItemId: '2.1',
      componentId: 'reports',
      status: st.REGISTERED,
    },
    'ticket.analysed': {
      ticketId: id,
      category: ticketsV1.Category.ERROR,
      priority: ticketsV1.Priority.URGENT,
      assigneeId: 'spec-3',
      actor: specialist,
      outcome: { case: 'plannedSolutionAt', value: at('2026-03-03T15:00:00Z') },
      release: { releaseId: 'r-1', kind: releasesV1.ReleaseKind.UNPLANNED, scheduledAt: at('2026-03-03T15:00:00Z') },
      analysedAt: at('2026-03-02T09:00:00Z'),
      fromStatus: st.REGISTERED,
      status: st.IN_PROGRESS,
    },
    'ticket.status_changed': {
      ticketId: id,
      action: ticketsV1.TicketAction.SEND_REMARKS,
      fromStatus: st.SOLUTION_DELIVERED,
      status: st.REMARKS,
      actor: { id: 'user-7', role: commonV1.ActorRole.CUSTOMER_EMPLOYEE },
      changedAt: at('2026-03-04T09:00:00Z'),
      remarks: ['Итог по строке 5 неверный'],
      round: 1,
      details: { remarks: ['Итог по строке 5 неверный'], round: 1 },
    },
    'ticket.reassigned': {
      ticketId: id,
      fromAssigneeId: 'spec-3',
      assigneeId: 'spec-4',
      actor: { id: 'mgr-1', role: commonV1.ActorRole.SUPPORT_MANAGER },
      reassignedAt: at('2026-03-02T10:00:00Z'),
      status: st.IN_PROGRESS,
    },
    'ticket.delay_notice_filed': {
      ticketId: id,
      clockId: 'SOLUTION#1',
      party: commonV1.Party.PROVIDER,
      inTime: true,
      reason: 'ждём ответа вендора',
      actor: specialist,
      filedAt: at('2026-03-02T12:00:00Z'),
      status: st.IN_PROGRESS,
    },
    'ticket.clock_started': { ticketId: id, clock: { ...sampleClock, state: commonV1.ClockState.RUNNING }, status: st.IN_PROGRESS },
    'ticket.clock_warning': { ticketId: id, clock: sampleClock, status: st.IN_PROGRESS },
    'ticket.clock_breached': {
      ticketId: id,
      clock: { ...sampleClock, state: commonV1.ClockState.BREACHED, breachedAt: at('2026-03-03T09:00:00Z') },
      status: st.IN_PROGRESS,
    },
    'ticket.clock_expired': {
      ticketId: id,
      clock: { ...sampleClock, id: 'CLARIFICATION#1', kind: commonV1.ClockKind.CLARIFICATION, party: commonV1.Party.CUSTOMER, onDue: commonV1.DueOutcome.EXPIRY },
      status: st.AWAITING_CLARIFICATION,
    },
    'ticket.clock_overdue': {
      ticketId: id,
      clock: { ...sampleClock, state: commonV1.ClockState.OVERDUE, rule: commonV1.DeadlineRule.FOLLOWING_PLANNED_RELEASE, onDue: commonV1.DueOutcome.NONE },
      status: st.IN_PROGRESS,
    },
    'ticket.clock_stopped': {
      ticketId: id,
      clock: { ...sampleClock, state: commonV1.ClockState.MET, stoppedAt: at('2026-03-02T16:00:00Z') },
      status: st.SOLUTION_DELIVERED,
    },
    'ticket.provider_freed': { ticketId: id, clockId: 'ACCEPTANCE#1', freedAt: at('2026-03-05T15:00:00Z'), status: st.SOLUTION_DELIVERED },
    'ticket.clocks_replanned': {
      ticketId: id,
      reason: ticketsV1.TicketClocksReplanned_Reason.RELEASE_RESCHEDULED,
      clocks: [{ ...sampleClock, state: commonV1.ClockState.RUNNING, rule: commonV1.DeadlineRule.NEXT_UNPLANNED_RELEASE, releaseId: 'r-1' }],
      replannedAt: at('2026-03-02T11:00:00Z'),
      status: st.IN_PROGRESS,
    },
    'ticket.comment_added': {
      ticketId: id,
      commentId: 'c-1',
      author: { id: 'user-7', role: commonV1.ActorRole.CUSTOMER_EMPLOYEE },
      authorParty: commonV1.Party.CUSTOMER,
      body: 'Спасибо, проверили — работает.',
      channel: ticketsV1.Channel.EMAIL,
      attachmentIds: ['a-1', 'a-2'],
      addedAt: at('2026-03-04T10:00:00Z'),
    },
    'hotline.call_logged': {
      callId: id,
      customerId: 'cust-1',
      specialistId: 'spec-2',
      callerName: 'Иванова А.',
      callerPhone: '+7 495 000-00-00',
      summary: 'Не приходит письмо восстановления пароля',
      resolvedDuringCall: false,
      callbackDueAt: at('2026-03-05T15:00:00Z'),
      receivedAt: at('2026-03-02T10:00:00Z'),
    },
    'hotline.callback_clock_changed': {
      callId: id,
      customerId: 'cust-1',
      change: commonV1.ClockChange.STOPPED,
      clock: { ...sampleClock, id: 'HOTLINE_CALLBACK#1', kind: commonV1.ClockKind.HOTLINE_CALLBACK, state: commonV1.ClockState.MET },
      actor: specialist,
      changedAt: at('2026-03-03T10:00:00Z'),
    },
    'contract.signed': {
      contractId: id,
      customerId: 'cust-1',
      number: 'Д-17/2026',
      kind: contractsV1.ContractKind.SUBSCRIPTION,
      signedAt: at('2026-01-12T08:00:00Z'),
      validFrom: '2026-01-12',
      validTo: '2027-01-11',
      catalogItemIds: ['1', '2.1', '6.3'],
      componentIds: ['reports', 'billing'],
      policyVersion: 'seed-2026.1',
      calendarId: 'ru-production',
      contactEmail: 'it@customer.example',
      accessListDueAt: at('2026-01-15T15:00:00Z'),
    },
    'contract.access_list_submitted': {
      contractId: id,
      customerId: 'cust-1',
      entries: [
        { email: 'a@customer.example', fullName: 'Анна', position: 'Бухгалтер' },
        { email: 'b@customer.example', fullName: 'Борис' },
      ],
      submittedByUserId: 'user-1',
      submittedAt: at('2026-01-14T08:00:00Z'),
      withinDeadline: true,
      revision: 1,
    },
    'contract.access_list_clock_changed': {
      contractId: id,
      customerId: 'cust-1',
      change: commonV1.ClockChange.WARNING,
      clock: { ...sampleClock, id: 'ACCESS_LIST#1', kind: commonV1.ClockKind.ACCESS_LIST, party: commonV1.Party.CUSTOMER },
      changedAt: at('2026-01-14T15:00:00Z'),
    },
    'release.scheduled': {
      releaseId: id,
      productId: 'p-1',
      componentId: 'reports',
      kind: releasesV1.ReleaseKind.PLANNED,
      version: '4.2.0',
      scheduledAt: at('2026-04-01T09:00:00Z'),
      ticketIds: ['t-1', 't-2'],
    },
    'release.rescheduled': {
      releaseId: id,
      componentId: 'reports',
      kind: releasesV1.ReleaseKind.PLANNED,
      previousScheduledAt: at('2026-04-01T09:00:00Z'),
      scheduledAt: at('2026-04-08T09:00:00Z'),
      reason: 'regression found in QA',
    },
    'release.shipped': {
      releaseId: id,
      componentId: 'reports',
      kind: releasesV1.ReleaseKind.UNPLANNED,
      version: '4.1.1',
      shippedAt: at('2026-03-10T12:00:00Z'),
      ticketIds: ['t-1'],
    },
    'calendar.published': {
      calendarId: id,
      country: 'RU',
      timeZone: 'Europe/Moscow',
      year: 2027,
      revision: 1,
      provisional: true,
      weekly: [{ weekday: 1, startMinute: 540, endMinute: 780 }],
      overrides: [{ date: '2027-01-01', kind: calendarsV1.DayKind.HOLIDAY }],
      publishedAt: at('2026-11-20T09:00:00Z'),
    },
    'user.registered': {
      userId: id,
      organisationId: 'cust-1',
      kind: identityV1.UserKind.CUSTOMER_EMPLOYEE,
      email: 'a@customer.example',
      fullName: 'Анна',
      roles: ['customer'],
      registeredAt: at('2026-01-14T09:00:00Z'),
    },
    'identity.access_list_changed': {
      organisationId: id,
      grantedUserIds: ['user-8', 'user-9'],
      revokedUserIds: ['user-3'],
      changedBy: 'user-7',
      changedAt: at('2026-01-15T09:00:00Z'),
    },
    'identity.sessions_revoked': {
      userId: id,
      organisationId: 'cust-1',
      reason: 'ACCESS_REMOVED',
      sessionCount: 2,
      revokedAt: at('2026-01-15T09:00:00Z'),
    },
    'email.received': {
      emailId: id,
      messageId: '<abc@mail.customer.example>',
      fromAddress: 'a@customer.example',
      toAddresses: ['support@provider.example'],
      subject: 'Re: [SD-2026-000123] Отчёт не строится',
      senderUserId: 'user-7',
      outcome: emailV1.EmailOutcome.COMMENT_ADDED,
      ticketId: 't-1',
      commentId: 'c-9',
      receivedAt: at('2026-03-04T10:00:00Z'),
    },
    'email.forwarded': {
      emailId: id,
      messageId: '<xyz@elsewhere.example>',
      fromAddress: 'stranger@elsewhere.example',
      forwardedTo: 'it@customer.example',
      reason: 'sender is not a registered portal user',
      forwardedAt: at('2026-03-04T10:01:00Z'),
    },
  };
  return all[type] as EventPayloadInit<T>;
}

// ------------------------------------------------------------------------------ workflow-shaped (libs/workflow-api)

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
      payload: { title: 'Отчёт не строится', channel: 'PORTAL', registeredAt: '2026-03-02T07:30:00.000Z', registeredBy: customer, warranty: false },
    },
    { ...base(2, '2026-03-02T07:30:00.000Z'), type: 'CLOCK_STARTED', status: 'REGISTERED', payload: { clock: { ...wfClock, id: 'ANALYSIS#1', kind: 'ANALYSIS', state: 'RUNNING' } } },
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
    { ...base(4, '2026-03-02T09:00:00.000Z'), type: 'CLOCK_STOPPED', status: 'IN_PROGRESS', payload: { clock: { ...wfClock, id: 'ANALYSIS#1', kind: 'ANALYSIS', state: 'MET', stoppedAt: '2026-03-02T09:00:00.000Z' } } },
    { ...base(5, '2026-03-02T10:00:00.000Z'), type: 'TICKET_REASSIGNED', status: 'IN_PROGRESS', payload: { from: 'spec-3', to: 'spec-4', actor: { id: 'mgr-1', role: 'SUPPORT_MANAGER' } } },
    { ...base(6, '2026-03-02T12:00:00.000Z'), type: 'DELAY_NOTICE_FILED', status: 'IN_PROGRESS', payload: { clockId: 'SOLUTION#1', party: 'PROVIDER', inTime: true, reason: 'вендор', actor: specialistActor } },
    { ...base(7, '2026-03-02T14:00:00.000Z'), type: 'CLOCK_WARNING', status: 'IN_PROGRESS', payload: { clock: wfClock } },
    {
      ...base(8, '2026-03-02T15:00:00.000Z'),
      type: 'CLOCKS_REPLANNED',
      status: 'IN_PROGRESS',
      payload: { reason: 'RELEASE_RESCHEDULED', clocks: [{ ...wfClock, state: 'RUNNING', releaseId: 'r-1' }], details: { releaseId: 'r-1' } },
    },
    { ...base(9, '2026-03-03T09:00:00.000Z'), type: 'CLOCK_BREACHED', status: 'IN_PROGRESS', payload: { clock: { ...wfClock, state: 'BREACHED', breachedAt: '2026-03-03T09:00:00.000Z' } } },
    {
      ...base(10, '2026-03-03T12:00:00.000Z'),
      type: 'STATUS_CHANGED',
      status: 'SOLUTION_DELIVERED',
      payload: { action: 'DELIVER_SOLUTION', from: 'IN_PROGRESS', to: 'SOLUTION_DELIVERED', actor: specialistActor, details: { summary: 'исправлено', round: 1 } },
    },
    { ...base(11, '2026-03-05T15:00:00.000Z'), type: 'CLOCK_EXPIRED', status: 'SOLUTION_DELIVERED', payload: { clock: { ...wfClock, id: 'ACCEPTANCE#1', kind: 'ACCEPTANCE', party: 'CUSTOMER', onDue: 'EXPIRY' } } },
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
    clock: { ...wfClock, id: `${type === 'CONTRACT' ? 'ACCESS_LIST' : 'HOTLINE_CALLBACK'}#1`, kind: type === 'CONTRACT' ? 'ACCESS_LIST' : 'HOTLINE_CALLBACK' },
  };
}
