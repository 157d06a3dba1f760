// The workflow publisher port (services/worker's publishTicketEvent / publishSlaEvent) against the REAL broker and
// PostgreSQL: an activity retry republishes the same event id, and consumers apply it once.
import type { Producer } from 'kafkajs';
import { workflowSlaEvent, workflowTicketEvents } from './fixtures';
import { effectCounts, harness, recordingConsumer, waitFor, type Harness } from './support';
import { createIdempotentProducer, kafkaSink, outboxSink, slaEventId, ticketEventId, TOPICS, WorkflowEventPublisher } from '../src';

describe('WorkflowEventPublisher', () => {
  let h: Harness;
  let producer: Producer;

  beforeAll(async () => {
    h = await harness('publisher', { topics: [TOPICS.tickets, TOPICS.hotline, TOPICS.contracts] });
    producer = createIdempotentProducer(h.kafka);
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await h?.close();
  });

  it('publishes a ticket history straight to Kafka; retried activities do not double-apply', async () => {
    const publisher = new WorkflowEventPublisher({ sink: kafkaSink(producer, { topicPrefix: h.prefix }) });
    const history = workflowTicketEvents('t-pub', 'cust-9');
    const c = await recordingConsumer(h, { topics: [TOPICS.tickets, TOPICS.hotline, TOPICS.contracts] });
    try {
      for (const e of history) {
        await publisher.publishTicketEvent(e);
        if (e.seq % 3 === 0) await publisher.publishTicketEvent(structuredClone(e)); // a Temporal activity retry
      }
      await publisher.publishSlaEvent(workflowSlaEvent('HOTLINE_CALL', 'call-1', 1));
      await publisher.publishSlaEvent(workflowSlaEvent('HOTLINE_CALL', 'call-1', 1)); // retry
      await publisher.publishSlaEvent(workflowSlaEvent('CONTRACT', 'ctr-1', 1));
      const expected = history.length + 2;
      const retries = history.filter((e) => e.seq % 3 === 0).length + 1;
      await waitFor(() => c.applied.length >= expected && c.duplicates.length >= retries, 30_000, () => `${expected}+${retries}, got ${c.applied.length}+${c.duplicates.length}`);
      const ticketEvents = c.applied.filter((e) => e.aggregateId === 't-pub');
      expect(ticketEvents.map((e) => e.id)).toEqual(history.map((e) => ticketEventId('t-pub', e.seq))); // in order
      expect(ticketEvents.every((e) => e.tenantId === 'cust-9')).toBe(true);
      expect(c.applied.map((e) => e.id)).toEqual(expect.arrayContaining([slaEventId('HOTLINE_CALL', 'call-1', 1), slaEventId('CONTRACT', 'ctr-1', 1)]));
      const counts = await effectCounts(h.pool, c.groupId);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(counts.size).toBe(expected);
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('can write into the outbox instead (same ids: a retried activity inserts once)', async () => {
    const publisher = new WorkflowEventPublisher({ sink: outboxSink(h.pool), producer: 'tickets-service' });
    const history = workflowTicketEvents('t-outbox');
    for (const e of history) await publisher.publishTicketEvent(e);
    for (const e of history) await publisher.publishTicketEvent(e);
    const r = await h.pool.query(`SELECT event_id FROM outbox_events WHERE message_key = 't-outbox' ORDER BY id`);
    expect(r.rows.map((x) => x.event_id)).toEqual(history.map((e) => ticketEventId('t-outbox', e.seq)));
  });
});
