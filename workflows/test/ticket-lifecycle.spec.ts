/**
 * The ticket's life beyond the table: clarification expiry and closing without processing, remark rounds, the
 * customer's unmotivated delay freeing the provider, a release rescheduled twice then shipped, calendar and policy
 * changes mid-clock, a worker restarted mid-ticket, continue-as-new. Real time-skipping server, real activities.
 */
import { defaultSlaPolicy, withOverrides, withPolicyOverrides } from '@sla-desk/sla';
import {
  TicketSearchAttributes,
  acceptUpdate,
  answerClarificationUpdate,
  calendarChangedSignal,
  closeWithoutProcessingUpdate,
  deliverSolutionUpdate,
  fileDelayNoticeUpdate,
  policyChangedSignal,
  reassignUpdate,
  releaseRescheduledSignal,
  releaseShippedSignal,
  sendRemarksUpdate,
  ticketHistoryQuery,
  ticketWorkflowId,
  type TicketEvent,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import type { ContractTermsPort } from '@sla-desk/ticket-activities';
import {
  advanceTo,
  createWorker,
  day,
  eventually,
  msk,
  recordingPorts,
  testCalendar,
  testContractTerms,
  timeSkippingSuite,
  uniqueTaskQueue,
} from './support/harness';
import {
  analyse,
  clock,
  clockEventLog,
  customer,
  expectRejected,
  loaded,
  manager,
  newTicketId,
  otherSpecialist,
  plan,
  settleTicket,
  settleTickets,
  specialist,
  startTicket,
  view,
  withWorker,
  type TicketHandle,
  ticketOnItsOwnWorker,
} from './support/tickets';
import { RULES_SLA_DUE_AT } from '../src/ticket/rules';

const suite = timeSkippingSuite();

/** Contract `contract-auto` switches on closing without processing when the clarification clock expires. */
const termsWithAutoClose: ContractTermsPort = {
  async termsFor(req) {
    const base = await testContractTerms().termsFor(req);
    if (!base || req.contractId !== 'contract-auto') return base;
    return {
      ...base,
      policy: withPolicyOverrides(defaultSlaPolicy, { id: 'contract-auto', version: '1', autoCloseOnClarificationExpiry: true }),
    };
  },
};

const waitFor = (h: TicketHandle, what: string, pred: (v: Awaited<ReturnType<typeof view>>) => boolean) =>
  eventually(async () => {
    const v = await view(h);
    return pred(v) && v;
  }, `${h.workflowId}: ${what}`);

it('clarification: 3 wd for the customer; closing without processing only after expiry (or automatically by contract)', async () => {
  const ports = recordingPorts(termsWithAutoClose);
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-14T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [expire, answer, auto] = ['clar-expire', 'clar-answer', 'clar-auto'].map(newTicketId);
  const hExpire = await startTicket(suite.env, tq, expire, msk('2026-12-14T10:00'));
  const hAnswer = await startTicket(suite.env, tq, answer, msk('2026-12-14T10:00'));
  const hAuto = await startTicket(suite.env, tq, auto, msk('2026-12-14T10:00'), { contractId: 'contract-auto' });

  await withWorker(worker, ports, async () => {
    await Promise.all([hExpire, hAnswer, hAuto].map(loaded));
    await advanceTo(suite.env, msk('2026-12-14T11:00'));
    for (const h of [hExpire, hAnswer, hAuto]) {
      const v = await analyse(h, {
        actor: specialist,
        category: 'SUPPORT',
        priority: 'NORMAL',
        assignee: specialist.id,
        outcome: { kind: 'CLARIFY', question: 'Which report?', phoneAttempt: { at: msk('2026-12-14T10:50'), outcome: 'NO_ANSWER' } },
      });
      expect(v.status).toBe('AWAITING_CLARIFICATION');
      expect(clock(v, 'ANALYSIS#1').state).toBe('MET');
      expect(clock(v, 'CLARIFICATION#1')).toMatchObject({ party: 'CUSTOMER', dueAt: msk('2026-12-17T11:00'), onDue: 'EXPIRY' });
    }
    expect((await hExpire.query(ticketHistoryQuery)).at(-1)?.details).toMatchObject({
      phoneAttempt: { outcome: 'NO_ANSWER' },
      question: 'Which report?',
    });

    // The customer answers in time: back to analysis, a new analysis round of 1 wd, then IN_PROGRESS.
    await advanceTo(suite.env, msk('2026-12-15T09:30'));
    const answered = await hAnswer.executeUpdate(answerClarificationUpdate, {
      args: [{ actor: customer, comment: 'The monthly VAT report' }],
    });
    expect(answered.status).toBe('REGISTERED');
    expect(clock(answered, 'CLARIFICATION#1').state).toBe('MET');
    expect(clock(answered, 'ANALYSIS#2')).toMatchObject({ dueAt: msk('2026-12-16T09:30') });
    await advanceTo(suite.env, msk('2026-12-15T14:00'));
    expect((await analyse(hAnswer, plan('SUPPORT', 'NORMAL', msk('2026-12-21T12:00')))).status).toBe('IN_PROGRESS');

    // Too early to close without processing.
    await advanceTo(suite.env, msk('2026-12-16T12:00'));
    const early = await expectRejected(
      hExpire,
      () => hExpire.executeUpdate(closeWithoutProcessingUpdate, { args: [{ actor: specialist }] }),
      ports,
      expire,
    );
    expect(early).toBe('CLARIFICATION_NOT_EXPIRED');

    await advanceTo(suite.env, msk('2026-12-17T10:59'));
    expect(clockEventLog(ports, expire)).toEqual([]);
    await advanceTo(suite.env, msk('2026-12-17T11:01'));
    const expired = await waitFor(hExpire, 'expired', (v) => v.closeWithoutProcessingAllowed);
    expect(clock(expired, 'CLARIFICATION#1')).toMatchObject({ state: 'EXPIRED', expiredAt: msk('2026-12-17T11:00') });
    // The contract with automatic closing closed its ticket by itself.
    await waitFor(hAuto, 'closed automatically', (v) => v.status === 'CLOSED_WITHOUT_PROCESSING');
    expect((await hAuto.query(ticketHistoryQuery)).at(-1)).toMatchObject({
      action: 'CLOSE_WITHOUT_PROCESSING',
      actor: { role: 'SYSTEM' },
      details: { automatic: true },
    });

    const closed = await hExpire.executeUpdate(closeWithoutProcessingUpdate, { args: [{ actor: specialist, reason: 'no answer' }] });
    expect(closed.status).toBe('CLOSED_WITHOUT_PROCESSING');
    await eventually(async () => (await hExpire.describe()).status.name === 'COMPLETED', 'workflow completed');
    await eventually(async () => (await hAuto.describe()).status.name === 'COMPLETED', 'auto workflow completed');
  });
  expect(clockEventLog(ports, expire)).toEqual([`CLOCK_EXPIRED CLARIFICATION#1 @ ${msk('2026-12-17T11:00')}`]);
  expect(clockEventLog(ports, auto)).toEqual([`CLOCK_EXPIRED CLARIFICATION#1 @ ${msk('2026-12-17T11:00')}`]);
  expect(clockEventLog(ports, answer)).toEqual([]);
  expect(ports.readModel.tickets.get(expire)?.status).toBe('CLOSED_WITHOUT_PROCESSING');
});

it('remark rounds: every delivery restarts the customer’s acceptance clock; every list of remarks starts a fix clock', async () => {
  const { ports, worker, id, h } = await ticketOnItsOwnWorker(suite, 'rounds', msk('2026-12-21T09:30'));
  const deliver = () => h.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'done' }] });
  const remarks = (text: string) => h.executeUpdate(sendRemarksUpdate, { args: [{ actor: customer, remarks: [text] }] });

  await withWorker(worker, ports, async () => {
    await loaded(h);
    await advanceTo(suite.env, msk('2026-12-21T10:00'));
    expect(clock(await analyse(h, plan('SUPPORT', 'URGENT', msk('2026-12-23T12:00'))), 'SOLUTION#1').dueAt).toBe(msk('2026-12-24T10:00'));
    await advanceTo(suite.env, msk('2026-12-22T10:00'));
    expect(clock(await deliver(), 'ACCEPTANCE#1').dueAt).toBe(msk('2026-12-25T10:00'));
    await advanceTo(suite.env, msk('2026-12-23T10:00'));
    expect(clock(await remarks('round 1'), 'REMARK_FIX#1').dueAt).toBe(msk('2026-12-28T10:00'));
    await advanceTo(suite.env, msk('2026-12-24T12:00'));
    expect(clock(await deliver(), 'ACCEPTANCE#2').dueAt).toBe(msk('2026-12-29T12:00'));
    await advanceTo(suite.env, msk('2026-12-28T11:00'));
    // 29 (1), 30 (2), 31 Dec off and 1–8 Jan off, 11 Jan (3); notice 1 wd before → 30 Dec 11:00.
    expect(clock(await remarks('round 2'), 'REMARK_FIX#2')).toMatchObject({
      dueAt: msk('2027-01-11T11:00'),
      noticeAt: msk('2026-12-30T11:00'),
    });
    await advanceTo(suite.env, msk('2026-12-30T10:00'));
    const third = await deliver();
    expect(clock(third, 'ACCEPTANCE#3')).toMatchObject({ dueAt: msk('2027-01-13T10:00'), noticeAt: msk('2027-01-12T10:00') });
    await advanceTo(suite.env, msk('2027-01-11T12:00'));
    const accepted = await h.executeUpdate(acceptUpdate, { args: [{ actor: customer }] });
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.clocks.map((c) => `${c.id}:${c.state}`)).toEqual([
      'ANALYSIS#1:MET',
      'SOLUTION#1:MET',
      'ACCEPTANCE#1:MET',
      'REMARK_FIX#1:MET',
      'ACCEPTANCE#2:MET',
      'REMARK_FIX#2:MET',
      'ACCEPTANCE#3:MET',
    ]);
    const history = await h.query(ticketHistoryQuery);
    expect(history.map((e) => `${e.action}:${e.to}`)).toEqual([
      'REGISTER:REGISTERED',
      'ANALYSE:IN_PROGRESS',
      'DELIVER_SOLUTION:SOLUTION_DELIVERED',
      'SEND_REMARKS:REMARKS',
      'DELIVER_SOLUTION:SOLUTION_DELIVERED',
      'SEND_REMARKS:REMARKS',
      'DELIVER_SOLUTION:SOLUTION_DELIVERED',
      'ACCEPT:ACCEPTED',
    ]);
  });
  expect(clockEventLog(ports, id)).toEqual([]);
});

