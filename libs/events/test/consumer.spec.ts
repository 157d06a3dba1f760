// The idempotent consumer against the REAL broker and PostgreSQL: poison records go to the dead-letter topic with
// the reason and where they came from, and the consumer keeps going; transient failures are retried.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { samplePayload } from './fixtures';
import { effectCounts, harness, readTopic, recordingConsumer, waitFor, type Harness } from './support';
import { buildEvent, DLQ_HEADERS, dlqTopic, encodeRawEnvelope, HEADERS, PermanentError, TOPICS, topicName } from '../src';

describe('idempotent consumer: dead letters and retries', () => {
  let h: Harness;
  let producer: Producer;
  let ticketsTopic: string;

  beforeAll(async () => {
    h = await harness('consumer', { topics: [TOPICS.tickets], partitions: 1 });
    ticketsTopic = topicName(TOPICS.tickets, h.prefix);
    producer = h.kafka.producer();
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await h?.close();
  });

  const valid = (ticketId: string) =>
    buildEvent({
      type: 'ticket.comment_added',
      payload: samplePayload('ticket.comment_added', ticketId),
      tenantId: 'cust-1',
      producer: 't',
    });
  const envelope = (over: Record<string, unknown>) =>
    Buffer.from(
      encodeRawEnvelope({
        eventId: randomUUID(),
        eventType: 'ticket.comment_added',
        schemaVersion: 1,
        tenantId: 'cust-1',
        occurredAt: timestampFromDate(new Date()),
        aggregateId: 't-poison',
        ...over,
      }),
    );

  it('dead-letters malformed, unknown-type, unsupported-version and tenant-less records, and keeps consuming', async () => {
    const before = valid('t-before');
    const after = valid('t-after');
    const poison = [
      { key: 't-poison', value: Buffer.from('definitely not protobuf \u0000\u00ff'), reason: 'undecodable' },
      { key: 't-poison', value: null, reason: 'undecodable' },
      { key: 't-poison', value: envelope({ eventType: 'ticket.teleported' }), reason: 'unknown-event-type' },
      { key: 't-poison', value: envelope({ schemaVersion: 7 }), reason: 'unsupported-schema-version' },
      { key: 't-poison', value: envelope({ tenantId: '' }), reason: 'missing-tenant' },
      { key: 't-poison', value: envelope({ eventId: 'nope' }), reason: 'invalid-envelope' },
    ];
    await producer.send({
      topic: ticketsTopic,
      acks: -1,
      messages: [
        { key: before.key, value: Buffer.from(before.value), headers: before.headers },
        ...poison.map((p) => ({ key: p.key, value: p.value, headers: { 'x-test': p.reason } })),
        { key: after.key, value: Buffer.from(after.value), headers: after.headers },
      ],
    });
    const c = await recordingConsumer(h, { topics: [TOPICS.tickets] });
    try {
      await waitFor(
        () => c.applied.some((e) => e.id === after.eventId),
        30_000,
        () => 'the valid event after the poison records',
      );
      expect(c.applied.map((e) => e.id)).toEqual([before.eventId, after.eventId]);
      expect(c.deadLetters.map((d) => d.reason)).toEqual(poison.map((p) => p.reason));

      const dlq = await readTopic(h.kafka, dlqTopic(ticketsTopic), poison.length);
      dlq.sort((a, b) => Number(a.headers[DLQ_HEADERS.offset]) - Number(b.headers[DLQ_HEADERS.offset]));
      for (const [i, r] of dlq.entries()) {
        expect(r.headers).toMatchObject({
          [DLQ_HEADERS.reason]: poison[i].reason,
          [DLQ_HEADERS.topic]: ticketsTopic,
          [DLQ_HEADERS.partition]: '0',
          [DLQ_HEADERS.offset]: String(i + 1), // offsets 1..6: the valid event before them is offset 0
          [DLQ_HEADERS.consumerGroup]: c.groupId,
          'x-test': poison[i].reason, // the original headers are kept
        });
        expect(r.headers[DLQ_HEADERS.detail]).toBeTruthy();
        expect(r.key).toBe('t-poison');
        // The original bytes, untouched, for a later replay.
        expect(r.value ?? null).toEqual(poison[i].value === null ? null : poison[i].value);
      }
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('retries a transient failure with backoff, applies the effect once, and dead-letters a permanent one', async () => {
    const flaky = valid('t-flaky');
    const rejected = valid('t-rejected');
    const next = valid('t-next');
    const attempts = new Map<string, number>();
    const c = await recordingConsumer(h, {
      topics: [TOPICS.tickets],
      retry: { initialMs: 50, maxMs: 200, maxAttempts: 10 },
      effect: async (event, tx, attempt) => {
        attempts.set(event.aggregateId, attempt);
        // Part of the effect is written before failing: the rollback must take it (and the claim) away.
        await tx.query('INSERT INTO effects (consumer, event_id, event_type, aggregate_id, seq) VALUES ($1, $2, $3, $4, 0)', [
          'partial',
          event.id,
          event.type,
          event.aggregateId,
        ]);
        if (event.aggregateId === 't-flaky' && attempt < 3) throw new Error('database hiccup');
        if (event.aggregateId === 't-rejected') throw new PermanentError('comment refers to an unknown ticket');
      },
    });
    try {
      const t0 = Date.now();
      for (const e of [flaky, rejected, next])
        await producer.send({ topic: ticketsTopic, acks: -1, messages: [{ key: e.key, value: Buffer.from(e.value), headers: e.headers }] });
      await waitFor(
        () => c.applied.some((e) => e.id === next.eventId),
        30_000,
        () => 'the event after the failing ones',
      );
      expect(attempts.get('t-flaky')).toBe(3);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(50 + 100); // two backoffs
      expect(c.applied.filter((e) => e.id === flaky.eventId)).toHaveLength(1);
      expect(c.deadLetters.filter((d) => d.reason === 'handler-rejected')).toHaveLength(1);
      expect((await effectCounts(h.pool, c.groupId)).get(flaky.eventId)).toBe(1);
      expect((await effectCounts(h.pool, c.groupId)).get(rejected.eventId)).toBeUndefined();
      // Only the committed attempt's partial write survived.
      expect((await effectCounts(h.pool, 'partial')).get(flaky.eventId)).toBe(1);
      const dlq = await readTopic(h.kafka, dlqTopic(ticketsTopic), 7);
      const rej = dlq.find((r) => r.headers[HEADERS.eventId] === rejected.eventId);
      expect(rej?.headers).toMatchObject({
        [DLQ_HEADERS.reason]: 'handler-rejected',
        [DLQ_HEADERS.detail]: 'comment refers to an unknown ticket',
      });
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('gives up on a transient failure after maxAttempts and dead-letters it as retries-exhausted', async () => {
    const stuck = valid('t-stuck');
    const c = await recordingConsumer(h, {
      topics: [TOPICS.tickets],
      retry: { initialMs: 20, maxMs: 50, maxAttempts: 3 },
      effect: async (event) => {
        if (event.aggregateId === 't-stuck') throw new Error('still down');
      },
    });
    try {
      await producer.send({
        topic: ticketsTopic,
        acks: -1,
        messages: [{ key: stuck.key, value: Buffer.from(stuck.value), headers: stuck.headers }],
      });
      await waitFor(
        () => c.deadLetters.some((d) => d.reason === 'retries-exhausted'),
        30_000,
        () => 'retries-exhausted',
      );
      expect(c.deadLetters.find((d) => d.reason === 'retries-exhausted')?.detail).toBe('still down');
    } finally {
      await c.stop();
    }
  }, 60_000);
});
