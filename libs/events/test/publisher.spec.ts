// The sinks against the REAL broker and PostgreSQL: events with deterministic ids written twice (a retried activity)
// reach consumers once (Kafka) or are inserted once (outbox), in order per key.
import type { Producer } from 'kafkajs';
import { samplePayload } from './fixtures';
import { effectCounts, harness, recordingConsumer, waitFor, type Harness } from './support';
import { buildEvent, createIdempotentProducer, deterministicEventId, kafkaSink, outboxSink, TOPICS, type OutgoingEvent } from '../src';

/** Status changes 1…n of one ticket, each with the id a retry would reproduce. */
function history(ticketId: string, n: number, tenantId = 'cust-1'): OutgoingEvent[] {
  return Array.from({ length: n }, (_, i) =>
    buildEvent({
      type: 'ticket.status_changed',
      payload: samplePayload('ticket.status_changed', ticketId),
      tenantId,
      producer: 'test',
      eventId: deterministicEventId('ticket', ticketId, i + 1),
      aggregateSequence: i + 1,
    }),
  );
}

describe('event sinks', () => {
  let h: Harness;
  let producer: Producer;

  beforeAll(async () => {
    h = await harness('publisher', { topics: [TOPICS.tickets] });
    producer = createIdempotentProducer(h.kafka);
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await h?.close();
  });

  it('kafkaSink: a history written with retries is applied once per event, in order', async () => {
    const sink = kafkaSink(producer, { topicPrefix: h.prefix });
    const events = history('t-pub', 7, 'cust-9');
    const c = await recordingConsumer(h, { topics: [TOPICS.tickets] });
    try {
      for (const [i, e] of events.entries()) {
        await sink.write([e]);
        if (i % 3 === 2) await sink.write([e]); // a Temporal activity retry
      }
      const retries = 2;
      await waitFor(
        () => c.applied.length >= events.length && c.duplicates.length >= retries,
        30_000,
        () => `${events.length}+${retries}, got ${c.applied.length}+${c.duplicates.length}`,
      );
      const applied = c.applied.filter((e) => e.aggregateId === 't-pub');
      expect(applied.map((e) => e.id)).toEqual(events.map((e) => e.eventId));
      expect(applied.every((e) => e.tenantId === 'cust-9')).toBe(true);
      const counts = await effectCounts(h.pool, c.groupId);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(counts.size).toBe(events.length);
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('outboxSink: the same ids written twice are inserted once', async () => {
    const sink = outboxSink(h.pool);
    const events = history('t-outbox', 4);
    await sink.write(events);
    await sink.write(events);
    const r = await h.pool.query(`SELECT event_id FROM outbox_events WHERE message_key = 't-outbox' ORDER BY id`);
    expect(r.rows.map((x) => x.event_id)).toEqual(events.map((e) => e.eventId));
  });
});
