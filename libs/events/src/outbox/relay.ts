// The outbox relay: publishes pending outbox rows to Kafka in id order and marks them published.
//
// - One active relay per outbox table: a session advisory lock elects the leader among a service's replicas, so
//   rows of one aggregate are never published out of order by two relays at once. Standbys retry the lock.
// - Idempotent producer, acks=-1, one request in flight: Kafka keeps each partition in send order; keys are aggregate
//   ids, so one aggregate's events stay in outbox order.
// - A row is marked published only after Kafka acknowledged it. A crash between the two republishes the row on the
//   next start (at-least-once); consumers deduplicate by event id.
// - Any failure (broker down, database down) backs off exponentially (capped) and tries again, forever; nothing is
//   skipped or dropped. The producer is recreated after a Kafka failure (fresh idempotence state).
import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { createIdempotentProducer } from '../kafka';
import { errorFields, silentLogger, type Logger } from '@sla-desk/runtime';
import { quoteTable } from '../sql';
import { topicName } from '../topics';
import { DEFAULT_NOTIFY_CHANNEL, DEFAULT_OUTBOX_TABLE } from './outbox';

export interface OutboxRelayOptions {
  pool: Pool;
  kafka: Kafka;
  /** Environment prefix of topic names (rows store base names). Default "". */
  topicPrefix?: string;
  /** Default "outbox_events". */
  table?: string;
  /** Rows per Kafka batch. Default 500. */
  batchSize?: number;
  /** Poll interval when idle (NOTIFY normally wakes the relay earlier). Default 1000 ms. */
  pollIntervalMs?: number;
  /** LISTEN channel, or false to poll only. Default "sladesk_outbox". */
  notifyChannel?: string | false;
  /** Backoff after a failure: initial and maximum delay. Default 200 ms … 5 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Advisory lock key electing the active relay. Default: derived from the table name. */
  lockKey?: number;
  /** How often a standby tries to become the active relay. Default 2 s. */
  standbyRetryMs?: number;
  /** Published rows older than this are deleted (checked once a minute). Default 24 h; 0 keeps them forever. */
  retainPublishedMs?: number;
  logger?: Logger;
  /** Called after each batch Kafka acknowledged and the rows were marked published (metrics, tests). */
  onPublished?: (batch: ReadonlyArray<{ eventId: string; topic: string; key: string }>) => void;
}

export interface OutboxRelayStats {
  leader: boolean;
  published: number;
  batches: number;
  failures: number;
  consecutiveFailures: number;
  lastError?: string;
  lastPublishedAt?: Date;
}

interface Row {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  payload: Buffer;
  headers: Record<string, string> | null;
}

/** A 31-bit key from a string (stable across processes), for pg advisory locks. */
function lockKeyOf(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 1) & 0x7fffffff;
}

class KafkaStepError extends Error {
  override name = 'KafkaStepError';
  constructor(readonly causeError: unknown) {
    super(causeError instanceof Error ? causeError.message : String(causeError));
  }
}

export class OutboxRelay {
  private readonly o: Required<Omit<OutboxRelayOptions, 'onPublished' | 'lockKey' | 'backoff'>> & {
    lockKey: number;
    backoff: { initialMs: number; maxMs: number };
    onPublished?: OutboxRelayOptions['onPublished'];
  };
  private readonly table: string;
  private readonly log: Logger;
  private client: PoolClient | null = null;
  private detach: () => void = () => undefined;
  private producer: Producer | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private woken = false;
  private lastPurge = 0;
  private readonly s: OutboxRelayStats = { leader: false, published: 0, batches: 0, failures: 0, consecutiveFailures: 0 };

  constructor(options: OutboxRelayOptions) {
    const table = options.table ?? DEFAULT_OUTBOX_TABLE;
    this.table = quoteTable(table);
    this.log = options.logger ?? silentLogger;
    this.o = {
      pool: options.pool,
      kafka: options.kafka,
      topicPrefix: options.topicPrefix ?? '',
      table,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      notifyChannel: options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL,
      backoff: { initialMs: options.backoff?.initialMs ?? 200, maxMs: options.backoff?.maxMs ?? 5_000 },
      lockKey: options.lockKey ?? lockKeyOf(`sladesk-outbox:${table}`),
      standbyRetryMs: options.standbyRetryMs ?? 2_000,
      retainPublishedMs: options.retainPublishedMs ?? 24 * 3600_000,
      logger: this.log,
      onPublished: options.onPublished,
    };
  }

