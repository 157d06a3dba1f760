/**
 * The clock planner: pure functions from (policy, calendar, facts) to the clocks that are running now, with their due
 * and notice instants, and to the warning / breach / expiry events they fire. No clock of its own, no I/O: a workflow
 * calls it after every change and sets one durable timer for the earliest event not yet fired.
 */
import type { WorkingAmount } from '../calendar/types';
import { addWorkingTime, isProvisionalInstant, subtractWorkingTime, type CalendarLike } from '../calendar/working-time';
import {
  ClockKind,
  TicketStatus,
  type Category,
  type ClockEvent,
  type DeadlineRule,
  type DelayNoticeFact,
  type DueOutcome,
  type Instant,
  type LinkedRelease,
  type Party,
  type PlannedClock,
  type Priority,
  type ReleaseKind,
  type SlaPolicy,
  type TicketFacts,
} from './types';

const iso = (d: Date): Instant => d.toISOString();
const ms = (t: Instant): number => Date.parse(t);

/** The clock id of a kind and round, e.g. `SOLUTION#1`. */
export function clockId(kind: ClockKind, round: number): string {
  return `${kind}#${round}`;
}

/** The release kind a release-linked rule follows (null for rules that do not follow a release). */
export function releaseKindFor(rule: DeadlineRule): ReleaseKind | null {
  switch (rule.kind) {
    case 'NEXT_UNPLANNED_RELEASE':
      return 'UNPLANNED';
    case 'NEXT_PLANNED_RELEASE':
    case 'FOLLOWING_PLANNED_RELEASE':
    case 'AGREED_PLANNED_RELEASE':
      return 'PLANNED';
    default:
      return null;
  }
}

export type ClassificationProblem = { code: 'PRIORITY_NOT_ALLOWED'; message: string } | { code: 'WARRANTY_PRIORITY'; message: string };

/**
 * Whether a category × priority may be chosen (docs/sla-rules.md#priorities): IMPROVEMENT is NORMAL or LOW only (per the policy), and a warranty
 * case must have the policy's warranty priority (URGENT). Null when allowed.
 */
export function classificationProblem(
  policy: SlaPolicy,
  c: { category: Category; priority: Priority; warranty?: boolean },
): ClassificationProblem | null {
  const allowed = policy.allowedPriorities[c.category] ?? [];
  if (!allowed.includes(c.priority)) {
    return {
      code: 'PRIORITY_NOT_ALLOWED',
      message: `${c.category} tickets may only be ${allowed.join(' or ')}; ${c.priority} is not allowed`,
    };
  }
  if (c.warranty && c.priority !== policy.warrantyPriority) {
    return {
      code: 'WARRANTY_PRIORITY',
      message: `A warranty case must be ${policy.warrantyPriority}, got ${c.priority}`,
    };
  }
  return null;
}

interface ClockSpec {
  kind: ClockKind;
  party: Party;
  round: number;
  startedAt: Instant;
  rule: DeadlineRule;
  notice: WorkingAmount | null;
  onDue: DueOutcome;
}

/**
 * The release a clock following `want` may use: a linked release of that kind, unless it shipped with the ticket
 * (docs/sla-rules.md#release-linked-deadlines).
 */
function usableRelease(release: LinkedRelease | undefined, want: ReleaseKind | null): LinkedRelease | undefined {
  if (!release || !want || release.kind !== want) return undefined;
  if (release.shippedAt && release.includesTicket) return undefined;
  return release;
}

/** The first delay notice filed for a clock (a later one cannot make it "in time"; docs/sla-rules.md#delay-notices). */
function firstNotice(notices: readonly DelayNoticeFact[], id: string): DelayNoticeFact | undefined {
  return notices.find((n) => n.clockId === id);
}

