// Shared pieces of the ticket-workflow benchmarks (test/bench/*.bench.ts): the real local stack (`npm run up`), the
// worker of services/worker started in-process with its real ports (or spawned from dist), percentiles, clean-up.
// Every benchmark uses its own task queue, topic prefix and throwaway database, and removes them afterwards.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deployMigrations } from '@sla-desk/db-migrate';
import { readWorkerConfig, type WorkerConfig } from '@sla-desk/worker';
import {
  createTestDatabase,
  findRepoRoot,
  requireKafka,
  requirePostgres,
  requireTemporal,
  stackConfig,
  type StackConfig,
  type TestDatabase,
} from '@sla-desk/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Kafka } from 'kafkajs';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Set by the first SIGINT/SIGTERM: loops stop taking work, and the clean-up in `finally` still runs. */
export const interrupted = { value: false };

export function handleInterrupts(): void {
  const on = (signal: NodeJS.Signals): void => {
    if (interrupted.value) process.exit(130);
    interrupted.value = true;
    process.stderr.write(`\n${signal}: stopping and cleaning up (send it again to exit at once)\n`);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
}

/** A positive integer from the environment, or the default. */
export function intEnv(name: string, dflt: number): number {
  const raw = process.env[name];
  if (!raw) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return n;
}

/** Temporal logs at WARN (once per process). */
export function quietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      shutdownSignals: [],
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'WARN' } } },
    });
  } catch {
    // installed already
  }
}

/** p in [0, 100] of the values (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

export function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${new Date().toISOString().slice(0, 10)}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${load}`;
}

export interface Stack {
  config: StackConfig;
  kafka: Kafka;
  connection: Connection;
  client: Client;
  close(): Promise<void>;
}

/** Checks Temporal, Kafka and PostgreSQL (fails naming what is missing) and connects a client. */
export async function connectStack(): Promise<Stack> {
  handleInterrupts();
  const config = stackConfig();
  await requireTemporal(config);
  const kafka = await requireKafka({ clientId: 'sla-desk-bench', config });
  await requirePostgres('sladesk_test', config);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  return { config, kafka, connection, client, close: () => connection.close() };
}

/** A name for this run's task queue, topic prefix and workflow ids. */
export function runName(kind: string): string {
  return `bench_${kind}_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
}

export interface BenchEnv {
  run: string;
  db: TestDatabase;
  config: WorkerConfig;
  /** The variables that configure a worker process the same way. */
  env: Record<string, string>;
}

/** A throwaway database, a task queue and topic prefix of the run, and the worker configuration for them. */
export async function benchEnv(stack: Stack, kind: string, extra: Record<string, string> = {}): Promise<BenchEnv> {
  const run = runName(kind);
  const db = await createTestDatabase(`bench_${kind}`, stack.config);
  // The tickets service owns ticket_view (the worker only writes it): its migrations first, as deploy/local does.
  await deployMigrations({ schema: path.join(findRepoRoot(), 'services', 'tickets', 'prisma'), url: db.url });
  const env = {
    TEMPORAL_ADDRESS: stack.config.temporalAddress,
    TEMPORAL_NAMESPACE: stack.config.temporalNamespace,
    TEMPORAL_TASK_QUEUE: run,
    KAFKA_BROKERS: stack.config.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${run}.`,
    KAFKA_TOPIC_PARTITIONS: '6',
    TICKETS_DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    ...extra,
  };
  return { run, db, env, config: readWorkerConfig(env, { repoRoot: null }) };
}

/**
 * Terminates every running workflow of a task queue with a server-side batch operation, then checks with visibility
 * until none is left (bounded). Returns how many were terminated.
 */
export async function terminateTaskQueue(stack: Stack, taskQueue: string, timeoutMs = 300_000): Promise<number> {
  const namespace = stack.config.temporalNamespace;
  const query = `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`;
  const until = Date.now() + timeoutMs;
  let terminated = 0;
  for (;;) {
    const { count } = await stack.client.workflow.count(query);
    if (count === 0) return terminated;
    if (Date.now() > until) throw new Error(`${count} workflows of ${taskQueue} still running after ${timeoutMs} ms`);
    const jobId = randomUUID();
    await stack.client.workflowService.startBatchOperation({
      namespace,
      jobId,
      visibilityQuery: query,
      reason: 'benchmark clean-up',
      terminationOperation: { identity: 'sla-desk-bench' },
    });
    for (;;) {
      await sleep(500);
      const d = await stack.client.workflowService.describeBatchOperation({ namespace, jobId });
      // 1 = RUNNING; 2 = COMPLETED, 3 = FAILED
      if (d.state !== 1) {
        terminated += Number(d.completeOperationCount ?? 0);
        break;
      }
      if (Date.now() > until) throw new Error(`batch termination of ${taskQueue} did not finish within ${timeoutMs} ms`);
    }
    await sleep(1000); // visibility catches up
  }
}

/** Deletes this run's topics (prefix) from the shared broker. */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}

/** Runs `task` for items 0..n-1 with at most `concurrency` at a time. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n && !interrupted.value) {
      const i = next++;
      await task(i);
    }
  });
  await Promise.all(lanes);
}

/** Prints a result block: a title line, then `key: value` lines. */
export function report(title: string, rows: Array<[string, string]>): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${title}\n${rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n')}\n`);
}

/** One headline figure of a benchmark, against its goal (issue #11), with the machine's load when it was taken. */
export interface Figure {
  bench: string;
  figure: string;
  value: string;
  goal: string;
  met: boolean;
  load: string;
  at: string;
}

/** Where the figures of the last `npm run bench:tickets` are collected (bench/summary.ts prints them as one table). */
export const FIGURES_FILE = path.join(findRepoRoot(), '.local', 'bench', 'figures.jsonl');

/** Prints a headline figure and appends it to FIGURES_FILE. */
export function recordFigure(f: Omit<Figure, 'load' | 'at'>): void {
  const figure: Figure = {
    ...f,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    at: new Date().toISOString(),
  };
  mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify(figure)}\n`);
  process.stdout.write(`  ${figure.met ? 'goal met' : 'GOAL MISSED'}: ${f.figure} = ${f.value} (goal ${f.goal})\n`);
}
