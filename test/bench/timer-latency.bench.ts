/**
 * (b) Timer-to-event latency at due time: how late after a clock's due instant its event is on Kafka, against a
 * baseline of bare workflows on the same server in the same run.
 *
 * Baseline first: N `bareTimerWorkflow`s (bench-workflows.ts) sleep until one instant, then run one no-op activity;
 * its figure is due → the activity running, and the drain (the last one). Its Worker has the ticket worker's options.
 *
 * N tickets on a 24×7 contract calendar (always working time) with a 1-minute analysis clock, registered so that
 * every analysis clock is due at the same minute boundary a few seconds ahead (registeredAt = due − 1 min; the
 * workflow plans from the registration instant, not from its start). At the due instant N durable timers fire at
 * once; each ticket records the breach and publishes `ticket.clock_breached` through the worker's real Kafka
 * publisher. Latency = the Kafka record's timestamp (set by the producer when it sends) − the clock's due instant
 * (the envelope's occurred_at). The bench's consumer is paused from just before the due instant until the topic holds
 * every breach (it watches the end offsets meanwhile), so no consumer competes with the worker for the two cores
 * during the burst; the baseline is observed as cheaply (an array push in its activity). The worker is
 * services/worker's, in-process, with its real ports and a terms port giving the 24×7 calendar.
 *
 * Light load is BENCH_N=10 (goal p99 ≤ 250 ms); a burst is BENCH_N=1000 (goal: drain ≤ 1.5 × the baseline's).
 * BENCH_CACHE sets the worker's sticky cache (both workers; default: the worker's).
 *
 *   npm run bench:tickets:timers -w @sla-desk/test     (BENCH_N=200: tickets due at the same instant)
 */
import { calendarVersion, defaultSlaPolicy, withPolicyOverrides, type BusinessCalendar } from '@sla-desk/sla';
import { decodeEvent, TOPICS, type DecodedEventOf } from '@sla-desk/events';
import type { Kafka } from 'kafkajs';
import { jsonLogger } from '@sla-desk/runtime';
import type { ContractTermsPort } from '@sla-desk/ticket-activities';
import { createSlaDeskWorker, workerTuning, type SlaDeskWorker } from '@sla-desk/worker';
import { ticketWorkflowId, UNIQUE_WORKFLOW_ID_POLICIES, WorkflowType, type TicketWorkflowInput } from '@sla-desk/workflow-api';
import { Worker } from '@temporalio/worker';
import path from 'node:path';
import type { BaselineActivities } from './bench-workflows';
import {
  benchEnv,
  connectStack,
  deleteTopics,
  fmt,
  interrupted,
  intEnv,
  machine,
  percentile,
  pool,
  quietRuntime,
  recordFigure,
  report,
  sleep,
  terminateTaskQueue,
  type BenchEnv,
  type Stack,
} from './support';

/** The first minute boundary that leaves `leadMs` to start every workflow (the 1-minute clock is due on it). */
const dueInstant = (leadMs: number): number => Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;

/** Starts `n` workflows (at most `concurrency` at a time), failing when that took past the due instant. */
async function startAll(
  n: number,
  concurrency: number,
  dueMs: number,
  what: string,
  start: (i: number) => Promise<unknown>,
): Promise<void> {
  const t0 = Date.now();
  await pool(n, concurrency, async (i) => void (await start(i)));
  const startedBy = Date.now();
  if (startedBy > dueMs) throw new Error(`starting ${n} ${what} took ${startedBy - t0} ms, past the due instant: lower BENCH_N`);
  process.stdout.write(
    `started ${n} ${what} in ${startedBy - t0} ms; all due at ${new Date(dueMs).toISOString()} (in ${dueMs - startedBy} ms)\n`,
  );
}

const latencies = (ms: number[]): string =>
  `p50 ${fmt(percentile(ms, 50), 0)} ms  p99 ${fmt(percentile(ms, 99), 0)} ms  max (drain) ${fmt(Math.max(...ms), 0)} ms  min ${fmt(Math.min(...ms), 0)} ms`;

/** N bare workflows waking at one instant and running one no-op activity: due → activity running, per workflow. */
async function baseline(stack: Stack, w: SlaDeskWorker, be: BenchEnv, n: number, concurrency: number): Promise<number[]> {
  const taskQueue = `${be.run}_baseline`;
  const woke: number[] = [];
  const activities: BaselineActivities = {
    async woke(_id, dueMs) {
      woke.push(Date.now() - dueMs);
    },
  };
  const worker = await Worker.create({
    ...workerTuning(be.config),
    connection: w.connection,
    namespace: be.config.temporal.namespace,
    taskQueue,
    workflowsPath: path.join(__dirname, 'bench-workflows.ts'),
    activities,
  });
  const running = worker.run();
  try {
    const dueMs = dueInstant(Math.max(8_000, n * 50));
    await startAll(n, concurrency, dueMs, 'bare timer workflows', (i) =>
      stack.client.workflow.start('bareTimerWorkflow', { taskQueue, workflowId: `${taskQueue}_${i}`, args: [`${i}`, dueMs] }),
    );
    const until = dueMs + 120_000;
    while (woke.length < n && Date.now() < until && !interrupted.value) await sleep(100);
    if (woke.length < n) throw new Error(`only ${woke.length} / ${n} bare timer workflows woke within 2 minutes`);
    return woke;
  } finally {
    worker.shutdown();
    await running;
    // Each woke and ran its activity; its completion is the task the stopped worker leaves on the queue.
    await terminateTaskQueue(stack, taskQueue).catch((err: unknown) => process.stderr.write(`baseline clean-up failed: ${String(err)}\n`));
  }
}

