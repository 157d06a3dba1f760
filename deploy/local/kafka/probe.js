// Readiness probe for the local Kafka broker: a real metadata round trip with kafkajs (the client the services use).
// Usage: node probe.js 127.0.0.1:9092   Exit 0 when the broker answers and reports itself in the cluster metadata.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const broker = process.argv[2] || '127.0.0.1:9092';
const admin = new Kafka({
  clientId: 'sla-desk-up-probe',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 3000,
  retry: { retries: 0 },
}).admin();

(async () => {
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    if (!cluster.brokers.length) throw new Error('no brokers in the metadata yet');
    console.log(`kafka ${broker}: cluster ${cluster.clusterId}, controller ${cluster.controller}`);
  } finally {
    await admin.disconnect();
  }
})().catch((err) => {
  console.error(`kafka ${broker}: ${err.message}`);
  process.exit(1);
});
