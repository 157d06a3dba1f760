// Test harness on the REAL stack (`npm run up`): a throwaway database with the outbox migration applied, topics with a
// prefix unique to the run, helpers to wait for conditions. Missing Kafka/PostgreSQL fails loudly (never skips).
import { jsonLogger } from '@sla-desk/runtime';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { Pool, type PoolClient } from 'pg';
import { createTestDatabase, requireKafka, stackConfig, uniqueName, type TestDatabase } from '@sla-desk/testing';
import {
  ALL_TOPICS,
  createKafka,
  ensureTopics,
  EVENT_TYPES,
  EVENTS_MIGRATIONS_DIR,
  headersToStrings,
  IdempotentConsumer,
  pgTransactions,
  topicSpecs,
  type DeadLetterReason,
  type DecodedEvent,
  type EventHandlers,
  type EventType,
  type HandlerContext,
  type Logger,
  type RecordInfo,
  type Topic,
  type TopicsConfig,
} from '../src';

export const testLogger: Logger = jsonLogger('events-test', (process.env.EVENTS_TEST_LOG_LEVEL as never) ?? 'error');

export interface Harness {
  kafka: Kafka;
  brokers: string[];
  db: TestDatabase;
  pool: Pool;
  /** Topic prefix unique to this run. */
  prefix: string;
  topics: TopicsConfig;
  close(): Promise<void>;
}

/** Applies the migrations of libs/events/prisma/migrations, in order, with plain SQL. */
export async function applyEventsMigrations(pool: Pool): Promise<void> {
  for (const dir of readdirSync(EVENTS_MIGRATIONS_DIR).sort()) {
    await pool.query(readFileSync(path.join(EVENTS_MIGRATIONS_DIR, dir, 'migration.sql'), 'utf8'));
  }
}

/** `brokers`: another broker than the stack's (the outage test's private one). */
export async function harness(
  name: string,
  options: { topics?: readonly Topic[]; partitions?: number; brokers?: string[] } = {},
): Promise<Harness> {
  const brokers = options.brokers ?? stackConfig().kafkaBrokers;
  // throws "… run `npm run up`" when Kafka is missing
  await requireKafka({ clientId: 'events-test-probe', config: { ...stackConfig(), kafkaBrokers: brokers } });
  // kafkajs logs every retry (e.g. "coordinator is loading" right after a broker start) at error level: keep the test
  // output for assertions unless EVENTS_TEST_LOG_LEVEL asks for it.
  const kafka = createKafka({
    brokers,
    clientId: `events-test-${name}`,
    logger: testLogger,
    logLevel: process.env.EVENTS_TEST_LOG_LEVEL ? 'warn' : 'silent',
  });
  const db = await createTestDatabase(`ev_${name}`); // throws "… run `npm run up`" when PostgreSQL is missing
  const pool = new Pool({ connectionString: db.url, max: 10 });
  pool.on('error', () => undefined); // idle clients dropped by the server (e.g. at drop time)
  await applyEventsMigrations(pool);
  await createEffectsTable(pool);
  const prefix = `${uniqueName(`ev_${name}`)}.`;
  const topics: TopicsConfig = {
    prefix,
    defaults: { partitions: options.partitions ?? 3, replicationFactor: 1 },
    dlq: { partitions: 1, replicationFactor: 1 },
  };
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, { topics: options.topics ?? ALL_TOPICS });
  } finally {
    await admin.disconnect();
  }
  return {
    kafka,
    brokers,
    db,
    pool,
    prefix,
    topics,
    async close() {
      await pool.end().catch(() => undefined);
      await db.drop().catch(() => undefined);
      const a = kafka.admin();
      try {
        await a.connect();
        const names = topicSpecs(topics, options.topics ?? ALL_TOPICS).map((s) => s.name);
        await a.deleteTopics({ topics: names, timeout: 10_000 });
      } catch {
        // best effort (the broker may be on its way back from the outage test)
      } finally {
        await a.disconnect().catch(() => undefined);
      }
    },
  };
}

