/**
 * The deadline table, category ERROR (docs/sla-rules.md): one test per priority. Tickets run on the real
 * time-skipping server over the 2026 Russian production calendar (31 Dec 2026 is a day off) and the provisional 2027
 * (fixed holidays: 1–8 Jan, 23 Feb, 8 Mar): the right clocks start; warnings and breaches fire at the exact
 * working-time instants, exactly once; nothing fires when the action comes in time.
 */
import {
  acceptUpdate,
  cancelUpdate,
  closeUpdate,
  deliverSolutionUpdate,
  releaseRescheduledSignal,
  releaseScheduledSignal,
  releaseShippedSignal,
  sendRemarksUpdate,
} from '@sla-desk/workflow-api';
import { advanceTo, createWorker, eventually, msk, recordingPorts, timeSkippingSuite, uniqueTaskQueue } from './support/harness';
import {
  withWorker,
  analyse,
  clock,
  clockEventLog,
  customer,
  expectRejected,
  loaded,
  newTicketId,
  plan,
  specialist,
  startTicket,
  view,
  ticketOnItsOwnWorker,
} from './support/tickets';

const suite = timeSkippingSuite();

it('ERROR × URGENT: 1 wd for solution, acceptance and remark fixes, notice 4 wh — over 31 Dec 2026 and the New Year holidays', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-29T15:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [late, ok, idle] = ['err-urgent-late', 'err-urgent-ok', 'err-urgent-idle'].map(newTicketId);
  const [hLate, hOk, hIdle] = await Promise.all([late, ok, idle].map((id) => startTicket(suite.env, tq, id, msk('2026-12-29T15:00'))));

  await withWorker(worker, ports, async () => {
    // Primary analysis: 1 wd from registration.
    expect(clock(await loaded(hIdle), 'ANALYSIS#1')).toMatchObject({ party: 'PROVIDER', dueAt: msk('2026-12-30T15:00'), state: 'RUNNING' });

    await advanceTo(suite.env, msk('2026-12-30T11:00'));
    await analyse(hLate, plan('ERROR', 'URGENT', msk('2027-01-11T10:00')));
    const v = await analyse(hOk, plan('ERROR', 'URGENT', msk('2027-01-11T10:00')));
    expect(v.status).toBe('IN_PROGRESS');
    expect(clock(v, 'ANALYSIS#1').state).toBe('MET');
    // 11:00 is 2 h into Wed 30 Dec; Thu 31 Dec (production calendar) and 1–8 Jan are off → Mon 11 Jan 11:00.
    // Notice: 4 wh back = 2 h on 11 Jan + 2 h from the end of 30 Dec → 30 Dec 16:00.
    expect(clock(v, 'SOLUTION#1')).toMatchObject({
      startedAt: msk('2026-12-30T11:00'),
      dueAt: msk('2027-01-11T11:00'),
      noticeAt: msk('2026-12-30T16:00'),
      breachRecordable: true,
      provisional: true,
      state: 'RUNNING',
    });

    await advanceTo(suite.env, msk('2026-12-30T14:59'));
    expect(clockEventLog(ports, idle)).toEqual([]);
    await advanceTo(suite.env, msk('2026-12-30T15:01'));
    await eventually(() => clockEventLog(ports, idle).length === 1, 'analysis breach');

    // The in-time ticket delivers before the notice instant: no warning, no breach.
    await advanceTo(suite.env, msk('2026-12-30T15:30'));
    const delivered = await hOk.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'patched' }] });
    // Acceptance: 1 wd from 30 Dec 15:30 → 11 Jan 15:30; notice 4 wh back → 11 Jan 10:30.
    expect(clock(delivered, 'ACCEPTANCE#1')).toMatchObject({
      party: 'CUSTOMER',
      dueAt: msk('2027-01-11T15:30'),
      noticeAt: msk('2027-01-11T10:30'),
    });

    await advanceTo(suite.env, msk('2026-12-30T15:59'));
    expect(clockEventLog(ports, late)).toEqual([]);
    await advanceTo(suite.env, msk('2026-12-30T16:01'));
    await eventually(() => clockEventLog(ports, late).length === 1, 'solution warning');
    expect((await view(hLate)).slaState).toBe('AT_RISK');

    // Remarks in time; the fix clock: 1 wd from 11 Jan 10:00 → 12 Jan 10:00, notice → 11 Jan 15:00.
    await advanceTo(suite.env, msk('2027-01-11T10:00'));
    const remarks = await hOk.executeUpdate(sendRemarksUpdate, { args: [{ actor: customer, remarks: ['the report still shows zero'] }] });
    expect(clock(remarks, 'ACCEPTANCE#1').state).toBe('MET');
    expect(clock(remarks, 'REMARK_FIX#1')).toMatchObject({
      party: 'PROVIDER',
      dueAt: msk('2027-01-12T10:00'),
      noticeAt: msk('2027-01-11T15:00'),
    });

    await advanceTo(suite.env, msk('2027-01-11T10:59'));
    expect(clockEventLog(ports, late)).toHaveLength(1);
    await advanceTo(suite.env, msk('2027-01-11T11:01'));
    await eventually(() => clockEventLog(ports, late).length === 2, 'solution breach');
    expect((await view(hLate)).slaState).toBe('BREACHED');

    // The fixed solution at 14:30 restarts the customer's acceptance: 12 Jan 14:30, notice 12 Jan 09:30.
    await advanceTo(suite.env, msk('2027-01-11T14:30'));
    const fixed = await hOk.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'fixed' }] });
    expect(clock(fixed, 'REMARK_FIX#1').state).toBe('MET');
    expect(clock(fixed, 'ACCEPTANCE#2')).toMatchObject({ dueAt: msk('2027-01-12T14:30'), noticeAt: msk('2027-01-12T09:30') });
    await advanceTo(suite.env, msk('2027-01-12T09:15'));
    await hOk.executeUpdate(acceptUpdate, { args: [{ actor: customer }] });
    const closed = await hOk.executeUpdate(closeUpdate, { args: [{ actor: specialist }] });
    expect(closed.status).toBe('CLOSED');
    expect(closed.slaState).toBe('NONE');
    await hIdle.executeUpdate(cancelUpdate, { args: [{ actor: customer, reason: 'withdrawn' }] });
    await advanceTo(suite.env, msk('2027-01-13T12:00'));
    expect((await hOk.describe()).status.name).toBe('COMPLETED');
    expect((await hIdle.describe()).status.name).toBe('COMPLETED');
    expect(clock(await view(hIdle), 'ANALYSIS#1')).toMatchObject({ state: 'STOPPED', breachedAt: msk('2026-12-30T15:00') });
  });

  expect(clockEventLog(ports, late)).toEqual([
    `CLOCK_WARNING SOLUTION#1 @ ${msk('2026-12-30T16:00')}`,
    `CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-01-11T11:00')}`,
  ]);
  expect(clockEventLog(ports, ok)).toEqual([]);
  expect(clockEventLog(ports, idle)).toEqual([`CLOCK_BREACHED ANALYSIS#1 @ ${msk('2026-12-30T15:00')}`]);
});