it('the customer’s unmotivated delay frees the provider; a motivated delay notice does not', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-01-18T09:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [freed, noticed] = ['delay-freed', 'delay-noticed'].map(newTicketId);
  const [hFreed, hNoticed] = await Promise.all([freed, noticed].map((id) => startTicket(suite.env, tq, id, msk('2027-01-18T09:00'))));

  await withWorker(worker, ports, async () => {
    await loaded(hFreed);
    await advanceTo(suite.env, msk('2027-01-18T10:00'));
    for (const h of [hFreed, hNoticed]) await analyse(h, plan('SUPPORT', 'HIGH', msk('2027-01-20T12:00')));
    await advanceTo(suite.env, msk('2027-01-18T11:00'));
    for (const h of [hFreed, hNoticed]) await h.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'done' }] });
    expect(clock(await view(hFreed), 'ACCEPTANCE#1')).toMatchObject({ dueAt: msk('2027-01-21T11:00'), noticeAt: msk('2027-01-20T11:00') });

    await advanceTo(suite.env, msk('2027-01-19T12:00'));
    const withNotice = await hNoticed.executeUpdate(fileDelayNoticeUpdate, {
      args: [{ actor: customer, reason: 'our accountant is on sick leave' }],
    });
    expect(clock(withNotice, 'ACCEPTANCE#1').delayNotice).toEqual({
      filedAt: expect.any(String),
      inTime: true,
      reason: 'our accountant is on sick leave',
    });

    await advanceTo(suite.env, msk('2027-01-21T11:01'));
    const v = await waitFor(hFreed, 'provider freed', (x) => x.slaState === 'PROVIDER_FREED');
    expect(v.providerFreedAt).toBe(msk('2027-01-21T11:00'));
    await waitFor(hNoticed, 'breach recorded', (x) => x.slaState === 'BREACHED');
    expect((await view(hNoticed)).providerFreedAt).toBeUndefined();
    await eventually(
      async () => (await hFreed.describe()).typedSearchAttributes.get(TicketSearchAttributes.SlaState) === 'PROVIDER_FREED',
      'search attribute',
    );

    // Late remarks on both: the freed provider's fix clock does not bind; the other one does.
    await advanceTo(suite.env, msk('2027-01-22T10:00'));
    for (const h of [hFreed, hNoticed]) await h.executeUpdate(sendRemarksUpdate, { args: [{ actor: customer, remarks: ['still wrong'] }] });
    expect(clock(await view(hFreed), 'REMARK_FIX#1')).toMatchObject({
      dueAt: msk('2027-01-27T10:00'),
      binding: false,
      breachRecordable: false,
    });
    expect(clock(await view(hNoticed), 'REMARK_FIX#1')).toMatchObject({
      dueAt: msk('2027-01-27T10:00'),
      binding: true,
      breachRecordable: true,
    });
    await advanceTo(suite.env, msk('2027-01-27T10:01'));
    await eventually(() => clockEventLog(ports, noticed).length === 4, 'fix breach on the bound ticket');
    expect(clock(await view(hFreed), 'REMARK_FIX#1').state).toBe('OVERDUE');
  });
  expect(clockEventLog(ports, freed)).toEqual([
    `CLOCK_WARNING ACCEPTANCE#1 @ ${msk('2027-01-20T11:00')}`,
    `CLOCK_BREACHED ACCEPTANCE#1 @ ${msk('2027-01-21T11:00')}`,
    `PROVIDER_FREED ACCEPTANCE#1 @ ${msk('2027-01-21T11:00')}`,
  ]);
  expect(clockEventLog(ports, noticed)).toEqual([
    `CLOCK_WARNING ACCEPTANCE#1 @ ${msk('2027-01-20T11:00')}`,
    `CLOCK_BREACHED ACCEPTANCE#1 @ ${msk('2027-01-21T11:00')}`,
    `CLOCK_WARNING REMARK_FIX#1 @ ${msk('2027-01-26T10:00')}`,
    `CLOCK_BREACHED REMARK_FIX#1 @ ${msk('2027-01-27T10:00')}`,
  ]);
  expect(ports.publisher.eventsOf(noticed, 'DELAY_NOTICE_FILED')).toHaveLength(1);
});

