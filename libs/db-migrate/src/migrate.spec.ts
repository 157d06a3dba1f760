// End to end against a real PostgreSQL: create → deploy → Prisma Client round trip → drift → second
// migration → edited migration. Each describe block works in its own throwaway database.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { createTestDatabase, databasesNamed, type TestDatabase } from '../test/pg';
import { checkMigrations, createMigration, deployMigrations, SHADOW_PREFIX, type CheckResult } from './commands';
import { prismaGenerate } from './generate';
import { checksum, LOCK_FILE_CONTENT } from './migrations-folder';

const GENERATED_ROOT = join(__dirname, '..', 'test', 'generated');

const schemaV1 = (clientOutput: string) => `datasource db {
  provider = "postgresql"
}

generator client {
  provider            = "prisma-client"
  output              = "${clientOutput}"
  moduleFormat        = "cjs"
  importFileExtension = ""
  engineType          = "client"
}

model Ticket {
  id        Int      @id @default(autoincrement())
  title     String
  priority  Priority @default(NORMAL)
  createdAt DateTime @default(now())
}

enum Priority {
  LOW
  NORMAL
  HIGH
}
`;

/** v2 adds a column whose default contains a semicolon (adapter-pg would split the script there). */
const schemaV2 = (clientOutput: string) =>
  schemaV1(clientOutput).replace(
    '  createdAt DateTime @default(now())\n',
    '  createdAt DateTime @default(now())\n  note      String   @default("a;b")\n',
  );

interface MinimalClient {
  ticket: {
    create(args: { data: { title: string; priority?: 'LOW' | 'NORMAL' | 'HIGH' } }): Promise<{ id: number }>;
    findMany(args: { orderBy: { id: 'asc' } }): Promise<{ id: number; title: string; priority: string; createdAt: Date }[]>;
  };
  $disconnect(): Promise<void>;
}

