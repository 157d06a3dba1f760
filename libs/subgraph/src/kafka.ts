// The subgraph's Kafka client (kafkajs through @sla-desk/events), when brokers are configured.
import { Inject, Injectable } from '@nestjs/common';
import { createKafka } from '@sla-desk/events';
import { jsonLogger } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG, type SubgraphConfig } from './config';
import { SUBGRAPH_NAME } from './tokens';

export type Kafka = ReturnType<typeof createKafka>;

@Injectable()
export class KafkaClient {
  /** null when KAFKA_BROKERS is empty. */
  readonly kafka: Kafka | null;

  constructor(@Inject(SUBGRAPH_CONFIG) config: SubgraphConfig, @Inject(SUBGRAPH_NAME) name: string) {
    this.kafka =
      config.kafkaBrokers.length === 0
        ? null
        : createKafka({
            brokers: config.kafkaBrokers,
            clientId: `${name}-service`,
            logger: jsonLogger(`${name}:kafka`),
            logLevel: config.logLevel === 'silent' ? 'silent' : 'warn',
          });
  }
}
