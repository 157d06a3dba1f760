/**
 * Validation of every ticket update, pure: each check throws a rejection (`rejection(code, message)`) and changes
 * nothing. Run in the update's validator (a rejected update leaves no trace in history) and again in its handler
 * after the clocks have fired up to `now`.
 */
import {
  CATEGORIES,
  PRIORITIES,
  TERMINAL_STATUSES,
  classificationProblem,
  planTicketClocks,
  releaseKindFor,
  solutionDeadline,
  type DeadlineRule,
  type Instant,
  type PlannedClock,
  type TicketFacts,
} from '@sla-desk/sla';
import {
  ActorRole,
  RejectionCode,
  TICKET_PERMISSIONS,
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
  type DeliverSolutionInput,
  type FileDelayNoticeInput,
  type ReassignInput,
  type ReleaseLink,
  type SendRemarksInput,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import { isRunning } from '../shared/clock-ledger';
import { instant, ms, permittedActor, reject, text, toMinute } from '../shared/input';

type PermittedAction = keyof typeof TICKET_PERMISSIONS;

const OPEN_STATUSES = Object.values(TicketStatus).filter((s) => !TERMINAL_STATUSES.includes(s));

/** Role, status and — for a specialist — being the assignee. */
function checkActor(s: TicketWorkflowState, action: PermittedAction, input: unknown, statuses: readonly TicketStatus[]): Actor {
  const actor = permittedActor(input, TICKET_PERMISSIONS[action], action);
  const status = s.facts.status;
  if (!statuses.includes(status)) {
    reject(RejectionCode.ILLEGAL_TRANSITION, `${action} is not allowed in status ${status} (allowed in ${statuses.join(', ')})`);
  }
  if (actor.role === ActorRole.SPECIALIST && action !== 'ANALYSE' && s.assignee && s.assignee !== actor.id) {
    reject(RejectionCode.NOT_ASSIGNEE, `The ticket is assigned to ${s.assignee}, not ${actor.id}`);
  }
  return actor;
}

/** The plan that applying `facts` would give: refuses facts the calendar cannot plan (out of its range). */
export function planOrReject(s: TicketWorkflowState, facts: TicketFacts): PlannedClock[] {
  try {
    return planTicketClocks(s.policy, s.calendar, facts);
  } catch (e) {
    return reject(RejectionCode.INVALID_INPUT, `Cannot plan the clocks: ${(e as Error).message}`);
  }
}

function checkRelease(r: ReleaseLink, rule: { kind: string }): void {
  text(r?.releaseId, 'release.releaseId');
  instant(r.scheduledFor, 'release.scheduledFor');
  const want = releaseKindFor(rule as never);
  if (want === null) reject(RejectionCode.RELEASE_KIND_MISMATCH, `This ticket's deadline (${rule.kind}) does not follow a release`);
  if (r.kind !== want)
    reject(RejectionCode.RELEASE_KIND_MISMATCH, `This ticket's deadline (${rule.kind}) follows a ${want} release, not ${r.kind}`);
}

/** docs/sla-rules.md#primary-analysis: classification, then a planned date (within the deadline) or a question. */
/** How an update is checked besides its input. */
export interface CheckOptions {
  /**
   * The ticket knows its component, so a release its deadline follows may be left out of an analysis: the workflow
   * asks the catalog for the component's next release, then checks the completed input again.
   */
  releaseFromCatalog?: boolean;
}

/** The solution deadline follows the component's next release of a kind (so the analysis must link one). */
export function followsNextRelease(rule: DeadlineRule): boolean {
  return rule.kind === 'NEXT_UNPLANNED_RELEASE' || rule.kind === 'NEXT_PLANNED_RELEASE';
}

export function validateAnalyse(s: TicketWorkflowState, input: AnalyseInput, now: Instant, options: CheckOptions = {}): void {
  checkActor(s, 'ANALYSE', input, [TicketStatus.REGISTERED]);
  if (!CATEGORIES.includes(input.category)) reject(RejectionCode.INVALID_INPUT, `Unknown category ${JSON.stringify(input.category)}`);
  if (!PRIORITIES.includes(input.priority)) reject(RejectionCode.INVALID_INPUT, `Unknown priority ${JSON.stringify(input.priority)}`);
  const problem = classificationProblem(s.policy, { category: input.category, priority: input.priority, warranty: s.facts.warranty });
  if (problem) reject(problem.code, problem.message);
  text(input.assignee, 'assignee');
  const outcome = input.outcome;
  if (outcome?.kind === 'CLARIFY') {
    text(outcome.question, 'question');
    const at = instant(outcome.phoneAttempt?.at, 'phoneAttempt.at');
    if (!['NO_ANSWER', 'NOT_RESOLVED'].includes(outcome.phoneAttempt.outcome)) {
      reject(RejectionCode.INVALID_INPUT, 'phoneAttempt.outcome must be NO_ANSWER or NOT_RESOLVED (try the phone first)');
    }
    if (ms(at) > ms(now) || ms(at) < ms(s.facts.registeredAt)) {
      reject(RejectionCode.INVALID_INPUT, 'phoneAttempt.at must lie between registration and now');
    }
    return;
  }
  if (outcome?.kind !== 'PLAN') reject(RejectionCode.INVALID_INPUT, 'outcome must be PLAN or CLARIFY');
  const planned = instant(outcome.plannedDate, 'plannedDate');
  if (ms(planned) < ms(now)) reject(RejectionCode.PLANNED_DATE_IN_PAST, `The planned date ${planned} is in the past (now ${now})`);
  const cell = s.policy.matrix[input.category][input.priority];
  if (outcome.release) checkRelease(outcome.release, cell.solution);
  else if (followsNextRelease(cell.solution)) {
    // The deadline always has a due date (docs/sla-rules.md#release-linked-deadlines): the catalog names the release
    // (checked again once it has), else the analyst must.
    if (options.releaseFromCatalog) {
      if (outcome.delayNoticeReason !== undefined) text(outcome.delayNoticeReason, 'delayNoticeReason');
      return;
    }
    reject(
      RejectionCode.INVALID_INPUT,
      `This ticket's deadline follows the component's ${cell.solution.kind === 'NEXT_UNPLANNED_RELEASE' ? 'next unplanned' : 'next planned'} release: name it (outcome.release)`,
    );
  }
  if (outcome.delayNoticeReason !== undefined) text(outcome.delayNoticeReason, 'delayNoticeReason');
  const facts: TicketFacts = { ...s.facts, category: input.category, priority: input.priority, plannedDate: planned };
  if (outcome.release) facts.release = { ...outcome.release, scheduledFor: instant(outcome.release.scheduledFor, 'release.scheduledFor') };
  let deadline: PlannedClock | null;
  try {
    deadline = solutionDeadline(s.policy, s.calendar, facts, toMinute(now));
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

export function validateAnswerClarification(s: TicketWorkflowState, input: AnswerClarificationInput): void {
  checkActor(s, 'ANSWER_CLARIFICATION', input, [TicketStatus.AWAITING_CLARIFICATION]);
  text(input.comment, 'comment');
}

export function validateDeliverSolution(s: TicketWorkflowState, input: DeliverSolutionInput): void {
  checkActor(s, 'DELIVER_SOLUTION', input, [TicketStatus.IN_PROGRESS, TicketStatus.REMARKS]);
  text(input.summary, 'summary');
}

export function validateAccept(s: TicketWorkflowState, input: AcceptInput): void {
  checkActor(s, 'ACCEPT', input, [TicketStatus.SOLUTION_DELIVERED]);
}

export function validateSendRemarks(s: TicketWorkflowState, input: SendRemarksInput): void {
  checkActor(s, 'SEND_REMARKS', input, [TicketStatus.SOLUTION_DELIVERED]);
  if (!Array.isArray(input.remarks) || input.remarks.length === 0)
    reject(RejectionCode.INVALID_INPUT, 'remarks: at least one remark is required');
  input.remarks.forEach((r, i) => text(r, `remarks[${i}]`));
}

/** The clock a delay notice is about (validated: running, the actor's side's, not yet due). */
export function noticeClock(s: TicketWorkflowState, input: FileDelayNoticeInput, actor: Actor, now: Instant): ClockView {
  const party = partyOf(actor);
  const running = s.clocks.filter(isRunning);
  const clock = input.clockId ? running.find((c) => c.id === input.clockId) : running.find((c) => c.party === party);
  if (!clock) reject(RejectionCode.NO_SUCH_CLOCK, input.clockId ? `No running clock ${input.clockId}` : `No running clock of the ${party}`);
  if (clock.party !== party) reject(RejectionCode.NO_SUCH_CLOCK, `${clock.id} is the ${clock.party}'s clock, not the ${party}'s`);
  if (clock.dueAt && ms(clock.dueAt) < ms(now)) reject(RejectionCode.NO_SUCH_CLOCK, `${clock.id} already expired at ${clock.dueAt}`);
  return clock;
}

export function validateFileDelayNotice(s: TicketWorkflowState, input: FileDelayNoticeInput, now: Instant): void {
  const actor = checkActor(s, 'FILE_DELAY_NOTICE', input, OPEN_STATUSES);
  text(input.reason, 'reason');
  const clock = noticeClock(s, input, actor, now);
  if (input.newPlannedDate !== undefined) {
    if (clock.kind !== 'SOLUTION') reject(RejectionCode.INVALID_INPUT, 'newPlannedDate applies to the solution clock only');
    const planned = instant(input.newPlannedDate, 'newPlannedDate');
    if (ms(planned) < ms(now)) reject(RejectionCode.PLANNED_DATE_IN_PAST, `The planned date ${planned} is in the past (now ${now})`);
    planOrReject(s, { ...s.facts, plannedDate: planned });
  }
}

export function validateClose(s: TicketWorkflowState, input: CloseInput): void {
  checkActor(s, 'CLOSE', input, [TicketStatus.ACCEPTED]);
}

export function validateCloseWithoutProcessing(s: TicketWorkflowState, input: CloseWithoutProcessingInput, now: Instant): void {
  checkActor(s, 'CLOSE_WITHOUT_PROCESSING', input, [TicketStatus.AWAITING_CLARIFICATION]);
  const clock = s.clocks.find((c) => isRunning(c) && c.kind === 'CLARIFICATION');
  const expired = s.closeWithoutProcessingAllowed || (clock?.dueAt !== undefined && clock.dueAt !== null && ms(clock.dueAt) <= ms(now));
  if (!expired) {
    reject(
      RejectionCode.CLARIFICATION_NOT_EXPIRED,
      `The customer has until ${clock?.dueAt ?? '?'} to answer; closing without processing is allowed only after that`,
    );
  }
}

export function validateCancel(s: TicketWorkflowState, input: CancelInput): void {
  checkActor(s, 'CANCEL', input, [
    TicketStatus.REGISTERED,
    TicketStatus.AWAITING_CLARIFICATION,
    TicketStatus.IN_PROGRESS,
    TicketStatus.SOLUTION_DELIVERED,
    TicketStatus.REMARKS,
  ]);
}

export function validateReassign(s: TicketWorkflowState, input: ReassignInput): void {
  checkActor(s, 'REASSIGN', input, OPEN_STATUSES);
  text(input.assignee, 'assignee');
  if (input.assignee === s.assignee) reject(RejectionCode.INVALID_INPUT, `The ticket is already assigned to ${input.assignee}`);
}