it('a release rescheduled twice then shipped: the deadline follows it; no breach at the old dates', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-02-01T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const id = newTicketId('release');
  const h = await startTicket(suite.env, tq, id, msk('2027-02-01T10:00'), { componentId: 'billing' });
  const dueOf = async () => clock(await view(h), 'SOLUTION#1').dueAt;
  const links = async () => (await h.describe()).typedSearchAttributes.get(TicketSearchAttributes.TicketLinks);

  await withWorker(worker, ports, async () => {
    await loaded(h);
    await advanceTo(suite.env, msk('2027-02-01T11:00'));
    await analyse(
      h,
      plan('ERROR', 'NORMAL', msk('2027-02-12T12:00'), {
        release: { releaseId: 'r-9', kind: 'PLANNED', scheduledFor: msk('2027-02-12T18:00') },
      }),
    );
    expect(await dueOf()).toBe(msk('2027-02-12T18:00'));
    // The catalog's release changes find the ticket by TicketLinks (contract, component, linked release).
    const linked = ['contract:contract-1', 'component:billing', 'release:r-9'];
    await eventually(async () => JSON.stringify(await links()) === JSON.stringify(linked), 'TicketLinks with the release', 5_000);
    await advanceTo(suite.env, msk('2027-02-10T12:00'));
    await h.signal(releaseRescheduledSignal, { releaseId: 'r-9', scheduledFor: msk('2027-02-19T18:00') });
    await eventually(async () => (await dueOf()) === msk('2027-02-19T18:00'), 'first reschedule');
    await advanceTo(suite.env, msk('2027-02-12T18:01'));
    await advanceTo(suite.env, msk('2027-02-18T12:00'));
    await h.signal(releaseRescheduledSignal, { releaseId: 'r-9', scheduledFor: msk('2027-02-26T18:00') });
    // A reschedule of some other release is ignored.
    await h.signal(releaseRescheduledSignal, { releaseId: 'r-other', scheduledFor: msk('2027-02-19T09:00') });
    await eventually(async () => (await dueOf()) === msk('2027-02-26T18:00'), 'second reschedule');
    await advanceTo(suite.env, msk('2027-02-19T18:01'));
    expect(clockEventLog(ports, id)).toEqual([]);
    await advanceTo(suite.env, msk('2027-02-25T12:00'));
    await h.signal(releaseShippedSignal, { releaseId: 'r-9', shippedAt: msk('2027-02-25T12:00'), includesTicket: true });
    const delivered = await waitFor(h, 'delivered', (v) => v.status === 'SOLUTION_DELIVERED');
    expect(clock(delivered, 'SOLUTION#1')).toMatchObject({ state: 'MET', dueAt: msk('2027-02-26T18:00') });
    expect((await h.query(ticketHistoryQuery)).at(-1)).toMatchObject({ action: 'RELEASE_SHIPPED', actor: { role: 'SYSTEM' } });
    await advanceTo(suite.env, msk('2027-03-01T12:00'));
  });
  const replans = ports.publisher.eventsOf(id, 'CLOCKS_REPLANNED') as Extract<TicketEvent, { type: 'CLOCKS_REPLANNED' }>[];
  expect(replans.map((e) => [e.payload.reason, e.payload.clocks[0]?.dueAt])).toEqual([
    ['RELEASE_RESCHEDULED', msk('2027-02-19T18:00')],
    ['RELEASE_RESCHEDULED', msk('2027-02-26T18:00')],
  ]);
  expect(clockEventLog(ports, id)).toEqual([]);
});

