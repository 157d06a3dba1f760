/**
 * The ticket's state machine, pure and deterministic: validation of every action (throws a rejection, changes
 * nothing), the transitions, the clock ledger, the events to publish. The workflow (../ticket.workflow.ts) owns
 * the Temporal side — handlers, the durable timer, activities, search attributes, continue-as-new — and passes
 * the workflow's `now` into every call.
 *
 * Transitions:
 *   REGISTERED ──analyse(PLAN)──▶ IN_PROGRESS ──deliverSolution / release shipped──▶ SOLUTION_DELIVERED
 *   REGISTERED ──analyse(CLARIFY)──▶ AWAITING_CLARIFICATION ──answerClarification──▶ REGISTERED (analysis round 2…)
 *   SOLUTION_DELIVERED ──sendRemarks──▶ REMARKS ──deliverSolution / release shipped──▶ SOLUTION_DELIVERED (repeat)
 *   SOLUTION_DELIVERED ──accept──▶ ACCEPTED ──close──▶ CLOSED
 *   AWAITING_CLARIFICATION ──closeWithoutProcessing (after the clarification clock expired; or automatically)──▶
 *     CLOSED_WITHOUT_PROCESSING
 *   any open status before ACCEPTED ──cancel (customer)──▶ CANCELLED
 */
