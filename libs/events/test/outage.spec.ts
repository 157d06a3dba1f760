// The broker goes away for 30 s while 1 000 events are written into the outbox: after it is back, all 1 000 are
// delivered and each is applied exactly once. The broker is stopped and started with the stack's own scripts
// (deploy/local/down.sh kafka, deploy/local/up.sh), never by killing a process this test did not start.
//
// Note: this stops the shared local broker for ~30 s; other suites using Kafka at the same moment will see it gone.
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import * as path from 'node:path';
import { findRepoRoot } from '@sla-desk/testing';
import { samplePayload } from './fixtures';
import { effectCounts, harness, recordingConsumer, sleep, waitFor, type Harness } from './support';
import { buildEvent, enqueueEvents, OutboxRelay, TOPICS, type OutgoingEvent } from '../src';

const OUTAGE_MS = 30_000;
const EVENTS = 1_000;
const AGGREGATES = 50;
const TRANSACTIONS = 20; // 50 events each, written over the first ~20 s of the outage

const repo = findRepoRoot();

function stackScript(script: 'down.sh' | 'up.sh', ...args: string[]): string {
  const r = spawnSync('bash', [path.join(repo, 'deploy', 'local', script), ...args], { encoding: 'utf8', env: process.env, timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`deploy/local/${script} ${args.join(' ')} failed (exit ${r.status}):\n${out}`);
  return out;
}

function portOpen(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const s = createConnection({ host, port: Number(port) });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('broker outage', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await harness('outage', { topics: [TOPICS.tickets], partitions: 3 });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it(`delivers all ${EVENTS} events written into the outbox during a ${OUTAGE_MS / 1000} s broker outage, none twice in effect`, async () => {
    const c = await recordingConsumer(h, { topics: [TOPICS.tickets], partitionsConsumedConcurrently: 3 });
    const relay = new OutboxRelay({
      pool: h.pool,
      kafka: h.kafka,
      topicPrefix: h.prefix,
      pollIntervalMs: 200,
      backoff: { initialMs: 200, maxMs: 2_000 },
    });
    let brokerStopped = false;
    try {
      relay.start();
      // Warm-up: the pipeline works before the outage.
      const warm = buildEvent({ type: 'ticket.comment_added', payload: samplePayload('ticket.comment_added', 'warm-up'), tenantId: 'c', producer: 'p' });
      await enqueueEvents(h.pool, [warm]);
      await waitFor(() => c.applied.some((e) => e.id === warm.eventId), 20_000, () => 'warm-up event');

      const broker = h.brokers[0];
      stackScript('down.sh', 'kafka');
      brokerStopped = true;
      const down = Date.now();
      if (await portOpen(broker))
        throw new Error(`deploy/local/down.sh kafka did not stop the broker at ${broker}: is it managed by deploy/local (npm run up)?`);

      const events: OutgoingEvent[] = [];
      for (let t = 0; t < TRANSACTIONS; t++) {
        const batch = Array.from({ length: EVENTS / TRANSACTIONS }, (_, i) => {
          const n = t * (EVENTS / TRANSACTIONS) + i;
          const seq = Math.floor(n / AGGREGATES) + 1;
          return buildEvent({
            type: 'ticket.status_changed',
            payload: samplePayload('ticket.status_changed', `outage-${n % AGGREGATES}`),
            tenantId: 'cust-1',
            producer: 'outage-test',
            aggregateSequence: seq,
          });
        });
        const client = await h.pool.connect();
        try {
          await client.query('BEGIN');
          await enqueueEvents(client, batch);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        events.push(...batch);
        await sleep(1_000);
      }
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - down)));

      // Nothing was lost or skipped while the broker was away: all rows still pending, the relay kept retrying.
      expect(await relay.pending()).toBe(EVENTS);
      expect(relay.stats().consecutiveFailures).toBeGreaterThan(3);
      expect(c.applied.filter((e) => e.aggregateId.startsWith('outage-'))).toHaveLength(0);

      stackScript('up.sh');
      brokerStopped = false;
      const up = Date.now();
      const mine = () => c.applied.filter((e) => e.aggregateId.startsWith('outage-')).length;
      await waitFor(() => mine() >= EVENTS, 60_000, () => `${EVENTS} applied after the restart, got ${mine()}`);
      const recoveredInMs = Date.now() - up;

      const counts = await effectCounts(h.pool, c.groupId);
      for (const e of events) expect(counts.get(e.eventId)).toBe(1);
      expect(await relay.pending()).toBe(0);
      // Per-aggregate order survived the outage and the retries.
      const r = await h.pool.query<{ seqs: string[] }>(
        `SELECT array_agg(seq ORDER BY n) AS seqs FROM effects WHERE consumer = $1 AND aggregate_id LIKE 'outage-%' GROUP BY aggregate_id`,
        [c.groupId],
      );
      expect(r.rows).toHaveLength(AGGREGATES);
      for (const row of r.rows) expect(row.seqs.map(Number)).toEqual(Array.from({ length: EVENTS / AGGREGATES }, (_, i) => i + 1));
      console.log(
        `outage: broker down ${((up - down) / 1000).toFixed(1)} s, relay failures ${relay.stats().failures}; ` +
          `${EVENTS} events applied ${(recoveredInMs / 1000).toFixed(1)} s after up.sh returned; duplicates seen ${c.duplicates.length}`,
      );
    } finally {
      if (brokerStopped) stackScript('up.sh'); // never leave the shared broker down
      await relay.stop();
      await c.stop();
    }
  }, 150_000);
});