it('ERROR × HIGH: the next unplanned release — the deadline follows the release; met when it ships with the ticket', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-02-22T15:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [late, ok] = ['err-high-late', 'err-high-ok'].map(newTicketId);
  const [hLate, hOk] = await Promise.all([late, ok].map((id) => startTicket(suite.env, tq, id, msk('2027-02-22T15:00'))));
  const release = { releaseId: 'hotfix-7.1.1', kind: 'UNPLANNED' as const, scheduledFor: msk('2027-03-01T18:00') };

  await withWorker(worker, ports, async () => {
    // Analysis: 23 Feb is a holiday → Wed 24 Feb 15:00.
    expect(clock(await loaded(hLate), 'ANALYSIS#1').dueAt).toBe(msk('2027-02-24T15:00'));
    await advanceTo(suite.env, msk('2027-02-24T10:00'));
    for (const h of [hLate, hOk]) await analyse(h, plan('ERROR', 'HIGH', msk('2027-03-01T12:00'), { release }));
    const v = await view(hLate);
    expect(clock(v, 'ANALYSIS#1').state).toBe('MET');
    expect(clock(v, 'SOLUTION#1')).toMatchObject({
      rule: 'NEXT_UNPLANNED_RELEASE',
      dueAt: msk('2027-03-01T18:00'),
      noticeAt: null,
      releaseId: 'hotfix-7.1.1',
      breachRecordable: true,
    });

    for (const h of [hLate, hOk])
      await h.signal(releaseRescheduledSignal, { releaseId: 'hotfix-7.1.1', scheduledFor: msk('2027-03-03T18:00') });
    await eventually(async () => clock(await view(hLate), 'SOLUTION#1').dueAt === msk('2027-03-03T18:00'), 'deadline moved');

    await advanceTo(suite.env, msk('2027-03-02T12:00'));
    expect(clockEventLog(ports, late)).toEqual([]);
    await advanceTo(suite.env, msk('2027-03-03T12:00'));
    await hOk.signal(releaseShippedSignal, { releaseId: 'hotfix-7.1.1', shippedAt: msk('2027-03-03T12:00'), includesTicket: true });
    const shipped = await eventually(async () => {
      const w = await view(hOk);
      return w.status === 'SOLUTION_DELIVERED' && w;
    }, 'delivered by the release');
    expect(clock(shipped, 'SOLUTION#1').state).toBe('MET');
    // "—": no acceptance clock for ERROR × HIGH.
    expect(shipped.clocks.filter((c) => c.state === 'RUNNING')).toEqual([]);

    await advanceTo(suite.env, msk('2027-03-03T17:59'));
    expect(clockEventLog(ports, late)).toEqual([]);
    await advanceTo(suite.env, msk('2027-03-03T18:01'));
    await eventually(() => clockEventLog(ports, late).length === 1, 'release deadline breach');
  });
  expect(clockEventLog(ports, late)).toEqual([`CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-03-03T18:00')}`]);
  expect(clockEventLog(ports, ok)).toEqual([]);
});

