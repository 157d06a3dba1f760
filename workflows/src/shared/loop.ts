/** The parts of the durable clock loop that the ticket and the single-clock workflows share. */
import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import type { Instant } from '@sla-desk/workflow-api';

/** The workflow's clock (the sandbox's replay-safe Date) as an instant. */
export const nowIso = (): Instant => new Date(Date.now()).toISOString();

/** A worker clock ahead of the workflow's by more than this is not trusted to shorten a timer (clock skew). */
const MAX_SETTLE_MS = 10_000;

/**
 * Sleeps until `wake()` holds or — with one durable timer — until the next clock event is due (`next`; null: no
 * timer, only a wake-up).
 *
 * The workflow's clock stands still during a task at the task's start, but the server starts a timer when the task
 * completes. A task that ran local activities (loading terms, publishing) completes hundreds of milliseconds later,
 * and a timer measured from its start would fire that much after the due instant. `settledAt` — when the task's last
 * local activity finished, as that activity answered (recorded, so replay sees the same value) — is where the timer
 * is measured from instead.
 */
export async function waitForNextEvent(next: Instant | null, wake: () => boolean, settledAt?: Instant): Promise<void> {
  if (next === null) return void (await condition(wake));
  const now = Date.now();
  const settled = settledAt === undefined ? NaN : Date.parse(settledAt);
  const from = settled > now && settled - now <= MAX_SETTLE_MS ? settled : now;
  await condition(wake, Math.max(1, Date.parse(next) - from));
}

/** Whether this run should continue as new now (server's suggestion, or the input's history limit for tests/ops). */
export function shouldContinueAsNew(historyLimit?: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (historyLimit !== undefined && info.historyLength >= historyLimit);
}

/** Lets running update and signal handlers finish before the run continues as new. */
export function handlersFinished(): Promise<void> {
  return condition(allHandlersFinished);
}
