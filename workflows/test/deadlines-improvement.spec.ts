/**
 * The deadline table, category IMPROVEMENT: NORMAL and LOW only (URGENT/HIGH rejected); the solution goes into a
 * following planned release agreed with the customer (no due until agreed, then the release's date, 1 wd notice);
 * the customer accepts within 5 wd; remarks are fixed in the nearest unplanned release.
 */
import { acceptUpdate, closeUpdate, releaseScheduledSignal, releaseShippedSignal, sendRemarksUpdate } from '@sla-desk/workflow-api';
import { advanceTo, createWorker, eventually, msk, recordingPorts, timeSkippingSuite, uniqueTaskQueue } from './support/harness';
import {
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
  withWorker,
  type TicketHandle,
} from './support/tickets';

const suite = timeSkippingSuite();

const waitStatus = (h: TicketHandle, status: string) =>
  eventually(async () => {
    const v = await view(h);
    return v.status === status && v;
  }, `${h.workflowId} ${status}`);

it.each(['URGENT', 'HIGH'] as const)('IMPROVEMENT × %s is rejected with a clear reason; nothing is recorded', async (priority) => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const id = newTicketId(`impr-${priority}`);
  // Registered on a working day of the (shifted) production calendar, before the dates the later tests use.
  if ((await suite.env.currentTimeMs()) < Date.parse(msk('2026-12-01T10:00'))) await advanceTo(suite.env, msk('2026-12-01T10:00'));
  const h = await startTicket(suite.env, tq, id, new Date(await suite.env.currentTimeMs()).toISOString());
  await withWorker(worker, ports, async () => {
    await loaded(h);
    const code = await expectRejected(h, () => analyse(h, plan('IMPROVEMENT', priority, msk('2026-12-31T12:00'))), ports, id);
    expect(code).toBe('PRIORITY_NOT_ALLOWED');
    expect((await view(h)).status).toBe('REGISTERED');
  });
});

it('IMPROVEMENT × NORMAL: agreed release binds once linked; acceptance 5 wd; remarks fixed in the nearest unplanned release — over 31 Dec 2026', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-30T15:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [late, ok] = ['impr-normal-late', 'impr-normal-ok'].map(newTicketId);
  const [hLate, hOk] = await Promise.all([late, ok].map((id) => startTicket(suite.env, tq, id, msk('2026-12-30T15:00'))));

  await withWorker(worker, ports, async () => {
    // Analysis: 31 Dec (day off) and 1–8 Jan → Mon 11 Jan 15:00.
    expect(clock(await loaded(hOk), 'ANALYSIS#1').dueAt).toBe(msk('2027-01-11T15:00'));
    await advanceTo(suite.env, msk('2027-01-11T10:00'));
    for (const h of [hLate, hOk]) await analyse(h, plan('IMPROVEMENT', 'NORMAL', msk('2027-01-29T12:00')));
    expect(clock(await view(hOk), 'SOLUTION#1')).toMatchObject({ rule: 'AGREED_PLANNED_RELEASE', dueAt: null, state: 'AWAITING_RELEASE' });
    expect(clock(await view(hOk), 'ANALYSIS#1').state).toBe('MET');

    const agreed = { releaseId: 'release-8.0', kind: 'PLANNED' as const, scheduledFor: msk('2027-01-29T12:00') };
    for (const h of [hLate, hOk]) await h.signal(releaseScheduledSignal, agreed);
    const linked = await eventually(async () => {
      const v = await view(hOk);
      return clock(v, 'SOLUTION#1').dueAt !== null && v;
    }, 'agreed release linked');
    expect(clock(linked, 'SOLUTION#1')).toMatchObject({
      dueAt: msk('2027-01-29T12:00'),
      noticeAt: msk('2027-01-28T12:00'),
      breachRecordable: true,
    });

    await advanceTo(suite.env, msk('2027-01-27T11:00'));
    await hOk.signal(releaseShippedSignal, { releaseId: 'release-8.0', shippedAt: msk('2027-01-27T11:00'), includesTicket: true });
    const delivered = await waitStatus(hOk, 'SOLUTION_DELIVERED');
    // 5 wd from Wed 27 Jan 11:00 → Wed 3 Feb 11:00; notice Tue 2 Feb 11:00.
    expect(clock(delivered, 'ACCEPTANCE#1')).toMatchObject({ dueAt: msk('2027-02-03T11:00'), noticeAt: msk('2027-02-02T11:00') });

    await advanceTo(suite.env, msk('2027-02-01T10:00'));
    const remarks = await hOk.executeUpdate(sendRemarksUpdate, {
      args: [{ actor: customer, remarks: ['the export misses the totals row'] }],
    });
    expect(clock(remarks, 'REMARK_FIX#1')).toMatchObject({ rule: 'NEXT_UNPLANNED_RELEASE', dueAt: null });
    await hOk.signal(releaseScheduledSignal, { releaseId: 'hotfix-8.0.1', kind: 'UNPLANNED', scheduledFor: msk('2027-02-10T12:00') });
    await eventually(async () => clock(await view(hOk), 'REMARK_FIX#1').dueAt === msk('2027-02-10T12:00'), 'hotfix linked');
    expect(clock(await view(hOk), 'REMARK_FIX#1').noticeAt).toBe(msk('2027-02-09T12:00'));

    await advanceTo(suite.env, msk('2027-02-08T10:00'));
    await hOk.signal(releaseShippedSignal, { releaseId: 'hotfix-8.0.1', shippedAt: msk('2027-02-08T10:00'), includesTicket: true });
    const again = await eventually(async () => {
      const v = await view(hOk);
      return v.status === 'SOLUTION_DELIVERED' && v.clocks.some((c) => c.id === 'ACCEPTANCE#2') && v;
    }, 'fixed solution delivered');
    // The acceptance clock restarts from the new delivery: 9, 10, 11, 12, 15 Feb → Mon 15 Feb 10:00.
    expect(clock(again, 'ACCEPTANCE#2')).toMatchObject({ dueAt: msk('2027-02-15T10:00'), noticeAt: msk('2027-02-12T10:00') });
    expect(clock(again, 'REMARK_FIX#1').state).toBe('MET');
    await advanceTo(suite.env, msk('2027-02-11T12:00'));
    await hOk.executeUpdate(acceptUpdate, { args: [{ actor: customer }] });
    await hOk.executeUpdate(closeUpdate, { args: [{ actor: specialist }] });
    await advanceTo(suite.env, msk('2027-02-16T12:00'));
    expect((await hOk.describe()).status.name).toBe('COMPLETED');
  });
  expect(clockEventLog(ports, late)).toEqual([
    `CLOCK_WARNING SOLUTION#1 @ ${msk('2027-01-28T12:00')}`,
    `CLOCK_BREACHED SOLUTION#1 @ ${msk('2027-01-29T12:00')}`,
  ]);
  expect(clockEventLog(ports, ok)).toEqual([]);
});

