// The Kafka side of the service: one idempotent consumer (libs/events) of the ticket, identity and contract topics.
// Each record is one transaction: the processed_events claim, the projections, the notices and their outgoing emails.
// Undecodable records, unknown types and unsupported versions go to <topic>.dlq (libs/events); types it has no
// handler for are skipped. It never sends mail itself: the mailer is woken once the transaction committed.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ensureTopics, IdempotentConsumer, pgTransactions, topicsConfigFromEnv, TOPICS, type Topic } from '@sla-desk/events';
import { errorFields, jsonLogger } from '@sla-desk/runtime';
import { KafkaClient, SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { NotificationsConfig } from '../config';
import { Mailer } from '../mail/mailer';
import { NotificationsDb } from '../db-pool';
import { noticeHandlers } from './event-handlers';
import { NoticeWriter, type Tx } from './notice-writer';

export const CONSUMED_TOPICS: readonly Topic[] = [TOPICS.identity, TOPICS.contracts, TOPICS.tickets];

@Injectable()
export class NoticeConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NoticeConsumer');
  private consumer: IdempotentConsumer<Tx> | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: NotificationsConfig,
    private readonly kafkaClient: KafkaClient,
    private readonly db: NotificationsDb,
    private readonly writer: NoticeWriter,
    private readonly mailer: Mailer,
  ) {}

  onApplicationBootstrap(): void {
    const kafka = this.kafkaClient.kafka;
    if (!kafka) {
      this.logger.warn('KAFKA_BROKERS is not set: no notices from events');
      return;
    }
    const level = this.config.logLevel === 'silent' ? 'silent' : 'info';
    this.starting = (async () => {
      // The producers create their topics; creating the ones we read (and their DLQs) too lets us start first.
      for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 10_000)) {
        const admin = kafka.admin();
        try {
          await admin.connect();
          await ensureTopics(admin, { ...topicsConfigFromEnv(), prefix: this.config.kafkaTopicPrefix }, { topics: CONSUMED_TOPICS });
          break;
        } catch (error) {
          this.logger.warn({ msg: 'Could not reach Kafka yet; retrying', retryInMs: delay, ...errorFields(error) });
          await new Promise((r) => setTimeout(r, delay));
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      }
      if (this.stopped) return;
      this.consumer = new IdempotentConsumer<Tx>({
        kafka,
        groupId: this.config.consumerGroup,
        topics: CONSUMED_TOPICS,
        topicPrefix: this.config.kafkaTopicPrefix,
        // node-postgres rather than Prisma's interactive transactions: one short transaction per event is the hot path.
        transactions: pgTransactions(this.db.pool),
        handlers: noticeHandlers(this.writer),
        // Every partition of the default 6 at once (order is per partition, i.e. per ticket).
        partitionsConsumedConcurrently: 6,
        maxWaitTimeMs: 200,
        retry: { maxAttempts: 20, maxMs: 10_000 },
        logger: jsonLogger('notifications:consumer', level),
        onProcessed: (_event, outcome) => {
          if (outcome === 'applied') this.mailer.wake();
        },
      });
      await this.consumer.start();
      this.logger.log({ msg: 'Consuming', topics: CONSUMED_TOPICS, groupId: this.config.consumerGroup });
    })().catch((error) => this.logger.error({ msg: 'The event consumer did not start', ...errorFields(error) }));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer?.stop();
  }
}
