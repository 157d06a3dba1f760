import fc from 'fast-check';
import { russianProductionCalendar, withOverrides } from '../calendar/builders';
import { createCliHandler } from '../cli/protocol';
import {
  classificationProblem,
  clockEvents,
  defaultSlaPolicy,
  dueClockEvents,
  nextClockEventAt,
  planSimpleClock,
  planTicketClocks,
  solutionDeadline,
  withPolicyOverrides,
  CATEGORIES,
  PRIORITIES,
  PolicyError,
  TicketStatus,
  type Category,
  type Priority,
  type TicketFacts,
} from './index';

const cal = russianProductionCalendar();
/** Moscow wall time (UTC+3 all year) → ISO UTC. */
const msk = (local: string): string => new Date(`${local}+03:00`).toISOString();

function facts(over: Partial<TicketFacts>): TicketFacts {
  return {
    registeredAt: msk('2026-04-29T10:00'),
    status: TicketStatus.REGISTERED,
    analysisRound: 1,
    analysisStartedAt: over.registeredAt ?? msk('2026-04-29T10:00'),
    remarkRound: 0,
    delayNotices: [],
    ...over,
  };
}
const inProgress = (category: Category, priority: Priority, analysedAt: string, over: Partial<TicketFacts> = {}): TicketFacts =>
  facts({ status: TicketStatus.IN_PROGRESS, category, priority, analysedAt, ...over });

describe('defaultSlaPolicy (the seed table)', () => {
  it('is versioned data', () => {
    expect(defaultSlaPolicy).toMatchObject({ schema: 1, id: 'default', version: '1' });
    expect(Object.isFrozen(defaultSlaPolicy.matrix.ERROR.URGENT)).toBe(true);
    expect(JSON.parse(JSON.stringify(defaultSlaPolicy))).toEqual(defaultSlaPolicy);
  });

  it.each([
    ['ERROR', 'URGENT', { kind: 'WORKING_TIME', amount: { days: 1 } }, { days: 1 }, { days: 1 }, { hours: 4 }],
    ['ERROR', 'HIGH', { kind: 'NEXT_UNPLANNED_RELEASE' }, null, null, null],
    ['ERROR', 'NORMAL', { kind: 'NEXT_PLANNED_RELEASE' }, null, null, null],
    ['ERROR', 'LOW', { kind: 'FOLLOWING_PLANNED_RELEASE' }, null, null, null],
    ['SUPPORT', 'URGENT', { kind: 'WORKING_TIME', amount: { days: 3 } }, { days: 3 }, { days: 3 }, { days: 1 }],
    ['SUPPORT', 'HIGH', { kind: 'WORKING_TIME', amount: { days: 3 } }, { days: 3 }, { days: 3 }, { days: 1 }],
    ['SUPPORT', 'NORMAL', { kind: 'WORKING_TIME', amount: { days: 5 } }, { days: 5 }, { days: 5 }, { days: 1 }],
    ['SUPPORT', 'LOW', { kind: 'WORKING_TIME', amount: { days: 5 } }, { days: 5 }, { days: 5 }, { days: 1 }],
    ['IMPROVEMENT', 'NORMAL', { kind: 'AGREED_PLANNED_RELEASE' }, { days: 5 }, 'NEXT_UNPLANNED_RELEASE', { days: 1 }],
    ['IMPROVEMENT', 'LOW', { kind: 'AGREED_PLANNED_RELEASE' }, { days: 5 }, 'NEXT_UNPLANNED_RELEASE', { days: 1 }],
  ] as const)('%s × %s', (c, p, solution, acceptance, remarkFix, notice) => {
    const cell = defaultSlaPolicy.matrix[c][p];
    expect(cell.solution).toEqual(solution);
    expect(cell.acceptance).toEqual(acceptance ? { kind: 'WORKING_TIME', amount: acceptance } : { kind: 'NONE' });
    if (typeof remarkFix === 'string') expect(cell.remarkFix).toEqual({ kind: remarkFix });
    else expect(cell.remarkFix).toEqual(remarkFix ? { kind: 'WORKING_TIME', amount: remarkFix } : { kind: 'NONE' });
    expect(cell.notice).toEqual(notice);
  });

  it('sets the analysis, clarification, hotline and access-list clocks', () => {
    expect(defaultSlaPolicy.analysis).toEqual({ days: 1 });
    expect(defaultSlaPolicy.clarification).toEqual({ days: 3 });
    expect(defaultSlaPolicy.hotlineCallback).toEqual({ days: 3 });
    expect(defaultSlaPolicy.accessList).toEqual({ days: 3 });
    expect(defaultSlaPolicy.autoCloseOnClarificationExpiry).toBe(false);
  });
});