it('IMPROVEMENT × LOW: the customer’s 5 wd acceptance over the 8 Mar 2027 holiday; missing it unmotivated frees the provider', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2027-03-01T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [late, ok] = ['impr-low-late', 'impr-low-ok'].map(newTicketId);
  const [hLate, hOk] = await Promise.all([late, ok].map((id) => startTicket(suite.env, tq, id, msk('2027-03-01T10:00'))));
  const release = { releaseId: 'release-8.1', kind: 'PLANNED' as const, scheduledFor: msk('2027-03-05T12:00') };

  await withWorker(worker, ports, async () => {
    await loaded(hOk);
    await advanceTo(suite.env, msk('2027-03-01T11:00'));
    for (const h of [hLate, hOk]) await analyse(h, plan('IMPROVEMENT', 'LOW', msk('2027-03-05T12:00'), { release }));
    expect(clock(await view(hOk), 'SOLUTION#1')).toMatchObject({ dueAt: msk('2027-03-05T12:00'), noticeAt: msk('2027-03-04T12:00') });
    await advanceTo(suite.env, msk('2027-03-04T10:00'));
    for (const h of [hLate, hOk])
      await h.signal(releaseShippedSignal, { releaseId: 'release-8.1', shippedAt: msk('2027-03-04T10:00'), includesTicket: true });
    const delivered = await waitStatus(hLate, 'SOLUTION_DELIVERED');
    await waitStatus(hOk, 'SOLUTION_DELIVERED');
    // 5 Mar (1), weekend, 8 Mar holiday, 9 (2), 10 (3), 11 (4), 12 (5) → Fri 12 Mar 10:00; notice Thu 11 Mar 10:00.
    expect(clock(delivered, 'ACCEPTANCE#1')).toMatchObject({
      party: 'CUSTOMER',
      dueAt: msk('2027-03-12T10:00'),
      noticeAt: msk('2027-03-11T10:00'),
    });

    await advanceTo(suite.env, msk('2027-03-10T12:00'));
    await hOk.executeUpdate(acceptUpdate, { args: [{ actor: customer }] });
    await advanceTo(suite.env, msk('2027-03-12T09:59'));
    expect(clockEventLog(ports, late)).toEqual([`CLOCK_WARNING ACCEPTANCE#1 @ ${msk('2027-03-11T10:00')}`]);
    await advanceTo(suite.env, msk('2027-03-12T10:01'));
    const freed = await eventually(async () => {
      const v = await view(hLate);
      return v.slaState === 'PROVIDER_FREED' && v;
    }, 'provider freed');
    expect(freed.providerFreedAt).toBe(msk('2027-03-12T10:00'));
    // Late remarks: the provider's fix clock runs but no longer binds.
    await advanceTo(suite.env, msk('2027-03-15T10:00'));
    const remarks = await hLate.executeUpdate(sendRemarksUpdate, { args: [{ actor: customer, remarks: ['late remark'] }] });
    expect(clock(remarks, 'REMARK_FIX#1')).toMatchObject({ binding: false, breachRecordable: false });
  });
  expect(clockEventLog(ports, late)).toEqual([
    `CLOCK_WARNING ACCEPTANCE#1 @ ${msk('2027-03-11T10:00')}`,
    `CLOCK_BREACHED ACCEPTANCE#1 @ ${msk('2027-03-12T10:00')}`,
    `PROVIDER_FREED ACCEPTANCE#1 @ ${msk('2027-03-12T10:00')}`,
  ]);
  expect(clockEventLog(ports, ok)).toEqual([]);
});