function planOne(
  cal: CalendarLike,
  facts: Pick<TicketFacts, 'release' | 'plannedDate' | 'delayNotices' | 'providerFreedAt'>,
  s: ClockSpec,
): PlannedClock {
  const id = clockId(s.kind, s.round);
  let due: Date | null = null;
  let breachable = true;
  let releaseId: string | undefined;
  const rule = s.rule;
  switch (rule.kind) {
    case 'WORKING_TIME':
      due = addWorkingTime(cal, new Date(s.startedAt), rule.amount);
      break;
    case 'NONE':
      breachable = false;
      break;
    default: {
      const release = usableRelease(facts.release, releaseKindFor(rule));
      if (rule.kind === 'FOLLOWING_PLANNED_RELEASE') {
        // "one of the following planned releases (the planned date, no breach)".
        breachable = false;
        if (release && !release.shippedAt) {
          due = new Date(release.scheduledFor);
          releaseId = release.releaseId;
        } else if (facts.plannedDate) {
          due = new Date(facts.plannedDate);
        }
      } else if (release) {
        releaseId = release.releaseId;
        // A release that shipped without the ticket ended this deadline when it shipped (if not already passed).
        const at = release.shippedAt ? Math.min(ms(release.scheduledFor), ms(release.shippedAt)) : ms(release.scheduledFor);
        due = new Date(at);
      }
    }
  }
  const notice = rule.kind === 'NONE' || rule.kind === 'FOLLOWING_PLANNED_RELEASE' ? null : s.notice;
  const noticeAt = due && notice ? subtractWorkingTime(cal, due, notice) : null;
  const binding = !(s.party === 'PROVIDER' && facts.providerFreedAt);
  const breachRecordable = breachable && binding;
  const filed = firstNotice(facts.delayNotices, id);
  const clock: PlannedClock = {
    id,
    kind: s.kind,
    party: s.party,
    round: s.round,
    startedAt: s.startedAt,
    rule: rule.kind,
    dueAt: due ? iso(due) : null,
    noticeAt: noticeAt ? iso(noticeAt) : null,
    notice,
    binding,
    breachRecordable: s.onDue === 'BREACH' ? breachRecordable : false,
    onDue: s.onDue === 'EXPIRY' ? 'EXPIRY' : breachRecordable ? 'BREACH' : null,
    provisional: [due, noticeAt].some((d) => d !== null && isProvisionalInstant(cal, d)),
  };
  if (releaseId) clock.releaseId = releaseId;
  if (filed) {
    clock.delayNotice = {
      filedAt: filed.filedAt,
      reason: filed.reason,
      inTime: clock.noticeAt ? ms(filed.filedAt) <= ms(clock.noticeAt) : clock.dueAt ? ms(filed.filedAt) < ms(clock.dueAt) : true,
    };
  }
  return clock;
}

/** The specs of the clocks running in the facts' current status (before dates are computed). */
function runningSpecs(policy: SlaPolicy, f: TicketFacts): ClockSpec[] {
  const cell = f.category && f.priority ? policy.matrix[f.category][f.priority] : undefined;
  switch (f.status) {
    case TicketStatus.REGISTERED: {
      const amount = f.analysisRound > 1 ? policy.reanalysis : policy.analysis;
      if (!amount) return [];
      const rule: DeadlineRule = { kind: 'WORKING_TIME', amount };
      return [
        {
          kind: ClockKind.ANALYSIS,
          party: 'PROVIDER',
          round: f.analysisRound,
          startedAt: f.analysisStartedAt,
          rule,
          notice: null,
          onDue: 'BREACH',
        },
      ];
    }
    case TicketStatus.AWAITING_CLARIFICATION: {
      if (!f.clarification) return [];
      const rule: DeadlineRule = { kind: 'WORKING_TIME', amount: policy.clarification };
      // A missed clarification has its own consequence (closing without processing), not a breach
      // (docs/sla-rules.md#clarification).
      return [
        {
          kind: ClockKind.CLARIFICATION,
          party: 'CUSTOMER',
          round: f.clarification.round,
          startedAt: f.clarification.requestedAt,
          rule,
          notice: null,
          onDue: 'EXPIRY',
        },
      ];
    }
    case TicketStatus.IN_PROGRESS:
      if (!cell || !f.analysedAt || cell.solution.kind === 'NONE') return [];
      return [
        {
          kind: ClockKind.SOLUTION,
          party: 'PROVIDER',
          round: 1,
          startedAt: f.analysedAt,
          rule: cell.solution,
          notice: cell.notice,
          onDue: 'BREACH',
        },
      ];
    case TicketStatus.SOLUTION_DELIVERED:
      if (!cell || !f.solutionDeliveredAt || cell.acceptance.kind === 'NONE') return [];
      return [
        {
          kind: ClockKind.ACCEPTANCE,
          party: 'CUSTOMER',
          round: f.remarkRound + 1,
          startedAt: f.solutionDeliveredAt,
          rule: cell.acceptance,
          notice: cell.notice,
          onDue: 'BREACH',
        },
      ];
    case TicketStatus.REMARKS:
      if (!cell || !f.remarksSentAt || cell.remarkFix.kind === 'NONE') return [];
      return [
        {
          kind: ClockKind.REMARK_FIX,
          party: 'PROVIDER',
          round: f.remarkRound,
          startedAt: f.remarksSentAt,
          rule: cell.remarkFix,
          notice: cell.notice,
          onDue: 'BREACH',
        },
      ];
    default:
      return [];
  }
}

/**
 * Every clock running for a ticket in its current state: due instant, notice instant (the due instant minus the
 * row's notice amount in working time), whether a breach would be recorded. Throws WorkingTimeError if an instant
 * falls outside the calendar's range.
 */
