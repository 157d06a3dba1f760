// The ticket side of the end-to-end harness: the tickets subgraph (its own throwaway database, which it migrates:
// it owns the read model) and a Temporal worker on the shared dev server, on a task queue and Kafka topic prefix of
// this run only, writing that database's read model. startStack starts it when asked (`tickets: true`).
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { silentLogger } from '@sla-desk/runtime';
import { createSubgraphApp, migrateSubgraphDatabase } from '@sla-desk/subgraph';
import { createTestDatabase, requireKafka, stackConfig, uniqueName, type TestDatabase } from '@sla-desk/testing';
import { ticketsSubgraph } from '@sla-desk/tickets';
import type { Kafka } from 'kafkajs';
import { createSlaDeskWorker, installTemporalRuntime, readWorkerConfig, type SlaDeskWorker } from '@sla-desk/worker';

export interface TicketsSide {
  db: TestDatabase;
  app: NestExpressApplication;
  url: string;
  worker: SlaDeskWorker;
  kafka: Kafka;
  taskQueue: string;
  /** Prefix of this run's Kafka topics (e.g. `<prefix>sladesk.tickets.v1`). */
  topicPrefix: string;
  close(): Promise<void>;
}

let runtimeInstalled = false;

export async function startTicketsSide(name: string, gatewaySecret: string): Promise<TicketsSide> {
  const stack = stackConfig();
  const run = uniqueName(name);
  const taskQueue = run;
  const topicPrefix = `${run}.`;
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
    await migrateSubgraphDatabase(ticketsSubgraph, db.url);
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
          // The tickets service owns ticket_view and migrated it above.
          WORKER_MIGRATE_ON_START: 'false',
          WORKER_SHUTDOWN_GRACE_SECONDS: '2',
        },
        { repoRoot: null },
      ),
      logger: silentLogger,
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });
    const config = ticketsSubgraph.loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      TICKETS_DATABASE_URL: db.url,
      TICKETS_MIGRATE_ON_START: 'false',
      TICKETS_DB_POOL_SIZE: '4',
      GATEWAY_SUBGRAPH_SECRET: gatewaySecret,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: stack.temporalNamespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    const app = await createSubgraphApp(ticketsSubgraph, config);
    cleanups.push(() => app.close());
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { db, app, url: `http://127.0.0.1:${port}/graphql`, worker, kafka, taskQueue, topicPrefix, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
