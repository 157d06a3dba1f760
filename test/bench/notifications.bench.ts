// Notifications: notices per second from a Kafka event to the email delivered at a real SMTP sink, and the latency
// event published → email stored by the sink (p50/p99) at a steady rate (goal: p99 < 1 s at 200 notices/s).
// Printed, not asserted. Run: npm run -w @sla-desk/test bench:notifications   (needs `npm run up`; builds first)
// The notifications subgraph runs as its own process from its build (dist/), as in production; this process
// publishes ticket.clock_warning events (one provider-side recipient each) and runs the sink.
// Knobs: BENCH_RATE (notices/s, default 200), BENCH_SECONDS (default 20), BENCH_BURST (default 3000).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  buildEvent,
  commonV1,
  createIdempotentProducer,
  identityV1,
  kafkaSink,
  timestampFromDate,
  type OutgoingEvent,
} from '@sla-desk/events';
import { noticeIdFor, startSmtpSink } from '@sla-desk/notifications';
import { requireKafka, stackConfig, uniqueName } from '@sla-desk/testing';
import { Pool } from 'pg';
import { SECRET } from '../src/gateway/stack';
import { startSubgraphProcess } from '../src/gateway/subgraph-process';

const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const BURST = Number(process.env['BENCH_BURST'] ?? 3000);
const TICKETS = 60;

jest.setTimeout(15 * 60_000);
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

