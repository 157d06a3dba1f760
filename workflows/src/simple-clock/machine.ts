/**
 * The clock machinery of the two single-clock workflows (hotline callback, contract onboarding): the same planner,
 * ledger and exactly-once firing as the ticket, for one working-time clock that one action stops. Pure.
 */
import {
  dueClockEvents,
  nextClockEventAt,
  planSimpleClock,
  type BusinessCalendar,
  type ClockKind,
  type Instant,
  type Party,
  type PlannedClock,
  type SlaPolicy,
  type WorkingAmount,
} from '@sla-desk/sla';
import {
  RejectionCode,
  type Actor,
  type ClockView,
  type ContractTerms,
  type SimpleClockView,
  type SimpleClockWorkflowState,
  type SlaEvent,
  type SlaSubject,
} from '@sla-desk/workflow-api';
import { ledgerView, syncLedger } from '../shared/clock-ledger';
import { instant, reject, toMinute } from '../shared/input';

export interface SimpleClockSpec {
  subject: SlaSubject;
  kind: ClockKind;
  party: Party;
  startedAt: Instant;
  amount: (p: SlaPolicy) => WorkingAmount;
  notice: (p: SlaPolicy) => WorkingAmount | null;
}

/** Rules that changed while runs were open (decided per run with patched(); the pure specs get the current ones). */
export interface SimpleClockRules {
  /** An agreed due date must lie after the start and within the maximum (it used to be clamped silently). */
  agreedDueChecked: boolean;
  /** One outcome event per clock, even after a re-plan. */
  oneOutcomePerClock: boolean;
}

export class SimpleClockMachine {
  constructor(
    readonly spec: SimpleClockSpec,
    readonly s: SimpleClockWorkflowState,
    readonly rules: Readonly<SimpleClockRules> = { agreedDueChecked: true, oneOutcomePerClock: true },
  ) {}

  /** Throws a rejection (an ApplicationFailure) for an agreed due date before the start or beyond the maximum. */
  static start(
    spec: SimpleClockSpec,
    terms: ContractTerms,
    now: Instant,
    agreedDueAt?: Instant,
    rules?: SimpleClockRules,
  ): SimpleClockMachine {
    const m = new SimpleClockMachine(
      { ...spec, startedAt: toMinute(spec.startedAt) },
      { policy: terms.policy, calendar: terms.calendar, fired: [], clocks: [], seq: 0, outbox: [] },
      rules,
    );
    if (agreedDueAt !== undefined) {
      const max = m.planWith(m.s.policy, m.s.calendar)[0]?.dueAt;
      const agreed = m.rules.agreedDueChecked ? instant(agreedDueAt, 'the agreed date') : new Date(agreedDueAt).toISOString();
      if (m.rules.agreedDueChecked && Date.parse(agreed) <= Date.parse(spec.startedAt)) {
        reject(RejectionCode.INVALID_INPUT, `The agreed date ${agreed} must lie after ${spec.startedAt}`);
      }
      if (m.rules.agreedDueChecked && max && Date.parse(agreed) > Date.parse(max)) {
        reject(RejectionCode.CALLBACK_TOO_LATE, `The agreed date ${agreed} is later than the SLA allows (${max})`);
      }
      m.s.dueAt = max && Date.parse(agreed) > Date.parse(max) ? max : agreed;
    }
    m.tick(now);
    return m;
  }

  get done(): boolean {
    return this.s.doneAt !== undefined;
  }

  private planWith(policy: SlaPolicy, calendar: BusinessCalendar): PlannedClock[] {
    if (this.done) return [];
    return [
      planSimpleClock(calendar, {
        kind: this.spec.kind,
        party: this.spec.party,
        startedAt: this.spec.startedAt,
        amount: this.spec.amount(policy),
        notice: this.spec.notice(policy),
        ...(this.s.dueAt ? { dueAt: this.s.dueAt } : {}),
      }),
    ];
  }

  private replan(now: Instant, reason?: 'CALENDAR_CHANGED' | 'POLICY_CHANGED'): PlannedClock[] {
    const planned = this.planWith(this.s.policy, this.s.calendar);
    const r = syncLedger(this.s.clocks, planned, now);
    for (const v of r.stopped) this.emit('CLOCK_STOPPED', now, v, this.s.doneBy);
    for (const v of r.started) this.emit('CLOCK_STARTED', now, v);
    if (reason) for (const v of r.moved) this.emit('CLOCKS_REPLANNED', now, v);
    return planned;
  }

  /** Fires the warning / breach due at `now`, exactly once each. */
  tick(now: Instant): void {
    for (let guard = 0; guard < 8; guard++) {
      const planned = this.replan(now);
      const [e] = dueClockEvents(planned, this.s.fired, now, { oneOutcomePerClock: this.rules.oneOutcomePerClock });
      if (!e) return;
      this.s.fired.push(e.key);
      const v = this.s.clocks.find((c) => c.id === e.clockId) as ClockView;
      if (e.kind === 'WARNING') {
        v.warnedAt = e.at;
        this.emit('CLOCK_WARNING', e.at, { ...v, state: 'WARNED' });
      } else if (e.kind === 'OVERDUE') {
        this.emit('CLOCK_OVERDUE', e.at, { ...v, state: 'OVERDUE' });
      } else {
        v.breachedAt = e.at;
        v.state = 'BREACHED';
        this.emit('CLOCK_BREACHED', e.at, v);
      }
    }
  }

  nextEventAt(): Instant | null {
    return nextClockEventAt(this.planWith(this.s.policy, this.s.calendar), this.s.fired, {
      oneOutcomePerClock: this.rules.oneOutcomePerClock,
    });
  }

  complete(actor: Actor, now: Instant): SimpleClockView {
    this.tick(now);
    this.s.doneAt = now;
    this.s.doneBy = actor;
    this.replan(now);
    return this.view(now);
  }

  calendarChanged(calendar: BusinessCalendar, now: Instant): boolean {
    if (!calendar || calendar.schema !== 1 || calendar.version === this.s.calendar.version || !this.canPlan(this.s.policy, calendar))
      return false;
    this.s.calendar = calendar;
    this.replan(now, 'CALENDAR_CHANGED');
    return true;
  }

  policyChanged(policy: SlaPolicy, now: Instant): boolean {
    if (!policy || policy.schema !== 1 || (policy.id === this.s.policy.id && policy.version === this.s.policy.version)) return false;
    if (!this.canPlan(policy, this.s.calendar)) return false;
    this.s.policy = policy;
    this.replan(now, 'POLICY_CHANGED');
    return true;
  }

  private canPlan(policy: SlaPolicy, calendar: BusinessCalendar): boolean {
    try {
      this.planWith(policy, calendar);
      return true;
    } catch {
      return false;
    }
  }

  private emit(type: SlaEvent['type'], at: Instant, clock: ClockView, actor?: Actor): void {
    const seq = ++this.s.seq;
    const { subject } = this.spec;
    const e: SlaEvent = { eventId: `${subject.type}:${subject.id}:${seq}`, subject, seq, at, type, clock: { ...clock } };
    if (actor) e.actor = actor;
    this.s.outbox.push(e);
  }

  view(now: Instant): SimpleClockView {
    const [clock] = ledgerView(this.s.clocks, now);
    const v: SimpleClockView = { subject: this.spec.subject, clock, done: this.done };
    if (this.s.doneAt) v.doneAt = this.s.doneAt;
    if (this.s.doneBy) v.doneBy = this.s.doneBy;
    return v;
  }
}
