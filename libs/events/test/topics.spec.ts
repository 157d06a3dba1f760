// ensureTopics against the REAL broker, and the topic configuration.
import { uniqueName } from '@sla-desk/testing';
import { harness, type Harness } from './support';
import { ALL_TOPICS, dlqTopic, ensureTopics, topicSpecs, topicsConfigFromEnv, TOPICS, type TopicsConfig } from '../src';

describe('topic configuration', () => {
  it('reads partitions, replication and prefix from the environment, and rejects nonsense', () => {
    expect(topicsConfigFromEnv({})).toEqual({
      prefix: '',
      defaults: { partitions: 6, replicationFactor: 1, configs: {} },
      dlq: { partitions: 1, replicationFactor: 1 },
    });
    const c = topicsConfigFromEnv({
      KAFKA_TOPIC_PREFIX: 'staging.',
      KAFKA_TOPIC_PARTITIONS: '12',
      KAFKA_TOPIC_REPLICATION_FACTOR: '3',
      KAFKA_TOPIC_RETENTION_MS: '604800000',
    });
    expect(topicSpecs(c, [TOPICS.tickets])).toEqual([
      { name: 'staging.sladesk.tickets.v1', partitions: 12, replicationFactor: 3, configs: { 'retention.ms': '604800000' } },
      { name: 'staging.sladesk.tickets.v1.dlq', partitions: 1, replicationFactor: 3, configs: { 'retention.ms': '604800000' } },
    ]);
    expect(() => topicsConfigFromEnv({ KAFKA_TOPIC_PARTITIONS: 'many' })).toThrow(/KAFKA_TOPIC_PARTITIONS/);
    expect(topicSpecs(c).map((s) => s.name)).toHaveLength(ALL_TOPICS.length * 2);
  });
});

describe('ensureTopics (real broker)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('topics', { topics: [TOPICS.contracts] });
  }, 60_000);
  afterAll(() => h?.close());

  it('creates each topic and its dead-letter topic with the configured partitions, once', async () => {
    const prefix = `${uniqueName('ev_topics')}.`;
    const config: TopicsConfig = {
      prefix,
      defaults: { partitions: 4, replicationFactor: 1 },
      overrides: { [TOPICS.tickets]: { partitions: 2 } },
    };
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      const first = await ensureTopics(admin, config, { topics: [TOPICS.tickets, TOPICS.releases] });
      expect(first.created.sort()).toEqual(
        [
          `${prefix}sladesk.tickets.v1`,
          `${prefix}sladesk.tickets.v1.dlq`,
          `${prefix}sladesk.releases.v1`,
          `${prefix}sladesk.releases.v1.dlq`,
        ].sort(),
      );
      const meta = await admin.fetchTopicMetadata({ topics: first.created });
      const partitions = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual({
        [`${prefix}sladesk.tickets.v1`]: 2,
        [dlqTopic(`${prefix}sladesk.tickets.v1`)]: 1,
        [`${prefix}sladesk.releases.v1`]: 4,
        [dlqTopic(`${prefix}sladesk.releases.v1`)]: 1,
      });
      // Start-up of a second instance: nothing to do. Concurrent start-ups: no error either.
      const again = await Promise.all([
        ensureTopics(admin, config, { topics: [TOPICS.tickets, TOPICS.releases] }),
        ensureTopics(admin, config, { topics: [TOPICS.tickets, TOPICS.releases] }),
      ]);
      for (const r of again) expect(r).toEqual({ created: [], existing: expect.any(Array), mismatched: [] });
      // A config asking for more partitions than exist is reported, not applied (it would reorder keys).
      const more = await ensureTopics(admin, { ...config, overrides: {} }, { topics: [TOPICS.tickets] });
      expect(more.mismatched).toEqual([{ name: `${prefix}sladesk.tickets.v1`, partitions: 2, expected: 4 }]);
      await admin.deleteTopics({ topics: first.created });
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
});
