// (b) The time-skipping test server installed by `npm run up`: 30 days of workflow time in well under a second.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { timeSkippingTestEnv, uniqueName } from '@sla-desk/testing';
import * as activities from './activities';
import { quietLogger, quietTemporalRuntime } from './runtime';
import { sleepingWorkflow } from './workflows';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Temporal time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    quietTemporalRuntime();
    env = await timeSkippingTestEnv();
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quietLogger });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('sleeps 30 days of workflow time in well under a second of wall time', async () => {
    const taskQueue = uniqueName('smoke_time_skipping');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
    const wallStart = performance.now();
    const { startedAt, wokeAt } = await worker.runUntil(
      env.client.workflow.execute(sleepingWorkflow, { taskQueue, workflowId: `${taskQueue}_wf`, args: [30 * DAY_MS] }),
    );
    const wallMs = performance.now() - wallStart;
    console.log(`time-skipping: ${((wokeAt - startedAt) / DAY_MS).toFixed(2)} days of workflow time in ${wallMs.toFixed(0)} ms`);
    expect(wokeAt - startedAt).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect(wallMs).toBeLessThan(1000);
  });
});
