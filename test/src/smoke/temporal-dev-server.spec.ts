// (a) The Temporal dev server of the stack: client start → worker (bundled workflow + activity) → result.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { requireTemporal, stackConfig, uniqueName } from '@sla-desk/testing';
import * as activities from './activities';
import { quietLogger, quietTemporalRuntime } from './runtime';
import { greetingWorkflow } from './workflows';

describe('Temporal dev server (npm run up)', () => {
  const config = stackConfig();
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    await requireTemporal(config);
    quietTemporalRuntime();
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quietLogger });
  });

  it('runs a workflow that calls an activity', async () => {
    const taskQueue = uniqueName('smoke_dev_server');
    const nativeConnection = await NativeConnection.connect({ address: config.temporalAddress });
    const connection = await Connection.connect({ address: config.temporalAddress });
    try {
      const worker = await Worker.create({
        connection: nativeConnection,
        namespace: config.temporalNamespace,
        taskQueue,
        workflowBundle,
        activities,
      });
      const client = new Client({ connection, namespace: config.temporalNamespace });
      const result = await worker.runUntil(
        client.workflow.execute(greetingWorkflow, { taskQueue, workflowId: `${taskQueue}_wf`, args: ['SLA Desk'] }),
      );
      expect(result).toBe('Hello, SLA Desk!');
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });
});
