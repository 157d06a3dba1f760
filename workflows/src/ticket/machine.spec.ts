// The ticket machine without Temporal: every transition of ./machine.ts, and the clock firing of ./clock-firing.ts.
import { defaultSlaPolicy, type SlaPolicy } from '@sla-desk/sla';
import {
  clarify,
  customer,
  input,
  manager,
  msk,
  plan,
  planForRelease,
  registered,
  specialist,
  terms,
} from '../../test/support/machine-fixtures';
import { TicketMachine } from './machine';

const types = (m: TicketMachine) => m.s.outbox.map((e) => e.type);
const clock = (m: TicketMachine, id: string, now: string) => m.clocks(now).find((c) => c.id === id);

describe('TicketMachine transitions', () => {
  it('register: REGISTERED, the analysis clock running from the registration minute', () => {
    const m = TicketMachine.register(input, terms, msk('2026-05-06T10:00:43'));
    expect(m.status).toBe('REGISTERED');
    expect(types(m)).toEqual(['TICKET_REGISTERED', 'CLOCK_STARTED']);
    expect(m.clocks(msk('2026-05-06T10:01'))[0]).toMatchObject({
      id: 'ANALYSIS#1',
      startedAt: msk('2026-05-06T10:00'),
      dueAt: msk('2026-05-07T10:00'),
    });
  });

  it('analyse (PLAN): IN_PROGRESS; the analysis clock is met, the solution clock starts', () => {
    const m = registered();
    const now = msk('2026-05-06T11:00');
    const v = m.analyse(plan(msk('2026-05-12T12:00')), now);
    expect(v).toMatchObject({
      status: 'IN_PROGRESS',
      category: 'SUPPORT',
      priority: 'NORMAL',
      assignee: 's',
      plannedDate: msk('2026-05-12T12:00'),
    });
    expect(clock(m, 'ANALYSIS#1', now)).toMatchObject({ state: 'MET', stoppedAt: now });
    expect(clock(m, 'SOLUTION#1', now)).toMatchObject({ state: 'RUNNING', party: 'PROVIDER' });
    expect(m.history().map((h) => h.action)).toEqual(['REGISTER', 'ANALYSE']);
  });

  it('analyse (CLARIFY) → AWAITING_CLARIFICATION; answerClarification → REGISTERED, analysis round 2', () => {
    const m = registered();
    m.analyse(clarify(msk('2026-05-06T10:30')), msk('2026-05-06T11:00'));
    expect(m.status).toBe('AWAITING_CLARIFICATION');
    expect(clock(m, 'CLARIFICATION#1', msk('2026-05-06T11:00'))).toMatchObject({ party: 'CUSTOMER', state: 'RUNNING' });
    const now = msk('2026-05-07T09:30');
    m.answerClarification({ actor: customer, comment: 'The sales report' }, now);
    expect(m.status).toBe('REGISTERED');
    expect(m.facts.analysisRound).toBe(2);
    expect(clock(m, 'CLARIFICATION#1', now)).toMatchObject({ state: 'MET' });
    expect(clock(m, 'ANALYSIS#2', now)).toMatchObject({ state: 'RUNNING', startedAt: msk('2026-05-07T09:30') });
  });

  it('deliverSolution → SOLUTION_DELIVERED; sendRemarks → REMARKS; deliver again; accept; close', () => {
    const m = registered();
    m.analyse(plan(msk('2026-05-12T12:00')), msk('2026-05-06T11:00'));
    m.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    expect(m.status).toBe('SOLUTION_DELIVERED');
    expect(clock(m, 'ACCEPTANCE#1', msk('2026-05-07T10:00'))).toMatchObject({ party: 'CUSTOMER', state: 'RUNNING' });
    m.sendRemarks({ actor: customer, remarks: ['the totals are wrong'] }, msk('2026-05-07T12:00'));
    expect(m.status).toBe('REMARKS');
    expect(clock(m, 'REMARK_FIX#1', msk('2026-05-07T12:00'))).toMatchObject({ party: 'PROVIDER', state: 'RUNNING' });
    m.deliverSolution({ actor: specialist, summary: 'fixed' }, msk('2026-05-07T15:00'));
    expect(m.status).toBe('SOLUTION_DELIVERED');
    expect(clock(m, 'ACCEPTANCE#2', msk('2026-05-07T15:00'))).toBeDefined();
    m.accept({ actor: customer }, msk('2026-05-07T16:00'));
    expect(m.status).toBe('ACCEPTED');
    m.close({ actor: specialist }, msk('2026-05-07T16:30'));
    expect(m.status).toBe('CLOSED');
    expect(m.terminal).toBe(true);
    expect(m.clocks(msk('2026-05-07T16:30')).every((c) => c.stoppedAt !== undefined)).toBe(true);
  });

  it('closeWithoutProcessing after the clarification clock expired: CLOSED_WITHOUT_PROCESSING, clocks stopped', () => {
    const m = registered();
    m.analyse(clarify(msk('2026-05-06T10:30')), msk('2026-05-06T11:00'));
    const after = msk('2026-05-13T12:00');
    m.tick(after);
    expect(m.s.closeWithoutProcessingAllowed).toBe(true);
    m.closeWithoutProcessing({ actor: specialist }, after);
    expect(m.status).toBe('CLOSED_WITHOUT_PROCESSING');
    expect(clock(m, 'CLARIFICATION#1', after)).toMatchObject({ state: 'EXPIRED' });
  });

  it('cancel: CANCELLED, running clocks STOPPED', () => {
    const m = registered();
    m.cancel({ actor: customer, reason: 'solved it myself' }, msk('2026-05-06T12:00'));
    expect(m.status).toBe('CANCELLED');
    expect(clock(m, 'ANALYSIS#1', msk('2026-05-06T12:00'))).toMatchObject({ state: 'STOPPED' });
  });

  it('reassign: a new assignee, the status unchanged', () => {
    const m = registered();
    m.analyse(plan(msk('2026-05-12T12:00')), msk('2026-05-06T11:00'));
    const v = m.reassign({ actor: manager, assignee: 's2' }, msk('2026-05-06T12:00'));
    expect(v).toMatchObject({ assignee: 's2', status: 'IN_PROGRESS' });
    expect(m.s.outbox.at(-1)).toMatchObject({ type: 'TICKET_REASSIGNED', payload: { from: 's', to: 's2' } });
  });

  it('fileDelayNotice before the notice instant is in time and may move the planned date', () => {
    const m = registered();
    m.analyse(plan(msk('2026-05-12T12:00')), msk('2026-05-06T11:00'));
    m.fileDelayNotice({ actor: specialist, reason: 'vendor', newPlannedDate: msk('2026-05-20T12:00') }, msk('2026-05-06T12:00'));
    expect(m.s.outbox.find((e) => e.type === 'DELAY_NOTICE_FILED')).toMatchObject({ payload: { clockId: 'SOLUTION#1', inTime: true } });
    expect(m.facts.plannedDate).toBe(msk('2026-05-20T12:00'));
    expect(types(m)).toContain('CLOCKS_REPLANNED');
  });

  it('a release shipping with the ticket delivers the solution; signals that do not fit are ignored', () => {
    const m = registered();
    const release = { releaseId: 'r1', kind: 'UNPLANNED' as const, scheduledFor: msk('2026-05-08T12:00') };
    m.analyse(planForRelease(release, 'ERROR', 'HIGH'), msk('2026-05-06T11:00'));
    expect(clock(m, 'SOLUTION#1', msk('2026-05-06T11:00'))).toMatchObject({ dueAt: msk('2026-05-08T12:00') });
    expect(m.releaseRescheduled({ releaseId: 'other', scheduledFor: msk('2026-05-09T12:00') }, msk('2026-05-06T12:00'))).toBe(false);
    expect(m.releaseRescheduled({ releaseId: 'r1', scheduledFor: msk('2026-05-12T12:00') }, msk('2026-05-06T12:00'))).toBe(true);
    expect(clock(m, 'SOLUTION#1', msk('2026-05-06T12:00'))).toMatchObject({ dueAt: msk('2026-05-12T12:00') });
    expect(m.releaseShipped({ releaseId: 'r1', shippedAt: msk('2026-05-12T11:00'), includesTicket: true }, msk('2026-05-12T11:00'))).toBe(
      true,
    );
    expect(m.status).toBe('SOLUTION_DELIVERED');
    expect(m.history().at(-1)).toMatchObject({ action: 'RELEASE_SHIPPED', actor: { role: 'SYSTEM' } });
    expect(m.releaseShipped({ releaseId: 'r1', shippedAt: msk('2026-05-12T11:00'), includesTicket: true }, msk('2026-05-12T11:30'))).toBe(
      false,
    );
  });

  it('a calendar or policy change re-plans; the same version again is ignored', () => {
    const m = registered();
    expect(m.policyChanged(defaultSlaPolicy, msk('2026-05-06T11:00'))).toBe(false);
    expect(m.policyChanged({ ...defaultSlaPolicy, version: 'v2' }, msk('2026-05-06T11:00'))).toBe(true);
    expect(m.s.outbox.at(-1)).toMatchObject({ type: 'CLOCKS_REPLANNED', payload: { reason: 'POLICY_CHANGED' } });
    expect(m.calendarChanged(terms.calendar, msk('2026-05-06T11:00'))).toBe(false);
  });
});