export function planTicketClocks(policy: SlaPolicy, cal: CalendarLike, facts: TicketFacts): PlannedClock[] {
  return runningSpecs(policy, facts).map((s) => planOne(cal, facts, s));
}

/**
 * The solution deadline that analysis at `analysedAt` would start (null when it has none yet, e.g. a release-linked
 * deadline with no release linked). Used to check a planned date against the deadline.
 */
export function solutionDeadline(policy: SlaPolicy, cal: CalendarLike, facts: TicketFacts, analysedAt: Instant): PlannedClock | null {
  const hypothetical: TicketFacts = { ...facts, status: TicketStatus.IN_PROGRESS, analysedAt };
  return planTicketClocks(policy, cal, hypothetical)[0] ?? null;
}

/** A single working-time clock (hotline callback, access list): due = start + amount, or an agreed earlier due. */
export function planSimpleClock(
  cal: CalendarLike,
  s: {
    kind: ClockKind;
    party: Party;
    round?: number;
    startedAt: Instant;
    amount: WorkingAmount;
    notice: WorkingAmount | null;
    dueAt?: Instant;
    delayNotices?: DelayNoticeFact[];
  },
): PlannedClock {
  const clock = planOne(
    cal,
    { delayNotices: s.delayNotices ?? [] },
    {
      kind: s.kind,
      party: s.party,
      round: s.round ?? 1,
      startedAt: s.startedAt,
      rule: { kind: 'WORKING_TIME', amount: s.amount },
      notice: s.notice,
      onDue: 'BREACH',
    },
  );
  if (s.dueAt && clock.dueAt && ms(s.dueAt) !== ms(clock.dueAt)) {
    // An agreed due instant (e.g. the callback date the specialist set) replaces the maximum.
    const due = new Date(s.dueAt);
    const noticeAt = s.notice ? subtractWorkingTime(cal, due, s.notice) : null;
    clock.dueAt = iso(due);
    clock.noticeAt = noticeAt ? iso(noticeAt) : null;
    clock.provisional = [due, noticeAt].some((d) => d !== null && isProvisionalInstant(cal, d));
  }
  return clock;
}

/** The latest allowed instant of a working-time amount after `start` (e.g. the latest callback date). */
export function latestDue(cal: CalendarLike, start: Instant, amount: WorkingAmount): Instant {
  return iso(addWorkingTime(cal, new Date(start), amount));
}

/**
 * Every event the clocks can fire: a warning at the notice instant (binding clocks), and at due the breach / expiry
 * (or OVERDUE when nothing is recordable there).
 */
export function clockEvents(clocks: readonly PlannedClock[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const c of clocks) {
    if (c.noticeAt && c.binding) out.push({ key: `${c.id}:WARNING`, clockId: c.id, kind: 'WARNING', at: c.noticeAt });
    const kind = c.onDue ?? 'OVERDUE';
    if (c.dueAt) out.push({ key: `${c.id}:${kind}`, clockId: c.id, kind, at: c.dueAt });
  }
  return out.sort((a, b) => ms(a.at) - ms(b.at) || (a.kind === 'WARNING' ? -1 : 1));
}

export interface FiringOptions {
  /**
   * One outcome per clock (docs/sla-rules.md#in-time-late-and-each-outcome-once): once a clock's breach, expiry or
   * overdue fired, no other outcome fires for it, even when a re-plan changed what its due instant records.
   * Default true; false only replays runs recorded before the rule.
   */
  oneOutcomePerClock?: boolean;
}

/** The events not fired yet, earliest first (what fired stays fired: keyed by `key`). */
function pendingClockEvents(clocks: readonly PlannedClock[], fired: readonly string[], o: FiringOptions): ClockEvent[] {
  const done = new Set(fired);
  const decided = new Set(
    o.oneOutcomePerClock === false ? [] : fired.filter((k) => !k.endsWith(':WARNING')).map((k) => k.slice(0, k.lastIndexOf(':'))),
  );
  return clockEvents(clocks).filter((e) => !done.has(e.key) && (e.kind === 'WARNING' || !decided.has(e.clockId)));
}

/** The events due at `now` that have not fired yet, earliest first. */
export function dueClockEvents(
  clocks: readonly PlannedClock[],
  fired: readonly string[],
  now: Instant,
  o: FiringOptions = {},
): ClockEvent[] {
  const t = ms(now);
  return pendingClockEvents(clocks, fired, o).filter((e) => ms(e.at) <= t);
}

/** The instant of the earliest event not yet fired (null: nothing to wait for). */
export function nextClockEventAt(clocks: readonly PlannedClock[], fired: readonly string[], o: FiringOptions = {}): Instant | null {
  return pendingClockEvents(clocks, fired, o)[0]?.at ?? null;
}
