// The subgraph's Kafka consumers (libs/events' IdempotentConsumer: processed_events in the effect's transaction,
// dead-lettering, retries) with the app's lifecycle. A feature registers its consumer while the module initialises
// (onModuleInit); once the app is up, each consumer's topics are created if missing (retried while the broker is
// away: a broker that is not up yet does not block the start-up) and the consumer starts; at shutdown they stop.
// Several instances of a service share each consumer group, so each event is handled by one of them.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotentConsumer, type IdempotentConsumerOptions } from '@sla-desk/events';
import { errorFields, jsonLogger } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG, type SubgraphConfig } from './config';
import { KafkaClient } from './kafka';
import { TopicCreator } from './topics';
import { SUBGRAPH_NAME } from './tokens';

/** A consumer as a feature describes it; the kit adds the Kafka client, the topic prefix and a logger. */
export type SubgraphConsumerOptions<TTx> = Omit<IdempotentConsumerOptions<TTx>, 'kafka' | 'topicPrefix' | 'logger'>;

const RESTART_DELAY_MS = 5_000;

@Injectable()
export class EventConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventConsumers');
  private readonly registered: Array<SubgraphConsumerOptions<unknown>> = [];
  private readonly running: Array<IdempotentConsumer<unknown>> = [];
  private starting: Promise<unknown> | null = null;
  private topicCreator: TopicCreator | null = null;
  private stopped = false;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: SubgraphConfig,
    @Inject(SUBGRAPH_NAME) private readonly service: string,
    private readonly kafkaClient: KafkaClient,
  ) {}

  /** Call from onModuleInit: the consumer starts with the app. */
  register<TTx>(options: SubgraphConsumerOptions<TTx>): void {
    this.registered.push(options as SubgraphConsumerOptions<unknown>);
  }

  onApplicationBootstrap(): void {
    if (this.registered.length === 0) return;
    const kafka = this.kafkaClient.kafka;
    if (!kafka) {
      this.logger.warn({ msg: 'KAFKA_BROKERS is not set: the event consumers do not run', groups: this.registered.map((o) => o.groupId) });
      return;
    }
    const creator = new TopicCreator(kafka, this.config, this.service);
    this.topicCreator = creator;
    const level = this.config.logLevel === 'silent' ? 'silent' : 'info';
    this.starting = Promise.all(
      this.registered.map(async (options) => {
        if (!(await creator.ensure(options.topics))) return;
        while (!this.stopped) {
          const consumer = new IdempotentConsumer({
            ...options,
            kafka,
            topicPrefix: this.config.kafkaTopicPrefix,
            logger: jsonLogger(`${this.service}:${options.groupId}`, level),
          });
          try {
            await consumer.start();
            this.running.push(consumer);
            this.logger.log({ msg: 'Event consumer started', groupId: options.groupId, topics: options.topics });
            return;
          } catch (error) {
            this.logger.warn({ msg: 'Event consumer could not start; retrying', groupId: options.groupId, ...errorFields(error) });
            await consumer.stop().catch(() => undefined);
            await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
          }
        }
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.topicCreator?.stop();
    await this.starting;
    await Promise.all(this.running.splice(0).map((c) => c.stop()));
  }
}
