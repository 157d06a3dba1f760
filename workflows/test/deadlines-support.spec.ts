/**
 * The deadline table, category SUPPORT: 3 wd (URGENT, HIGH) / 5 wd (NORMAL, LOW) for solution, acceptance and remark
 * fixes, 1 wd notice. One test per priority, each over a non-working day of the calendar: 31 Dec 2026 (production
 * data) and the New Year holidays, 23 Feb 2027, 8 Mar 2027, 4 Nov 2027 (2027 is provisional: fixed holidays).
 */
import { acceptUpdate, deliverSolutionUpdate } from '@sla-desk/workflow-api';
import { advanceTo, createWorker, eventually, msk, recordingPorts, timeSkippingSuite, uniqueTaskQueue } from './support/harness';
import {
  withWorker,
  analyse,
  clock,
  clockEventLog,
  customer,
  loaded,
  newTicketId,
  plan,
  specialist,
  startTicket,
  view,
  type TicketHandle,
} from './support/tickets';

const suite = timeSkippingSuite();

interface Case {
  priority: 'URGENT' | 'HIGH' | 'NORMAL' | 'LOW';
  /** When both tickets are registered and analysed (MSK). */
  registered: string;
  analysed: string;
  due: string;
  notice: string;
  /** The in-time ticket delivers here (before the notice instant: nothing fires)… */
  deliver: string;
  /** …and the customer's acceptance clock from that delivery: */
  acceptanceDue: string;
  acceptanceNotice: string;
  accept: string;
  why: string;
}

const cases: Case[] = [
  {
    priority: 'URGENT',
    registered: '2026-12-29T10:00',
    analysed: '2026-12-29T10:30',
    // 30 Dec (1), 31 Dec off (production calendar), 1–8 Jan off, 11 Jan (2), 12 Jan (3).
    due: '2027-01-12T10:30',
    notice: '2027-01-11T10:30',
    deliver: '2026-12-30T17:00',
    acceptanceDue: '2027-01-13T17:00',
    acceptanceNotice: '2027-01-12T17:00',
    accept: '2027-01-12T16:00',
    why: 'over 31 Dec 2026 (day off) and the New Year holidays',
  },
  {
    priority: 'HIGH',
    registered: '2027-02-19T13:00',
    analysed: '2027-02-19T14:30',
    // Fri 19 Feb → Mon 22 (1), Tue 23 Feb holiday, Wed 24 (2), Thu 25 (3).
    due: '2027-02-25T14:30',
    notice: '2027-02-24T14:30',
    deliver: '2027-02-24T12:00',
    acceptanceDue: '2027-03-01T12:00',
    acceptanceNotice: '2027-02-26T12:00',
    accept: '2027-02-26T11:00',
    why: 'over the 23 Feb 2027 holiday',
  },
  {
    priority: 'NORMAL',
    registered: '2027-03-03T11:00',
    analysed: '2027-03-03T12:00',
    // Wed 3 Mar → 4 (1), 5 (2), weekend, Mon 8 Mar holiday, 9 (3), 10 (4), 11 (5).
    due: '2027-03-11T12:00',
    notice: '2027-03-10T12:00',
    deliver: '2027-03-10T11:00',
    acceptanceDue: '2027-03-17T11:00',
    acceptanceNotice: '2027-03-16T11:00',
    accept: '2027-03-16T10:00',
    why: 'over the 8 Mar 2027 holiday',
  },
  {
    priority: 'LOW',
    registered: '2027-11-01T09:30',
    analysed: '2027-11-01T10:00',
    // Mon 1 Nov → 2 (1), 3 (2), Thu 4 Nov holiday, 5 (3), 8 (4), 9 (5).
    due: '2027-11-09T10:00',
    notice: '2027-11-08T10:00',
    deliver: '2027-11-08T09:30',
    acceptanceDue: '2027-11-15T09:30',
    acceptanceNotice: '2027-11-12T09:30',
    accept: '2027-11-12T09:00',
    why: 'over the 4 Nov 2027 holiday',
  },
];

describe.each(cases)('SUPPORT × $priority', (c) => {
  it(`${c.why}: solution due ${c.due}, notice ${c.notice}; in time nothing fires`, async () => {
    const ports = recordingPorts();
    const tq = uniqueTaskQueue();
    await advanceTo(suite.env, msk(c.registered));
    const worker = await createWorker(suite.env, suite.wb, ports, tq);
    const [late, ok] = [`support-${c.priority}-late`, `support-${c.priority}-ok`].map(newTicketId);
    const [hLate, hOk]: TicketHandle[] = await Promise.all([late, ok].map((id) => startTicket(suite.env, tq, id, msk(c.registered))));

    await withWorker(worker, ports, async () => {
      await loaded(hOk);
      await advanceTo(suite.env, msk(c.analysed));
      await analyse(hLate, plan('SUPPORT', c.priority, msk(c.due)));
      const v = await analyse(hOk, plan('SUPPORT', c.priority, msk(c.due)));
      expect(clock(v, 'SOLUTION#1')).toMatchObject({
        party: 'PROVIDER',
        dueAt: msk(c.due),
        noticeAt: msk(c.notice),
        notice: { days: 1 },
        breachRecordable: true,
      });

      await advanceTo(suite.env, msk(c.deliver));
      const delivered = await hOk.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'answered' }] });
      expect(clock(delivered, 'SOLUTION#1').state).toBe('MET');
      expect(clock(delivered, 'ACCEPTANCE#1')).toMatchObject({
        party: 'CUSTOMER',
        dueAt: msk(c.acceptanceDue),
        noticeAt: msk(c.acceptanceNotice),
      });

      const minute = 60_000;
      await advanceTo(suite.env, new Date(Date.parse(msk(c.notice)) - minute).toISOString());
      expect(clockEventLog(ports, late)).toEqual([]);
      await advanceTo(suite.env, new Date(Date.parse(msk(c.notice)) + minute).toISOString());
      await eventually(() => clockEventLog(ports, late).length === 1, 'warning');
      await advanceTo(suite.env, new Date(Date.parse(msk(c.due)) - minute).toISOString());
      expect(clockEventLog(ports, late)).toHaveLength(1);
      await advanceTo(suite.env, new Date(Date.parse(msk(c.due)) + minute).toISOString());
      await eventually(() => clockEventLog(ports, late).length === 2, 'breach');
      if (Date.parse(msk(c.accept)) > Date.parse(msk(c.due)) + minute) await advanceTo(suite.env, msk(c.accept));
      const accepted = await hOk.executeUpdate(acceptUpdate, { args: [{ actor: customer }] });
      expect(clock(accepted, 'ACCEPTANCE#1').state).toBe('MET');

      // Late delivery: the solution clock is met late, the breach stays recorded.
      const lateDelivery = await hLate.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'late' }] });
      expect(clock(lateDelivery, 'SOLUTION#1')).toMatchObject({ state: 'MET_LATE', breachedAt: msk(c.due), warnedAt: msk(c.notice) });
      expect(lateDelivery.slaState).toBe('BREACHED');
      expect((await view(hOk)).slaState).toBe('NONE');
    });

    expect(clockEventLog(ports, late)).toEqual([
      `CLOCK_WARNING SOLUTION#1 @ ${msk(c.notice)}`,
      `CLOCK_BREACHED SOLUTION#1 @ ${msk(c.due)}`,
    ]);
    expect(clockEventLog(ports, ok)).toEqual([]);
  });
});
