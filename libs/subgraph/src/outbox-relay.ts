// Ships the subgraph's transactional outbox to Kafka (libs/events' OutboxRelay) while the app runs, when brokers are
// configured. First it creates the service's topics (and their .dlq) — retried with backoff until the broker answers
// (events wait in the outbox meanwhile) or the app shuts down — then starts the relay. With several instances, one
// relay is active per outbox table (an advisory lock inside OutboxRelay).
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay, type Topic } from '@sla-desk/events';
import { jsonLogger } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG, type SubgraphConfig } from './config';
import { DatabasePool } from './database';
import { KafkaClient } from './kafka';
import { TopicCreator } from './topics';
import { SUBGRAPH_NAME } from './tokens';

/** Injection token of the topics a subgraph publishes to. */
export const OUTBOX_TOPICS = Symbol('OUTBOX_TOPICS');

@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay: OutboxRelay | null = null;
  private starting: Promise<void> | null = null;
  private topicCreator: TopicCreator | null = null;

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
    const creator = new TopicCreator(kafka, this.config, this.service);
    creator.topicsConfig(); // invalid KAFKA_TOPIC_* values fail the start-up here
    this.topicCreator = creator;
    const log = jsonLogger(`${this.service}:outbox-relay`, this.config.logLevel === 'silent' ? 'silent' : 'info');
    this.starting = (async () => {
      if (!(await creator.ensure(this.topics))) return;
      this.relay = new OutboxRelay({ pool: this.database.pool, kafka, topicPrefix: this.config.kafkaTopicPrefix, logger: log });
      this.relay.start();
    })();
  }

  async onApplicationShutdown(): Promise<void> {
    this.topicCreator?.stop();
    await this.starting;
    await this.relay?.stop();
  }
}