import {
  CATEGORIES,
  PRIORITIES,
  TERMINAL_STATUSES,
  classificationProblem,
  dueClockEvents,
  nextClockEventAt,
  planTicketClocks,
  releaseKindFor,
  solutionDeadline,
  type BusinessCalendar,
  type ClockEvent,
  type Instant,
  type PlannedClock,
  type SlaPolicy,
  type TicketFacts,
} from '@sla-desk/sla';
import {
  ActorRole,
  RejectionCode,
  SlaState,
  TICKET_PERMISSIONS,
  TicketStatus,
  partyOf,
  rejection,
  type AcceptInput,
  type Actor,
  type AnalyseInput,
  type AnswerClarificationInput,
  type CancelInput,
  type ClockView,
  type CloseInput,
  type CloseWithoutProcessingInput,
  type ContractTerms,
  type DeliverSolutionInput,
  type FileDelayNoticeInput,
  type HistoryEntry,
  type ReassignInput,
  type ReleaseLink,
  type ReleaseRescheduledSignal,
  type ReleaseScheduledSignal,
  type ReleaseShippedSignal,
  type SendRemarksInput,
  type TicketAction,
  type TicketEvent,
  type TicketEventPayloads,
  type TicketEventType,
  type TicketView,
  type TicketWorkflowInput,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import { isRunning, ledgerView, syncLedger } from './clock-ledger';

/** The workflow acting on its own (automatic close, a release shipping). */
export const SYSTEM_ACTOR: Actor = { id: 'sla-desk', role: ActorRole.SYSTEM };

const ms = (t: Instant): number => Date.parse(t);
/**
 * Clock starts are recorded to the minute (floored), like the calendar's minute-exact arithmetic: an action at
 * 10:00:37 starts a clock at 10:00. Comparisons (in time or late) use the exact instant.
 */
export const toMinute = (t: Instant): Instant => new Date(Math.floor(ms(t) / 60_000) * 60_000).toISOString();
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function reject(code: RejectionCode, message: string): never {
  throw rejection(code, message);
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') reject(RejectionCode.INVALID_INPUT, `${what} is required`);
  return v;
}

function instant(v: unknown, what: string): Instant {
  if (typeof v !== 'string' || !ISO_INSTANT.test(v) || Number.isNaN(Date.parse(v))) {
    reject(RejectionCode.INVALID_INPUT, `${what} must be an ISO-8601 instant, got ${JSON.stringify(v)}`);
  }
  return new Date(v).toISOString();
}

function actorOf(input: unknown): Actor {
  const a = (input as { actor?: Actor } | null)?.actor;
  if (!a || typeof a.id !== 'string' || a.id === '' || !Object.values(ActorRole).includes(a.role)) {
    reject(RejectionCode.INVALID_INPUT, 'actor { id, role } is required');
  }
  return a;
}

type PermittedAction = keyof typeof TICKET_PERMISSIONS;

export class TicketMachine {
  constructor(readonly s: TicketWorkflowState) {}

  /** A new ticket: facts from the input, the analysis clock running. */
  static register(input: TicketWorkflowInput, terms: ContractTerms, now: Instant): TicketMachine {
    const { continued: _c, ...rest } = input;
    const registeredAt = toMinute(new Date(input.registeredAt).toISOString());
    const m = new TicketMachine({
      input: rest,
      policy: terms.policy,
      calendar: terms.calendar,
      facts: {
        registeredAt,
        status: TicketStatus.REGISTERED,
        warranty: input.warranty === true,
        analysisRound: 1,
        analysisStartedAt: registeredAt,
        remarkRound: 0,
        delayNotices: [],
      },
      fired: [],
      clocks: [],
      history: [],
      seq: 0,
      outbox: [],
      closeWithoutProcessingAllowed: false,
    });
    m.s.history.push({ at: now, action: 'REGISTER', from: TicketStatus.REGISTERED, to: TicketStatus.REGISTERED, actor: input.registeredBy });
    m.emit('TICKET_REGISTERED', registeredAt, {
      title: input.title,
      channel: input.channel,
      registeredAt,
      registeredBy: input.registeredBy,
      warranty: input.warranty === true,
    });
    m.tick(now);
    return m;
  }

  get facts(): TicketFacts {
    return this.s.facts;
  }

  get status(): TicketStatus {
    return this.s.facts.status;
  }

  get terminal(): boolean {
    return TERMINAL_STATUSES.includes(this.status);
  }

  // ------------------------------------------------------------------------------------------------ validation

  private checkActor(action: PermittedAction, input: unknown, statuses: readonly TicketStatus[]): Actor {
    const actor = actorOf(input);
    if (!TICKET_PERMISSIONS[action].includes(actor.role)) {
      reject(RejectionCode.FORBIDDEN_ROLE, `${actor.role} may not ${action}; allowed: ${TICKET_PERMISSIONS[action].join(', ')}`);
    }
    if (!statuses.includes(this.status)) {
      reject(RejectionCode.ILLEGAL_TRANSITION, `${action} is not allowed in status ${this.status} (allowed in ${statuses.join(', ')})`);
    }
    if (actor.role === ActorRole.SPECIALIST && action !== 'ANALYSE' && this.s.assignee && this.s.assignee !== actor.id) {
      reject(RejectionCode.NOT_ASSIGNEE, `The ticket is assigned to ${this.s.assignee}, not ${actor.id}`);
    }
    return actor;
  }

  /** The plan that applying `facts` would give: refuses facts the calendar cannot plan (out of its range). */
  private tryPlan(facts: TicketFacts, policy = this.s.policy, calendar = this.s.calendar): PlannedClock[] {
    try {
      return planTicketClocks(policy, calendar, facts);
    } catch (e) {
      return reject(RejectionCode.INVALID_INPUT, `Cannot plan the clocks: ${(e as Error).message}`);
    }
  }

  validateAnalyse(input: AnalyseInput, now: Instant): void {
    this.checkActor('ANALYSE', input, [TicketStatus.REGISTERED]);
    if (!CATEGORIES.includes(input.category)) reject(RejectionCode.INVALID_INPUT, `Unknown category ${JSON.stringify(input.category)}`);
    if (!PRIORITIES.includes(input.priority)) reject(RejectionCode.INVALID_INPUT, `Unknown priority ${JSON.stringify(input.priority)}`);
    const problem = classificationProblem(this.s.policy, { category: input.category, priority: input.priority, warranty: this.facts.warranty });
    if (problem) reject(problem.code, problem.message);
    text(input.assignee, 'assignee');
    const outcome = input.outcome;
    if (outcome?.kind === 'CLARIFY') {
      text(outcome.question, 'question');
      const at = instant(outcome.phoneAttempt?.at, 'phoneAttempt.at');
      if (!['NO_ANSWER', 'NOT_RESOLVED'].includes(outcome.phoneAttempt.outcome)) {
        reject(RejectionCode.INVALID_INPUT, 'phoneAttempt.outcome must be NO_ANSWER or NOT_RESOLVED (try the phone first)');
      }
      if (ms(at) > ms(now) || ms(at) < ms(this.facts.registeredAt)) {
        reject(RejectionCode.INVALID_INPUT, 'phoneAttempt.at must lie between registration and now');
      }
      return;
    }
    if (outcome?.kind !== 'PLAN') reject(RejectionCode.INVALID_INPUT, 'outcome must be PLAN or CLARIFY');
    const planned = instant(outcome.plannedDate, 'plannedDate');
    if (ms(planned) < ms(now)) reject(RejectionCode.PLANNED_DATE_IN_PAST, `The planned date ${planned} is in the past (now ${now})`);
    const cell = this.s.policy.matrix[input.category][input.priority];
    if (outcome.release) this.checkRelease(outcome.release, cell.solution);
    if (outcome.delayNoticeReason !== undefined) text(outcome.delayNoticeReason, 'delayNoticeReason');
    const facts: TicketFacts = { ...this.facts, category: input.category, priority: input.priority, plannedDate: planned };
    if (outcome.release) facts.release = { ...outcome.release, scheduledFor: instant(outcome.release.scheduledFor, 'release.scheduledFor') };
    let deadline: PlannedClock | null;
    try {
      deadline = solutionDeadline(this.s.policy, this.s.calendar, facts, toMinute(now));
    } catch (e) {
      return reject(RejectionCode.INVALID_INPUT, `Cannot plan the clocks: ${(e as Error).message}`);
    }
    if (deadline?.dueAt && deadline.breachRecordable && ms(planned) > ms(deadline.dueAt) && !outcome.delayNoticeReason) {
      reject(
        RejectionCode.PLANNED_DATE_BEYOND_DEADLINE,
        `The planned date ${planned} lies beyond the solution deadline ${deadline.dueAt}; file a delay notice (delayNoticeReason) to plan it later`,
      );
    }
  }

  private checkRelease(r: ReleaseLink, rule: { kind: string }): void {
    text(r?.releaseId, 'release.releaseId');
    instant(r.scheduledFor, 'release.scheduledFor');
    const want = releaseKindFor(rule as never);
    if (want === null) reject(RejectionCode.RELEASE_KIND_MISMATCH, `This ticket's deadline (${rule.kind}) does not follow a release`);
    if (r.kind !== want) reject(RejectionCode.RELEASE_KIND_MISMATCH, `This ticket's deadline (${rule.kind}) follows a ${want} release, not ${r.kind}`);
  }

  validateAnswerClarification(input: AnswerClarificationInput): void {
    this.checkActor('ANSWER_CLARIFICATION', input, [TicketStatus.AWAITING_CLARIFICATION]);
    text(input.comment, 'comment');
  }

  validateDeliverSolution(input: DeliverSolutionInput): void {
    this.checkActor('DELIVER_SOLUTION', input, [TicketStatus.IN_PROGRESS, TicketStatus.REMARKS]);
    text(input.summary, 'summary');
  }

  validateAccept(input: AcceptInput): void {
    this.checkActor('ACCEPT', input, [TicketStatus.SOLUTION_DELIVERED]);
  }

  validateSendRemarks(input: SendRemarksInput): void {
    this.checkActor('SEND_REMARKS', input, [TicketStatus.SOLUTION_DELIVERED]);
    if (!Array.isArray(input.remarks) || input.remarks.length === 0) reject(RejectionCode.INVALID_INPUT, 'remarks: at least one remark is required');
    input.remarks.forEach((r, i) => text(r, `remarks[${i}]`));
  }

  /** The clock a delay notice is about (validated: running, the actor's side's, not yet due). */
  private noticeClock(input: FileDelayNoticeInput, actor: Actor, now: Instant): ClockView {
    const party = partyOf(actor);
    const running = this.s.clocks.filter(isRunning);
    const clock = input.clockId ? running.find((c) => c.id === input.clockId) : running.find((c) => c.party === party);
    if (!clock) reject(RejectionCode.NO_SUCH_CLOCK, input.clockId ? `No running clock ${input.clockId}` : `No running clock of the ${party}`);
    if (clock.party !== party) reject(RejectionCode.NO_SUCH_CLOCK, `${clock.id} is the ${clock.party}'s clock, not the ${party}'s`);
    if (clock.dueAt && ms(clock.dueAt) <= ms(now)) reject(RejectionCode.NO_SUCH_CLOCK, `${clock.id} already expired at ${clock.dueAt}`);
    return clock;
  }

  validateFileDelayNotice(input: FileDelayNoticeInput, now: Instant): void {
    const open = Object.values(TicketStatus).filter((s) => !TERMINAL_STATUSES.includes(s));
    const actor = this.checkActor('FILE_DELAY_NOTICE', input, open);
    text(input.reason, 'reason');
    const clock = this.noticeClock(input, actor, now);
    if (input.newPlannedDate !== undefined) {
      if (clock.kind !== 'SOLUTION') reject(RejectionCode.INVALID_INPUT, 'newPlannedDate applies to the solution clock only');
      const planned = instant(input.newPlannedDate, 'newPlannedDate');
      if (ms(planned) < ms(now)) reject(RejectionCode.PLANNED_DATE_IN_PAST, `The planned date ${planned} is in the past (now ${now})`);
      this.tryPlan({ ...this.facts, plannedDate: planned });
    }
  }

  validateClose(input: CloseInput): void {
    this.checkActor('CLOSE', input, [TicketStatus.ACCEPTED]);
  }

  validateCloseWithoutProcessing(input: CloseWithoutProcessingInput, now: Instant): void {
    this.checkActor('CLOSE_WITHOUT_PROCESSING', input, [TicketStatus.AWAITING_CLARIFICATION]);
    const clock = this.s.clocks.find((c) => isRunning(c) && c.kind === 'CLARIFICATION');
    const expired = this.s.closeWithoutProcessingAllowed || (clock?.dueAt !== undefined && clock.dueAt !== null && ms(clock.dueAt) <= ms(now));
    if (!expired) {
      reject(RejectionCode.CLARIFICATION_NOT_EXPIRED, `The customer has until ${clock?.dueAt ?? '?'} to answer; closing without processing is allowed only after that`);
    }
  }

  validateCancel(input: CancelInput): void {
    this.checkActor('CANCEL', input, [
      TicketStatus.REGISTERED,
      TicketStatus.AWAITING_CLARIFICATION,
      TicketStatus.IN_PROGRESS,
      TicketStatus.SOLUTION_DELIVERED,
      TicketStatus.REMARKS,
    ]);
  }

  validateReassign(input: ReassignInput): void {
    const open = Object.values(TicketStatus).filter((s) => !TERMINAL_STATUSES.includes(s));
    this.checkActor('REASSIGN', input, open);
    text(input.assignee, 'assignee');
    if (input.assignee === this.s.assignee) reject(RejectionCode.INVALID_INPUT, `The ticket is already assigned to ${input.assignee}`);
  }

  // ------------------------------------------------------------------------------------------------ transitions

  analyse(input: AnalyseInput, now: Instant): TicketView {
    const f = this.facts;
    f.category = input.category;
    f.priority = input.priority;
    this.s.assignee = input.assignee;
    const o = input.outcome;
    if (o.kind === 'CLARIFY') {
      f.clarification = { round: (f.clarification?.round ?? 0) + 1, requestedAt: toMinute(now) };
      this.transition('REQUEST_CLARIFICATION', TicketStatus.AWAITING_CLARIFICATION, input.actor, now, {
        category: input.category,
        priority: input.priority,
        assignee: input.assignee,
        question: o.question,
        phoneAttempt: o.phoneAttempt,
      });
    } else {
      f.plannedDate = new Date(o.plannedDate).toISOString();
      f.analysedAt = toMinute(now);
      if (o.release) f.release = { releaseId: o.release.releaseId, kind: o.release.kind, scheduledFor: new Date(o.release.scheduledFor).toISOString() };
      this.transition('ANALYSE', TicketStatus.IN_PROGRESS, input.actor, now, {
        category: input.category,
        priority: input.priority,
        assignee: input.assignee,
        plannedDate: f.plannedDate,
        ...(o.release ? { release: o.release } : {}),
      });
      if (o.delayNoticeReason) this.fileNotice('SOLUTION#1', input.actor, o.delayNoticeReason, now);
    }
    return this.view(now);
  }

  answerClarification(input: AnswerClarificationInput, now: Instant): TicketView {
    const f = this.facts;
    if (f.clarification) f.clarification.answeredAt = now;
    f.analysisRound += 1;
    f.analysisStartedAt = toMinute(now);
    const late = this.s.closeWithoutProcessingAllowed;
    this.s.closeWithoutProcessingAllowed = false;
    this.transition('ANSWER_CLARIFICATION', TicketStatus.REGISTERED, input.actor, now, { comment: input.comment, late });
    return this.view(now);
  }

  deliverSolution(input: DeliverSolutionInput, now: Instant): TicketView {
    this.deliver(input.actor, now, { summary: input.summary }, 'DELIVER_SOLUTION');
    return this.view(now);
  }

  private deliver(actor: Actor, now: Instant, details: Record<string, unknown>, action: TicketAction): void {
    this.facts.solutionDeliveredAt = toMinute(now);
    this.transition(action, TicketStatus.SOLUTION_DELIVERED, actor, now, { ...details, round: this.facts.remarkRound + 1 });
  }

  accept(input: AcceptInput, now: Instant): TicketView {
    this.transition('ACCEPT', TicketStatus.ACCEPTED, input.actor, now, input.comment ? { comment: input.comment } : undefined);
    return this.view(now);
  }

  sendRemarks(input: SendRemarksInput, now: Instant): TicketView {
    this.facts.remarkRound += 1;
    this.facts.remarksSentAt = toMinute(now);
    this.transition('SEND_REMARKS', TicketStatus.REMARKS, input.actor, now, { remarks: input.remarks, round: this.facts.remarkRound });
    return this.view(now);
  }

  fileDelayNotice(input: FileDelayNoticeInput, now: Instant): TicketView {
    const clock = this.noticeClock(input, input.actor, now);
    this.fileNotice(clock.id, input.actor, input.reason, now);
    if (input.newPlannedDate !== undefined) {
      this.facts.plannedDate = new Date(input.newPlannedDate).toISOString();
      this.replan(now, 'PLANNED_DATE_CHANGED', { plannedDate: this.facts.plannedDate });
    }
    return this.view(now);
  }

  private fileNotice(clockId: string, actor: Actor, reason: string, now: Instant): void {
    const party = partyOf(actor) ?? 'PROVIDER';
    this.facts.delayNotices.push({ clockId, party, filedAt: now, reason });
    const planned = this.replan(now).find((c) => c.id === clockId);
    const inTime = planned?.delayNotice?.filedAt === now ? planned.delayNotice.inTime : false;
    this.record('FILE_DELAY_NOTICE', this.status, actor, now, { clockId, reason, inTime });
    this.emit('DELAY_NOTICE_FILED', now, { clockId, party, inTime, reason, actor });
  }

  close(input: CloseInput, now: Instant): TicketView {
    this.transition('CLOSE', TicketStatus.CLOSED, input.actor, now, input.comment ? { comment: input.comment } : undefined);
    return this.view(now);
  }

  closeWithoutProcessing(input: CloseWithoutProcessingInput, now: Instant): TicketView {
    this.transition('CLOSE_WITHOUT_PROCESSING', TicketStatus.CLOSED_WITHOUT_PROCESSING, input.actor, now, input.reason ? { reason: input.reason } : undefined);
    return this.view(now);
  }

  cancel(input: CancelInput, now: Instant): TicketView {
    this.transition('CANCEL', TicketStatus.CANCELLED, input.actor, now, input.reason ? { reason: input.reason } : undefined);
    return this.view(now);
  }

  reassign(input: ReassignInput, now: Instant): TicketView {
    const from = this.s.assignee;
    this.s.assignee = input.assignee;
    this.record('REASSIGN', this.status, input.actor, now, { from, to: input.assignee });
    this.emit('TICKET_REASSIGNED', now, { ...(from ? { from } : {}), to: input.assignee, actor: input.actor });
    return this.view(now);
  }

  // ------------------------------------------------------------------------------------------ signals (facts)

  /** The ticket goes into a release; ignored (false) when closed or malformed. */
  releaseScheduled(sig: ReleaseScheduledSignal, now: Instant): boolean {
    if (this.terminal || !sig || typeof sig.releaseId !== 'string' || !['PLANNED', 'UNPLANNED'].includes(sig.kind)) return false;
    const at = Date.parse(sig.scheduledFor);
    if (Number.isNaN(at)) return false;
    const facts: TicketFacts = { ...this.facts, release: { releaseId: sig.releaseId, kind: sig.kind, scheduledFor: new Date(at).toISOString() } };
    if (!this.canPlan(facts)) return false;
    this.facts.release = facts.release;
    this.replan(now, 'RELEASE_SCHEDULED', { releaseId: sig.releaseId, kind: sig.kind, scheduledFor: facts.release?.scheduledFor });
    return true;
  }

  /** The linked release moved; ignored unless it is the linked, unshipped release. */
  releaseRescheduled(sig: ReleaseRescheduledSignal, now: Instant): boolean {
    const r = this.facts.release;
    const at = Date.parse(sig?.scheduledFor);
    if (this.terminal || !r || r.releaseId !== sig.releaseId || r.shippedAt || Number.isNaN(at)) return false;
    const facts: TicketFacts = { ...this.facts, release: { ...r, scheduledFor: new Date(at).toISOString() } };
    if (!this.canPlan(facts)) return false;
    this.facts.release = facts.release;
    this.replan(now, 'RELEASE_RESCHEDULED', { releaseId: r.releaseId, from: r.scheduledFor, to: facts.release?.scheduledFor });
    return true;
  }

  /** The linked release shipped: with the ticket, the (fixed) solution counts as delivered. */
  releaseShipped(sig: ReleaseShippedSignal, now: Instant): boolean {
    const r = this.facts.release;
    if (this.terminal || !r || r.releaseId !== sig?.releaseId || r.shippedAt) return false;
    const shippedAt = Number.isNaN(Date.parse(sig.shippedAt)) ? now : new Date(sig.shippedAt).toISOString();
    this.facts.release = { ...r, shippedAt, includesTicket: sig.includesTicket === true };
    const delivers = sig.includesTicket === true && (this.status === TicketStatus.IN_PROGRESS || this.status === TicketStatus.REMARKS);
    if (delivers) this.deliver(SYSTEM_ACTOR, now, { releaseId: r.releaseId, shippedAt }, 'RELEASE_SHIPPED');
    else this.replan(now, 'RELEASE_SHIPPED', { releaseId: r.releaseId, shippedAt, includesTicket: sig.includesTicket === true });
    return true;
  }

  calendarChanged(calendar: BusinessCalendar, now: Instant): boolean {
    if (!calendar || calendar.schema !== 1 || typeof calendar.version !== 'string' || calendar.version === this.s.calendar.version) return false;
    if (!this.canPlan(this.facts, this.s.policy, calendar)) return false;
    const from = { id: this.s.calendar.id, version: this.s.calendar.version };
    this.s.calendar = calendar;
    this.replan(now, 'CALENDAR_CHANGED', { from, to: { id: calendar.id, version: calendar.version } });
    return true;
  }

  policyChanged(policy: SlaPolicy, now: Instant): boolean {
    if (!policy || policy.schema !== 1 || (policy.id === this.s.policy.id && policy.version === this.s.policy.version)) return false;
    if (!this.canPlan(this.facts, policy, this.s.calendar)) return false;
    const from = { id: this.s.policy.id, version: this.s.policy.version };
    this.s.policy = policy;
    this.replan(now, 'POLICY_CHANGED', { from, to: { id: policy.id, version: policy.version } });
    return true;
  }

  private canPlan(facts: TicketFacts, policy = this.s.policy, calendar = this.s.calendar): boolean {
    try {
      planTicketClocks(policy, calendar, facts);
      return true;
    } catch {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------------------ the clocks

  /** Re-plans the running clocks and fires every warning / breach / expiry due at `now`, in order, exactly once. */
  tick(now: Instant): void {
    for (let guard = 0; guard < 32; guard++) {
      const planned = this.replan(now);
      const due = dueClockEvents(planned, this.s.fired, now);
      if (due.length === 0) return;
      // Fire the earliest, then re-plan: firing may change the facts (provider freed, automatic close).
      const e = due[0];
      this.fire(e, planned.find((c) => c.id === e.clockId) as PlannedClock, now);
    }
  }

  /** The instant of the earliest event not yet fired (null: nothing to wait for). */
  nextEventAt(): Instant | null {
    return nextClockEventAt(this.runningPlan(), this.s.fired);
  }

  private runningPlan(): PlannedClock[] {
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
        this.transition('CLOSE_WITHOUT_PROCESSING', TicketStatus.CLOSED_WITHOUT_PROCESSING, SYSTEM_ACTOR, now, { automatic: true, clockId: clock.id });
      }
      return;
    }
    v.breachedAt = e.at;
    v.state = 'BREACHED';
    this.emit('CLOCK_BREACHED', e.at, { clock: { ...v } });
    if (clock.party === 'CUSTOMER' && !clock.delayNotice && !this.facts.providerFreedAt) {
      // The customer missed its deadline without a motivated delay notice: the provider works at its own discretion.
      this.facts.providerFreedAt = e.at;
      this.record('PROVIDER_FREED', this.status, SYSTEM_ACTOR, e.at, { clockId: clock.id });
      this.emit('PROVIDER_FREED', e.at, { clockId: clock.id });
    }
  }

  /** Syncs the ledger with the plan; emits started / stopped clocks and, for outside changes, the moved ones. */
  private replan(now: Instant, reason?: TicketEventPayloads['CLOCKS_REPLANNED']['reason'], details?: Record<string, unknown>): PlannedClock[] {
    const planned = this.runningPlan();
    const stopAs = this.status === TicketStatus.CANCELLED || this.status === TicketStatus.CLOSED_WITHOUT_PROCESSING ? 'STOPPED' : undefined;
    const r = syncLedger(this.s.clocks, planned, now, stopAs);
    for (const v of r.stopped) this.emit('CLOCK_STOPPED', now, { clock: { ...v } });
    for (const v of r.started) this.emit('CLOCK_STARTED', now, { clock: { ...v } });
    if (reason) this.emit('CLOCKS_REPLANNED', now, { reason, clocks: r.moved.map((v) => ({ ...v })), ...(details ? { details } : {}) });
    return planned;
  }

  private transition(action: TicketAction, to: TicketStatus, actor: Actor, now: Instant, details?: Record<string, unknown>): void {
    const from = this.status;
    this.facts.status = to;
    this.record(action, from, actor, now, details, to);
    this.emit('STATUS_CHANGED', now, { action, from, to, actor, ...(details ? { details } : {}) });
    this.replan(now);
  }

  private record(action: TicketAction, from: TicketStatus, actor: Actor, at: Instant, details?: Record<string, unknown>, to: TicketStatus = from): void {
    const entry: HistoryEntry = { at, action, from, to, actor };
    if (details) entry.details = details;
    this.s.history.push(entry);
  }

  private emit<T extends TicketEventType>(type: T, at: Instant, payload: TicketEventPayloads[T]): void {
    const seq = ++this.s.seq;
    const { ticketId, customerId } = this.s.input;
    this.s.outbox.push({ eventId: `${ticketId}:${seq}`, ticketId, customerId, seq, at, type, status: this.status, payload } as TicketEvent);
  }

  // ------------------------------------------------------------------------------------------------ read side

  slaState(): SlaState {
    if (this.facts.providerFreedAt) return SlaState.PROVIDER_FREED;
    if (this.s.clocks.some((c) => c.breachedAt)) return SlaState.BREACHED;
    const running = this.s.clocks.filter(isRunning);
    if (running.some((c) => c.warnedAt || c.expiredAt)) return SlaState.AT_RISK;
    return running.length > 0 ? SlaState.ON_TRACK : SlaState.NONE;
  }

  clocks(now: Instant): ClockView[] {
    return ledgerView(this.s.clocks, now);
  }

  view(now: Instant): TicketView {
    const { input, facts } = this.s;
    const v: TicketView = {
      ticketId: input.ticketId,
      customerId: input.customerId,
      contractId: input.contractId,
      title: input.title,
      channel: input.channel,
      warranty: facts.warranty === true,
      status: facts.status,
      registeredAt: facts.registeredAt,
      slaState: this.slaState(),
      closeWithoutProcessingAllowed: this.s.closeWithoutProcessingAllowed,
      policy: { id: this.s.policy.id, version: this.s.policy.version },
      calendar: { id: this.s.calendar.id, version: this.s.calendar.version },
      clocks: this.clocks(now),
      seq: this.s.seq,
      updatedAt: now,
    };
    if (facts.category) v.category = facts.category;
    if (facts.priority) v.priority = facts.priority;
    if (this.s.assignee) v.assignee = this.s.assignee;
    if (facts.plannedDate) v.plannedDate = facts.plannedDate;
    if (facts.providerFreedAt) v.providerFreedAt = facts.providerFreedAt;
    if (facts.release) v.release = { ...facts.release };
    return v;
  }

  /** What a query answers in the moment between the start and the contract's terms being loaded. */
  static loadingView(input: TicketWorkflowInput, now: Instant): TicketView {
    return {
      ticketId: input.ticketId,
      customerId: input.customerId,
      contractId: input.contractId,
      title: input.title,
      channel: input.channel,
      warranty: input.warranty === true,
      status: TicketStatus.REGISTERED,
      registeredAt: new Date(input.registeredAt).toISOString(),
      slaState: SlaState.NONE,
      closeWithoutProcessingAllowed: false,
      policy: { id: '', version: '' },
      calendar: { id: '', version: '' },
      clocks: [],
      seq: 0,
      updatedAt: now,
    };
  }

  history(): HistoryEntry[] {
    return this.s.history.map((h) => ({ ...h }));
  }
}
