/**
 * The two single-clock workflows on the same clock machinery: the hotline callback (due at most 3 wd after the call,
 * reminder 4 wh before, breach at due) and contract onboarding (the access list 3 wd after signing, reminder 1 wd
 * before). Over 25–31 Dec 2026 and the New Year holidays.
 */
import {
  ActorRole,
  UNIQUE_WORKFLOW_ID_POLICIES,
  callbackStatusQuery,
  completeCallbackUpdate,
  contractOnboardingWorkflowId,
  hotlineCallbackWorkflowId,
  onboardingStatusQuery,
  rejectionOf,
  submitAccessListUpdate,
  type SlaEvent,
} from '@sla-desk/workflow-api';
import { contractOnboardingWorkflow, hotlineCallbackWorkflow } from '../src';
import {
  advanceTo,
  createWorker,
  eventually,
  failureOf,
  msk,
  recordingPorts,
  timeSkippingSuite,
  trackWorkflow,
  uniqueTaskQueue,
} from './support/harness';
import { customer, customerAdmin, specialist } from './support/tickets';

const suite = timeSkippingSuite();

const log = (events: SlaEvent[], id: string) =>
  events
    .filter((e) => e.subject.id === id && ['CLOCK_WARNING', 'CLOCK_BREACHED'].includes(e.type))
    .map((e) => `${e.type} ${e.clock.id} @ ${e.at}`);

it('hotline callback: the agreed date (after the call, ≤ 3 wd) binds, others are rejected; reminder and breach exactly once; a callback in time fires nothing', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-24T16:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const start = (callId: string, callbackBy?: string) =>
    suite.env.client.workflow
      .start(hotlineCallbackWorkflow, {
        workflowId: hotlineCallbackWorkflowId(callId),
        taskQueue: tq,
        ...UNIQUE_WORKFLOW_ID_POLICIES,
        args: [
          {
            callId,
            customerId: 'cust-1',
            contractId: 'contract-1',
            calledAt: msk('2026-12-24T16:00'),
            specialistId: specialist.id,
            caller: { name: 'Anna', phone: '+7 900 000-00-00' },
            question: 'VAT report',
            ...(callbackBy ? { callbackBy } : {}),
          },
        ],
      })
      .then(trackWorkflow);
  await worker.runUntil(async () => {
    const missed = await start('call-missed', msk('2026-12-28T12:00'));
    const done = await start('call-done', msk('2026-12-28T12:00'));
    const tooLate = await start('call-too-late', msk('2026-12-29T16:01'));
    const beforeCall = await start('call-before', msk('2026-12-24T15:00'));
    const status = await eventually(() => missed.query(callbackStatusQuery).catch(() => undefined), 'callback clock');
    // Agreed 28 Dec 12:00; reminder 4 wh before: 3 h on 28 Dec + 1 h from the end of Fri 25 Dec → 25 Dec 17:00.
    expect(status.clock).toMatchObject({
      id: 'HOTLINE_CALLBACK#1',
      party: 'PROVIDER',
      dueAt: msk('2026-12-28T12:00'),
      noticeAt: msk('2026-12-25T17:00'),
    });
    // 3 wd after the call end on 29 Dec 16:00 (25, 28, 29 Dec): a later date, or one before the call, is rejected
    // with a clear reason — never silently clamped.
    expect(await failureOf(tooLate)).toMatchObject({
      type: 'CALLBACK_TOO_LATE',
      message: expect.stringContaining(msk('2026-12-29T16:00')),
    });
    expect(await failureOf(beforeCall)).toMatchObject({ type: 'INVALID_INPUT', message: expect.stringContaining('must lie after') });

    await advanceTo(suite.env, msk('2026-12-25T12:00'));
    const forbidden = await done.executeUpdate(completeCallbackUpdate, { args: [{ actor: customer, outcome: 'x' }] }).catch((e) => e);
    expect(rejectionOf(forbidden)?.code).toBe('FORBIDDEN_ROLE');
    const completed = await done.executeUpdate(completeCallbackUpdate, { args: [{ actor: specialist, outcome: 'explained the report' }] });
    expect(completed).toMatchObject({ done: true, clock: { state: 'MET' } });
    await advanceTo(suite.env, msk('2026-12-28T12:01'));
    await eventually(() => log(ports.publisher.slaEvents, 'call-missed').length === 2, 'reminder and breach');
    await missed.executeUpdate(completeCallbackUpdate, { args: [{ actor: specialist, outcome: 'late' }] });
    await eventually(async () => (await missed.describe()).status.name === 'COMPLETED', 'completed');
    expect((await missed.query(callbackStatusQuery)).clock).toMatchObject({ state: 'MET_LATE', breachedAt: msk('2026-12-28T12:00') });
  });
  expect(log(ports.publisher.slaEvents, 'call-missed')).toEqual([
    `CLOCK_WARNING HOTLINE_CALLBACK#1 @ ${msk('2026-12-25T17:00')}`,
    `CLOCK_BREACHED HOTLINE_CALLBACK#1 @ ${msk('2026-12-28T12:00')}`,
  ]);
  expect(log(ports.publisher.slaEvents, 'call-done')).toEqual([]);
});

