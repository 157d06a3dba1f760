// An idempotent event consumer: decode + validate, dedupe by event id in the effect's own transaction, retry
// transient failures with backoff, and dead-letter poison records (with the reason) instead of crash-looping.
import type { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import type { EventType, Topic } from '../catalog';
import { decodeEvent, type DeadLetterReason, type DecodedEventOf } from '../envelope';
import { headersToStrings } from '../kafka';
import { errorFields, silentLogger, type Logger } from '@sla-desk/runtime';
import type { SqlExecutor } from '../sql';
import { dlqTopic, topicName } from '../topics';
import { claimEvent, DEFAULT_PROCESSED_TABLE, type TransactionRunner } from './idempotency';

/** Throw it from a handler for a record that can never succeed (it goes to the dead-letter topic at once). */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/** Dead-letter record headers, added to the original record's headers. */
export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  detail: 'dlq-detail',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
  attempts: 'dlq-attempts',
} as const;

export interface RecordInfo {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

export interface HandlerContext<TTx> {
  /** The transaction the claim was written in: write the effect with it. */
  tx: TTx;
  db: SqlExecutor;
  record: RecordInfo;
  attempt: number;
}

export type EventHandler<T extends EventType, TTx> = (event: DecodedEventOf<T>, ctx: HandlerContext<TTx>) => Promise<void>;
export type EventHandlers<TTx> = { [T in EventType]?: EventHandler<T, TTx> };

export interface IdempotentConsumerOptions<TTx> {
  kafka: Kafka;
  /**
   * Kafka consumer group, also the `consumer` column of processed_events. On the broker it carries the topic prefix
   * (`<prefix><groupId>`): environments sharing a broker under different prefixes must not share a group, or one
   * environment's members are handed the other's partitions and never read them.
   */
  groupId: string;
  /** Base topics to read (the environment prefix is added). */
  topics: readonly Topic[];
  topicPrefix?: string;
  /** Handlers by event type. Known types without a handler are skipped (offset committed, nothing recorded). */
  handlers: EventHandlers<TTx>;
  /** Opens the transaction that holds the processed-events claim and the effect. */
  transactions: TransactionRunner<TTx>;
  /** Default "processed_events". */
  processedTable?: string;
  /** Transient-failure retries: exponential backoff from initialMs to maxMs; after maxAttempts the record is
   *  dead-lettered with reason retries-exhausted. Default 200 ms … 10 s, 10 attempts (Infinity: never give up). */
  retry?: { initialMs?: number; maxMs?: number; maxAttempts?: number };
  /** Read a new group from the start of the topics. Default true (idempotency makes replays harmless). */
  fromBeginning?: boolean;
  /** Partitions processed in parallel (order is kept within each partition). Default 1. */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Longest a fetch waits on the broker for new records; also bounds how long stop() waits. Default 1000 ms. */
  maxWaitTimeMs?: number;
  logger?: Logger;
  /** Observability hooks (metrics, tests). */
  onProcessed?: (event: DecodedEventOf<EventType>, outcome: 'applied' | 'duplicate' | 'skipped', record: RecordInfo) => void;
  onDeadLetter?: (reason: DeadLetterReason, detail: string, record: RecordInfo) => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class IdempotentConsumer<TTx> {
  private readonly consumer: Consumer;
  private readonly dlqProducer: Producer;
  private readonly log: Logger;
  private readonly retry: { initialMs: number; maxMs: number; maxAttempts: number };
  private readonly table: string;
  private stopping = false;

  constructor(private readonly o: IdempotentConsumerOptions<TTx>) {
    this.log = o.logger ?? silentLogger;
    this.retry = {
      initialMs: o.retry?.initialMs ?? 200,
      maxMs: o.retry?.maxMs ?? 10_000,
      maxAttempts: o.retry?.maxAttempts ?? 10,
    };
    this.table = o.processedTable ?? DEFAULT_PROCESSED_TABLE;
    this.consumer = o.kafka.consumer({
      groupId: `${o.topicPrefix ?? ''}${o.groupId}`,
      sessionTimeout: o.sessionTimeoutMs ?? 30_000,
      maxWaitTimeInMs: o.maxWaitTimeMs ?? 1_000,
      allowAutoTopicCreation: false,
      // Always come back after a crash (e.g. the broker was away longer than the client's own retries).
      retry: { retries: 10, restartOnFailure: async () => true },
    });
    this.dlqProducer = o.kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.dlqProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.o.topics.map((t) => topicName(t, this.o.topicPrefix)),
      fromBeginning: this.o.fromBeginning ?? true,
    });
    this.consumer.on(this.consumer.events.CRASH, (e) =>
      this.log.warn('consumer crashed; kafkajs restarts it', { groupId: this.o.groupId, ...errorFields(e.payload.error) }),
    );
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.o.partitionsConsumedConcurrently ?? 1,
      eachMessage: (p) => this.handle(p),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    await this.dlqProducer.disconnect();
  }

