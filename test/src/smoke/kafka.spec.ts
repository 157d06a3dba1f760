// (c) Kafka of the stack: produce and consume through the real broker, on a topic unique to this run.
import { Partitioners, type Kafka } from 'kafkajs';
import { requireKafka, uniqueName } from '@sla-desk/testing';

describe('Kafka (npm run up)', () => {
  let kafka: Kafka;
  const topic = uniqueName('smoke_kafka');

  beforeAll(async () => {
    kafka = await requireKafka({ clientId: 'sla-desk-smoke' });
    const admin = kafka.admin();
    await admin.connect();
    try {
      // auto.create.topics.enable=false on the local broker: topics are created explicitly.
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  });

  afterAll(async () => {
    const admin = kafka?.admin();
    if (!admin) return;
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('round-trips messages through a producer and a consumer group', async () => {
    const sent = ['one', 'two', 'three'].map((value, i) => ({ key: `k${i}`, value }));
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: uniqueName('smoke_group') });
    try {
      await producer.connect();
      await producer.send({ topic, messages: sent });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received: { key: string; value: string }[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`received ${received.length}/${sent.length} messages`)), 20_000);
        consumer
          .run({
            eachMessage: async ({ message }) => {
              received.push({ key: String(message.key), value: String(message.value) });
              if (received.length === sent.length) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
      expect(received).toEqual(sent);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });
});
