/**
 * The ticket's clocks: re-planning after every change (libs/sla planner → the ledger), firing each warning / breach /
 * expiry / overdue event exactly once, and the outbox of events every change leaves. The base of TicketMachine;
 * pure and deterministic, `now` is an argument.
 */
import {
  TERMINAL_STATUSES,
  dueClockEvents,
  nextClockEventAt,
  planTicketClocks,
  type ClockEvent,
  type Instant,
  type PlannedClock,
  type TicketFacts,
} from '@sla-desk/sla';
import {
  ActorRole,
  TicketStatus,
  type Actor,
  type ClockView,
  type HistoryEntry,
  type TicketAction,
  type TicketEvent,
  type TicketEventPayloads,
  type TicketEventType,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import { syncLedger } from '../shared/clock-ledger';
import { CURRENT_RULES, type TicketRules } from './rules';

/** The workflow acting on its own (automatic close, a release shipping). */
export const SYSTEM_ACTOR: Actor = { id: 'sla-desk', role: ActorRole.SYSTEM };

export type ReplanReason = TicketEventPayloads['CLOCKS_REPLANNED']['reason'];

export class TicketClocks {
  constructor(
    readonly s: TicketWorkflowState,
    readonly rules: Readonly<TicketRules> = CURRENT_RULES,
  ) {}

  get facts(): TicketFacts {
    return this.s.facts;
  }

  get status(): TicketStatus {
    return this.s.facts.status;
  }

  get terminal(): boolean {
    return TERMINAL_STATUSES.includes(this.status);
  }

  /**
   * Re-plans the running clocks and fires every warning / breach / expiry due at `now`, in order, exactly once
   * (docs/sla-rules.md#in-time-late-and-each-outcome-once).
   */
  tick(now: Instant, o: { beforeAction?: boolean } = {}): void {
    const firing = { oneOutcomePerClock: this.rules.oneOutcomePerClock };
    // Before an action, an event at `now` itself waits: the action at the due instant is in time.
    const strictlyBefore = o.beforeAction === true && this.rules.actionAtDueInTime;
    for (let guard = 0; guard < 32; guard++) {
      const planned = this.replan(now);
      const due = dueClockEvents(planned, this.s.fired, now, firing).filter((e) => !strictlyBefore || Date.parse(e.at) < Date.parse(now));
      if (due.length === 0) return;
      // Fire the earliest, then re-plan: firing may change the facts (provider freed, automatic close).
      const e = due[0];
      this.fire(e, planned.find((c) => c.id === e.clockId) as PlannedClock, now);
    }
  }

  /** The instant of the earliest event not yet fired (null: nothing to wait for). */
  nextEventAt(): Instant | null {
    return nextClockEventAt(this.runningPlan(), this.s.fired, { oneOutcomePerClock: this.rules.oneOutcomePerClock });
  }

  protected runningPlan(): PlannedClock[] {
    return planTicketClocks(this.s.policy, this.s.calendar, this.facts);
  }

  private fire(e: ClockEvent, clock: PlannedClock, now: Instant): void {
    this.s.fired.push(e.key);
    const v = this.s.clocks.find((c) => c.id === e.clockId) as ClockView;
    if (e.kind === 'WARNING') {
      v.warnedAt = e.at;
      this.emit('CLOCK_WARNING', e.at, { clock: { ...v, state: 'WARNED' } });
      return;
    }
    if (e.kind === 'OVERDUE') {
      this.emit('CLOCK_OVERDUE', e.at, { clock: { ...v, state: 'OVERDUE' } });
      return;
    }
    if (e.kind === 'EXPIRY') {
      v.expiredAt = e.at;
      v.state = 'EXPIRED';
      this.s.closeWithoutProcessingAllowed = true;
      this.emit('CLOCK_EXPIRED', e.at, { clock: { ...v } });
      if (this.s.policy.autoCloseOnClarificationExpiry && this.status === TicketStatus.AWAITING_CLARIFICATION) {
        this.transition('CLOSE_WITHOUT_PROCESSING', TicketStatus.CLOSED_WITHOUT_PROCESSING, SYSTEM_ACTOR, now, {
          automatic: true,
          clockId: clock.id,
        });
      }
      return;
    }
    v.breachedAt = e.at;
    v.state = 'BREACHED';
    this.emit('CLOCK_BREACHED', e.at, { clock: { ...v } });
    const motivated = this.rules.lateNoticeNotMotivated ? clock.delayNotice?.inTime === true : clock.delayNotice !== undefined;
    if (clock.party === 'CUSTOMER' && !motivated && !this.facts.providerFreedAt) {
      // The customer missed its deadline without a motivated delay notice: the provider works at its own discretion
      // (docs/sla-rules.md#when-the-customer-misses-a-deadline).
      this.facts.providerFreedAt = e.at;
      this.record('PROVIDER_FREED', this.status, SYSTEM_ACTOR, e.at, { clockId: clock.id });
      this.emit('PROVIDER_FREED', e.at, { clockId: clock.id });
    }
  }

  /** Syncs the ledger with the plan; emits started / stopped clocks and, for outside changes, the moved ones. */
  protected replan(now: Instant, reason?: ReplanReason, details?: Record<string, unknown>): PlannedClock[] {
    const planned = this.runningPlan();
    const stopAs = this.status === TicketStatus.CANCELLED || this.status === TicketStatus.CLOSED_WITHOUT_PROCESSING ? 'STOPPED' : undefined;
    const r = syncLedger(this.s.clocks, planned, now, stopAs);
    for (const v of r.stopped) this.emit('CLOCK_STOPPED', now, { clock: { ...v } });
    for (const v of r.started) this.emit('CLOCK_STARTED', now, { clock: { ...v } });
    if (reason) this.emit('CLOCKS_REPLANNED', now, { reason, clocks: r.moved.map((v) => ({ ...v })), ...(details ? { details } : {}) });
    return planned;
  }

  protected transition(action: TicketAction, to: TicketStatus, actor: Actor, now: Instant, details?: Record<string, unknown>): void {
    const from = this.status;
    this.facts.status = to;
    this.record(action, from, actor, now, details, to);
    this.emit('STATUS_CHANGED', now, { action, from, to, actor, ...(details ? { details } : {}) });
    this.replan(now);
  }

  protected record(
    action: TicketAction,
    from: TicketStatus,
    actor: Actor,
    at: Instant,
    details?: Record<string, unknown>,
    to: TicketStatus = from,
  ): void {
    const entry: HistoryEntry = { at, action, from, to, actor };
    if (details) entry.details = details;
    this.s.history.push(entry);
  }

  protected emit<T extends TicketEventType>(type: T, at: Instant, payload: TicketEventPayloads[T]): void {
    const seq = ++this.s.seq;
    const { ticketId, customerId } = this.s.input;
    this.s.outbox.push({ eventId: `${ticketId}:${seq}`, ticketId, customerId, seq, at, type, status: this.status, payload } as TicketEvent);
  }
}
