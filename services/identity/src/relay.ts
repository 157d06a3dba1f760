// Ships the identity outbox to Kafka (libs/events' OutboxRelay) while the app runs, when brokers are configured.
// First it creates identity's topic (sladesk.identity.v1 and its .dlq) with ensureTopics — the broker never
// auto-creates topics — then starts the relay. A broker that is not reachable yet does not block the start-up: topic
// creation is retried with backoff until it succeeds (events wait in the outbox meanwhile) or the app shuts down.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  createKafka,
  ensureTopics,
  errorFields,
  jsonLogger,
  OutboxRelay,
  TOPICS,
  topicsConfigFromEnv,
  type Logger as EventsLogger,
  type TopicsConfig,
} from '@sla-desk/events';
import { Pool } from 'pg';
import { IDENTITY_CONFIG, type IdentityConfig } from './config';

/** The topics identity publishes to. */
export const IDENTITY_TOPICS = [TOPICS.identity] as const;

@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay: OutboxRelay | null = null;
  private pool: Pool | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.kafkaBrokers.length === 0) {
      this.logger.warn('KAFKA_BROKERS is not set: events stay in the outbox until a relay runs');
      return;
    }
    // Invalid KAFKA_TOPIC_* values fail the start-up here.
    const topics: TopicsConfig = { ...topicsConfigFromEnv(), prefix: this.config.kafkaTopicPrefix };
    const log = jsonLogger('identity-outbox-relay', this.config.logLevel === 'silent' ? 'silent' : 'info');
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: 'identity-service', logger: log });
    this.pool = new Pool({ connectionString: this.config.databaseUrl, max: 2 });
    this.pool.on('error', (error) => this.logger.warn({ msg: 'Outbox relay pool error', ...errorFields(error) }));
    const pool = this.pool;
    this.starting = (async () => {
      await this.ensureTopics(kafka, topics, log);
      if (this.stopped) return;
      this.relay = new OutboxRelay({ pool, kafka, topicPrefix: this.config.kafkaTopicPrefix, logger: log });
      this.relay.start();
    })();
  }

  private async ensureTopics(kafka: ReturnType<typeof createKafka>, topics: TopicsConfig, log: EventsLogger): Promise<void> {
    for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 30_000)) {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await ensureTopics(admin, topics, { topics: IDENTITY_TOPICS, logger: log });
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
    await this.pool?.end();
  }
}
