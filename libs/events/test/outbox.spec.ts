// The transactional outbox and its relay against the REAL broker and PostgreSQL.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { samplePayload } from './fixtures';
import { effectCounts, harness, recordingConsumer, sleep, waitFor, type Harness } from './support';
import { buildEvent, enqueueEvent, enqueueEvents, OutboxRelay, TOPICS, type OutgoingEvent } from '../src';

const ticketEvent = (ticketId: string, seq: number): OutgoingEvent =>
  buildEvent({
    type: 'ticket.comment_added',
    payload: { ...samplePayload('ticket.comment_added', ticketId), commentId: `c-${seq}` },
    tenantId: 'cust-1',
    producer: 'outbox-test',
    aggregateSequence: seq,
  });

/** Writes `perAggregate` events for each of `aggregates` tickets, interleaved, one transaction per round. */
async function enqueueRounds(h: Harness, name: string, aggregates: number, perAggregate: number): Promise<OutgoingEvent[]> {
  const all: OutgoingEvent[] = [];
  for (let seq = 1; seq <= perAggregate; seq++) {
    const round = Array.from({ length: aggregates }, (_, a) => ticketEvent(`${name}-${a}`, seq));
    const client = await h.pool.connect();
    try {
      await client.query('BEGIN');
      await enqueueEvents(client, round);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    all.push(...round);
  }
  return all;
}

/** Per aggregate, the seqs in the order the consumer applied them. */
async function appliedOrder(h: Harness, groupId: string, prefix: string): Promise<Map<string, number[]>> {
  const r = await h.pool.query<{ aggregate_id: string; seqs: string[] }>(
    `SELECT aggregate_id, array_agg(seq ORDER BY n) AS seqs FROM effects WHERE consumer = $1 AND aggregate_id LIKE $2 GROUP BY aggregate_id`,
    [groupId, `${prefix}-%`],
  );
  return new Map(r.rows.map((x) => [x.aggregate_id, x.seqs.map(Number)]));
}

describe('transactional outbox + relay', () => {
  let h: Harness;
  const relays: OutboxRelay[] = [];
  const relay = (extra: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) => {
    const r = new OutboxRelay({ pool: h.pool, kafka: h.kafka, topicPrefix: h.prefix, pollIntervalMs: 200, standbyRetryMs: 200, ...extra });
    relays.push(r);
    return r;
  };

  beforeAll(async () => {
    h = await harness('outbox', { topics: [TOPICS.tickets], partitions: 3 });
  }, 60_000);

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('writes the event with the state change: a rollback leaves nothing, a commit is published in per-aggregate order', async () => {
    const client = await h.pool.connect();
    try {
      await client.query('BEGIN');
      await enqueueEvent(client, {
        type: 'ticket.comment_added',
        payload: samplePayload('ticket.comment_added', 'rolled-back'),
        tenantId: 'c',
        producer: 'p',
      });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const events = await enqueueRounds(h, 'order', 10, 20); // 200 events, 10 tickets x 20, interleaved
    const c = await recordingConsumer(h, { topics: [TOPICS.tickets], partitionsConsumedConcurrently: 3 });
    const r = relay({ batchSize: 37 });
    try {
      r.start();
      await waitFor(
        () => c.applied.length >= events.length,
        30_000,
        () => `${events.length} applied, got ${c.applied.length}`,
      );
      expect(await r.pending()).toBe(0);
      const order = await appliedOrder(h, c.groupId, 'order');
      expect(order.size).toBe(10);
      for (const seqs of order.values()) expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(c.applied.some((e) => e.aggregateId === 'rolled-back')).toBe(false);
      const published = await h.pool.query('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NOT NULL');
      expect(published.rows[0].n).toBe(200);
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('inserts an event id once (a retried writer) and republishes rows whose acknowledgement was lost; consumers dedupe', async () => {
    const events = await enqueueRounds(h, 'lost', 5, 4); // 20
    expect(await enqueueEvents(h.pool, events)).toBe(0); // the retried writer: nothing new
    const c = await recordingConsumer(h, { topics: [TOPICS.tickets] });
    try {
      const r = relay();
      r.start();
      await waitFor(
        () => c.applied.filter((e) => e.aggregateId.startsWith('lost-')).length >= 20,
        30_000,
        () => 'first delivery',
      );
      await r.stop();
      // The relay crashed after Kafka acknowledged but before it marked the rows: they are pending again.
      await h.pool.query(`UPDATE outbox_events SET published_at = NULL WHERE message_key LIKE 'lost-%'`);
      relay().start();
      await waitFor(
        () => c.duplicates.filter((e) => e.aggregateId.startsWith('lost-')).length >= 20,
        30_000,
        () => 'redelivery',
      );
      const counts = await effectCounts(h.pool, c.groupId);
      for (const e of events) expect(counts.get(e.eventId)).toBe(1);
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('survives the relay process being killed: pending rows are published after restart, each applied once', async () => {
    const c = await recordingConsumer(h, { topics: [TOPICS.tickets] });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'relay-process.ts')], {
      env: {
        ...process.env,
        RELAY_DATABASE_URL: h.db.url,
        RELAY_BROKERS: h.brokers.join(','),
        RELAY_TOPIC_PREFIX: h.prefix,
        RELAY_BATCH_SIZE: '25',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      let batches = 0;
      const exited = new Promise((r) => child.once('exit', r));
      lines.on('line', (line) => {
        // SIGKILL right after the first acknowledged batch, while the rest is in flight or pending.
        if (line.startsWith('published') && ++batches === 1) child.kill('SIGKILL');
      });
      const events = await enqueueRounds(h, 'killed', 20, 25); // 500, written while the child relays
      await exited;
      expect(batches).toBeGreaterThanOrEqual(1);
      expect(child.signalCode).toBe('SIGKILL');
      const pendingAfterKill = await h.pool.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL AND message_key LIKE 'killed-%'`,
      );
      expect(pendingAfterKill.rows[0].n).toBeGreaterThan(0); // it died mid-stream

      relay().start(); // the restarted service
      const mine = () => c.applied.filter((e) => e.aggregateId.startsWith('killed-')).length;
      await waitFor(
        () => mine() >= events.length,
        60_000,
        () => `${events.length} applied, got ${mine()}`,
      );
      const counts = await effectCounts(h.pool, c.groupId);
      for (const e of events) expect(counts.get(e.eventId)).toBe(1);
      const order = await appliedOrder(h, c.groupId, 'killed');
      for (const seqs of order.values()) expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await c.stop();
    }
  }, 90_000);

  it('runs one active relay per outbox table; a standby takes over when it stops', async () => {
    const a = relay();
    const b = relay();
    a.start();
    await waitFor(
      () => a.stats().leader,
      10_000,
      () => 'a leads',
    );
    b.start();
    await sleep(500);
    expect(b.stats().leader).toBe(false);
    await a.stop();
    await waitFor(
      () => b.stats().leader,
      10_000,
      () => 'b takes over',
    );
    const events = await enqueueRounds(h, 'standby', 2, 3);
    await waitFor(
      async () => (await b.pending()) === 0,
      10_000,
      () => 'b publishes',
    );
    expect(b.stats().published).toBeGreaterThanOrEqual(events.length);
  }, 60_000);
});
