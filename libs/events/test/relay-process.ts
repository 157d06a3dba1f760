// A relay in its own process (the outbox test SIGKILLs it mid-stream). Reads its settings from the environment and
// prints one line per acknowledged batch: "published <n>".
import { Pool } from 'pg';
import { createKafka, OutboxRelay } from '../src';

const pool = new Pool({ connectionString: process.env.RELAY_DATABASE_URL, max: 2 });
pool.on('error', () => undefined);
const relay = new OutboxRelay({
  pool,
  kafka: createKafka({ brokers: (process.env.RELAY_BROKERS ?? '').split(','), clientId: 'relay-process', logLevel: 'silent' }),
  topicPrefix: process.env.RELAY_TOPIC_PREFIX,
  batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 50),
  onPublished: (batch) => process.stdout.write(`published ${batch.length}\n`),
});
relay.start();
process.stdout.write('started\n');