it('contract onboarding: the access list is due 3 wd after signing — over 31 Dec 2026 and 1–8 Jan', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-30T12:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const start = (contractId: string) =>
    suite.env.client.workflow
      .start(contractOnboardingWorkflow, {
        workflowId: contractOnboardingWorkflowId(contractId),
        taskQueue: tq,
        ...UNIQUE_WORKFLOW_ID_POLICIES,
        args: [{ contractId, customerId: 'cust-9', signedAt: msk('2026-12-30T12:00') }],
      })
      .then(trackWorkflow);
  await worker.runUntil(async () => {
    const [late, onTime] = await Promise.all([start('k-late'), start('k-on-time')]);
    const status = await eventually(() => late.query(onboardingStatusQuery).catch(() => undefined), 'onboarding clock');
    // 31 Dec off (production calendar), 1–8 Jan off (provisional 2027) → 11 (1), 12 (2), 13 Jan (3) 12:00.
    expect(status.clock).toMatchObject({
      id: 'ACCESS_LIST#1',
      party: 'CUSTOMER',
      dueAt: msk('2027-01-13T12:00'),
      noticeAt: msk('2027-01-12T12:00'),
      provisional: true,
    });
    await advanceTo(suite.env, msk('2027-01-12T15:00'));
    const bad = await onTime.executeUpdate(submitAccessListUpdate, { args: [{ actor: customerAdmin, employees: [] }] }).catch((e) => e);
    expect(rejectionOf(bad)?.code).toBe('INVALID_INPUT');
    const submitted = await onTime.executeUpdate(submitAccessListUpdate, {
      args: [{ actor: customerAdmin, employees: ['anna@customer.example', 'boris@customer.example'] }],
    });
    expect(submitted).toMatchObject({ done: true, doneBy: customerAdmin, clock: { state: 'MET', warnedAt: msk('2027-01-12T12:00') } });
    const twice = await onTime
      .executeUpdate(submitAccessListUpdate, { args: [{ actor: { id: 'm', role: ActorRole.SUPPORT_MANAGER }, employees: ['x'] }] })
      .catch((e) => e);
    // Done once: a second list is refused (by the validator, or because the workflow already completed).
    expect(twice).toBeInstanceOf(Error);
    await advanceTo(suite.env, msk('2027-01-13T12:01'));
    await eventually(() => log(ports.publisher.slaEvents, 'k-late').length === 2, 'breach');
  });
  expect(log(ports.publisher.slaEvents, 'k-late')).toEqual([
    `CLOCK_WARNING ACCESS_LIST#1 @ ${msk('2027-01-12T12:00')}`,
    `CLOCK_BREACHED ACCESS_LIST#1 @ ${msk('2027-01-13T12:00')}`,
  ]);
  expect(log(ports.publisher.slaEvents, 'k-on-time')).toEqual([`CLOCK_WARNING ACCESS_LIST#1 @ ${msk('2027-01-12T12:00')}`]);
});
