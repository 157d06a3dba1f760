/**
 * Why an update was rejected: the reason codes a validator throws (as an ApplicationFailure of that type), and a
 * helper for callers to read them back from whatever error the client raised.
 */
import { ApplicationFailure } from '@temporalio/common';

export const RejectionCode = {
  /** The action is not allowed in the ticket's current status. */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** The actor's role may not do this. */
  FORBIDDEN_ROLE: 'FORBIDDEN_ROLE',
  /** A specialist acting on a ticket assigned to someone else. */
  NOT_ASSIGNEE: 'NOT_ASSIGNEE',
  /** The category × priority is not allowed (IMPROVEMENT is NORMAL or LOW only). */
  PRIORITY_NOT_ALLOWED: 'PRIORITY_NOT_ALLOWED',
  /** A warranty case must be URGENT. */
  WARRANTY_PRIORITY: 'WARRANTY_PRIORITY',
  PLANNED_DATE_IN_PAST: 'PLANNED_DATE_IN_PAST',
  /** The planned date lies beyond the solution deadline and no delay notice was filed. */
  PLANNED_DATE_BEYOND_DEADLINE: 'PLANNED_DATE_BEYOND_DEADLINE',
  /** A release of the wrong kind for the ticket's deadline (e.g. a planned release for a hotfix deadline). */
  RELEASE_KIND_MISMATCH: 'RELEASE_KIND_MISMATCH',
  /** The deadline follows the component's next release of a kind, and the catalog has none scheduled. */
  NO_RELEASE_SCHEDULED: 'NO_RELEASE_SCHEDULED',
  /** Closing without processing before the clarification clock expired. */
  CLARIFICATION_NOT_EXPIRED: 'CLARIFICATION_NOT_EXPIRED',
  /** A delay notice for a clock that is not running, or not the actor's side's. */
  NO_SUCH_CLOCK: 'NO_SUCH_CLOCK',
  /** A callback date later than the 3 working days the SLA allows. */
  CALLBACK_TOO_LATE: 'CALLBACK_TOO_LATE',
  /** Missing or malformed fields. */
  INVALID_INPUT: 'INVALID_INPUT',
} as const;
export type RejectionCode = (typeof RejectionCode)[keyof typeof RejectionCode];

const CODES = new Set<string>(Object.values(RejectionCode));

/** The error a validator throws: an ApplicationFailure whose type is the code (non-retryable, nothing recorded). */
export function rejection(code: RejectionCode, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true, details: [{ code }] });
}

/**
 * The rejection inside an error raised by the client (WorkflowUpdateFailedError → cause ApplicationFailure), or
 * null when the error is something else.
 */
export function rejectionOf(err: unknown): { code: RejectionCode; message: string } | null {
  for (let e: unknown = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ApplicationFailure && e.type && CODES.has(e.type)) {
      return { code: e.type as RejectionCode, message: e.message };
    }
  }
  return null;
}