/** Polls `check` until it returns true, or fails with `describe()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string | Promise<string> = () => 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${await describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A table the test consumers write their effect into (one row per application of an event). */
export async function createEffectsTable(pool: Pool): Promise<void> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS effects (n BIGSERIAL PRIMARY KEY, consumer TEXT NOT NULL, event_id UUID NOT NULL,
       event_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, seq BIGINT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())`,
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface RecordingConsumer {
  groupId: string;
  consumer: IdempotentConsumer<PoolClient>;
  applied: DecodedEvent[];
  duplicates: DecodedEvent[];
  skipped: DecodedEvent[];
  deadLetters: Array<{ reason: DeadLetterReason; detail: string; record: RecordInfo }>;
  records: RecordInfo[];
  stop(): Promise<void>;
}

/**
 * An IdempotentConsumer whose effect is a row in `effects` (same transaction as the processed-events claim), with
 * handlers for `types` (default: all), recording what it saw. Started (group joined) when it resolves.
 */
export async function recordingConsumer(
  h: Harness,
  options: {
    groupId?: string;
    topics?: readonly Topic[];
    types?: readonly EventType[];
    effect?: (event: DecodedEvent, tx: PoolClient, attempt: number) => Promise<void>;
    retry?: { initialMs?: number; maxMs?: number; maxAttempts?: number };
    partitionsConsumedConcurrently?: number;
  } = {},
): Promise<RecordingConsumer> {
  const groupId = options.groupId ?? uniqueName('ev_group');
  const out: Omit<RecordingConsumer, 'groupId' | 'consumer' | 'stop'> = {
    applied: [],
    duplicates: [],
    skipped: [],
    deadLetters: [],
    records: [],
  };
  const handler = async (event: DecodedEvent, ctx: HandlerContext<PoolClient>) => {
    await options.effect?.(event, ctx.tx, ctx.attempt);
    await ctx.tx.query('INSERT INTO effects (consumer, event_id, event_type, aggregate_id, seq) VALUES ($1, $2, $3, $4, $5)', [
      groupId,
      event.id,
      event.type,
      event.aggregateId,
      event.aggregateSequence.toString(),
    ]);
  };
  const handlers = Object.fromEntries((options.types ?? EVENT_TYPES).map((t) => [t, handler])) as EventHandlers<PoolClient>;
  const consumer = new IdempotentConsumer<PoolClient>({
    kafka: h.kafka,
    groupId,
    topics: options.topics ?? ALL_TOPICS,
    topicPrefix: h.prefix,
    handlers,
    transactions: pgTransactions(h.pool),
    retry: options.retry ?? { initialMs: 50, maxMs: 500, maxAttempts: 5 },
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    sessionTimeoutMs: 10_000,
    logger: testLogger,
    onProcessed: (event, outcome, record) => {
      out.records.push(record);
      (outcome === 'applied' ? out.applied : outcome === 'duplicate' ? out.duplicates : out.skipped).push(event as DecodedEvent);
    },
    onDeadLetter: (reason, detail, record) => {
      out.records.push(record);
      out.deadLetters.push({ reason, detail, record });
    },
  });
  const joined = new Promise<void>((resolve) => consumer.kafkaConsumer.on(consumer.kafkaConsumer.events.GROUP_JOIN, () => resolve()));
  await consumer.start();
  await joined;
  return { groupId, consumer, ...out, stop: () => consumer.stop() };
}

/** Effects written by a consumer group: event id → number of applications. */
export async function effectCounts(pool: Pool, consumer: string): Promise<Map<string, number>> {
  const r = await pool.query<{ event_id: string; n: number }>(
    'SELECT event_id, count(*)::int AS n FROM effects WHERE consumer = $1 GROUP BY event_id',
    [consumer],
  );
  return new Map(r.rows.map((x) => [x.event_id, x.n]));
}

/** Reads every record of a topic from the start (a throwaway consumer group) until `count` arrived. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<Array<{ key: string | null; value: Buffer | null; headers: Record<string, string>; partition: number; offset: string }>> {
  const consumer = kafka.consumer({ groupId: uniqueName('ev_reader'), sessionTimeout: 10_000, maxWaitTimeInMs: 200 });
  const out: Array<{ key: string | null; value: Buffer | null; headers: Record<string, string>; partition: number; offset: string }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        out.push({
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: headersToStrings(message.headers),
          partition,
          offset: message.offset,
        });
      },
    });
    await waitFor(
      () => out.length >= count,
      timeoutMs,
      () => `${count} records on ${topic}, got ${out.length}`,
    );
    return out;
  } finally {
    await consumer.disconnect();
  }
}
