// The worker on the REAL local stack (`npm run up`: Temporal dev server, Kafka, PostgreSQL; a missing piece fails the
// suite, naming it): started in-process with its real ports on a task queue, topic prefix and database unique to this
// run, driven through @temporalio/client like tickets-service will drive it.
import path from 'node:path';
import { deployMigrations } from '@sla-desk/db-migrate';
import { IdempotentConsumer, pgTransactions, ticketsV1, TOPICS, type DecodedEventOf } from '@sla-desk/events';
import { ticketEventId } from '@sla-desk/ticket-activities';
import {
  createTestDatabase,
  findRepoRoot,
  requireKafka,
  requireTemporal,
  stackConfig,
  uniqueName,
  type TestDatabase,
} from '@sla-desk/testing';
import {
  analyseUpdate,
  ticketStatusQuery,
  ticketWorkflowId,
  UNIQUE_WORKFLOW_ID_POLICIES,
  WorkflowType,
  type TicketEvent,
  type TicketView,
  type TicketWorkflowInput,
} from '@sla-desk/workflow-api';
import { Client, Connection } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { readWorkerConfig, type WorkerConfig } from '../src/config';
import { jsonLogger, silentLogger } from '@sla-desk/runtime';
import { createSlaDeskWorker, type SlaDeskWorker } from '../src/worker';
import { bundleWorkflowsFromSource, eventually, quietTemporalRuntime, TopicCollector } from './support';

jest.setTimeout(60_000);
/** The tickets service's migrations (it owns ticket_view): applied by path, a service never imports another. */
const TICKETS_PRISMA_DIR = path.join(findRepoRoot(), 'services', 'tickets', 'prisma');
// The consumer's dead-letter producer (libs/events) uses kafkajs' default partitioner, which warns about it once.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

