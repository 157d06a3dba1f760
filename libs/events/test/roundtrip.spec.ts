// Every event type through the REAL broker: produced with the idempotent producer, consumed by an idempotent consumer
// that decodes it; duplicates of an event (a producer retry) are applied once.
import { toBinary } from '@bufbuild/protobuf';
import type { Producer } from 'kafkajs';
import { samplePayload } from './fixtures';
import { effectCounts, harness, readTopic, recordingConsumer, waitFor, type Harness } from './support';
import {
  buildEvent,
  createIdempotentProducer,
  decodeEvent,
  EVENT_TYPES,
  EVENTS,
  HEADERS,
  kafkaSink,
  TOPICS,
  topicName,
  type OutgoingEvent,
} from '../src';

describe('every event type through Kafka', () => {
  let h: Harness;
  let producer: Producer;

  beforeAll(async () => {
    h = await harness('roundtrip');
    producer = createIdempotentProducer(h.kafka);
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await h?.close();
  });

  it('round-trips each of the event types: key = aggregate id, headers, and a lossless decode', async () => {
    const sent: OutgoingEvent[] = EVENT_TYPES.map((type, i) =>
      buildEvent({
        type,
        payload: samplePayload(type, `agg-${i}`),
        tenantId: 'cust-1',
        producer: 'roundtrip-test',
        correlationId: `corr-${i}`,
      }),
    );
    const c = await recordingConsumer(h);
    try {
      await kafkaSink(producer, { topicPrefix: h.prefix }).write(sent);
      await waitFor(
        () => c.applied.length >= sent.length,
        30_000,
        () => `${sent.length} events applied, got ${c.applied.length}`,
      );

      expect(c.deadLetters).toEqual([]);
      const byId = new Map(c.applied.map((e) => [e.id, e]));
      for (const [i, out] of sent.entries()) {
        const got = byId.get(out.eventId);
        expect(got).toBeDefined();
        expect(got!.type).toBe(EVENT_TYPES[i]);
        expect(got!.correlationId).toBe(`corr-${i}`);
        const def = EVENTS[out.type];
        // The payload is byte-identical after the trip.
        const original = decodeEvent(out.value);
        if (!original.ok) throw new Error(original.detail);
        expect(Buffer.from(toBinary(def.schema as never, got!.payload as never))).toEqual(
          Buffer.from(toBinary(def.schema as never, original.event.payload as never)),
        );
      }
      // Each event landed on its context's topic, keyed by its aggregate id.
      for (const r of c.records) expect(r.key).toMatch(/^agg-\d+$/);
      const ticketTopic = topicName(TOPICS.tickets, h.prefix);
      const ticketRecords = await readTopic(h.kafka, ticketTopic, sent.filter((e) => e.topic === TOPICS.tickets).length);
      for (const r of ticketRecords) {
        expect(r.headers[HEADERS.eventType]).toMatch(/^ticket\./);
        expect(r.headers[HEADERS.tenantId]).toBe('cust-1');
        expect(r.headers[HEADERS.schemaVersion]).toBe('1');
        expect(r.key).toBe(sent.find((e) => e.eventId === r.headers[HEADERS.eventId])!.key);
      }
      const counts = await effectCounts(h.pool, c.groupId);
      expect(counts.size).toBe(sent.length);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('applies an event once although the producer sent it twice (same event id)', async () => {
    const events = [0, 1, 2].map((i) =>
      buildEvent({
        type: 'ticket.comment_added',
        payload: samplePayload('ticket.comment_added', 'ticket-dup'),
        tenantId: 'cust-1',
        producer: 'dup-test',
        aggregateSequence: i,
      }),
    );
    const groupId = `dup-${Date.now()}`;
    const c = await recordingConsumer(h, { groupId, topics: [TOPICS.tickets], types: ['ticket.comment_added'] });
    try {
      const sink = kafkaSink(producer, { topicPrefix: h.prefix });
      await sink.write(events);
      await sink.write(events); // the "retry": same ids, new records
      // (the topic also holds the previous test's events: look at this aggregate only)
      const mine = (list: typeof c.applied) => list.filter((e) => e.aggregateId === 'ticket-dup').map((e) => e.id);
      await waitFor(
        () => mine(c.applied).length + mine(c.duplicates).length >= 6,
        30_000,
        () => `6 deliveries, got ${mine(c.applied).length}+${mine(c.duplicates).length}`,
      );
      expect(mine(c.applied)).toEqual(events.map((e) => e.eventId));
      expect(mine(c.duplicates)).toEqual(events.map((e) => e.eventId));
      const counts = await effectCounts(h.pool, groupId);
      for (const e of events) expect(counts.get(e.eventId)).toBe(1);
    } finally {
      await c.stop();
    }
  }, 60_000);
});
