// The baselines of the ticket-workflow benchmarks: workflows that do as little as a ticket's wake-up can.
import { proxyActivities, sleep } from '@temporalio/workflow';

/** The no-op activity of the timer baseline; the bench's implementation records when it ran. */
export interface BaselineActivities {
  woke(workflowId: string, dueMs: number): Promise<void>;
}

const { woke } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

/** The start-rate baseline: a workflow that does nothing. */
export async function emptyWorkflow(): Promise<void> {
  return;
}

/** The timer baseline: one durable timer until `dueMs`, then one no-op activity. */
export async function bareTimerWorkflow(id: string, dueMs: number): Promise<void> {
  await sleep(Math.max(1, dueMs - Date.now()));
  await woke(id, dueMs);
}