describe('worker on the local stack (Temporal dev server, Kafka, PostgreSQL)', () => {
  const stack = stackConfig();
  const run = uniqueName('worker_it');
  const prefix = `${run}.`;
  const ticketsTopic = `${prefix}${TOPICS.tickets}`;
  const logs: string[] = [];
  let kafka: Kafka;
  let db: TestDatabase;
  let config: WorkerConfig;
  let w: SlaDeskWorker;
  let running: Promise<void>;
  let stopped = false;
  let collector: TopicCollector;
  let connection: Connection;
  let client: Client;
  /** Every publish call the activities made (retries included), and the events whose first publish "lost its ack". */
  const published: TicketEvent[] = [];
  const ackLost = new Set<string>();
  /** The ticket whose snapshots take 1.5 s to write (a slow database), so its registration task runs long. */
  const slowTicketId = `${run}_slow`;
  const SLOW_SNAPSHOT_MS = 1500;

  beforeAll(async () => {
    await requireTemporal(stack);
    kafka = await requireKafka({ clientId: 'worker-it', config: stack });
    db = await createTestDatabase('worker');
    quietTemporalRuntime();
    config = readWorkerConfig(
      {
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_NAMESPACE: stack.temporalNamespace,
        TEMPORAL_TASK_QUEUE: run,
        KAFKA_BROKERS: stack.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '3',
        TICKETS_DATABASE_URL: db.url,
        WORKER_SHUTDOWN_GRACE_SECONDS: '5',
      },
      { repoRoot: null },
    );
    const bundle = await bundleWorkflowsFromSource();
    // No ticket_view yet: the worker refuses to start, saying who owns the table.
    await expect(createSlaDeskWorker({ config, logger: silentLogger, workflows: { workflowBundle: bundle } })).rejects.toThrow(
      /no ticket_view table: the tickets service owns it/,
    );
    // As deploy/local does: the tickets service migrates its database (ticket_view included) before the worker starts.
    await deployMigrations({ schema: TICKETS_PRISMA_DIR, url: db.url });
    w = await createSlaDeskWorker({
      config,
      logger: jsonLogger('worker', 'warn', (line) => logs.push(line)),
      workflows: { workflowBundle: bundle },
      // The real Kafka publisher, except that the first publication of every status change "loses its
      // acknowledgement": the event reached Kafka, the activity fails anyway, and Temporal retries it.
      wrapPorts: (real) => ({
        ...real,
        readModel: {
          recordTicketHistory: (ticketId, history) => real.readModel.recordTicketHistory(ticketId, history),
          async recordTicketState(view) {
            if (view.ticketId === slowTicketId) await new Promise((r) => setTimeout(r, SLOW_SNAPSHOT_MS));
            await real.readModel.recordTicketState(view);
          },
        },
        publisher: {
          publishSlaEvent: real.publisher.publishSlaEvent,
          async publishTicketEvent(event) {
            published.push(event);
            await real.publisher.publishTicketEvent(event);
            if (event.type === 'STATUS_CHANGED' && !ackLost.has(event.eventId)) {
              ackLost.add(event.eventId);
              throw new Error('simulated: the broker acknowledged but the activity did not hear it');
            }
          },
        },
      }),
    });
    running = w.run();
    collector = new TopicCollector(kafka, ticketsTopic, `${run}_collector`);
    await collector.start();
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection, namespace: stack.temporalNamespace });
  });

  afterAll(async () => {
    // The ticket stays open (it waits for its solution): terminate it, the dev server is shared.
    for (const id of [ticketId, slowTicketId])
      await client?.workflow
        .getHandle(ticketWorkflowId(id))
        .terminate('worker integration test cleanup')
        .catch(() => undefined);
    if (w && !stopped) {
      w.shutdown();
      await running;
    }
    await collector?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      await admin.deleteTopics({ topics: mine }).catch(() => undefined);
      await admin.disconnect();
    }
    await db?.drop();
  });

  it('creates its topics at start', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      for (const t of ['sladesk.tickets.v1', 'sladesk.hotline.v1', 'sladesk.contracts.v1']) {
        expect(topics).toContain(`${prefix}${t}`);
        expect(topics).toContain(`${prefix}${t}.dlq`);
      }
      const meta = await admin.fetchTopicMetadata({ topics: [ticketsTopic] });
      expect(meta.topics[0].partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  const ticketId = `${run}_t1`;
  const customerId = 'customer-acme';
  let analysed: TicketView;

  const ticketInput = (id: string): TicketWorkflowInput => ({
    ticketId: id,
    customerId,
    contractId: 'contract-1',
    title: 'Printer on fire',
    channel: 'PORTAL',
    registeredAt: new Date().toISOString(),
    registeredBy: { id: 'employee-1', role: 'CUSTOMER_EMPLOYEE' },
  });

  it('runs a ticket: protobuf events on Kafka in sequence, the read model at the latest state', async () => {
    const input = ticketInput(ticketId);
    const handle = await client.workflow.start(WorkflowType.TICKET, {
      taskQueue: config.temporal.taskQueue,
      workflowId: ticketWorkflowId(ticketId),
      args: [input],
      ...UNIQUE_WORKFLOW_ID_POLICIES,
    });
    // Analyse once the registration is recorded. (Analysing at once works as well, but an update applied while the
    // workflow's first flush is still publishing is not indexed in visibility until the next wake — reported.)
    const rows = new Pool({ connectionString: db.url, max: 1 });
    try {
      await eventually(
        async () => (await rows.query('SELECT status FROM ticket_view WHERE ticket_id = $1', [ticketId])).rows[0],
        'the registered ticket in ticket_view',
      );
    } finally {
      await rows.end();
    }
    const plannedDate = new Date(Date.now() + 2 * 3600_000).toISOString();
    analysed = await handle.executeUpdate(analyseUpdate, {
      args: [
        {
          actor: { id: 'specialist-1', role: 'SPECIALIST' },
          category: 'SUPPORT',
          priority: 'NORMAL',
          assignee: 'specialist-1',
          outcome: { kind: 'PLAN', plannedDate },
        },
      ],
    });
    expect(analysed.status).toBe('IN_PROGRESS');

    // Kafka: the ticket's records, keyed by ticket id, protobuf envelopes with the workflow's sequence.
    const records = await eventually(() => {
      const r = collector.of(ticketId);
      return (
        r.some((x) => x.event.type === 'ticket.analysed') &&
        r.some((x) => x.event.type === 'ticket.clock_started' && x.event.aggregateSequence > 2n) &&
        r
      );
    }, 'the analysed ticket on Kafka');
    expect(collector.undecodable).toEqual([]);
    const types = records.map((r) => r.event.type);
    expect(types.slice(0, 2)).toEqual(['ticket.registered', 'ticket.clock_started']);
    expect(types).toContain('ticket.analysed');
    expect(types).toContain('ticket.clock_stopped');
    for (const r of records) {
      expect(r.event.tenantId).toBe(customerId);
      expect(r.event.aggregateId).toBe(ticketId);
      expect(r.event.producer).toBe('worker');
      expect(r.event.correlationId).toBe(`ticket-${ticketId}`);
      expect(r.event.id).toBe(ticketEventId(ticketId, r.event.aggregateSequence));
      expect(r.headers['event-type']).toBe(r.event.type);
    }
    expect(new Set(records.map((r) => r.partition)).size).toBe(1); // one key, one partition: the ticket's order
    const seqs = records.map((r) => Number(r.event.aggregateSequence));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const registered = records[0].event as DecodedEventOf<'ticket.registered'>;
    expect(registered.payload).toMatchObject({ ticketId, customerId, title: 'Printer on fire', channel: ticketsV1.Channel.PORTAL });
    const analysedEvent = records.find((r) => r.event.type === 'ticket.analysed')!.event as DecodedEventOf<'ticket.analysed'>;
    expect(analysedEvent.payload).toMatchObject({
      ticketId,
      category: ticketsV1.Category.SUPPORT,
      priority: ticketsV1.Priority.NORMAL,
      assigneeId: 'specialist-1',
      status: ticketsV1.TicketStatus.IN_PROGRESS,
      fromStatus: ticketsV1.TicketStatus.REGISTERED,
    });
    expect(analysedEvent.payload.outcome.case).toBe('plannedSolutionAt');

    // The read model: one row, at the highest sequence, the same state the update returned.
    const lastSeq = Math.max(...seqs);
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      const row = await eventually(async () => {
        const r = await pool.query('SELECT * FROM ticket_view WHERE ticket_id = $1', [ticketId]);
        return r.rows[0]?.seq === lastSeq && r.rows[0];
      }, `ticket_view at seq ${lastSeq}`);
      expect(row).toMatchObject({
        customer_id: customerId,
        contract_id: 'contract-1',
        status: 'IN_PROGRESS',
        category: 'SUPPORT',
        priority: 'NORMAL',
        assignee: 'specialist-1',
        seq: lastSeq,
      });
      expect((row.planned_date as Date).toISOString()).toBe(analysed.plannedDate);
      expect(row.view.clocks.map((c: { kind: string; state: string }) => `${c.kind}:${c.state}`)).toEqual(
        expect.arrayContaining(['ANALYSIS:MET', 'SOLUTION:RUNNING']),
      );
      const status = await handle.query(ticketStatusQuery);
      expect(row.view.seq).toBe(status.seq);
      // The history, written with the flushes: one row per entry, by position.
      const history = await pool.query('SELECT position, entry FROM ticket_history WHERE ticket_id = $1 ORDER BY position', [ticketId]);
      expect(history.rows.map((r) => [r.position, r.entry.action])).toEqual([
        [0, 'REGISTER'],
        [1, 'ANALYSE'],
      ]);
    } finally {
      await pool.end();
    }

    // Visibility: the ticket is found by its search attributes (what the Temporal UI filters on), TicketStatus unquoted.
    const found = await eventually(async () => {
      for await (const wf of client.workflow.list({ query: `TicketId = "${ticketId}" AND TicketStatus = "IN_PROGRESS"` })) return wf;
      return undefined;
    }, 'the ticket in visibility with TicketStatus IN_PROGRESS');
    expect(found.searchAttributes).toMatchObject({ CustomerId: [customerId], Category: ['SUPPORT'], Assignee: ['specialist-1'] });
  });

  it("a clock's timer counts from when the task's local activities finished, not from the task's start", async () => {
    const handle = await client.workflow.start(WorkflowType.TICKET, {
      taskQueue: config.temporal.taskQueue,
      workflowId: ticketWorkflowId(slowTicketId),
      args: [{ ...ticketInput(slowTicketId), title: 'Slow database' }],
      ...UNIQUE_WORKFLOW_ID_POLICIES,
    });
    const timer = await eventually(async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      return events.find((e) => e.timerStartedEventAttributes);
    }, 'the first clock timer started');
    const seconds = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
      Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6);
    const firesAt = seconds(timer.eventTime) + seconds(timer.timerStartedEventAttributes!.startToFireTimeout);
    const { clocks } = await handle.query(ticketStatusQuery);
    const next = Math.min(...clocks.flatMap((c) => [c.noticeAt, c.dueAt]).flatMap((at) => (at ? [Date.parse(at)] : [])));
    // Measured from the task's start, the timer would fire the 1.5 s of the snapshot write after the instant.
    expect(Math.abs(firesAt - next)).toBeLessThan(SLOW_SNAPSHOT_MS / 2);
  });

  it('a retried publish carries the same event id, and an idempotent consumer applies it once', async () => {
    // The first publication of the status change "lost its ack": the activity ran twice with the same event.
    const statusChange = published.filter((e) => e.ticketId === ticketId && e.type === 'STATUS_CHANGED');
    expect(statusChange).toHaveLength(2);
    expect(statusChange[1]).toEqual(statusChange[0]);
    const onKafka = collector.of(ticketId).filter((r) => r.event.type === 'ticket.analysed');
    expect(onKafka).toHaveLength(2);
    expect(onKafka[1].event.id).toBe(onKafka[0].event.id);
    expect(onKafka[1].event.envelope).toEqual(onKafka[0].event.envelope);

    // A consumer of libs/events (processed-events row in the effect's transaction) applies the ticket's events once.
    const pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined);
    // processed_events is there already: the tickets database carries libs/events' tables (tickets' migrations).
    await pool.query('CREATE TABLE analysed_effects (event_id uuid NOT NULL, ticket_id text NOT NULL)');
    const outcomes: string[] = [];
    const consumer = new IdempotentConsumer({
      kafka,
      groupId: `${run}_idempotent`,
      topics: [TOPICS.tickets],
      topicPrefix: prefix,
      transactions: pgTransactions(pool),
      handlers: {
        'ticket.analysed': async (event, { tx }) => {
          await tx.query('INSERT INTO analysed_effects (event_id, ticket_id) VALUES ($1, $2)', [event.id, event.payload.ticketId]);
        },
      },
      maxWaitTimeMs: 100,
      logger: silentLogger,
      onProcessed: (event, outcome) => {
        if (event.type === 'ticket.analysed') outcomes.push(outcome);
      },
    });
    try {
      await consumer.start();
      await eventually(() => outcomes.length >= 2, 'the consumer to see both copies');
      expect(outcomes).toEqual(['applied', 'duplicate']);
      const effects = await pool.query('SELECT event_id FROM analysed_effects WHERE ticket_id = $1', [ticketId]);
      expect(effects.rows).toEqual([{ event_id: onKafka[0].event.id }]);
    } finally {
      await consumer.stop();
      await pool.end();
    }
  });

  it('keeps the newer snapshot when an older one arrives late (one upsert with a seq guard)', async () => {
    const newer = { ...analysed, seq: analysed.seq + 100, title: 'newer' };
    const older = { ...analysed, seq: analysed.seq + 99, title: 'older' };
    expect(await w.readModel.write(newer)).toBe(true);
    expect(await w.readModel.write(older)).toBe(false);
    expect(await w.readModel.write(newer)).toBe(true); // the same snapshot again (an activity retry) is harmless
    const r = await w.pool.query('SELECT title, seq FROM ticket_view WHERE ticket_id = $1', [ticketId]);
    expect(r.rows).toEqual([{ title: 'newer', seq: analysed.seq + 100 }]);
  });

  it('shuts down gracefully: stops polling, disconnects the producer, ends the pool', async () => {
    const started = Date.now();
    w.shutdown();
    await running;
    stopped = true;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(w.worker.getState()).toBe('STOPPED');
    expect(w.pool.ended).toBe(true);
    await expect(w.publisher.publishTicketEvent(analysedEventForRepublish())).rejects.toThrow(/closed/);
    expect(logs.filter((l) => JSON.parse(l).level === 'error')).toEqual([]);
  });

  function analysedEventForRepublish(): TicketEvent {
    return published.find((e) => e.ticketId === ticketId)!;
  }
});