  /** The kafkajs consumer, for events (GROUP_JOIN, …) and admin-like calls. */
  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  private async handle({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const record: RecordInfo = { topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null };
    const decoded = decodeEvent(message.value);
    if (!decoded.ok) {
      await this.deadLetter(payloadOf(message), decoded.reason, decoded.detail, record, 0);
      return;
    }
    const event = decoded.event;
    const handler = this.o.handlers[event.type] as EventHandler<EventType, TTx> | undefined;
    if (!handler) {
      this.o.onProcessed?.(event as DecodedEventOf<EventType>, 'skipped', record);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.o.transactions.run(async (tx, db) => {
          if (!(await claimEvent(db, this.o.groupId, event.id, this.table))) return false;
          await handler(event as DecodedEventOf<EventType>, { tx, db, record, attempt });
          return true;
        });
        if (!applied) this.log.debug('duplicate event skipped', { eventId: event.id, type: event.type, ...record });
        this.o.onProcessed?.(event as DecodedEventOf<EventType>, applied ? 'applied' : 'duplicate', record);
        return;
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        if (err instanceof PermanentError) {
          await this.deadLetter(payloadOf(message), 'handler-rejected', detail, record, attempt);
          return;
        }
        if (attempt >= this.retry.maxAttempts) {
          await this.deadLetter(payloadOf(message), 'retries-exhausted', detail, record, attempt);
          return;
        }
        if (this.stopping) throw err; // leave the offset uncommitted; another member (or the restart) redoes it
        const delay = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** (attempt - 1));
        this.log.warn('event handler failed; retrying', {
          eventId: event.id,
          type: event.type,
          attempt,
          retryInMs: delay,
          ...record,
          ...errorFields(err),
        });
        // Keep the group membership alive during long waits.
        for (let waited = 0; waited < delay && !this.stopping; waited += 1_000) {
          await sleep(Math.min(1_000, delay - waited));
          await heartbeat().catch(() => undefined);
        }
      }
    }
  }

  private async deadLetter(
    original: { key: Buffer | null; value: Buffer | null; headers: IHeaders },
    reason: DeadLetterReason,
    detail: string,
    record: RecordInfo,
    attempts: number,
  ): Promise<void> {
    const headers: IHeaders = {
      ...original.headers,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.detail]: detail.slice(0, 2000),
      [DLQ_HEADERS.topic]: record.topic,
      [DLQ_HEADERS.partition]: String(record.partition),
      [DLQ_HEADERS.offset]: record.offset,
      [DLQ_HEADERS.consumerGroup]: this.o.groupId,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
      [DLQ_HEADERS.attempts]: String(attempts),
    };
    // If this send fails (broker away) the error propagates: the offset stays uncommitted and kafkajs redelivers.
    await this.dlqProducer.send({
      topic: dlqTopic(record.topic),
      acks: -1,
      messages: [{ key: original.key, value: original.value, headers }],
    });
    this.log.warn('record dead-lettered', {
      reason,
      detail,
      dlq: dlqTopic(record.topic),
      eventId: headersToStrings(original.headers)['event-id'],
      ...record,
    });
    this.o.onDeadLetter?.(reason, detail, record);
  }
}

function payloadOf(message: EachMessagePayload['message']): { key: Buffer | null; value: Buffer | null; headers: IHeaders } {
  return { key: message.key ?? null, value: message.value ?? null, headers: message.headers ?? {} };
}