/** Every day 00:00–24:00, no holidays, any year: a 24×7 support contract. */
function calendar24x7(): BusinessCalendar {
  const day = [{ start: '00:00', end: '24:00' }];
  const cal: Omit<BusinessCalendar, 'version'> = {
    schema: 1,
    id: 'bench-24x7',
    timeZone: 'UTC',
    week: [day, day, day, day, day, day, day],
    overrides: {},
    coveredYears: [],
    fallback: { fixedHolidays: [], maxYearsBeyondData: 0 },
  };
  return { ...cal, version: calendarVersion(cal) };
}

const terms24x7: ContractTermsPort = {
  async termsFor(req) {
    return {
      contractId: req.contractId,
      policy: withPolicyOverrides(defaultSlaPolicy, { id: 'bench-1-minute-analysis', version: '1', analysis: { minutes: 1 } }),
      calendar: calendar24x7(),
    };
  },
};

/**
 * Waits until `added` more records are on `topic` than when called (or `untilMs` passed), asking for its partitions'
 * end offsets 4 times a second over one admin connection (one producer, no transactions: offsets count records).
 */
async function waitForRecords(kafka: Kafka, topic: string, added: number, untilMs: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const count = async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    const target = (await count()) + added;
    while ((await count()) < target && Date.now() < untilMs && !interrupted.value) await sleep(250);
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const n = intEnv('BENCH_N', 200);
  const concurrency = intEnv('BENCH_CONCURRENCY', 32);
  quietRuntime();
  const stack = await connectStack();
  const be = await benchEnv(stack, 'timers', process.env.BENCH_CACHE ? { WORKER_MAX_CACHED_WORKFLOWS: process.env.BENCH_CACHE } : {});
  const prefix = be.env.KAFKA_TOPIC_PREFIX;
  let w: SlaDeskWorker | undefined;
  let running: Promise<void> | undefined;
  const consumer = stack.kafka.consumer({ groupId: `${be.run}_latency`, maxWaitTimeInMs: 50 });
  try {
    w = await createSlaDeskWorker({ config: be.config, logger: jsonLogger('worker', 'warn'), terms: terms24x7 });
    const base = await baseline(stack, w, be, n, concurrency);
    running = w.run();
    const topic = `${prefix}${TOPICS.tickets}`;
    const breaches: Array<{ ticketId: string; publishedMs: number; dueMs: number }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: async ({ message }) => {
        const d = decodeEvent(message.value);
        if (!d.ok || d.event.type !== 'ticket.clock_breached') return;
        const e = d.event as DecodedEventOf<'ticket.clock_breached'>;
        breaches.push({ ticketId: e.aggregateId, publishedMs: Number(message.timestamp), dueMs: e.occurredAt.getTime() });
      },
    });

    // The due instant leaves time to start every ticket (~25 starts/s here).
    const dueMs = dueInstant(Math.max(8_000, n * 60));
    const registeredAt = new Date(dueMs - 60_000).toISOString();
    await startAll(n, concurrency, dueMs, 'tickets', async (i) => {
      const ticketId = `${be.run}_${i}`;
      const input: TicketWorkflowInput = {
        ticketId,
        customerId: `customer-${i % 20}`,
        contractId: 'contract-24x7',
        title: `Timer ticket ${i}`,
        channel: 'HOTLINE',
        registeredAt,
        registeredBy: { id: 'employee-1', role: 'CUSTOMER_EMPLOYEE' },
      };
      return stack.client.workflow.start(WorkflowType.TICKET, {
        taskQueue: be.config.temporal.taskQueue,
        workflowId: ticketWorkflowId(ticketId),
        args: [input],
        ...UNIQUE_WORKFLOW_ID_POLICIES,
      });
    });
    // Every ticket published its registration long before; the burst adds one breach each.
    while (Date.now() < dueMs - 1_000 && !interrupted.value) await sleep(100);
    consumer.pause([{ topic }]);
    const until = dueMs + 120_000;
    await waitForRecords(stack.kafka, topic, n, until);
    consumer.resume([{ topic }]);
    while (breaches.length < n && Date.now() < until && !interrupted.value) await sleep(100);
    const late = breaches.map((b) => b.publishedMs - b.dueMs);
    report(`(b) timer → event on Kafka at due time, ${n} tickets due at the same instant — ${machine()}`, [
      ['baseline: bare timer → no-op activity', latencies(base)],
      ['breach events received', `${breaches.length} / ${n}`],
      ['ticket: due → published (record timestamp)', latencies(late)],
      ['drain, ticket / baseline', fmt(Math.max(...late) / Math.max(...base), 2)],
    ]);
    if (n <= 10) {
      const p99 = percentile(late, 99);
      recordFigure({
        bench: 'timers',
        figure: `due → on Kafka, p99, ${n} due at once`,
        value: `${fmt(p99, 0)} ms`,
        goal: '≤ 250 ms',
        met: p99 <= 250,
      });
    } else if (n >= 1000) {
      const ratio = Math.max(...late) / Math.max(...base);
      recordFigure({
        bench: 'timers',
        figure: `drain of ${n} due at once / bare-timer baseline`,
        value: `${fmt(ratio, 2)} (${fmt(Math.max(...late) / 1000)} s / ${fmt(Math.max(...base) / 1000)} s)`,
        goal: '≤ 1.5',
        met: ratio <= 1.5,
      });
    }
    if (breaches.length < n) process.exitCode = 1;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const cleaned = await terminateTaskQueue(stack, be.config.temporal.taskQueue).catch((err: unknown) => `failed: ${String(err)}`);
    process.stdout.write(`  (clean-up: terminated ${cleaned} open tickets)\n`);
    w?.shutdown();
    await running?.catch(() => undefined);
    await w?.close();
    await deleteTopics(stack.kafka, prefix).catch(() => undefined);
    await be.db.drop();
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
