// Creates the topics of the named contexts (and their .dlq) on the local broker with libs/events' ensureTopics, the
// way services do at start-up. Used by components/identity.sh: identity's outbox relay publishes to
// sladesk.identity.v1 but the service does not create it, and the broker never auto-creates topics.
// Usage (from the repository root, after libs/events is built): node ensure-topics.js 127.0.0.1:9092 identity [...]
'use strict';
const { Kafka, logLevel } = require('kafkajs');
const { ensureTopics, topicsConfigFromEnv, TOPICS } = require('@sla-desk/events');

const [broker, ...contexts] = process.argv.slice(2);

(async () => {
  const topics = contexts.map((c) => {
    if (!TOPICS[c]) throw new Error(`unknown context '${c}' (known: ${Object.keys(TOPICS).join(', ')})`);
    return TOPICS[c];
  });
  const admin = new Kafka({ clientId: 'sla-desk-up-topics', brokers: [broker], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const result = await ensureTopics(admin, topicsConfigFromEnv(), { topics });
    console.log(`kafka ${broker}: created [${result.created.join(', ')}], existing [${result.existing.join(', ')}]`);
  } finally {
    await admin.disconnect();
  }
})().catch((err) => {
  console.error(`kafka ${broker}: ensureTopics failed: ${err.message}`);
  process.exit(1);
});
