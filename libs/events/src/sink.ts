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
