/**
 * The ticket's state machine: the transitions of the updates and the facts the signals change, pure and
 * deterministic. Validation lives in ./validation.ts, the clocks and the outbox in ./clock-firing.ts (the base
 * class), the read side in ./view.ts, the update table in ./updates.ts. The workflow (../ticket.workflow.ts) owns the
 * Temporal side and passes the workflow's `now` into every call.
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
  planTicketClocks,
  releaseKindFor,
  type BusinessCalendar,
  type DeadlineRule,
  type Instant,
  type SlaPolicy,
  type TicketFacts,
} from '@sla-desk/sla';
import {
  TicketStatus,
  partyOf,
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
  type ReleaseRescheduledSignal,
  type ReleaseScheduledSignal,
  type ReleaseShippedSignal,
  type SendRemarksInput,
  type TicketAction,
  type TicketView,
  type TicketWorkflowInput,
} from '@sla-desk/workflow-api';
import { ledgerView } from '../shared/clock-ledger';
import { toMinute } from '../shared/input';
import { SYSTEM_ACTOR, TicketClocks } from './clock-firing';
import { CURRENT_RULES, type TicketRules } from './rules';
import { noticeClock } from './validation';
import { ticketView } from './view';

export { SYSTEM_ACTOR } from './clock-firing';

export class TicketMachine extends TicketClocks {
  /** A new ticket: facts from the input, the analysis clock running. */
  static register(
    input: TicketWorkflowInput,
    terms: ContractTerms,
    now: Instant,
    rules: Readonly<TicketRules> = CURRENT_RULES,
  ): TicketMachine {
    const { continued: _c, ...rest } = input;
    const registeredAt = toMinute(new Date(input.registeredAt).toISOString());
    const m = new TicketMachine(
      {
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
      },
      rules,
    );
    m.s.history.push({
      at: now,
      action: 'REGISTER',
      from: TicketStatus.REGISTERED,
      to: TicketStatus.REGISTERED,
      actor: input.registeredBy,
    });
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

  // ------------------------------------------------------------------------------------- updates (validated first)

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
      if (o.release)
        f.release = { releaseId: o.release.releaseId, kind: o.release.kind, scheduledFor: new Date(o.release.scheduledFor).toISOString() };
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
    const clock = noticeClock(this.s, input, input.actor, now);
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
    this.transition(
      'CLOSE_WITHOUT_PROCESSING',
      TicketStatus.CLOSED_WITHOUT_PROCESSING,
      input.actor,
      now,
      input.reason ? { reason: input.reason } : undefined,
    );
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

  /**
   * The ticket goes into a release; ignored (false) when closed, malformed, or of another kind than the running
   * release-linked clocks follow (a planned release must not replace the hotfix an ERROR/HIGH deadline follows).
   */
  releaseScheduled(sig: ReleaseScheduledSignal, now: Instant): boolean {
    if (this.terminal || !sig || typeof sig.releaseId !== 'string' || !['PLANNED', 'UNPLANNED'].includes(sig.kind)) return false;
    if (this.rules.releaseKindChecked) {
      const followed = this.runningPlan()
        .map((c) => releaseKindFor({ kind: c.rule } as DeadlineRule))
        .filter((k) => k !== null);
      if (followed.length > 0 && !followed.includes(sig.kind)) return false;
    }
    const at = Date.parse(sig.scheduledFor);
    if (Number.isNaN(at)) return false;
    const facts: TicketFacts = {
      ...this.facts,
      release: { releaseId: sig.releaseId, kind: sig.kind, scheduledFor: new Date(at).toISOString() },
    };
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
    if (!calendar || calendar.schema !== 1 || typeof calendar.version !== 'string' || calendar.version === this.s.calendar.version)
      return false;
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

  // ------------------------------------------------------------------------------------------------ read side

  clocks(now: Instant): ClockView[] {
    return ledgerView(this.s.clocks, now);
  }

  view(now: Instant): TicketView {
    return ticketView(this.s, now);
  }

  history(): HistoryEntry[] {
    return this.s.history.map((h) => ({ ...h }));
  }
}
