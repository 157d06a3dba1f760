/**
 * (a) Tickets started per second on the Temporal dev server, through @temporalio/client, against a bare empty
 * workflow on the same server and machine.
 *
 * Each operation is one `workflow.start` and then the wait until the workflow reached its first durable wait: for a
 * ticket, registration done (contract terms loaded, ticket.registered + ticket.clock_started published to Kafka, the
 * ticket_view row written — the worker's real ports); for the empty workflow, completion (`handle.result()`). N
 * operations run with C in flight (closed loop). The worker is services/worker's, in-process, on a task queue of its
 * own; the empty workflow has its own Worker in the same process.
 *
 *   npm run bench:tickets:start -w @sla-desk/test     (BENCH_N=1000, BENCH_CONCURRENCY=32)
 */
import path from 'node:path';
import { jsonLogger } from '@sla-desk/runtime';
import { createSlaDeskWorker, type SlaDeskWorker } from '@sla-desk/worker';
import {
  ticketWorkflowId,
  UNIQUE_WORKFLOW_ID_POLICIES,
  WorkflowType,
  type TicketView,
  type TicketWorkflowInput,
} from '@sla-desk/workflow-api';
import { Worker } from '@temporalio/worker';
import {
  benchEnv,
  connectStack,
  deleteTopics,
  fmt,
  intEnv,
  machine,
  percentile,
  pool,
  quietRuntime,
  recordFigure,
  report,
  terminateTaskQueue,
  type Stack,
} from './support';

interface Measured {
  wallMs: number;
  startMs: number[];
  opMs: number[];
}

async function measure(n: number, concurrency: number, op: (i: number) => Promise<{ started: number; done: number }>): Promise<Measured> {
  const startMs: number[] = [];
  const opMs: number[] = [];
  const t0 = performance.now();
  await pool(n, concurrency, async (i) => {
    const begin = performance.now();
    const { started, done } = await op(i);
    startMs.push(started - begin);
    opMs.push(done - begin);
  });
  return { wallMs: performance.now() - t0, startMs, opMs };
}

async function main(): Promise<void> {
  const n = intEnv('BENCH_N', 1000);
  const concurrency = intEnv('BENCH_CONCURRENCY', 32);
  const warmup = Math.min(50, n);
  quietRuntime();
  const stack: Stack = await connectStack();
  const be = await benchEnv(stack, 'starts');
  const emptyQueue = `${be.run}_empty`;
  const registered = new Map<string, () => void>();
  let w: SlaDeskWorker | undefined;
  let emptyWorker: Worker | undefined;
  let running: Promise<unknown>[] = [];
  try {
    w = await createSlaDeskWorker({
      config: be.config,
      logger: jsonLogger('worker', 'warn'),
      // Registration is done when the first snapshot is recorded (the last activity of the first flush).
      wrapPorts: (real) => ({
        ...real,
        readModel: {
          recordTicketHistory: (ticketId, history) => real.readModel.recordTicketHistory(ticketId, history),
          async recordTicketState(view: TicketView) {
            await real.readModel.recordTicketState(view);
            registered.get(view.ticketId)?.();
          },
        },
      }),
    });
    emptyWorker = await Worker.create({
      connection: w.connection,
      namespace: be.config.temporal.namespace,
      taskQueue: emptyQueue,
      workflowsPath: path.join(__dirname, 'bench-workflows.ts'),
    });
    running = [w.run(), emptyWorker.run()];
    const client = stack.client;

    const empty = (prefix: string) => async (i: number) => {
      const h = await client.workflow.start('emptyWorkflow', { taskQueue: emptyQueue, workflowId: `${be.run}_${prefix}_${i}` });
      const started = performance.now();
      await h.result();
      return { started, done: performance.now() };
    };
    const ticket = (prefix: string) => async (i: number) => {
      const ticketId = `${be.run}_${prefix}_${i}`;
      const done = new Promise<number>((resolve) => registered.set(ticketId, () => resolve(performance.now())));
      const input: TicketWorkflowInput = {
        ticketId,
        customerId: `customer-${i % 20}`,
        contractId: `contract-${i % 20}`,
        title: `Benchmark ticket ${i}`,
        channel: 'PORTAL',
        registeredAt: new Date().toISOString(),
        registeredBy: { id: 'employee-1', role: 'CUSTOMER_EMPLOYEE' },
      };
      await client.workflow.start(WorkflowType.TICKET, {
        taskQueue: be.config.temporal.taskQueue,
        workflowId: ticketWorkflowId(ticketId),
        args: [input],
        ...UNIQUE_WORKFLOW_ID_POLICIES,
      });
      const started = performance.now();
      const at = await done;
      registered.delete(ticketId);
      return { started, done: at };
    };

    await measure(warmup, concurrency, empty('warm'));
    await measure(warmup, concurrency, ticket('warm'));
    const e = await measure(n, concurrency, empty('e'));
    const t = await measure(n, concurrency, ticket('t'));
    const rate = (m: Measured) => (n / m.wallMs) * 1000;
    const line = (m: Measured) =>
      `${fmt(rate(m))} /s   start RPC p50 ${fmt(percentile(m.startMs, 50))} ms p99 ${fmt(percentile(m.startMs, 99))} ms   ` +
      `start → done p50 ${fmt(percentile(m.opMs, 50))} ms p99 ${fmt(percentile(m.opMs, 99))} ms`;
    report(`(a) workflows started through the client, ${n} each, ${concurrency} in flight — ${machine()}`, [
      ['empty workflow (start → completed)', line(e)],
      ['ticket (start → registered: terms, 2 events on Kafka, ticket_view row)', line(t)],
      ['ratio ticket / empty', `${fmt(rate(t) / rate(e), 2)}`],
    ]);
    recordFigure({
      bench: 'start',
      figure: `ticket registrations / empty-workflow starts (${n} each)`,
      value: fmt(rate(t) / rate(e), 2),
      goal: '≥ 0.6',
      met: rate(t) / rate(e) >= 0.6,
    });
  } finally {
    const cleaned = await terminateTaskQueue(stack, be.config.temporal.taskQueue).catch((err: unknown) => `failed: ${String(err)}`);
    process.stdout.write(`  (clean-up: terminated ${cleaned} open tickets)\n`);
    w?.shutdown();
    if (emptyWorker?.getState() === 'RUNNING') emptyWorker.shutdown();
    await Promise.allSettled(running);
    await w?.close();
    await deleteTopics(stack.kafka, be.env.KAFKA_TOPIC_PREFIX).catch(() => undefined);
    await be.db.drop();
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
