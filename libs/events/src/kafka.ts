// kafkajs 2.2.4 set-up shared by the relay, the consumers and the publishers (against Kafka 3.9, port 9092).
import { Kafka, Partitioners, logLevel, type KafkaConfig, type Producer } from 'kafkajs';
import { jsonLogger, type Logger } from '@sla-desk/runtime';

export interface KafkaClientConfig {
  /** Broker addresses, e.g. ["127.0.0.1:9092"] (never the KRaft controller port). */
  brokers: string[];
  clientId: string;
  /** kafkajs' own log output goes to this logger at this level and above. Default: JSON lines on stderr, warn. */
  logger?: Logger;
  logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Extra kafkajs settings (ssl, sasl, timeouts). */
  extra?: Partial<KafkaConfig>;
}

// createIdempotentProducer bounds retries on purpose (a fresh producer per failure + consumer-side dedupe give the
// guarantees); kafkajs warns about it on every producer it creates, which would flood the log during an outage.
const EXPECTED_WARNINGS = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

const LEVELS = { silent: logLevel.NOTHING, error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO, debug: logLevel.DEBUG };

export function createKafka(config: KafkaClientConfig): Kafka {
  const target = config.logger ?? jsonLogger(`kafkajs:${config.clientId}`, 'debug');
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    // Client-level retries (metadata, connect); the relay and consumers add their own unbounded backoff on top.
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 5 },
    logLevel: LEVELS[config.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({ namespace, level, log }) => {
        const { message, ...rest } = log;
        if (EXPECTED_WARNINGS.has(message)) return;
        const fields = { kafkajs: namespace, ...rest };
        if (level === logLevel.ERROR) target.error(message, fields);
        else if (level === logLevel.WARN) target.warn(message, fields);
        else if (level === logLevel.INFO) target.info(message, fields);
        else target.debug(message, fields);
      },
    ...config.extra,
  });
}

/**
 * An idempotent producer (acks=-1 is forced by kafkajs for idempotence; one request in flight keeps per-partition
 * order across internal retries). Keys are partitioned with the Java-compatible murmur2 partitioner, so other
 * clients put the same aggregate on the same partition. Retries are bounded so a send fails instead of hanging
 * during a broker outage; callers retry with a fresh producer (see OutboxRelay).
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 200, maxRetryTime: 3_000, retries: 4 },
  });
}

/** Kafka headers (string | Buffer | array) to a flat string map; the first value wins for repeated keys. */
export function headersToStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first === undefined || first === null) continue;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