describe('TicketMachine clock firing', () => {
  it('an action whose task runs after the due instant still records the breach first (then the clock is met late)', () => {
    const m = registered();
    m.analyse(plan(msk('2026-05-07T09:00'), { category: 'ERROR', priority: 'URGENT' }), msk('2026-05-06T11:00'));
    // No tick between: the workflow's timer task and the delivery arrive together at 11:01 the next day.
    const now = msk('2026-05-07T11:01');
    m.tick(now);
    m.deliverSolution({ actor: specialist, summary: 'x' }, now);
    expect(clock(m, 'SOLUTION#1', now)).toMatchObject({
      state: 'MET_LATE',
      warnedAt: msk('2026-05-06T16:00'),
      breachedAt: msk('2026-05-07T11:00'),
    });
    expect(m.s.outbox.filter((e) => e.type === 'CLOCK_BREACHED')).toHaveLength(1);
    // Ticking again fires nothing new: what fired stays fired, exactly once.
    m.tick(msk('2026-05-07T12:00'));
    expect(m.s.fired).toEqual(['SOLUTION#1:WARNING', 'SOLUTION#1:BREACH']);
  });

  it('the customer missing its deadline without a delay notice frees the provider', () => {
    const m = registered();
    m.analyse(plan(msk('2026-05-12T12:00')), msk('2026-05-06T11:00'));
    m.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    m.tick(msk('2026-05-20T10:00'));
    expect(m.facts.providerFreedAt).toBeDefined();
    expect(m.view(msk('2026-05-20T10:00')).slaState).toBe('PROVIDER_FREED');
    expect(types(m)).toContain('PROVIDER_FREED');
  });

  it('nextEventAt is the earliest warning / breach not yet fired', () => {
    const m = registered();
    expect(m.nextEventAt()).toBe(msk('2026-05-07T10:00'));
  });
});

