/**
 * The publisher port on Kafka: WorkflowEventPublisher of @sla-desk/ticket-activities (protobuf envelopes, event id = UUIDv5 of
 * ticket id + sequence, so a retried activity republishes the same event) over an idempotent producer.
 *
 * Failures: a send that fails (broker away) fails the activity, and Temporal retries it (the workflows retry
 * publishing without limit); the producer is replaced after a failure, as the outbox relay does. An event that can
 * never be encoded (InvalidEventError) fails the activity without retries.
 */
import { errorFields } from '@sla-desk/runtime';
import {
  CoalescingSink,
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  InvalidEventError,
  kafkaSink,
  TOPICS,
  type EnsureTopicsResult,
  type EventSink,
  type Logger,
  type OutgoingEvent,
  type Topic,
  type TopicsConfig,
} from '@sla-desk/events';
import type { SlaEvent, TicketEvent } from '@sla-desk/workflow-api';
import { ApplicationFailure } from '@temporalio/common';
import type { Kafka, Producer } from 'kafkajs';
import { WorkflowEventPublisher, type EventPublisherPort } from '@sla-desk/ticket-activities';

/** The topics the worker writes: tickets (ticket workflow), hotline and contracts (the two single-clock workflows). */
export const WORKER_TOPICS: readonly Topic[] = [TOPICS.tickets, TOPICS.hotline, TOPICS.contracts];

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  topics: TopicsConfig;
  logger: Logger;
  /** Envelope `producer`. Default "worker". */
  producerName?: string;
}

/** A Kafka sink that swaps its producer for a fresh one after a failed send (connects lazily, once at a time). */
export class ReconnectingKafkaSink implements EventSink {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
    private readonly logger: Logger,
  ) {}

  async connect(): Promise<Producer> {
    if (this.closed) throw new Error('the Kafka publisher is closed (worker shutting down)');
    if (this.producer) return this.producer;
    if (!this.connecting) {
      const p = createIdempotentProducer(this.kafka);
      this.connecting = p
        .connect()
        .then(() => {
          this.producer = p;
          return p;
        })
        .finally(() => {
          this.connecting = undefined;
        });
    }
    return this.connecting;
  }

  async write(events: readonly OutgoingEvent[]): Promise<void> {
    const producer = await this.connect();
    try {
      await kafkaSink(producer, { topicPrefix: this.topicPrefix }).write(events);
    } catch (err) {
      if (this.producer === producer) {
        this.producer = undefined;
        this.logger.warn('kafka send failed; the activity will be retried with a fresh producer', {
          events: events.map((e) => ({ eventId: e.eventId, type: e.type })),
          ...errorFields(err),
        });
        producer.disconnect().catch(() => undefined);
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const p = this.producer ?? (await this.connecting?.catch(() => undefined));
    this.producer = undefined;
    await p?.disconnect();
  }
}

/** Turns an event that cannot be encoded into a non-retryable activity failure (a retry would fail the same way). */
function nonRetryableOnInvalid<T>(publish: (e: T) => Promise<void>): (e: T) => Promise<void> {
  return async (e) => {
    try {
      await publish(e);
    } catch (err) {
      if (err instanceof InvalidEventError) {
        throw ApplicationFailure.create({ type: 'INVALID_EVENT', message: err.message, nonRetryable: true, cause: err });
      }
      throw err;
    }
  };
}

export interface KafkaPublisher extends EventPublisherPort {
  readonly kafka: Kafka;
  readonly topics: EnsureTopicsResult;
  close(): Promise<void>;
}

/** Creates the worker's topics (`ensureTopics`), connects the producer and returns the publisher port. */
export async function connectKafkaPublisher(o: KafkaPublisherOptions): Promise<KafkaPublisher> {
  const kafka = createKafka({ brokers: o.brokers, clientId: o.clientId, logger: o.logger });
  const admin = kafka.admin();
  await admin.connect();
  let topics: EnsureTopicsResult;
  try {
    topics = await ensureTopics(admin, o.topics, { topics: WORKER_TOPICS, logger: o.logger });
  } finally {
    await admin.disconnect();
  }
  const sink = new ReconnectingKafkaSink(kafka, o.topics.prefix ?? '', o.logger);
  await sink.connect();
  // Many tickets flushing at once (clocks due at the same instant) share Kafka requests instead of queueing one each.
  const publisher = new WorkflowEventPublisher({ sink: new CoalescingSink(sink), producer: o.producerName ?? 'worker' });
  return {
    kafka,
    topics,
    publishTicketEvent: nonRetryableOnInvalid<TicketEvent>(publisher.publishTicketEvent),
    publishTicketEvents: nonRetryableOnInvalid<TicketEvent[]>(publisher.publishTicketEvents),
    publishSlaEvent: nonRetryableOnInvalid<SlaEvent>(publisher.publishSlaEvent),
    close: () => sink.close(),
  };
}