  /** Starts the relay loop in the background. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop().catch((err) => this.log.error('outbox relay loop ended unexpectedly', errorFields(err)));
  }

  /** Stops after the batch in flight (if any), releases the leadership and disconnects the producer. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.running;
    this.running = null;
  }

  stats(): OutboxRelayStats {
    return { ...this.s };
  }

  /** Wakes the relay now (e.g. right after a commit in this process, when NOTIFY is off). */
  poke(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Number of rows not yet published. */
  async pending(): Promise<number> {
    const r = await this.o.pool.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE published_at IS NULL`);
    return r.rows[0].n as number;
  }

  private async loop(): Promise<void> {
    let delay = 0;
    try {
      while (!this.stopping) {
        try {
          if (!(await this.lead())) {
            await this.sleep(this.o.standbyRetryMs);
            continue;
          }
          const n = await this.publishBatch();
          if (this.s.consecutiveFailures > 0) this.log.info('outbox relay recovered', { afterFailures: this.s.consecutiveFailures });
          this.s.consecutiveFailures = 0;
          delay = 0;
          await this.maybePurge();
          if (n < this.o.batchSize) await this.sleep(this.o.pollIntervalMs, true);
        } catch (err) {
          this.s.failures++;
          this.s.consecutiveFailures++;
          this.s.lastError = err instanceof Error ? err.message : String(err);
          delay = Math.min(this.o.backoff.maxMs, delay === 0 ? this.o.backoff.initialMs : delay * 2);
          const jittered = Math.round(delay * (0.75 + Math.random() * 0.5));
          if (err instanceof KafkaStepError) {
            await this.dropProducer();
          } else {
            await this.dropLeadership(err);
          }
          // Log the first failure of a run and then every 10th, to keep an outage readable.
          if (this.s.consecutiveFailures === 1 || this.s.consecutiveFailures % 10 === 0)
            this.log.warn('outbox relay failed; retrying', {
              ...errorFields(err instanceof KafkaStepError ? err.causeError : err),
              step: err instanceof KafkaStepError ? 'kafka' : 'database',
              consecutiveFailures: this.s.consecutiveFailures,
              retryInMs: jittered,
            });
          await this.sleep(jittered);
        }
      }
    } finally {
      await this.dropProducer();
      await this.dropLeadership();
    }
  }

  /** Holds (or tries to take) the advisory lock on a dedicated connection, which also LISTENs. */
  private async lead(): Promise<boolean> {
    if (this.client) return true;
    const client = await this.o.pool.connect();
    // A broken connection loses the lock with it: forget the client so the next round re-elects.
    const onError = (err: Error) => {
      this.log.warn('outbox relay lost its database connection', errorFields(err));
      if (this.client === client) void this.dropLeadership(err);
    };
    const onNotification = () => this.poke();
    client.on('error', onError);
    this.detach = () => {
      client.off('error', onError);
      client.off('notification', onNotification);
    };
    let ok = false;
    try {
      const r = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [this.o.lockKey]);
      ok = r.rows[0].ok === true;
      if (ok && this.o.notifyChannel) {
        client.on('notification', onNotification);
        await client.query(`LISTEN "${this.o.notifyChannel.replace(/"/g, '""')}"`);
      }
    } catch (err) {
      this.detach();
      client.on('error', () => undefined); // a destroyed connection may still report errors
      client.release(err as Error);
      throw err;
    }
    if (!ok) {
      this.detach();
      client.release();
      if (this.s.leader) this.log.info('outbox relay is standby');
      this.s.leader = false;
      return false;
    }
    this.client = client;
    this.s.leader = true;
    this.log.info('outbox relay is active', { table: this.o.table });
    return true;
  }

  private async dropLeadership(err?: unknown): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    this.s.leader = false;
    this.detach();
    if (err) {
      client.on('error', () => undefined); // a destroyed connection may still report errors
      client.release(err instanceof Error ? err : new Error(String(err))); // destroys the connection (and the lock)
      return;
    }
    try {
      if (this.o.notifyChannel) await client.query('UNLISTEN *');
      await client.query('SELECT pg_advisory_unlock($1)', [this.o.lockKey]);
      client.release();
    } catch (e) {
      client.on('error', () => undefined);
      client.release(e as Error);
    }
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = createIdempotentProducer(this.o.kafka);
    try {
      await producer.connect();
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw new KafkaStepError(err);
    }
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const p = this.producer;
    this.producer = null;
    if (p) await p.disconnect().catch(() => undefined);
  }

  private async publishBatch(): Promise<number> {
    const client = this.client!;
    const { rows } = await client.query<Row>(
      `SELECT id, event_id, topic, message_key, payload, headers FROM ${this.table} ` + `WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [this.o.batchSize],
    );
    if (rows.length === 0) return 0;
    // Group by topic, keeping id order inside each topic (and so inside each key).
    const byTopic = new Map<string, TopicMessages>();
    for (const r of rows) {
      const topic = topicName(r.topic, this.o.topicPrefix);
      let tm = byTopic.get(topic);
      if (!tm) byTopic.set(topic, (tm = { topic, messages: [] }));
      tm.messages.push({ key: r.message_key, value: r.payload, headers: r.headers ?? {} });
    }
    const ids = rows.map((r) => r.id);
    try {
      const producer = await this.ensureProducer();
      await producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
    } catch (err) {
      const e = err instanceof KafkaStepError ? err : new KafkaStepError(err);
      await client
        .query(`UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
          ids,
          e.message.slice(0, 1000),
        ])
        .catch(() => undefined);
      throw e;
    }
    await client.query(
      `UPDATE ${this.table} SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    this.s.published += rows.length;
    this.s.batches++;
    this.s.lastPublishedAt = new Date();
    this.o.onPublished?.(rows.map((r) => ({ eventId: r.event_id, topic: r.topic, key: r.message_key })));
    return rows.length;
  }

  private async maybePurge(): Promise<void> {
    if (this.o.retainPublishedMs <= 0 || Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    const r = await this.client!.query(
      `DELETE FROM ${this.table} WHERE id IN (SELECT id FROM ${this.table} ` +
        `WHERE published_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 10000)`,
      [this.o.retainPublishedMs / 1000],
    );
    if (r.rowCount) this.log.debug('outbox relay purged published rows', { rows: r.rowCount });
  }

  /** Sleeps up to `ms`; a NOTIFY or poke() ends it early when `wakeable`; stop() always ends it. */
  private sleep(ms: number, wakeable = false): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (wakeable && this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = () => {
        if (this.stopping || wakeable) {
          this.woken = false;
          done();
        }
      };
    });
  }
}