describe('classificationProblem', () => {
  it('allows the 10 combinations of the table and rejects IMPROVEMENT + URGENT/HIGH', () => {
    const allowed = CATEGORIES.flatMap((category) =>
      PRIORITIES.filter((priority) => classificationProblem(defaultSlaPolicy, { category, priority }) === null).map(
        (p) => `${category}/${p}`,
      ),
    );
    expect(allowed).toHaveLength(10);
    for (const priority of ['URGENT', 'HIGH'] as const) {
      expect(classificationProblem(defaultSlaPolicy, { category: 'IMPROVEMENT', priority })).toEqual({
        code: 'PRIORITY_NOT_ALLOWED',
        message: `IMPROVEMENT tickets may only be NORMAL or LOW; ${priority} is not allowed`,
      });
    }
  });

  it('requires URGENT for a warranty case', () => {
    expect(classificationProblem(defaultSlaPolicy, { category: 'ERROR', priority: 'HIGH', warranty: true })?.code).toBe(
      'WARRANTY_PRIORITY',
    );
    expect(classificationProblem(defaultSlaPolicy, { category: 'ERROR', priority: 'URGENT', warranty: true })).toBeNull();
  });
});

describe('planTicketClocks over the 2026 Russian production calendar', () => {
  it('analysis: 1 wd from registration, across the shortened May 8 and the May 9–11 holidays', () => {
    // Fri 8 May is shortened (09–13, 14–17): 16:30 is 6.5 h in; Sat–Sun off, Mon 11 May a day off → Tue 12 May 16:30.
    const [c] = planTicketClocks(
      defaultSlaPolicy,
      cal,
      facts({ registeredAt: msk('2026-05-08T16:30'), analysisStartedAt: msk('2026-05-08T16:30') }),
    );
    expect(c).toMatchObject({
      id: 'ANALYSIS#1',
      kind: 'ANALYSIS',
      party: 'PROVIDER',
      dueAt: msk('2026-05-12T16:30'),
      noticeAt: null,
      breachRecordable: true,
      onDue: 'BREACH',
      provisional: false,
    });
  });

  it('analysis registered on a holiday weekend ends at the end of the first working day', () => {
    const [c] = planTicketClocks(
      defaultSlaPolicy,
      cal,
      facts({ registeredAt: msk('2026-05-09T11:00'), analysisStartedAt: msk('2026-05-09T11:00') }),
    );
    expect(c.dueAt).toBe(msk('2026-05-12T18:00'));
  });

  it('re-analysis after a clarification answer is a new round from the answer', () => {
    const [c] = planTicketClocks(defaultSlaPolicy, cal, facts({ analysisRound: 2, analysisStartedAt: msk('2026-05-06T10:00') }));
    expect(c).toMatchObject({ id: 'ANALYSIS#2', startedAt: msk('2026-05-06T10:00'), dueAt: msk('2026-05-07T10:00') });
  });

  it('clarification: the customer has 3 wd; expiry, not a breach', () => {
    const [c] = planTicketClocks(
      defaultSlaPolicy,
      cal,
      facts({ status: TicketStatus.AWAITING_CLARIFICATION, clarification: { round: 1, requestedAt: msk('2026-04-30T12:00') } }),
    );
    expect(c).toMatchObject({
      id: 'CLARIFICATION#1',
      party: 'CUSTOMER',
      dueAt: msk('2026-05-06T12:00'),
      onDue: 'EXPIRY',
      breachRecordable: false,
    });
  });

  it('ERROR/URGENT: solution 1 wd over the May 1 holiday, notice 4 working hours before', () => {
    // Thu 30 Apr is shortened; 15:00 is 5 h in; Fri 1 May holiday → Mon 4 May 15:00; −4 wh = 10:00 (lunch skipped).
    const [c] = planTicketClocks(defaultSlaPolicy, cal, inProgress('ERROR', 'URGENT', msk('2026-04-30T15:00')));
    expect(c).toMatchObject({
      id: 'SOLUTION#1',
      kind: 'SOLUTION',
      party: 'PROVIDER',
      dueAt: msk('2026-05-04T15:00'),
      noticeAt: msk('2026-05-04T10:00'),
      notice: { hours: 4 },
      breachRecordable: true,
    });
  });

  it('SUPPORT/URGENT: 3 wd over the shortened 8 May and the 11 May day off; notice 1 wd before', () => {
    const [c] = planTicketClocks(defaultSlaPolicy, cal, inProgress('SUPPORT', 'URGENT', msk('2026-05-06T10:30')));
    expect(c).toMatchObject({ dueAt: msk('2026-05-12T10:30'), noticeAt: msk('2026-05-08T10:30') });
  });

  it('SUPPORT/HIGH: an offset that does not fit a shortened day ends at that day’s end', () => {
    const [c] = planTicketClocks(defaultSlaPolicy, cal, inProgress('SUPPORT', 'HIGH', msk('2026-04-27T17:30')));
    expect(c.dueAt).toBe(msk('2026-04-30T17:00'));
  });

  it('SUPPORT/NORMAL and LOW: 5 wd', () => {
    for (const p of ['NORMAL', 'LOW'] as const) {
      const [c] = planTicketClocks(defaultSlaPolicy, cal, inProgress('SUPPORT', p, msk('2026-04-29T11:00')));
      // Wed 29 Apr → 30 Apr (1), 4 (2), 5 (3), 6 (4), 7 May (5).
      expect(c).toMatchObject({ dueAt: msk('2026-05-07T11:00'), noticeAt: msk('2026-05-06T11:00') });
    }
  });

  it('ERROR/HIGH follows the next unplanned release: no due until one is linked, then its date; moves with it', () => {
    const base = inProgress('ERROR', 'HIGH', msk('2026-05-04T10:00'));
    expect(planTicketClocks(defaultSlaPolicy, cal, base)[0]).toMatchObject({
      dueAt: null,
      noticeAt: null,
      rule: 'NEXT_UNPLANNED_RELEASE',
      breachRecordable: true,
    });
    // A planned release does not count for a hotfix deadline.
    const planned = { releaseId: 'r-p', kind: 'PLANNED' as const, scheduledFor: msk('2026-05-20T18:00') };
    expect(planTicketClocks(defaultSlaPolicy, cal, { ...base, release: planned })[0].dueAt).toBeNull();
    const hotfix = { releaseId: 'r-h', kind: 'UNPLANNED' as const, scheduledFor: msk('2026-05-14T18:00') };
    expect(planTicketClocks(defaultSlaPolicy, cal, { ...base, release: hotfix })[0]).toMatchObject({
      dueAt: msk('2026-05-14T18:00'),
      releaseId: 'r-h',
      noticeAt: null,
    });
    const moved = { ...hotfix, scheduledFor: msk('2026-05-18T12:00') };
    expect(planTicketClocks(defaultSlaPolicy, cal, { ...base, release: moved })[0].dueAt).toBe(msk('2026-05-18T12:00'));
    // Shipped early without the ticket: the deadline ended when it shipped.
    const shippedWithout = { ...hotfix, shippedAt: msk('2026-05-13T12:00'), includesTicket: false };
    expect(planTicketClocks(defaultSlaPolicy, cal, { ...base, release: shippedWithout })[0].dueAt).toBe(msk('2026-05-13T12:00'));
  });

  it('ERROR/NORMAL follows the next planned release', () => {
    const release = { releaseId: 'r-1', kind: 'PLANNED' as const, scheduledFor: msk('2026-06-01T18:00') };
    expect(planTicketClocks(defaultSlaPolicy, cal, inProgress('ERROR', 'NORMAL', msk('2026-05-04T10:00'), { release }))[0]).toMatchObject({
      dueAt: msk('2026-06-01T18:00'),
      breachRecordable: true,
      onDue: 'BREACH',
    });
  });

  it('ERROR/LOW: the planned date (or the linked planned release), never a breach', () => {
    const [c] = planTicketClocks(
      defaultSlaPolicy,
      cal,
      inProgress('ERROR', 'LOW', msk('2026-05-04T10:00'), { plannedDate: msk('2026-07-01T12:00') }),
    );
    expect(c).toMatchObject({ dueAt: msk('2026-07-01T12:00'), breachRecordable: false, onDue: null, noticeAt: null });
    expect(clockEvents([c])).toEqual([{ key: 'SOLUTION#1:OVERDUE', clockId: 'SOLUTION#1', kind: 'OVERDUE', at: msk('2026-07-01T12:00') }]);
    const release = { releaseId: 'r-2', kind: 'PLANNED' as const, scheduledFor: msk('2026-06-15T18:00') };
    expect(
      planTicketClocks(
        defaultSlaPolicy,
        cal,
        inProgress('ERROR', 'LOW', msk('2026-05-04T10:00'), { plannedDate: msk('2026-07-01T12:00'), release }),
      )[0].dueAt,
    ).toBe(msk('2026-06-15T18:00'));
  });

  it('IMPROVEMENT: the agreed planned release binds once linked, with a 1 wd notice', () => {
    const base = inProgress('IMPROVEMENT', 'NORMAL', msk('2026-05-04T10:00'));
    expect(planTicketClocks(defaultSlaPolicy, cal, base)[0]).toMatchObject({ rule: 'AGREED_PLANNED_RELEASE', dueAt: null });
    const release = { releaseId: 'r-3', kind: 'PLANNED' as const, scheduledFor: msk('2026-06-12T12:00') };
    // 12 Jun is a holiday: the notice is 1 wd back from the end of the previous working interval (Thu 11 Jun, shortened).
    const [c] = planTicketClocks(defaultSlaPolicy, cal, { ...base, release });
    expect(c).toMatchObject({ dueAt: msk('2026-06-12T12:00'), noticeAt: msk('2026-06-10T17:00'), breachRecordable: true });
  });

  it('customer acceptance restarts with every delivery (round = remark lists + 1)', () => {
    const f = facts({
      status: TicketStatus.SOLUTION_DELIVERED,
      category: 'SUPPORT',
      priority: 'URGENT',
      analysedAt: msk('2026-05-04T10:00'),
      solutionDeliveredAt: msk('2026-05-13T09:30'),
      remarkRound: 1,
    });
    expect(planTicketClocks(defaultSlaPolicy, cal, f)[0]).toMatchObject({
      id: 'ACCEPTANCE#2',
      party: 'CUSTOMER',
      dueAt: msk('2026-05-18T09:30'),
      noticeAt: msk('2026-05-15T09:30'),
    });
  });

  it('remark fixes: working time, or the nearest unplanned release for IMPROVEMENT', () => {
    const f = facts({
      status: TicketStatus.REMARKS,
      category: 'ERROR',
      priority: 'URGENT',
      remarkRound: 2,
      remarksSentAt: msk('2026-05-08T12:00'),
    });
    expect(planTicketClocks(defaultSlaPolicy, cal, f)[0]).toMatchObject({
      id: 'REMARK_FIX#2',
      dueAt: msk('2026-05-12T12:00'),
      noticeAt: msk('2026-05-08T16:00'),
    });
    // 12:00 − 4 wh: 3 h on Tue 12 May, the fourth from the end of the shortened Fri 8 May (17:00 → 16:00).
    const g = { ...f, category: 'IMPROVEMENT' as const, priority: 'LOW' as const };
    expect(planTicketClocks(defaultSlaPolicy, cal, g)[0]).toMatchObject({ rule: 'NEXT_UNPLANNED_RELEASE', dueAt: null });
  });

  it('no clocks for ERROR/HIGH acceptance ("—") and none in terminal states', () => {
    const f = facts({
      status: TicketStatus.SOLUTION_DELIVERED,
      category: 'ERROR',
      priority: 'HIGH',
      solutionDeliveredAt: msk('2026-05-13T09:30'),
    });
    expect(planTicketClocks(defaultSlaPolicy, cal, f)).toEqual([]);
    for (const status of [TicketStatus.ACCEPTED, TicketStatus.CLOSED, TicketStatus.CANCELLED, TicketStatus.CLOSED_WITHOUT_PROCESSING]) {
      expect(planTicketClocks(defaultSlaPolicy, cal, { ...f, status })).toEqual([]);
    }
  });

  it('a freed provider’s clocks still show their dates but record nothing (no warning; only OVERDUE at due)', () => {
    const f = facts({
      status: TicketStatus.REMARKS,
      category: 'SUPPORT',
      priority: 'NORMAL',
      remarkRound: 1,
      remarksSentAt: msk('2026-05-12T10:00'),
      providerFreedAt: msk('2026-05-11T18:00'),
    });
    const [c] = planTicketClocks(defaultSlaPolicy, cal, f);
    expect(c).toMatchObject({ binding: false, breachRecordable: false, onDue: null, dueAt: msk('2026-05-19T10:00') });
    expect(clockEvents([c]).map((e) => e.kind)).toEqual(['OVERDUE']);
  });

  it('records whether a delay notice was filed by the notice instant', () => {
    const base = inProgress('ERROR', 'URGENT', msk('2026-04-30T15:00'));
    const inTime = planTicketClocks(defaultSlaPolicy, cal, {
      ...base,
      delayNotices: [{ clockId: 'SOLUTION#1', party: 'PROVIDER', filedAt: msk('2026-05-04T10:00'), reason: 'vendor' }],
    })[0];
    expect(inTime.delayNotice).toEqual({ filedAt: msk('2026-05-04T10:00'), inTime: true, reason: 'vendor' });
    const late = planTicketClocks(defaultSlaPolicy, cal, {
      ...base,
      delayNotices: [{ clockId: 'SOLUTION#1', party: 'PROVIDER', filedAt: msk('2026-05-04T10:01'), reason: 'vendor' }],
    })[0];
    expect(late.delayNotice?.inTime).toBe(false);
  });

  it('marks instants in a year without production data as provisional', () => {
    const [c] = planTicketClocks(defaultSlaPolicy, cal, inProgress('SUPPORT', 'NORMAL', msk('2026-12-29T10:00')));
    // 30 Dec (1), 31 Dec off, 1–8 Jan 2027 fixed holidays (provisional), 11 (2) … 14 Jan (5).
    expect(c).toMatchObject({ dueAt: msk('2027-01-14T10:00'), provisional: true });
  });

  it('a calendar change re-plans the same clock ids', () => {
    const f = inProgress('SUPPORT', 'URGENT', msk('2026-05-06T10:30'));
    const changed = withOverrides(cal, { '2026-05-12': { kind: 'dayOff', title: 'contract day off' } });
    const [before] = planTicketClocks(defaultSlaPolicy, cal, f);
    const [after] = planTicketClocks(defaultSlaPolicy, changed, f);
    expect(after.id).toBe(before.id);
    expect(after.dueAt).toBe(msk('2026-05-13T10:30'));
  });
});