it('ERROR × NORMAL: the next planned release — shipping without the ticket breaches at once', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-03-05T16:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [late, ok] = ['err-normal-late', 'err-normal-ok'].map(newTicketId);
  const [hLate, hOk] = await Promise.all([late, ok].map((id) => startTicket(suite.env, tq, id, msk('2027-03-05T16:00'))));
  const release = { releaseId: 'release-7.2', kind: 'PLANNED' as const, scheduledFor: msk('2027-03-31T18:00') };

  await withWorker(worker, ports, async () => {
    // Analysis: the weekend and the 8 Mar holiday → Tue 9 Mar 16:00.
    expect(clock(await loaded(hLate), 'ANALYSIS#1').dueAt).toBe(msk('2027-03-09T16:00'));
    await advanceTo(suite.env, msk('2027-03-09T15:00'));
    for (const h of [hLate, hOk]) await analyse(h, plan('ERROR', 'NORMAL', msk('2027-03-31T12:00'), { release }));
    expect(clock(await view(hOk), 'SOLUTION#1')).toMatchObject({
      rule: 'NEXT_PLANNED_RELEASE',
      dueAt: msk('2027-03-31T18:00'),
      noticeAt: null,
    });

    await advanceTo(suite.env, msk('2027-03-31T12:00'));
    await hOk.signal(releaseShippedSignal, { releaseId: 'release-7.2', shippedAt: msk('2027-03-31T12:00'), includesTicket: true });
    await hLate.signal(releaseShippedSignal, { releaseId: 'release-7.2', shippedAt: msk('2027-03-31T12:00'), includesTicket: false });
    await eventually(() => clockEventLog(ports, late).length === 1, 'breach when shipped without the ticket');
    expect((await view(hOk)).status).toBe('SOLUTION_DELIVERED');
    expect((await view(hLate)).status).toBe('IN_PROGRESS');
    await advanceTo(suite.env, msk('2027-04-01T12:00'));
    // The next planned release is linked later; what fired stays fired.
    await hLate.signal(releaseScheduledSignal, { releaseId: 'release-7.3', kind: 'PLANNED', scheduledFor: msk('2027-04-30T18:00') });
    await eventually(async () => clock(await view(hLate), 'SOLUTION#1').dueAt === msk('2027-04-30T18:00'), 'relinked');
    expect(clock(await view(hLate), 'SOLUTION#1')).toMatchObject({ state: 'BREACHED', breachedAt: msk('2027-03-31T12:00') });
    await advanceTo(suite.env, msk('2027-05-01T12:00'));
  });
  expect(clockEventLog(ports, late)).toEqual([`CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-03-31T12:00')}`]);
  expect(clockEventLog(ports, ok)).toEqual([]);
});

