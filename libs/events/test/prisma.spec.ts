// The outbox and the idempotent consumer with Prisma 7 (prisma-client generator, @prisma/adapter-pg), as a service
// uses them: the schema fragment included in a multi-file schema, the migration folder next to the service's own,
// checked by libs/db-migrate (WebAssembly schema engine) for drift; a Prisma Client generated offline.
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { checkMigrations, createMigration, deployMigrations, prismaGenerate } from '@sla-desk/db-migrate';
import { createTestDatabase, stackConfig, uniqueName, type TestDatabase } from '@sla-desk/testing';
import { Pool } from 'pg';
import { samplePayload } from './fixtures';
import { harness, waitFor, type Harness } from './support';
import {
  buildEvent,
  enqueueEvents,
  EVENTS_MIGRATIONS_DIR,
  EVENTS_PRISMA_FRAGMENT,
  IdempotentConsumer,
  OutboxRelay,
  prismaTransactions,
  TOPICS,
  type PrismaRawClient,
} from '../src';

interface TicketRow {
  id: string;
  title: string;
  comments: number;
}
interface TxClient extends PrismaRawClient {
  ticket: {
    create(args: { data: { id: string; title: string } }): Promise<TicketRow>;
    update(args: { where: { id: string }; data: { comments: { increment: number } } }): Promise<TicketRow>;
    findUnique(args: { where: { id: string } }): Promise<TicketRow | null>;
  };
}
interface Client extends TxClient {
  $transaction<R>(fn: (tx: TxClient) => Promise<R>, options?: unknown): Promise<R>;
  $disconnect(): Promise<void>;
}

const root = path.join(__dirname, 'generated', uniqueName('prisma'));
const schemaDir = path.join(root, 'schema');
const migrationsDir = path.join(schemaDir, 'migrations');
const clientDir = path.join(root, 'client');

const base = `datasource db {
  provider = "postgresql"
}

generator client {
  provider            = "prisma-client"
  output              = "${clientDir}"
  moduleFormat        = "cjs"
  importFileExtension = ""
  engineType          = "client"
}
`;
const ticketModel = `model Ticket {
  id       String @id
  title    String
  comments Int    @default(0)
}
`;

