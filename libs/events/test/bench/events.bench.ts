// Benchmark (printed, not asserted): outbox → relay → Kafka → idempotent consumer effect, on the REAL local stack.
//   npm run bench -w @sla-desk/events          (BENCH_EVENTS, BENCH_BATCH, BENCH_RATE, BENCH_SECONDS, BENCH_PARTITIONS)
// 1. Throughput: BENCH_EVENTS events written into the outbox in transactions of BENCH_BATCH, as fast as possible;
//    events/s from the first commit to the last effect committed by the consumer.
// 2. Latency: BENCH_RATE events/s, one per transaction, for BENCH_SECONDS; commit → effect committed, p50/p99/max.
import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import { samplePayload } from '../fixtures';
import { harness, sleep, waitFor } from '../support';
import { buildEvent, enqueueEvents, IdempotentConsumer, OutboxRelay, pgTransactions, TOPICS, type OutgoingEvent } from '../../src';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const EVENTS = env('BENCH_EVENTS', 20_000);
const BATCH = env('BENCH_BATCH', 100);
const RATE = env('BENCH_RATE', 200);
const SECONDS = env('BENCH_SECONDS', 10);
const PARTITIONS = env('BENCH_PARTITIONS', 6);
const AGGREGATES = 500;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const h = await harness('bench', { topics: [TOPICS.tickets], partitions: PARTITIONS });
  const committedAt = new Map<string, number>();
  const appliedAt = new Map<string, number>();
  let duplicates = 0;
  const relay = new OutboxRelay({ pool: h.pool, kafka: h.kafka, topicPrefix: h.prefix, batchSize: 500, pollIntervalMs: 100 });
  const consumer = new IdempotentConsumer<PoolClient>({
    kafka: h.kafka,
    groupId: `${h.prefix}bench`,
    topics: [TOPICS.tickets],
    topicPrefix: h.prefix,
    transactions: pgTransactions(h.pool),
    partitionsConsumedConcurrently: PARTITIONS,
    handlers: {
      'ticket.status_changed': async (e, { tx }) => {
        await tx.query('INSERT INTO effects (consumer, event_id, event_type, aggregate_id, seq) VALUES ($1, $2, $3, $4, $5)', [
          'bench',
          e.id,
          e.type,
          e.aggregateId,
          e.aggregateSequence.toString(),
        ]);
      },
    },
    // Called after the effect's transaction committed.
    onProcessed: (e, outcome) => {
      if (outcome === 'applied') appliedAt.set(e.id, performance.now());
      else duplicates++;
    },
  });
  const event = (n: number): OutgoingEvent =>
    buildEvent({
      type: 'ticket.status_changed',
      payload: samplePayload('ticket.status_changed', `bench-${n % AGGREGATES}`),
      tenantId: 'cust-1',
      producer: 'bench',
      aggregateSequence: Math.floor(n / AGGREGATES) + 1,
    });
  const commit = async (events: OutgoingEvent[]) => {
    const client = await h.pool.connect();
    try {
      await client.query('BEGIN');
      await enqueueEvents(client, events);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const t = performance.now();
    for (const e of events) committedAt.set(e.eventId, t);
  };

  try {
    relay.start();
    await consumer.start();
    // Warm-up (JIT, connections, group join).
    await commit(Array.from({ length: 200 }, (_, i) => event(i)));
    await waitFor(
      () => appliedAt.size >= 200,
      60_000,
      () => 'warm-up',
    );
    committedAt.clear();
    appliedAt.clear();

    // 1. Throughput.
    const t0 = performance.now();
    let writeEnd = 0;
    const writer = (async () => {
      for (let i = 0; i < EVENTS; i += BATCH)
        await commit(Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => event(1_000 + i + j)));
      writeEnd = performance.now();
    })();
    await writer;
    await waitFor(
      () => appliedAt.size >= EVENTS,
      600_000,
      () => `${EVENTS} applied, got ${appliedAt.size}`,
    );
    const t1 = Math.max(...appliedAt.values());
    const tput = {
      events: EVENTS,
      writeEventsPerS: Math.round(EVENTS / ((writeEnd - t0) / 1000)),
      endToEndEventsPerS: Math.round(EVENTS / ((t1 - t0) / 1000)),
      seconds: +((t1 - t0) / 1000).toFixed(2),
    };
    committedAt.clear();
    appliedAt.clear();

    // 2. Latency at a steady rate.
    const total = RATE * SECONDS;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      await commit([event(1_000_000 + i)]);
    }
    await waitFor(
      () => appliedAt.size >= total,
      120_000,
      () => `${total} applied, got ${appliedAt.size}`,
    );
    const lat = [...appliedAt.entries()].map(([id, t]) => t - committedAt.get(id)!).sort((a, b) => a - b);
    const latency = {
      events: total,
      ratePerS: RATE,
      p50Ms: +pct(lat, 50).toFixed(1),
      p90Ms: +pct(lat, 90).toFixed(1),
      p99Ms: +pct(lat, 99).toFixed(1),
      maxMs: +lat[lat.length - 1].toFixed(1),
    };

    console.log('\noutbox → relay → Kafka → idempotent consumer (effect + processed_events in one PostgreSQL transaction)');
    console.log(`  partitions ${PARTITIONS}, relay batch 500, consumer partitionsConsumedConcurrently ${PARTITIONS}`);
    console.log(
      `  throughput: ${tput.events} events in ${tput.seconds} s → ${tput.endToEndEventsPerS} events/s end to end ` +
        `(outbox writes alone: ${tput.writeEventsPerS} events/s, ${BATCH} per transaction)`,
    );
    console.log(
      `  latency at ${latency.ratePerS} events/s (${latency.events} events, commit → effect committed): ` +
        `p50 ${latency.p50Ms} ms, p90 ${latency.p90Ms} ms, p99 ${latency.p99Ms} ms, max ${latency.maxMs} ms`,
    );
    console.log(`  duplicates seen by the consumer: ${duplicates}; relay stats: ${JSON.stringify(relay.stats())}`);
    console.log(JSON.stringify({ throughput: tput, latency }));
  } finally {
    await consumer.stop();
    await relay.stop();
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