describe('create → deploy → check', () => {
  let db: TestDatabase;
  let dir: string;
  let schemaPath: string;
  let clientDir: string;
  let firstMigration: string;

  beforeAll(async () => {
    db = await createTestDatabase('flow');
    dir = mkdtempSync(join(tmpdir(), 'sla-db-migrate-'));
    mkdirSync(GENERATED_ROOT, { recursive: true });
    clientDir = mkdtempSync(join(GENERATED_ROOT, 'client-'));
    schemaPath = join(dir, 'prisma', 'schema.prisma');
    mkdirSync(join(dir, 'prisma'));
    writeFileSync(schemaPath, schemaV1(clientDir));
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  const check = (): Promise<CheckResult> => checkMigrations({ schema: schemaPath, url: db.url });

  it('creates the first migration in Prisma folder format, touching only a throwaway database', async () => {
    const result = await createMigration({ schema: schemaPath, name: 'Init tickets', url: db.url });

    expect(result.created).toBe(true);
    if (!result.created) return;
    firstMigration = result.name;
    expect(result.name).toMatch(/^\d{14}_init_tickets$/);
    const migrationsDir = join(dir, 'prisma', 'migrations');
    expect(readFileSync(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(LOCK_FILE_CONTENT);
    const sql = readFileSync(join(migrationsDir, result.name, 'migration.sql'), 'utf8');
    expect(sql).toBe(result.script);
    expect(sql).toContain('CREATE TYPE "Priority" AS ENUM');
    expect(sql).toContain('CREATE TABLE "Ticket"');
    // The database named in the URL is only used to create and drop the shadow database.
    expect(await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
    expect(await databasesNamed(SHADOW_PREFIX)).toEqual([]);
  });

  it('writes nothing when the schema has not changed', async () => {
    const result = await createMigration({ schema: schemaPath, name: 'again', url: db.url });

    expect(result.created).toBe(false);
    expect(readdirSync(join(dir, 'prisma', 'migrations')).sort()).toEqual([firstMigration, 'migration_lock.toml']);
  });

  it('check reports the pending migration and the missing tables, and writes nothing', async () => {
    const result = await check();

    expect(result.ok).toBe(false);
    expect(result.pending).toEqual([firstMigration]);
    expect(result.drift).toContain('Ticket');
    expect(await db.query("SELECT to_regclass('_prisma_migrations') AS t")).toEqual([{ t: null }]);
  });

  it('deploy applies the migration and records it like prisma migrate deploy', async () => {
    const result = await deployMigrations({ schema: schemaPath, url: db.url });

    expect(result.applied).toEqual([firstMigration]);
    const rows = await db.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations',
    );
    const script = readFileSync(join(dir, 'prisma', 'migrations', firstMigration, 'migration.sql'), 'utf8');
    expect(rows).toEqual([
      {
        migration_name: firstMigration,
        checksum: checksum(script),
        finished_at: expect.any(Date),
        rolled_back_at: null,
        applied_steps_count: 1,
        logs: null,
      },
    ]);
  });

  it('a second deploy is a no-op', async () => {
    const result = await deployMigrations({ schema: schemaPath, url: db.url });

    expect(result).toMatchObject({ total: 1, applied: [], edited: [] });
    expect(await db.query('SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: 1 }]);
  });

  it('check passes once deployed', async () => {
    expect(await check()).toMatchObject({ ok: true, pending: [], edited: [], failed: [], drift: null });
  });

  it('a Prisma Client generated offline round-trips through @prisma/adapter-pg', async () => {
    const generated = prismaGenerate({ schema: schemaPath, stdio: 'pipe' });
    expect(generated).toMatchObject({ status: 0 });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaClient } = require(join(clientDir, 'client')) as {
      PrismaClient: new (options: { adapter: PrismaPg }) => MinimalClient;
    };
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    try {
      await prisma.ticket.create({ data: { title: 'Printer on fire', priority: 'HIGH' } });
      await prisma.ticket.create({ data: { title: 'VPN flaky' } });
      const tickets = await prisma.ticket.findMany({ orderBy: { id: 'asc' } });
      expect(tickets).toEqual([
        { id: 1, title: 'Printer on fire', priority: 'HIGH', createdAt: expect.any(Date) },
        { id: 2, title: 'VPN flaky', priority: 'NORMAL', createdAt: expect.any(Date) },
      ]);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('check fails, naming the difference, when the live table is altered by hand', async () => {
    await db.query('ALTER TABLE "Ticket" ADD COLUMN "assignee" TEXT, ALTER COLUMN "title" DROP NOT NULL');

    const result = await check();

    expect(result.ok).toBe(false);
    expect(result.pending).toEqual([]);
    expect(result.drift).toContain('Changed the `Ticket` table');
    expect(result.drift).toContain('Removed column `assignee`');
    expect(result.drift).toContain('Altered column `title`');
    await db.query('ALTER TABLE "Ticket" DROP COLUMN "assignee", ALTER COLUMN "title" SET NOT NULL');
    expect((await check()).ok).toBe(true);
  });

  it('creates and applies a second migration that adds a column', async () => {
    writeFileSync(schemaPath, schemaV2(clientDir));
    expect((await check()).drift).toContain('Added column `note`');

    const created = await createMigration({ schema: schemaPath, name: 'add note', url: db.url });

    expect(created.created).toBe(true);
    if (!created.created) return;
    expect(created.name > firstMigration).toBe(true);
    expect(created.script).toContain(`ALTER TABLE "Ticket" ADD COLUMN     "note" TEXT NOT NULL DEFAULT 'a;b';`);
    expect((await check()).pending).toEqual([created.name]);

    const deployed = await deployMigrations({ schema: schemaPath, url: db.url });

    expect(deployed.applied).toEqual([created.name]);
    expect(await db.query('SELECT title, note FROM "Ticket" ORDER BY id')).toEqual([
      { title: 'Printer on fire', note: 'a;b' },
      { title: 'VPN flaky', note: 'a;b' },
    ]);
    expect((await check()).ok).toBe(true);
  });

  it('check fails when an applied migration file is edited afterwards; deploy warns', async () => {
    const file = join(dir, 'prisma', 'migrations', firstMigration, 'migration.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${original}\n-- edited after the fact\n`);
    try {
      const result = await check();
      expect(result.ok).toBe(false);
      expect(result.edited).toEqual([firstMigration]);
      expect(result.drift).toBeNull();

      const deployed = await deployMigrations({ schema: schemaPath, url: db.url });
      expect(deployed).toMatchObject({ applied: [], edited: [firstMigration] });
    } finally {
      writeFileSync(file, original);
    }
    expect((await check()).ok).toBe(true);
  });
});

describe('a failing migration', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('failing');
    dir = mkdtempSync(join(tmpdir(), 'sla-db-migrate-'));
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is rolled back as a whole, recorded as failed, and reported by check', async () => {
    const schemaPath = join(dir, 'schema.prisma');
    writeFileSync(schemaPath, 'datasource db {\n  provider = "postgresql"\n}\n');
    const migration = join(dir, 'migrations', '20240101000000_broken');
    mkdirSync(migration, { recursive: true });
    writeFileSync(join(dir, 'migrations', 'migration_lock.toml'), LOCK_FILE_CONTENT);
    writeFileSync(join(migration, 'migration.sql'), 'CREATE TABLE "Half" ("id" INTEGER);\nSELECT 1/0;\n');

    await expect(deployMigrations({ schema: schemaPath, url: db.url })).rejects.toThrow(/division by zero/);

    expect(await db.query(`SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
    const result = await checkMigrations({ schema: schemaPath, url: db.url });
    expect(result).toMatchObject({ ok: false, failed: ['20240101000000_broken'] });
    await expect(deployMigrations({ schema: schemaPath, url: db.url })).rejects.toThrow(/P3009|failed migrations/);
    expect(existsSync(join(migration, 'migration.sql'))).toBe(true);
  });
});