describe('with Prisma (a service that includes the outbox schema)', () => {
  let db: TestDatabase;
  let h: Harness;
  let prisma: Client;

  beforeAll(async () => {
    mkdirSync(schemaDir, { recursive: true });
    writeFileSync(path.join(schemaDir, 'base.prisma'), base);
    copyFileSync(EVENTS_PRISMA_FRAGMENT, path.join(schemaDir, 'events.prisma'));
    cpSync(EVENTS_MIGRATIONS_DIR, migrationsDir, { recursive: true });
    db = await createTestDatabase('ev_prisma');
    h = await harness('prisma', { topics: [TOPICS.tickets] });
  }, 60_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await h?.close();
    await db?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('the shipped migration creates exactly what events.prisma declares (no drift, nothing for create to add)', async () => {
    const nothing = await createMigration({
      schema: schemaDir,
      name: 'should_be_empty',
      url: stackConfig().databaseUrlBase + '/sladesk_test',
    });
    expect(nothing.created).toBe(false);
    const deployed = await deployMigrations({ schema: schemaDir, url: db.url });
    expect(deployed.applied).toEqual(['20261124000000_events_outbox']);
    expect(await checkMigrations({ schema: schemaDir, url: db.url })).toMatchObject({ ok: true, drift: null });
  }, 60_000);

  it("a service's own model migrates alongside, and a generated client writes state + outbox in one transaction", async () => {
    writeFileSync(path.join(schemaDir, 'ticket.prisma'), ticketModel);
    const created = await createMigration({ schema: schemaDir, name: 'tickets', url: stackConfig().databaseUrlBase + '/sladesk_test' });
    if (!created.created) throw new Error('expected a migration for Ticket');
    expect(created.script).toContain('CREATE TABLE "Ticket"');
    expect(created.script).not.toMatch(/outbox_events|processed_events/);
    await deployMigrations({ schema: schemaDir, url: db.url });
    expect(prismaGenerate({ schema: schemaDir, stdio: 'pipe' })).toMatchObject({ status: 0 });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaClient } = require(path.join(clientDir, 'client')) as { PrismaClient: new (o: { adapter: PrismaPg }) => Client };
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });

    const registered = buildEvent({
      type: 'ticket.registered',
      payload: samplePayload('ticket.registered', 't-1'),
      tenantId: 'cust-1',
      producer: 'tickets-service',
    });
    await prisma.$transaction(async (tx) => {
      await tx.ticket.create({ data: { id: 't-1', title: 'Отчёт не строится' } });
      expect(await enqueueEvents(tx, [registered])).toBe(1);
      expect(await enqueueEvents(tx, [registered])).toBe(0); // same id again: skipped
    });
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.ticket.create({ data: { id: 't-2', title: 'rolled back' } });
        await enqueueEvents(tx, [
          buildEvent({ type: 'ticket.registered', payload: samplePayload('ticket.registered', 't-2'), tenantId: 'c', producer: 'p' }),
        ]);
        throw new Error('validation failed after the writes');
      }),
    ).rejects.toThrow('validation failed');
    const pool = new Pool({ connectionString: db.url });
    try {
      const rows = await pool.query('SELECT event_id, message_key, event_type, tenant_id, headers FROM outbox_events ORDER BY id');
      expect(rows.rows).toEqual([
        {
          event_id: registered.eventId,
          message_key: 't-1',
          event_type: 'ticket.registered',
          tenant_id: 'cust-1',
          headers: registered.headers,
        },
      ]);
    } finally {
      await pool.end();
    }
  }, 120_000);

  it('the relay publishes it and a consumer applies events through prismaTransactions, once', async () => {
    const pool = new Pool({ connectionString: db.url });
    pool.on('error', () => undefined);
    const relay = new OutboxRelay({ pool, kafka: h.kafka, topicPrefix: h.prefix, pollIntervalMs: 100 });
    const seen: string[] = [];
    const consumer = new IdempotentConsumer<TxClient>({
      kafka: h.kafka,
      groupId: uniqueName('ev_prisma_group'),
      topics: [TOPICS.tickets],
      topicPrefix: h.prefix,
      transactions: prismaTransactions(prisma),
      handlers: {
        'ticket.comment_added': async (event, { tx }) => {
          await tx.ticket.update({ where: { id: event.payload.ticketId }, data: { comments: { increment: 1 } } });
        },
      },
      onProcessed: (e, outcome) => seen.push(`${e.type}:${outcome}`),
    });
    try {
      const comment = buildEvent({
        type: 'ticket.comment_added',
        payload: samplePayload('ticket.comment_added', 't-1'),
        tenantId: 'cust-1',
        producer: 'tickets-service',
      });
      await prisma.$transaction((tx) => enqueueEvents(tx, [comment]));
      relay.start();
      await consumer.start();
      await waitFor(
        () => seen.includes('ticket.comment_added:applied'),
        30_000,
        () => `applied, saw ${seen.join(',')}`,
      );
      // Lost acknowledgement: the relay publishes it again; the consumer's claim stops a second increment.
      await pool.query('UPDATE outbox_events SET published_at = NULL');
      await waitFor(
        () => seen.filter((s) => s === 'ticket.comment_added:duplicate').length >= 1,
        30_000,
        () => `dup, saw ${seen.join(',')}`,
      );
      expect((await prisma.ticket.findUnique({ where: { id: 't-1' } }))?.comments).toBe(1);
      expect(seen).toContain('ticket.registered:skipped'); // no handler: skipped, not dead-lettered
    } finally {
      await consumer.stop();
      await relay.stop();
      await pool.end();
    }
  }, 60_000);
});
