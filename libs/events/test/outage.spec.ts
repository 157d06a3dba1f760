// The broker goes away for 30 s while 1 000 events are written into the outbox: after it is back, all 1 000 are
// delivered and each is applied exactly once.
//
// The broker is a PRIVATE one: this test starts its own single-node Kafka with the stack's scripts
// (`deploy/local/up.sh kafka` with its own SLA_DESK_HOME under the stack's state folder, free ports, the jars
// hard-linked from the stack's cache), stops it for the outage (`down.sh kafka`), starts it again, and removes it at
// the end, also on failure. The shared broker other projects' suites use in parallel is never touched.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmdirSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import * as path from 'node:path';
import { findRepoRoot, stackConfig } from '@sla-desk/testing';
import { samplePayload } from './fixtures';
import { effectCounts, harness, recordingConsumer, sleep, waitFor, type Harness } from './support';
import { buildEvent, enqueueEvents, OutboxRelay, TOPICS, type OutgoingEvent } from '../src';

const OUTAGE_MS = 30_000;
const EVENTS = 1_000;
const AGGREGATES = 50;
const TRANSACTIONS = 20; // 50 events each, written over the first ~20 s of the outage
const SCRIPT_TIMEOUT_MS = 150_000;

const repo = findRepoRoot();

/** Two distinct ports free on 127.0.0.1 right now (held together while picked, then released). */
async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', resolve);
      });
      ports.push((s.address() as { port: number }).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
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

/** A single-node Kafka of this test's own, managed by deploy/local in a state folder of its own. */
class PrivateBroker {
  readonly home: string;
  kafkaPort = 0;
  controllerPort = 0;

  constructor() {
    const stackHome = stackConfig().home;
    this.home = path.join(stackHome, 'private', `events-outage-${process.pid}-${randomBytes(3).toString('hex')}`);
  }

  get address(): string {
    return `127.0.0.1:${this.kafkaPort}`;
  }

  /** The scripts' environment: none of the caller's SLA_DESK_* (its state folder, ports, CI's started-file). */
  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SLA_DESK_')) env[k] = v;
    return {
      ...env,
      SLA_DESK_HOME: this.home,
      SLA_DESK_KAFKA_PORT: String(this.kafkaPort),
      SLA_DESK_KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      SLA_DESK_KAFKA_JAR_CACHE: path.join(stackConfig().home, 'kafka', 'libs'),
      SLA_DESK_KAFKA_HEAP: '-Xmx256m',
      ...(process.env.SLA_DESK_READY_TIMEOUT ? { SLA_DESK_READY_TIMEOUT: process.env.SLA_DESK_READY_TIMEOUT } : {}),
    };
  }

  /** Runs deploy/local/<script> kafka (asynchronously: the relay and the consumer keep running meanwhile). */
  run(script: 'up.sh' | 'down.sh'): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [path.join(repo, 'deploy', 'local', script), 'kafka'], {
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: SCRIPT_TIMEOUT_MS,
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve(out);
        else
          reject(
            new Error(
              `deploy/local/${script} kafka for the outage test's private broker (SLA_DESK_HOME=${this.home}, ` +
                `port ${this.kafkaPort}, controller ${this.controllerPort}) failed (exit ${code ?? signal}):\n${out}`,
            ),
          );
      });
    });
  }

  /** Picks free ports and starts the broker; a port taken in between (a race with another process) is retried. */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      [this.kafkaPort, this.controllerPort] = await freePorts(2);
      try {
        await this.run('up.sh');
        return;
      } catch (err) {
        if (attempt >= 3 || !/already in use/.test((err as Error).message)) throw err;
      }
    }
  }

  /** Stops the broker (if it runs) and deletes its state folder. */
  async remove(): Promise<void> {
    if (this.kafkaPort !== 0) await this.run('down.sh');
    rmSync(this.home, { recursive: true, force: true });
    try {
      rmdirSync(path.dirname(this.home)); // <home>/private, when no other private piece is in it
    } catch {
      // not empty, or already gone
    }
  }
}

describe('broker outage (on a private broker)', () => {
  const broker = new PrivateBroker();
  let h: Harness | undefined;

  beforeAll(async () => {
    await broker.start(); // throws with deploy/local's output when it cannot
    h = await harness('outage', { topics: [TOPICS.tickets], partitions: 3, brokers: [broker.address] });
  }, SCRIPT_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    try {
      await h?.close();
    } finally {
      await broker.remove();
    }
  }, SCRIPT_TIMEOUT_MS + 60_000);

  it(`delivers all ${EVENTS} events written into the outbox during a ${OUTAGE_MS / 1000} s broker outage, none twice in effect`, async () => {
    const hh = h!;
    const c = await recordingConsumer(hh, { topics: [TOPICS.tickets], partitionsConsumedConcurrently: 3 });
    const relay = new OutboxRelay({
      pool: hh.pool,
      kafka: hh.kafka,
      topicPrefix: hh.prefix,
      pollIntervalMs: 200,
      backoff: { initialMs: 200, maxMs: 2_000 },
    });
    try {
      relay.start();
      // Warm-up: the pipeline works before the outage.
      const warm = buildEvent({
        type: 'ticket.comment_added',
        payload: samplePayload('ticket.comment_added', 'warm-up'),
        tenantId: 'c',
        producer: 'p',
      });
      await enqueueEvents(hh.pool, [warm]);
      await waitFor(
        () => c.applied.some((e) => e.id === warm.eventId),
        20_000,
        () => 'warm-up event',
      );

      await broker.run('down.sh');
      const down = Date.now();
      if (await portOpen(broker.address))
        throw new Error(`deploy/local/down.sh kafka did not stop the private broker at ${broker.address}`);

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
        const client = await hh.pool.connect();
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

      await broker.run('up.sh');
      const up = Date.now();
      expect(up - down).toBeGreaterThanOrEqual(OUTAGE_MS);
      const mine = () => c.applied.filter((e) => e.aggregateId.startsWith('outage-')).length;
      await waitFor(
        () => mine() >= EVENTS,
        60_000,
        () => `${EVENTS} applied after the restart, got ${mine()}`,
      );
      const recoveredInMs = Date.now() - up;

      const counts = await effectCounts(hh.pool, c.groupId);
      for (const e of events) expect(counts.get(e.eventId)).toBe(1);
      expect(await relay.pending()).toBe(0);
      // Per-aggregate order survived the outage and the retries.
      const r = await hh.pool.query<{ seqs: string[] }>(
        `SELECT array_agg(seq ORDER BY n) AS seqs FROM effects WHERE consumer = $1 AND aggregate_id LIKE 'outage-%' GROUP BY aggregate_id`,
        [c.groupId],
      );
      expect(r.rows).toHaveLength(AGGREGATES);
      for (const row of r.rows) expect(row.seqs.map(Number)).toEqual(Array.from({ length: EVENTS / AGGREGATES }, (_, i) => i + 1));
      console.log(
        `outage (private broker ${broker.address}): down ${((up - down) / 1000).toFixed(1)} s, relay failures ${relay.stats().failures}; ` +
          `${EVENTS} events applied ${(recoveredInMs / 1000).toFixed(1)} s after up.sh returned; duplicates seen ${c.duplicates.length}`,
      );
    } finally {
      await relay.stop();
      await c.stop();
    }
  }, 240_000);
});