it('ERROR × LOW: one of the following planned releases — the planned date, never a breach', async () => {
  const { ports, worker, id, h } = await ticketOnItsOwnWorker(suite, 'err-low', msk('2027-05-03T10:00'));

  await withWorker(worker, ports, async () => {
    await advanceTo(suite.env, msk('2027-05-03T11:00'));
    const v = await analyse(h, plan('ERROR', 'LOW', msk('2027-05-28T12:00')));
    expect(clock(v, 'SOLUTION#1')).toMatchObject({
      rule: 'FOLLOWING_PLANNED_RELEASE',
      dueAt: msk('2027-05-28T12:00'),
      noticeAt: null,
      breachRecordable: false,
      onDue: null,
    });
    await advanceTo(suite.env, msk('2027-06-01T12:00'));
    expect(clock(await view(h), 'SOLUTION#1').state).toBe('OVERDUE');
    // The planned date passing is recorded as OVERDUE, never as a breach.
    const overdue = ports.publisher.eventsOf(id, 'CLOCK_OVERDUE');
    expect(overdue.map((e) => e.at)).toEqual([msk('2027-05-28T12:00')]);
    await h.signal(releaseScheduledSignal, { releaseId: 'release-7.4', kind: 'PLANNED', scheduledFor: msk('2027-06-30T18:00') });
    await eventually(async () => clock(await view(h), 'SOLUTION#1').dueAt === msk('2027-06-30T18:00'), 'follows the release');
    await advanceTo(suite.env, msk('2027-06-30T17:00'));
    await h.signal(releaseShippedSignal, { releaseId: 'release-7.4', shippedAt: msk('2027-06-30T17:00'), includesTicket: true });
    await eventually(async () => (await view(h)).status === 'SOLUTION_DELIVERED', 'delivered');
    expect(clock(await view(h), 'SOLUTION#1').state).toBe('MET');
  });
  expect(clockEventLog(ports, id)).toEqual([]);
});

it('ERROR × NORMAL analysed without a release: the workflow asks the catalog for the component’s next planned one', async () => {
  const ports = recordingPorts();
  ports.releases
    .schedule('billing', { releaseId: 'hotfix-8.0.1', kind: 'UNPLANNED', scheduledFor: msk('2027-07-14T18:00') })
    .schedule('billing', { releaseId: 'release-8.1', kind: 'PLANNED', scheduledFor: msk('2027-08-31T18:00') })
    .schedule('billing', { releaseId: 'release-8.0', kind: 'PLANNED', scheduledFor: msk('2027-07-30T18:00') });
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-07-12T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [known, unknown, older] = ['err-catalog', 'err-no-release', 'err-no-component'].map(newTicketId);
  const hKnown = await startTicket(suite.env, tq, known, msk('2027-07-12T10:00'), { componentId: 'billing' });
  const hUnknown = await startTicket(suite.env, tq, unknown, msk('2027-07-12T10:00'), { componentId: 'reports' });
  // A run started before tickets carried their component: the analyst must still name the release.
  const hOlder = await startTicket(suite.env, tq, older, msk('2027-07-12T10:00'));

  await withWorker(worker, ports, async () => {
    for (const h of [hKnown, hUnknown, hOlder]) await loaded(h);
    // The catalog's release is checked like a named one: planning past it needs a delay notice.
    const late = plan('ERROR', 'NORMAL', msk('2027-08-10T12:00'));
    expect(await expectRejected(hKnown, () => analyse(hKnown, late), ports, known)).toBe('PLANNED_DATE_BEYOND_DEADLINE');
    const v = await analyse(hKnown, plan('ERROR', 'NORMAL', msk('2027-07-28T12:00')));
    expect(v.release).toMatchObject({ releaseId: 'release-8.0', kind: 'PLANNED', scheduledFor: msk('2027-07-30T18:00') });
    expect(clock(v, 'SOLUTION#1')).toMatchObject({ rule: 'NEXT_PLANNED_RELEASE', dueAt: msk('2027-07-30T18:00') });

    const none = plan('ERROR', 'NORMAL', msk('2027-07-28T12:00'));
    expect(await expectRejected(hUnknown, () => analyse(hUnknown, none), ports, unknown)).toBe('NO_RELEASE_SCHEDULED');
    expect(await expectRejected(hOlder, () => analyse(hOlder, none), ports, older)).toBe('INVALID_INPUT');
  });
  expect(ports.releases.asked.map((r) => [r.componentId, r.kind])).toEqual([
    ['billing', 'PLANNED'],
    ['billing', 'PLANNED'],
    ['reports', 'PLANNED'],
  ]);
});