describe('solutionDeadline', () => {
  it('is the solution clock that analysis now would start', () => {
    const f = facts({ category: 'ERROR', priority: 'URGENT' });
    expect(solutionDeadline(defaultSlaPolicy, cal, f, msk('2026-04-30T15:00'))?.dueAt).toBe(msk('2026-05-04T15:00'));
    expect(solutionDeadline(defaultSlaPolicy, cal, { ...f, priority: 'HIGH' }, msk('2026-04-30T15:00'))?.dueAt).toBeNull();
  });
});

describe('clock events', () => {
  const [c] = planTicketClocks(defaultSlaPolicy, cal, inProgress('ERROR', 'URGENT', msk('2026-04-30T15:00')));

  it('warning at the notice instant, breach at due, each exactly once', () => {
    expect(clockEvents([c])).toEqual([
      { key: 'SOLUTION#1:WARNING', clockId: 'SOLUTION#1', kind: 'WARNING', at: msk('2026-05-04T10:00') },
      { key: 'SOLUTION#1:BREACH', clockId: 'SOLUTION#1', kind: 'BREACH', at: msk('2026-05-04T15:00') },
    ]);
    expect(nextClockEventAt([c], [])).toBe(msk('2026-05-04T10:00'));
    expect(dueClockEvents([c], [], msk('2026-05-04T09:59'))).toEqual([]);
    expect(dueClockEvents([c], [], msk('2026-05-04T10:00')).map((e) => e.key)).toEqual(['SOLUTION#1:WARNING']);
    expect(nextClockEventAt([c], ['SOLUTION#1:WARNING'])).toBe(msk('2026-05-04T15:00'));
    expect(dueClockEvents([c], ['SOLUTION#1:WARNING'], msk('2026-05-05T00:00')).map((e) => e.key)).toEqual(['SOLUTION#1:BREACH']);
    expect(nextClockEventAt([c], ['SOLUTION#1:WARNING', 'SOLUTION#1:BREACH'])).toBeNull();
  });
});

