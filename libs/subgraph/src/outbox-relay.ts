// Ships the subgraph's transactional outbox to Kafka (libs/events' OutboxRelay) while the app runs, when brokers are
// configured. First it creates the service's topics (and their .dlq) with ensureTopics — the broker never
// auto-creates topics — then starts the relay. A broker that is not reachable yet does not block the start-up: topic
// creation is retried with backoff until it succeeds (events wait in the outbox meanwhile) or the app shuts down.
// With several instances, one relay is active per outbox table (an advisory lock inside OutboxRelay).
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ensureTopics, OutboxRelay, topicsConfigFromEnv, type Topic, type TopicsConfig } from '@sla-desk/events';
import { errorFields, jsonLogger } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG, type SubgraphConfig } from './config';
import { DatabasePool } from './database';
import { KafkaClient, type Kafka } from './kafka';
import { SUBGRAPH_NAME } from './tokens';

/** Injection token of the topics a subgraph publishes to. */
export const OUTBOX_TOPICS = Symbol('OUTBOX_TOPICS');

const MAX_RETRY_DELAY_MS = 30_000;

@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay: OutboxRelay | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: SubgraphConfig,
    @Inject(SUBGRAPH_NAME) private readonly service: string,
    @Inject(OUTBOX_TOPICS) private readonly topics: readonly Topic[],
    private readonly database: DatabasePool,
    private readonly kafkaClient: KafkaClient,
  ) {}

  onApplicationBootstrap(): void {
    const kafka = this.kafkaClient.kafka;
    if (!kafka) {
      this.logger.warn('KAFKA_BROKERS is not set: events stay in the outbox until a relay runs');
      return;
    }
    if (this.topics.length === 0) return;
    // Invalid KAFKA_TOPIC_* values fail the start-up here.
    const topics: TopicsConfig = { ...topicsConfigFromEnv(), prefix: this.config.kafkaTopicPrefix };
    const log = jsonLogger(`${this.service}:outbox-relay`, this.config.logLevel === 'silent' ? 'silent' : 'info');
    this.starting = (async () => {
      await this.ensureTopics(kafka, topics);
      if (this.stopped) return;
      this.relay = new OutboxRelay({ pool: this.database.pool, kafka, topicPrefix: this.config.kafkaTopicPrefix, logger: log });
      this.relay.start();
    })();
  }

  private async ensureTopics(kafka: Kafka, topics: TopicsConfig): Promise<void> {
    const log = jsonLogger(`${this.service}:topics`, this.config.logLevel === 'silent' ? 'silent' : 'info');
    for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await ensureTopics(admin, topics, { topics: this.topics, logger: log });
        return;
      } catch (error) {
        this.logger.warn({ msg: 'Could not create the Kafka topics yet; retrying', retryInMs: delay, ...errorFields(error) });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.starting;
    await this.relay?.stop();
  }
}