it('calendar and policy changed mid-clock: running clocks are re-planned; what fired stays fired', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-03-15T09:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [cal, ok, pol] = ['cal-late', 'cal-ok', 'policy-late'].map(newTicketId);
  const [hCal, hOk, hPol] = await Promise.all([cal, ok, pol].map((id) => startTicket(suite.env, tq, id, msk('2027-03-15T09:00'))));
  const contractCalendar = withOverrides(testCalendar(), { [day('2027-03-22')]: { kind: 'dayOff', title: 'contract day off' } });
  const contractPolicy = withPolicyOverrides(defaultSlaPolicy, {
    id: 'contract-7',
    version: '2',
    matrix: { SUPPORT: { NORMAL: { solution: { kind: 'WORKING_TIME', amount: { days: 7 } } } } },
  });

  await withWorker(worker, ports, async () => {
    await loaded(hCal);
    await advanceTo(suite.env, msk('2027-03-15T10:00'));
    for (const h of [hCal, hOk, hPol]) await analyse(h, plan('SUPPORT', 'NORMAL', msk('2027-03-19T12:00')));
    expect(clock(await view(hCal), 'SOLUTION#1')).toMatchObject({ dueAt: msk('2027-03-22T10:00'), noticeAt: msk('2027-03-19T10:00') });
    await advanceTo(suite.env, msk('2027-03-19T10:01'));
    await eventually(() => [cal, ok, pol].every((id) => clockEventLog(ports, id).length === 1), 'warnings');

    await advanceTo(suite.env, msk('2027-03-19T12:00'));
    for (const h of [hCal, hOk]) await h.signal(calendarChangedSignal, { calendar: contractCalendar });
    await hPol.signal(policyChangedSignal, { policy: contractPolicy });
    const moved = await waitFor(hCal, 'calendar re-planned', (v) => clock(v, 'SOLUTION#1').dueAt === msk('2027-03-23T10:00'));
    expect(moved.calendar).toEqual({ id: contractCalendar.id, version: contractCalendar.version });
    expect(clock(moved, 'SOLUTION#1')).toMatchObject({
      noticeAt: msk('2027-03-19T10:00'),
      warnedAt: msk('2027-03-19T10:00'),
      state: 'WARNED',
    });
    // 7 wd: 16, 17, 18, 19, 22, 23, 24 → 24 Mar 10:00; the new notice (23 Mar) does not warn again.
    const repolicied = await waitFor(hPol, 'policy re-planned', (v) => clock(v, 'SOLUTION#1').dueAt === msk('2027-03-24T10:00'));
    expect(repolicied.policy).toEqual({ id: 'contract-7', version: '2' });
    expect(clock(repolicied, 'SOLUTION#1')).toMatchObject({ noticeAt: msk('2027-03-23T10:00'), warnedAt: msk('2027-03-19T10:00') });

    // After the old due instant, before the new one: in time.
    await advanceTo(suite.env, msk('2027-03-22T15:00'));
    expect(clockEventLog(ports, cal)).toHaveLength(1);
    expect(
      clock(await hOk.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'done' }] }), 'SOLUTION#1').state,
    ).toBe('MET');
    await advanceTo(suite.env, msk('2027-03-23T10:01'));
    await eventually(() => clockEventLog(ports, cal).length === 2, 'breach at the re-planned instant');
    await advanceTo(suite.env, msk('2027-03-24T10:01'));
    await eventually(() => clockEventLog(ports, pol).length === 2, 'breach under the new policy');
  });
  expect(clockEventLog(ports, cal)).toEqual([
    `CLOCK_WARNING SOLUTION#1 @ ${msk('2027-03-19T10:00')}`,
    `CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-03-23T10:00')}`,
  ]);
  expect(clockEventLog(ports, ok)).toEqual([`CLOCK_WARNING SOLUTION#1 @ ${msk('2027-03-19T10:00')}`]);
  expect(clockEventLog(ports, pol)).toEqual([
    `CLOCK_WARNING SOLUTION#1 @ ${msk('2027-03-19T10:00')}`,
    `CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-03-24T10:00')}`,
  ]);
});