describe('planSimpleClock', () => {
  it('hotline callback: at most 3 wd after the call, or the agreed earlier date', () => {
    const max = planSimpleClock(cal, {
      kind: 'HOTLINE_CALLBACK',
      party: 'PROVIDER',
      startedAt: msk('2026-04-30T16:00'),
      amount: { days: 3 },
      notice: { hours: 4 },
    });
    expect(max).toMatchObject({ id: 'HOTLINE_CALLBACK#1', dueAt: msk('2026-05-06T16:00'), noticeAt: msk('2026-05-06T11:00') });
    const agreed = planSimpleClock(cal, {
      kind: 'HOTLINE_CALLBACK',
      party: 'PROVIDER',
      startedAt: msk('2026-04-30T16:00'),
      amount: { days: 3 },
      notice: { hours: 4 },
      dueAt: msk('2026-05-05T12:00'),
    });
    expect(agreed).toMatchObject({ dueAt: msk('2026-05-05T12:00'), noticeAt: msk('2026-05-04T17:00') });
  });
});

describe('withPolicyOverrides', () => {
  it('overrides any cell under the contract’s id and version, leaving the base untouched', () => {
    const p = withPolicyOverrides(defaultSlaPolicy, {
      id: 'contract-42',
      version: '3',
      autoCloseOnClarificationExpiry: true,
      matrix: { ERROR: { HIGH: { solution: { kind: 'WORKING_TIME', amount: { days: 2 } }, notice: { hours: 4 } } } },
    });
    expect(p).toMatchObject({
      id: 'contract-42',
      version: '3',
      basedOn: { id: 'default', version: '1' },
      autoCloseOnClarificationExpiry: true,
    });
    expect(p.matrix.ERROR.HIGH).toEqual({
      solution: { kind: 'WORKING_TIME', amount: { days: 2 } },
      acceptance: { kind: 'NONE' },
      remarkFix: { kind: 'NONE' },
      notice: { hours: 4 },
    });
    expect(defaultSlaPolicy.matrix.ERROR.HIGH.solution).toEqual({ kind: 'NEXT_UNPLANNED_RELEASE' });
    const [c] = planTicketClocks(p, cal, inProgress('ERROR', 'HIGH', msk('2026-04-30T15:00')));
    expect(c.dueAt).toBe(msk('2026-05-05T15:00'));
  });

  it('rejects a policy it cannot plan with', () => {
    expect(() =>
      withPolicyOverrides(defaultSlaPolicy, {
        id: 'x',
        version: '1',
        matrix: { SUPPORT: { LOW: { acceptance: { kind: 'NEXT_PLANNED_RELEASE' } } } },
      }),
    ).toThrow(PolicyError);
    expect(() => withPolicyOverrides(defaultSlaPolicy, { id: 'x', version: '1', analysis: { days: -1 } })).toThrow(/analysis/);
  });
});