it('notifications: Kafka event → delivered email', async () => {
  const stack = stackConfig();
  const prefix = `${uniqueName('bench_notif')}.`;
  const kafka = await requireKafka({ clientId: prefix, config: stack });
  const sink = await startSmtpSink();
  const arrived = new Map<string, number>();
  sink.onMessage = (m) => arrived.set(m.messageId, performance.now());
  const service = await startSubgraphProcess('notifications', {
    GATEWAY_SUBGRAPH_SECRET: SECRET,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    NOTIFICATIONS_CONSUMER_GROUP: `${prefix}notifications`,
    NOTIFICATIONS_OUTBOUND_SMTP_URL: `smtp://127.0.0.1:${sink.smtpPort}`,
    NOTIFICATIONS_SMTP_ENABLED: 'false',
    NOTIFICATIONS_DB_POOL_SIZE: '10',
  });
  const pool = new Pool({ connectionString: service.db.url, max: 2 });
  pool.on('error', () => undefined);
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const out = kafkaSink(producer, { topicPrefix: prefix });
  const customerId = randomUUID();
  const assignee = randomUUID();
  const ts = (d: Date) => timestampFromDate(d);
  const publish = (events: OutgoingEvent[]) => out.write(events);
  try {
    await publish([
      buildEvent({
        type: 'user.registered',
        tenantId: 'global',
        producer: 'bench',
        payload: {
          userId: assignee,
          organisationId: randomUUID(),
          kind: identityV1.UserKind.PROVIDER_SPECIALIST,
          email: 'spec@provider.bench',
          roles: ['SPECIALIST'],
        },
      }),
    ]);
    const tickets = Array.from({ length: TICKETS }, () => randomUUID());
    await publish(
      tickets.flatMap((ticketId, i) => [
        buildEvent({
          type: 'ticket.registered',
          tenantId: customerId,
          producer: 'bench',
          payload: { ticketId, customerId, number: `SD-2026-${String(i).padStart(6, '0')}`, title: 'Bench' },
        }),
        buildEvent({ type: 'ticket.reassigned', tenantId: customerId, producer: 'bench', payload: { ticketId, assigneeId: assignee } }),
      ]),
    );
    // Wait for the consumer and the projections (the reassignment notices are mailed too: skip them).
    const deadline = Date.now() + 120_000;
    for (;;) {
      const r = await pool
        .query('SELECT count(*)::int AS n FROM ticket_facts WHERE assignee_id IS NOT NULL')
        .catch(() => ({ rows: [{ n: 0 }] }));
      if (r.rows[0].n === TICKETS) break;
      if (Date.now() > deadline) throw new Error('the consumer did not catch up');
      await new Promise((res) => setTimeout(res, 200));
    }
    await sink.waitFor((all) => all.length >= TICKETS, 60_000);

    const warning = (n: number): { event: OutgoingEvent; messageId: string } => {
      const ticketId = tickets[n % TICKETS]!;
      const event = buildEvent({
        type: 'ticket.clock_warning',
        tenantId: customerId,
        producer: 'bench',
        payload: {
          ticketId,
          clock: {
            id: `SOLUTION#${n}`,
            kind: commonV1.ClockKind.SOLUTION,
            party: commonV1.Party.PROVIDER,
            round: 1,
            dueAt: ts(new Date(Date.now() + 3_600_000)),
          },
        },
      });
      return { event, messageId: `<notice-${noticeIdFor(event.eventId, assignee)}@sladesk.local>` };
    };

    // 1. Steady rate: one event every 1000/RATE ms (sent in 10 ms ticks), latency publish → stored by the sink.
    const sentAt = new Map<string, number>();
    const total = RATE * SECONDS;
    const started = performance.now();
    let n = 0;
    while (n < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      const batch: OutgoingEvent[] = [];
      for (; n < due; n++) {
        const w = warning(n);
        sentAt.set(w.messageId, performance.now());
        batch.push(w.event);
      }
      if (batch.length) await publish(batch);
      await new Promise((res) => setTimeout(res, 10));
    }
    const steadyDeadline = Date.now() + 120_000;
    while ([...sentAt.keys()].some((id) => !arrived.has(id)) && Date.now() < steadyDeadline)
      await new Promise((res) => setTimeout(res, 100));
    const lat = [...sentAt]
      .filter(([id]) => arrived.has(id))
      .map(([id, t]) => arrived.get(id)! - t)
      .sort((a, b) => a - b);
    const steadyElapsed = (Math.max(...[...sentAt.keys()].map((id) => arrived.get(id) ?? 0)) - started) / 1000;

    // 2. Burst: BURST events at once; delivered notices per second until the last one is at the sink.
    const burst = Array.from({ length: BURST }, (_, i) => warning(total + i));
    const burstWall = new Date();
    const b0 = performance.now();
    for (let i = 0; i < burst.length; i += 500) await publish(burst.slice(i, i + 500).map((w) => w.event));
    const burstDeadline = Date.now() + 300_000;
    while (burst.some((w) => !arrived.has(w.messageId)) && Date.now() < burstDeadline) await new Promise((res) => setTimeout(res, 100));
    const burstDelivered = burst.filter((w) => arrived.has(w.messageId)).length;
    const burstSeconds = (Math.max(...burst.map((w) => arrived.get(w.messageId) ?? 0)) - b0) / 1000;
    const failed = await pool.query("SELECT count(*)::int AS n FROM outgoing_emails WHERE status <> 'SENT'");
    // The two stages apart (database timestamps): notices written by the consumer, emails handed to SMTP by the mailer.
    const stages = await pool.query(
      `SELECT count(*)::int AS n, extract(epoch FROM max(created_at) - $1::timestamptz)::float AS consumer_s,
              extract(epoch FROM max(sent_at) - $1::timestamptz)::float AS mailer_s
       FROM outgoing_emails WHERE created_at >= $1`,
      [burstWall],
    );
    const stage = stages.rows[0] as { n: number; consumer_s: number; mailer_s: number };

    const rows = [
      ['phase', 'notices', 'delivered', 'notices/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [
        `steady ${RATE}/s × ${SECONDS}s`,
        total,
        lat.length,
        (lat.length / steadyElapsed).toFixed(0),
        pct(lat, 50).toFixed(0),
        pct(lat, 90).toFixed(0),
        pct(lat, 99).toFixed(0),
        (lat.at(-1) ?? NaN).toFixed(0),
      ],
      [`burst ${BURST}`, BURST, burstDelivered, (burstDelivered / burstSeconds).toFixed(0), '', '', '', ''],
      [`  burst: consumer (notices written)`, BURST, stage.n, (stage.n / stage.consumer_s).toFixed(0), '', '', '', ''],
      [`  burst: mailer (handed to SMTP)`, BURST, stage.n, (stage.n / stage.mailer_s).toFixed(0), '', '', '', ''],
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
    process.stdout.write(
      `\nnotifications bench (Kafka event → email at the SMTP sink; one recipient per event; not delivered/sent: ${failed.rows[0].n})\n` +
        rows.map((r) => r.map((v, c) => String(v).padStart(widths[c]!)).join('  ')).join('\n') +
        `\ngoal: p99 < 1000 ms at 200 notices/s → ${pct(lat, 99) < 1000 ? 'met' : 'NOT met'}\n`,
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
    await pool.end();
    await service.close();
    await sink.close();
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  }
});
