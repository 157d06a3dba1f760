// Ships the identity outbox to Kafka (libs/events' OutboxRelay) while the app runs, when brokers are configured.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createKafka, jsonLogger, OutboxRelay } from '@sla-desk/events';
import { Pool } from 'pg';
import { IDENTITY_CONFIG, type IdentityConfig } from './config';

@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay: OutboxRelay | null = null;
  private pool: Pool | null = null;

  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.kafkaBrokers.length === 0) {
      this.logger.warn('KAFKA_BROKERS is not set: events stay in the outbox until a relay runs');
      return;
    }
    const log = jsonLogger('identity-outbox-relay', this.config.logLevel === 'silent' ? 'silent' : 'info');
    this.pool = new Pool({ connectionString: this.config.databaseUrl, max: 2 });
    this.relay = new OutboxRelay({
      pool: this.pool,
      kafka: createKafka({ brokers: this.config.kafkaBrokers, clientId: 'identity-service', logger: log }),
      topicPrefix: this.config.kafkaTopicPrefix,
      logger: log,
    });
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.pool?.end();
  }
}
