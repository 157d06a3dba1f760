/** The parts of the durable clock loop that the ticket and the single-clock workflows share. */
import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import type { Instant } from '@sla-desk/workflow-api';

/** The workflow's clock (the sandbox's replay-safe Date) as an instant. */
export const nowIso = (): Instant => new Date(Date.now()).toISOString();

/**
 * Sleeps until `wake()` holds or — with one durable timer — until the next clock event is due (`next`; null: no
 * timer, only a wake-up).
 */
export async function waitForNextEvent(next: Instant | null, wake: () => boolean): Promise<void> {
  if (next === null) await condition(wake);
  else await condition(wake, Math.max(1, Date.parse(next) - Date.now()));
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
