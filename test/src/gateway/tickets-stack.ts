// The ticket side of the end-to-end harness: the tickets subgraph and a Temporal worker on the shared dev server, on
// a task queue, Kafka topic prefix and throwaway database of this run only. startStack starts it when asked
// (`tickets: true`).
//
// The subgraph runs as its own process (its built dist/main.js, as deploy/local runs it): NestJS keeps code-first
// GraphQL types in process-wide storage, so two subgraphs that both name a type (identity's User entity and the
// tickets subgraph's reference to it) cannot be built in one process. It migrates its database at start (it owns
// the read model); the worker, in-process, writes that database's read model.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger } from '@sla-desk/runtime';
import { createTestDatabase, requireKafka, stackConfig, uniqueName, type TestDatabase } from '@sla-desk/testing';
import type { ContractTermsPort } from '@sla-desk/ticket-activities';
import { createSlaDeskWorker, installTemporalRuntime, readWorkerConfig, type SlaDeskWorker } from '@sla-desk/worker';
import { Client, Connection } from '@temporalio/client';
import type { Kafka } from 'kafkajs';

export interface TicketsSide {
  db: TestDatabase;
  url: string;
  worker: SlaDeskWorker;
  kafka: Kafka;
  taskQueue: string;
  /** Prefix of this run's Kafka topics (e.g. `<prefix>sladesk.tickets.v1`). */
  topicPrefix: string;
  close(): Promise<void>;
}

const TICKETS_MAIN = join(dirname(require.resolve('@sla-desk/tickets/package.json')), 'dist', 'main.js');
const START_TIMEOUT_MS = 30_000;

let runtimeInstalled = false;

/** Starts the tickets subgraph process; resolves with its GraphQL URL once it serves (from its "Serving" log line). */
async function startTicketsProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [TICKETS_MAIN], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never outlive the test process (e.g. jest killed before afterAll).
  const killChild = (): void => void child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  const output: string[] = [];
  const keep = (line: string): void => {
    output.push(line);
    if (output.length > 40) output.shift();
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tickets did not start in ${START_TIMEOUT_MS} ms:\n${output.join('\n')}`)),
      START_TIMEOUT_MS,
    );
    const onLine = (line: string): void => {
      keep(line);
      const served = /"msg":"Serving".*"url":"([^"]+)"/.exec(line);
      if (served) {
        clearTimeout(timer);
        resolve(served[1]!);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tickets exited with ${code} before serving:\n${output.join('\n')}`));
    });
  });
  return { child, url };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Ends the ticket workflows this run left open (their task queue has no worker after the run). */
async function terminateOpenWorkflows(address: string, namespace: string, taskQueue: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const open = client.workflow.list({ query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"` });
    for await (const w of open) {
      await client.workflow
        .getHandle(w.workflowId)
        .terminate('end of the test run')
        .catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
}

/** `terms`: the contracts' SLA policy and calendar the worker hands out (default: the seed's for every contract). */
export async function startTicketsSide(
  name: string,
  gatewaySecret: string,
  terms?: ContractTermsPort,
  /** Kafka topic prefix shared with other services of the run (default: one of its own). */
  sharedTopicPrefix?: string,
): Promise<TicketsSide> {
  const stack = stackConfig();
  const run = uniqueName(name);
  const taskQueue = run;
  const topicPrefix = sharedTopicPrefix ?? `${run}.`;
  const db = await createTestDatabase(`${name}_tickets`);
  const cleanups: Array<() => Promise<unknown>> = [() => db.drop()];
  const closeAll = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const kafka = await requireKafka({ clientId: run, config: stack });
    cleanups.push(async () => {
      const admin = kafka.admin();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
      await admin.deleteTopics({ topics: mine }).finally(() => admin.disconnect());
    });
    const { child, url } = await startTicketsProcess({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      TICKETS_HOST: '127.0.0.1',
      TICKETS_PORT: '0',
      TICKETS_DATABASE_URL: db.url,
      TICKETS_DB_POOL_SIZE: '4',
      GATEWAY_SUBGRAPH_SECRET: gatewaySecret,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: stack.temporalNamespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
    });
    cleanups.push(() => stopProcess(child));
    if (!runtimeInstalled) {
      installTemporalRuntime('error');
      runtimeInstalled = true;
    }
    const worker = await createSlaDeskWorker({
      config: readWorkerConfig(
        {
          TEMPORAL_ADDRESS: stack.temporalAddress,
          TEMPORAL_NAMESPACE: stack.temporalNamespace,
          TEMPORAL_TASK_QUEUE: taskQueue,
          KAFKA_BROKERS: stack.kafkaBrokers.join(','),
          KAFKA_TOPIC_PREFIX: topicPrefix,
          TICKETS_DATABASE_URL: db.url,
          // The tickets service owns ticket_view and migrated it at start.
          WORKER_MIGRATE_ON_START: 'false',
          WORKER_SHUTDOWN_GRACE_SECONDS: '2',
        },
        { repoRoot: null },
      ),
      logger: silentLogger,
      ...(terms ? { terms } : {}),
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });
    cleanups.push(() => terminateOpenWorkflows(stack.temporalAddress, stack.temporalNamespace, taskQueue));
    return { db, url, worker, kafka, taskQueue, topicPrefix, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
