import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { connectStack, quietRuntime, pool, sleep, runName, terminateTaskQueue } from './support';
const rss = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
async function main() {
  quietRuntime();
  const stack = await connectStack();
  const q = runName('bare');
  const w = await Worker.create({
    connection: await NativeConnection.connect({ address: stack.config.temporalAddress }),
    taskQueue: q, workflowsPath: path.join(__dirname, 'bench-workflows.ts'), maxCachedWorkflows: 5000,
    activities: { async woke() {} },
  });
  const run = w.run();
  await sleep(3000);
  console.log('idle rss', rss());
  const n = Number(process.env.N ?? 2000);
  await pool(n, 32, async (i) => { await stack.client.workflow.start('bareTimerWorkflow', { taskQueue: q, workflowId: `${q}_${i}`, args: [`${i}`, Date.now() + 3600_000] }); });
  await sleep(10000);
  console.log('rss with', n, 'cached bare workflows', rss(), 'cached', w.getStatus().numCachedWorkflows);
  await terminateTaskQueue(stack, q);
  w.shutdown(); await run; await stack.close();
}
main();