describe('planner properties', () => {
  const combos = CATEGORIES.flatMap((c) => PRIORITIES.map((p) => [c, p] as const)).filter(
    ([c, p]) => classificationProblem(defaultSlaPolicy, { category: c, priority: p }) === null,
  );
  it('working-time clocks: start ≤ notice ≤ due, and planning is a pure function', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...combos),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-20T00:00:00Z') }),
        ([category, priority], t) => {
          const at = new Date(Math.floor(t / 60_000) * 60_000).toISOString();
          const f = inProgress(category, priority, at);
          const a = planTicketClocks(defaultSlaPolicy, cal, f);
          expect(planTicketClocks(defaultSlaPolicy, cal, JSON.parse(JSON.stringify(f)))).toEqual(a);
          for (const c of a) {
            if (c.rule !== 'WORKING_TIME' || !c.dueAt) continue;
            expect(Date.parse(c.dueAt)).toBeGreaterThan(Date.parse(c.startedAt));
            if (c.noticeAt) expect(Date.parse(c.noticeAt)).toBeLessThanOrEqual(Date.parse(c.dueAt));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('notice instants follow the boundary rule (docs/sla-rules.md#subtraction)', () => {
  it("1 wd before a deadline on the day after the May holidays is the shortened Friday's end, as the CLI says", () => {
    const due = msk('2026-05-12T17:45');
    const clock = planSimpleClock(cal, {
      kind: 'HOTLINE_CALLBACK',
      party: 'PROVIDER',
      startedAt: msk('2026-05-08T10:00'),
      amount: { days: 3 },
      notice: { days: 1 },
      dueAt: due,
    });
    expect(clock.noticeAt).toBe(msk('2026-05-08T17:00'));
    const cli = JSON.parse(
      createCliHandler()(JSON.stringify({ op: 'subtract', start: '2026-05-12T17:45:00+03:00', workingDays: 1 })) as string,
    );
    expect(new Date(cli.result).toISOString()).toBe(clock.noticeAt);
  });
});
