// Where encoded events go: straight to Kafka, or into a transactional outbox (the relay publishes them).
import type { Producer } from 'kafkajs';
import type { OutgoingEvent } from './envelope';
import { enqueueEvents, type OutboxWriteOptions } from './outbox/outbox';
import type { PgQueryable, PrismaRawClient, SqlExecutor } from './sql';
import { topicName } from './topics';

export interface EventSink {
  write(events: readonly OutgoingEvent[]): Promise<void>;
}

/** Publishes directly to Kafka (acks=-1) with the given producer — use an idempotent one (createIdempotentProducer). */
export function kafkaSink(producer: Producer, options: { topicPrefix?: string } = {}): EventSink {
  return {
    async write(events) {
      if (events.length === 0) return;
      await producer.sendBatch({
        acks: -1,
        topicMessages: events.map((e) => ({
          topic: topicName(e.topic, options.topicPrefix),
          messages: [{ key: e.key, value: Buffer.from(e.value), headers: e.headers }],
        })),
      });
    },
  };
}

/** Writes into the outbox with the given database handle (a pool, or a transaction client to join its transaction). */
export function outboxSink(db: SqlExecutor | PrismaRawClient | PgQueryable, options: OutboxWriteOptions = {}): EventSink {
  return {
    async write(events) {
      await enqueueEvents(db, events, options);
    },
  };
}

/**
 * Coalesces concurrent writes: while one request is in flight, the writes that arrive wait and then leave together
 * as the next request (at most `maxEvents` events each; a write is never split). Each caller's promise settles with
 * the request that carried its events, so a failure fails every write in that request (they are retried by their
 * callers; consumers are idempotent by event id). A caller's own events keep their order; an idempotent producer
 * allows one request in flight, so without this a burst of writers queues one round trip each.
 */
export class CoalescingSink implements EventSink {
  private readonly waiting: Array<{ events: readonly OutgoingEvent[]; done: (err?: unknown) => void }> = [];
  private sending = false;

  constructor(
    private readonly sink: EventSink,
    private readonly maxEvents = 500,
  ) {}

  write(events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, done: (err) => (err === undefined ? resolve() : reject(err)) });
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.sending || this.waiting.length === 0) return;
    this.sending = true;
    const batch = [this.waiting.shift()!];
    let count = batch[0].events.length;
    while (this.waiting.length > 0 && count + this.waiting[0].events.length <= this.maxEvents) {
      count += this.waiting[0].events.length;
      batch.push(this.waiting.shift()!);
    }
    try {
      await this.sink.write(batch.flatMap((w) => w.events));
      batch.forEach((w) => w.done());
    } catch (err) {
      batch.forEach((w) => w.done(err ?? new Error('event sink write failed')));
    } finally {
      this.sending = false;
      void this.next();
    }
  }
}
