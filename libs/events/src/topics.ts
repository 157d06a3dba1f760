// Topic names, their configuration, and ensureTopics(): services create their topics at start-up with explicit
// partitions and replication instead of relying on broker auto-creation.
import type { Admin, ITopicConfig } from 'kafkajs';
import { ALL_TOPICS, type Topic } from './catalog';
import { silentLogger, type Logger } from '@sla-desk/runtime';

export const DLQ_SUFFIX = '.dlq';

/** The dead-letter topic of a topic: `<topic>.dlq`. */
export function dlqTopic(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/** The real topic name: an environment prefix (e.g. "staging." or a test run's "t-1a2b.") plus the base name. */
export function topicName(base: string, prefix = ''): string {
  return `${prefix}${base}`;
}

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  /** Topic-level configs, e.g. { 'retention.ms': '604800000', 'min.insync.replicas': '2' }. */
  configs?: Record<string, string>;
}

export interface TopicsConfig {
  /** Prepended to every topic name (environment or test-run isolation). Default "". */
  prefix?: string;
  /** Settings of every event topic unless overridden. */
  defaults: TopicSettings;
  /** Settings of the dead-letter topics. Default: 1 partition, the defaults' replication factor and configs. */
  dlq?: TopicSettings;
  /** Per-topic overrides (by base name). */
  overrides?: Partial<Record<Topic, Partial<TopicSettings>>>;
}

/**
 * Topic configuration from the environment: KAFKA_TOPIC_PREFIX, KAFKA_TOPIC_PARTITIONS (default 6),
 * KAFKA_TOPIC_REPLICATION_FACTOR (default 1 — set 3 in production), KAFKA_DLQ_PARTITIONS (default 1),
 * KAFKA_TOPIC_RETENTION_MS (optional). Invalid values throw at start-up.
 */
export function topicsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TopicsConfig {
  const int = (name: string, dflt: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
    return n;
  };
  const replicationFactor = int('KAFKA_TOPIC_REPLICATION_FACTOR', 1);
  const configs: Record<string, string> = {};
  if (env.KAFKA_TOPIC_RETENTION_MS) configs['retention.ms'] = String(int('KAFKA_TOPIC_RETENTION_MS', 1));
  return {
    prefix: env.KAFKA_TOPIC_PREFIX ?? '',
    defaults: { partitions: int('KAFKA_TOPIC_PARTITIONS', 6), replicationFactor, configs },
    dlq: { partitions: int('KAFKA_DLQ_PARTITIONS', 1), replicationFactor },
  };
}

export interface TopicSpec extends TopicSettings {
  name: string;
}

/** The full list of topics (each event topic and its dead-letter topic) for the given base topics. */
export function topicSpecs(config: TopicsConfig, topics: readonly Topic[] = ALL_TOPICS): TopicSpec[] {
  const prefix = config.prefix ?? '';
  const dlq = config.dlq ?? { partitions: 1, replicationFactor: config.defaults.replicationFactor };
  return topics.flatMap((base) => {
    const s = { ...config.defaults, ...config.overrides?.[base] };
    const name = topicName(base, prefix);
    return [
      { name, partitions: s.partitions, replicationFactor: s.replicationFactor, configs: s.configs },
      {
        name: dlqTopic(name),
        partitions: dlq.partitions,
        replicationFactor: dlq.replicationFactor,
        configs: dlq.configs ?? config.defaults.configs,
      },
    ];
  });
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  /** Existing topics whose partition count differs from the config (left as they are: see ensureTopics). */
  mismatched: Array<{ name: string; partitions: number; expected: number }>;
}

/**
 * Creates the missing topics (and their dead-letter topics) with explicit partitions and replication, and waits for
 * their leaders. Idempotent and safe when several instances start at once. Existing topics are not altered: adding
 * partitions moves keys to other partitions and breaks per-aggregate order for in-flight events, so a partition
 * mismatch is only reported (and logged) for an operator to handle.
 */
export async function ensureTopics(
  admin: Admin,
  config: TopicsConfig,
  options: { topics?: readonly Topic[]; logger?: Logger } = {},
): Promise<EnsureTopicsResult> {
  const logger = options.logger ?? silentLogger;
  const specs = topicSpecs(config, options.topics);
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(s.name));
  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map((s) => ({
      topic: s.name,
      numPartitions: s.partitions,
      replicationFactor: s.replicationFactor,
      configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
    }));
    try {
      await admin.createTopics({ topics, waitForLeaders: false, timeout: 30_000 });
    } catch (err) {
      // E.g. a timeout after the controller created them: fine if they all exist now.
      const now = new Set(await admin.listTopics());
      if (!missing.every((s) => now.has(s.name))) throw err;
    }
    await waitForLeaders(
      admin,
      missing.map((s) => s.name),
    );
    logger.info('kafka topics created', { topics: missing.map((s) => s.name) });
  }
  const existingSpecs = specs.filter((s) => present.has(s.name));
  const mismatched: EnsureTopicsResult['mismatched'] = [];
  if (existingSpecs.length > 0) {
    const meta = await admin.fetchTopicMetadata({ topics: existingSpecs.map((s) => s.name) });
    for (const t of meta.topics) {
      const spec = existingSpecs.find((s) => s.name === t.name);
      if (spec && t.partitions.length !== spec.partitions) {
        mismatched.push({ name: t.name, partitions: t.partitions.length, expected: spec.partitions });
        logger.warn('kafka topic has a different partition count than configured; leaving it as it is', {
          topic: t.name,
          partitions: t.partitions.length,
          expected: spec.partitions,
        });
      }
    }
  }
  return { created: missing.map((s) => s.name), existing: existingSpecs.map((s) => s.name), mismatched };
}

const LEADERS_TIMEOUT_MS = 30_000;
const LEADERS_POLL_MS = 200;

/**
 * Waits until every partition of the topics has a leader. With several brokers a new topic reaches each broker's
 * metadata a moment after the controller created it, and a broker asked in between answers
 * UNKNOWN_TOPIC_OR_PARTITION, which kafkajs' own `waitForLeaders` does not retry: poll instead.
 */
async function waitForLeaders(admin: Admin, names: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  let last: unknown;
  for (;;) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics: names });
      if (meta.topics.length === names.length && meta.topics.every((t) => t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      throw last instanceof Error ? last : new Error(`kafka topics without leaders after ${LEADERS_TIMEOUT_MS} ms: ${names.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, LEADERS_POLL_MS));
  }
}
