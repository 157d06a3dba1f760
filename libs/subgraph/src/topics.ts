// Creates a subgraph's Kafka topics (and their .dlq) with libs/events' ensureTopics, retrying with backoff while the
// broker is away: the broker never auto-creates topics, and a broker that is not up yet must not block a start-up.
// Used by the outbox relay (topics it publishes to) and the event consumers (topics they read).
import { Logger } from '@nestjs/common';
import { ensureTopics, topicsConfigFromEnv, type Topic, type TopicsConfig } from '@sla-desk/events';
import { errorFields, jsonLogger } from '@sla-desk/runtime';
import type { SubgraphConfig } from './config';
import type { Kafka } from './kafka';

const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 30_000;

export class TopicCreator {
  private readonly logger = new Logger('KafkaTopics');
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly config: SubgraphConfig,
    private readonly service: string,
  ) {}

  /** The topics configuration (KAFKA_TOPIC_* with the subgraph's prefix); invalid values throw. */
  topicsConfig(): TopicsConfig {
    return { ...topicsConfigFromEnv(), prefix: this.config.kafkaTopicPrefix };
  }

  /** Resolves true once the topics exist, false if stop() came first. */
  async ensure(topics: readonly Topic[]): Promise<boolean> {
    const config = this.topicsConfig();
    const log = jsonLogger(`${this.service}:topics`, this.config.logLevel === 'silent' ? 'silent' : 'info');
    for (let delay = FIRST_RETRY_DELAY_MS; !this.stopped; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        await ensureTopics(admin, config, { topics, logger: log });
        return true;
      } catch (error) {
        this.logger.warn({ msg: 'Could not create the Kafka topics yet; retrying', topics, retryInMs: delay, ...errorFields(error) });
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
    return false;
  }

  /** Ends a pending ensure() (it resolves false). */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