describe('TicketMachine: what the SLA says about edges (issue #11)', () => {
  const urgent = (): TicketMachine => {
    const m = registered();
    m.analyse(plan(msk('2026-05-07T09:00'), { category: 'ERROR', priority: 'URGENT' }), msk('2026-05-06T11:00'));
    return m;
  };

  it('an action at exactly the due instant is in time: met, no breach', () => {
    const m = urgent();
    const due = msk('2026-05-07T11:00');
    expect(clock(m, 'SOLUTION#1', due)).toMatchObject({ dueAt: due });
    m.tick(due, { beforeAction: true });
    m.deliverSolution({ actor: specialist, summary: 'x' }, due);
    expect(clock(m, 'SOLUTION#1', due)).toMatchObject({ state: 'MET' });
    expect(types(m)).not.toContain('CLOCK_BREACHED');
    // One millisecond later it is late.
    const late = urgent();
    const after = new Date(Date.parse(due) + 1).toISOString();
    late.tick(after, { beforeAction: true });
    late.deliverSolution({ actor: specialist, summary: 'x' }, after);
    expect(clock(late, 'SOLUTION#1', after)).toMatchObject({ state: 'MET_LATE', breachedAt: due });
  });

  it('one outcome event per clock: a policy change after a breach does not add an overdue', () => {
    const m = urgent();
    m.tick(msk('2026-05-07T12:00'));
    const cell = defaultSlaPolicy.matrix.ERROR.URGENT;
    const v2: SlaPolicy = {
      ...defaultSlaPolicy,
      version: 'v2',
      matrix: {
        ...defaultSlaPolicy.matrix,
        ERROR: { ...defaultSlaPolicy.matrix.ERROR, URGENT: { ...cell, solution: { kind: 'FOLLOWING_PLANNED_RELEASE' } } },
      },
    };
    expect(m.policyChanged(v2, msk('2026-05-07T12:30'))).toBe(true);
    m.tick(msk('2026-05-07T12:30'));
    const outcomes = m.s.outbox.filter((e) => ['CLOCK_BREACHED', 'CLOCK_OVERDUE', 'CLOCK_EXPIRED'].includes(e.type));
    expect(outcomes.map((e) => e.type)).toEqual(['CLOCK_BREACHED']);
    expect(m.nextEventAt()).toBeNull();
  });

  it('a late delay notice is not a motivated delay: the customer then missing its deadline frees the provider', () => {
    const m = registered();
    m.analyse(plan(msk('2026-05-12T12:00')), msk('2026-05-06T11:00'));
    m.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    const acceptance = clock(m, 'ACCEPTANCE#1', msk('2026-05-07T10:00'));
    expect(acceptance).toMatchObject({ dueAt: msk('2026-05-15T10:00'), noticeAt: msk('2026-05-14T10:00') });
    m.tick(msk('2026-05-14T12:00'));
    m.fileDelayNotice({ actor: customer, reason: 'auditors are away' }, msk('2026-05-14T12:00'));
    expect(m.s.outbox.find((e) => e.type === 'DELAY_NOTICE_FILED')).toMatchObject({ payload: { inTime: false } });
    m.tick(msk('2026-05-15T11:00'));
    expect(m.facts.providerFreedAt).toBe(msk('2026-05-15T10:00'));
    // In time, the same notice protects the customer.
    const inTime = registered();
    inTime.analyse(plan(msk('2026-05-12T12:00')), msk('2026-05-06T11:00'));
    inTime.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    inTime.fileDelayNotice({ actor: customer, reason: 'auditors are away' }, msk('2026-05-13T12:00'));
    inTime.tick(msk('2026-05-15T11:00'));
    expect(inTime.facts.providerFreedAt).toBeUndefined();
  });

  it('a release signal of a kind no running clock follows is ignored: the hotfix deadline stays', () => {
    const m = registered();
    const hotfix = { releaseId: 'hotfix-7', kind: 'UNPLANNED' as const, scheduledFor: msk('2026-05-08T12:00') };
    m.analyse(planForRelease(hotfix, 'ERROR', 'HIGH'), msk('2026-05-06T11:00'));
    expect(
      m.releaseScheduled({ releaseId: 'r-2026.6', kind: 'PLANNED', scheduledFor: msk('2026-06-01T12:00') }, msk('2026-05-06T12:00')),
    ).toBe(false);
    expect(clock(m, 'SOLUTION#1', msk('2026-05-06T12:00'))).toMatchObject({ dueAt: msk('2026-05-08T12:00'), releaseId: 'hotfix-7' });
    expect(
      m.releaseScheduled({ releaseId: 'hotfix-8', kind: 'UNPLANNED', scheduledFor: msk('2026-05-07T12:00') }, msk('2026-05-06T12:00')),
    ).toBe(true);
    expect(clock(m, 'SOLUTION#1', msk('2026-05-06T12:00'))).toMatchObject({ dueAt: msk('2026-05-07T12:00'), releaseId: 'hotfix-8' });
  });

  it('a clock waiting for a release shows as AWAITING_RELEASE, in the clock and the SLA state, until one is linked', () => {
    const m = registered();
    const planned = { releaseId: 'r-2026.6', kind: 'PLANNED' as const, scheduledFor: msk('2026-06-01T12:00') };
    m.analyse(planForRelease(planned, 'IMPROVEMENT', 'NORMAL'), msk('2026-05-06T11:00'));
    m.releaseShipped({ releaseId: 'r-2026.6', shippedAt: msk('2026-06-01T12:00'), includesTicket: true }, msk('2026-06-01T12:00'));
    m.sendRemarks({ actor: customer, remarks: ['the export is missing'] }, msk('2026-06-02T12:00'));
    // The remark fix follows the nearest unplanned release, and none is linked yet.
    expect(clock(m, 'REMARK_FIX#1', msk('2026-06-02T12:00'))).toMatchObject({ dueAt: null, state: 'AWAITING_RELEASE' });
    expect(m.view(msk('2026-06-02T12:00')).slaState).toBe('AWAITING_RELEASE');
    m.releaseScheduled({ releaseId: 'hotfix-9', kind: 'UNPLANNED', scheduledFor: msk('2026-06-05T12:00') }, msk('2026-06-02T13:00'));
    expect(clock(m, 'REMARK_FIX#1', msk('2026-06-02T13:00'))).toMatchObject({ dueAt: msk('2026-06-05T12:00'), state: 'RUNNING' });
    expect(m.view(msk('2026-06-02T13:00')).slaState).toBe('ON_TRACK');
  });
});