it('worker restarted mid-ticket: state and timers survive; the new worker fires what fell due while none ran', async () => {
  const ports1 = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-04-05T09:00'));
  const id = newTicketId('restart');
  const worker1 = await createWorker(suite.env, suite.wb, ports1, tq, { cache: false });
  // A task handed to the stopped worker's last poll is retried after the workflow task timeout: keep it short.
  const h = await startTicket(suite.env, tq, id, msk('2027-04-05T09:00'), {}, { workflowTaskTimeout: '1s' });
  await worker1.runUntil(async () => {
    await loaded(h);
    await advanceTo(suite.env, msk('2027-04-05T10:00'));
    await analyse(h, plan('SUPPORT', 'URGENT', msk('2027-04-07T12:00')));
    // Stop only once the workflow is idle on its durable timer (no task in flight that the stopping worker holds).
    await settleTickets(ports1);
  });
  const lastSeq = Math.max(...ports1.publisher.eventsOf(id).map((e) => e.seq));

  // No worker: the server's clock runs up to the notice timer and waits there for a worker to take the task.
  const ports2 = recordingPorts();
  const sleeping = advanceTo(suite.env, msk('2027-04-09T12:00'));
  await eventually(async () => (await suite.env.currentTimeMs()) >= Date.parse(msk('2027-04-07T10:00')), 'time moved without a worker');
  expect(ports2.publisher.ticketEvents).toEqual([]);

  const worker2 = await createWorker(suite.env, suite.wb, ports2, tq);
  await withWorker(worker2, ports2, async () => {
    await sleeping;
    await eventually(() => clockEventLog(ports2, id).length === 2, 'events after the restart');
    const v = await view(h);
    expect(clock(v, 'SOLUTION#1')).toMatchObject({
      state: 'BREACHED',
      warnedAt: msk('2027-04-07T10:00'),
      breachedAt: msk('2027-04-08T10:00'),
    });
    expect(v.assignee).toBe(specialist.id);
  });
  expect(clockEventLog(ports2, id)).toEqual([
    `CLOCK_WARNING SOLUTION#1 @ ${msk('2027-04-07T10:00')}`,
    `CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-04-08T10:00')}`,
  ]);
  // Nothing published twice: the new worker's events continue the sequence.
  expect(Math.min(...ports2.publisher.eventsOf(id).map((e) => e.seq))).toBe(lastSeq + 1);
});

