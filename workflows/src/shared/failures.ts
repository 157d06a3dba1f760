/**
 * Run-time failures as Temporal sees them: a plain Error thrown in workflow code fails the workflow *task*, which
 * Temporal retries forever (the ticket hangs). Anything that can still fail after validation is turned into a
 * non-retryable ApplicationFailure with a clear message instead: an update fails, the ticket keeps running.
 */
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';

export function asApplicationFailure(e: unknown, what: string): TemporalFailure {
  if (e instanceof TemporalFailure) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  return ApplicationFailure.create({ type: err.name, message: `${what}: ${err.message}`, nonRetryable: true });
}

/** Runs `f`; a plain error becomes an ApplicationFailure naming `what`. */
export function orFailure<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw asApplicationFailure(e, what);
  }
}
