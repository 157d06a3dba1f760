// Tiny workflows for the infrastructure smoke tests. Bundled by the Temporal worker; activities imported as types only.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { composeGreeting } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

/** Workflow → activity → result: proves client, server, worker and activity execution work together. */
export async function greetingWorkflow(name: string): Promise<string> {
  return await composeGreeting(name);
}

/** Sleeps on a durable timer; reports the workflow clock before and after (ms since epoch). */
export async function sleepingWorkflow(ms: number): Promise<{ startedAt: number; wokeAt: number }> {
  const startedAt = Date.now();
  await sleep(ms);
  return { startedAt, wokeAt: Date.now() };
}