it('continue-as-new carries every running clock, the fired set, the sequence and the facts', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-05-03T09:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const id = newTicketId('can');
  const h = await startTicket(suite.env, tq, id, msk('2027-05-03T09:00'), { historyLimit: 40 });
  const runIdNow = async () => (await suite.env.client.workflow.getHandle(ticketWorkflowId(id)).describe()).runId;
  const churn = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await h.executeUpdate(reassignUpdate, { args: [{ actor: manager, assignee: i % 2 === 0 ? otherSpecialist.id : specialist.id }] });
      await settleTicket(ports, h, id);
    }
  };

  await withWorker(worker, ports, async () => {
    await loaded(h);
    await advanceTo(suite.env, msk('2027-05-03T10:00'));
    await analyse(h, plan('SUPPORT', 'NORMAL', msk('2027-05-07T12:00')));
    const before = clock(await view(h), 'SOLUTION#1');
    expect(before).toMatchObject({ dueAt: msk('2027-05-10T10:00'), noticeAt: msk('2027-05-07T10:00') });
    await churn(6);
    const secondRun = await runIdNow();
    expect(secondRun).not.toBe(h.firstExecutionRunId);
    expect(clock(await view(h), 'SOLUTION#1')).toEqual({ ...before, state: 'RUNNING' });

    await advanceTo(suite.env, msk('2027-05-07T10:01'));
    await eventually(() => clockEventLog(ports, id).length === 1, 'warning');
    await churn(6);
    expect(await runIdNow()).not.toBe(secondRun);
    await advanceTo(suite.env, msk('2027-05-10T10:01'));
    await eventually(() => clockEventLog(ports, id).length === 2, 'breach');
    const after = await view(h);
    expect(clock(after, 'SOLUTION#1')).toMatchObject({
      dueAt: before.dueAt,
      noticeAt: before.noticeAt,
      warnedAt: msk('2027-05-07T10:00'),
      breachedAt: msk('2027-05-10T10:00'),
    });
    expect(after.status).toBe('IN_PROGRESS');
    // The whole history is in the read model, gapless; the run carries only what it recorded itself.
    const history = ports.readModel.histories.get(id) ?? [];
    expect(Object.keys(history)).toHaveLength(history.length);
    expect(history[0].action).toBe('REGISTER');
    expect(history.filter((e) => e.action === 'REASSIGN')).toHaveLength(12);
    const started = (await h.fetchHistory()).events?.[0].workflowExecutionStartedEventAttributes;
    const continued = JSON.parse(Buffer.from(started!.input!.payloads![0].data!).toString()).continued as TicketWorkflowState;
    expect(continued.history).toEqual([]);
    const thisRun = await h.query(ticketHistoryQuery);
    expect(continued.historyOffset).toBe(history.length - thisRun.length);
    expect(thisRun).toEqual(history.slice(continued.historyOffset));
  });
  expect(clockEventLog(ports, id)).toEqual([
    `CLOCK_WARNING SOLUTION#1 @ ${msk('2027-05-07T10:00')}`,
    `CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-05-10T10:00')}`,
  ]);
  const seqs = ports.publisher.eventsOf(id).map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
});

it('search attributes follow an update applied while the workflow is still publishing its registration', async () => {
  const { ports, worker, h } = await ticketOnItsOwnWorker(suite, 'reindex', msk('2027-06-01T10:00'));
  await withWorker(worker, ports, async () => {
    // No wait for the registration: the update lands while the first flush awaits its activities.
    await analyse(h, plan('SUPPORT', 'NORMAL', msk('2027-06-03T10:00')));
    const status = async () => (await h.describe()).typedSearchAttributes.get(TicketSearchAttributes.TicketStatus);
    await eventually(async () => (await status()) === 'IN_PROGRESS', 'the Status search attribute to say IN_PROGRESS', 5_000);
  });
});

it('registration runs in local activities: the terms, then its events and snapshot in one flush; no activity task', async () => {
  const { ports, worker, id, h } = await ticketOnItsOwnWorker(suite, 'terms', msk('2027-06-02T10:00'));
  await withWorker(worker, ports, async () => {
    await loaded(h);
    await eventually(() => ports.readModel.tickets.get(id)?.seq === 2, 'registration published and recorded');
    const events = (await h.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    // Two local activities (loadContractTerms, flushTicket), each a marker in the history.
    expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(2);
    expect(ports.publisher.eventsOf(id).map((e) => e.type)).toEqual(['TICKET_REGISTERED', 'CLOCK_STARTED']);
  });
});

it('a new run records one patch, indexes its due instant, and a breach writes nothing to the index', async () => {
  const { ports, worker, id, h } = await ticketOnItsOwnWorker(suite, 'index', msk('2027-06-07T10:00'));
  await withWorker(worker, ports, async () => {
    await loaded(h);
    const analysisDue = clock(await view(h), 'ANALYSIS#1').dueAt;
    expect(analysisDue).toEqual(expect.any(String));
    const indexed = async () => (await h.describe()).typedSearchAttributes;
    await eventually(
      async () => (await indexed()).get(TicketSearchAttributes.SlaDueAt)?.toISOString() === analysisDue,
      'SlaDueAt to hold the analysis clock’s due instant',
    );
    expect((await indexed()).get(TicketSearchAttributes.SlaState)).toBeUndefined();

    // Nobody analyses it: the analysis clock breaches, and the breach is published.
    await advanceTo(suite.env, msk('2027-06-14T10:00'));
    await waitFor(h, 'breach recorded', (x) => x.slaState === 'BREACHED');
    await eventually(() => clockEventLog(ports, id).some((e) => e.startsWith('CLOCK_BREACHED ANALYSIS#1')), 'the breach event');
    const events = (await h.fetchHistory()).events ?? [];
    const patches = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    expect(patches).toHaveLength(1);
    const data = patches[0].markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    expect(JSON.parse(Buffer.from(data ?? []).toString())).toMatchObject({ id: RULES_SLA_DUE_AT });
    const upserted = events
      .map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields)
      .filter((f) => f !== undefined && f !== null)
      .map((f) => Object.keys(f).sort().join(' '));
    // Registration only: the breach changed nothing the index holds.
    expect(upserted).toEqual([
      'TemporalChangeVersion',
      'Assignee Category CustomerId Priority SlaDueAt SlaState TicketId TicketLinks TicketStatus',
    ]);
    expect((await indexed()).get(TicketSearchAttributes.SlaDueAt)?.toISOString()).toBe(analysisDue);
  });
});
