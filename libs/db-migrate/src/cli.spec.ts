// The CLI in-process: exit codes and messages. Database cases use their own throwaway database.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test/pg';
import { main, parseArgs, USAGE } from './cli';
import { LOCK_FILE_CONTENT } from './migrations-folder';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Ticket {
  id    Int    @id @default(autoincrement())
  title String
}
`;

const INIT_SQL = `-- CreateTable
CREATE TABLE "Ticket" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);
`;

describe('argument parsing', () => {
  it('takes global options before the command and --key=value forms', () => {
    const parsed = parseArgs(['--cwd', '/x', 'deploy', '--schema=prisma/schema.prisma', '--verbose']);
    expect(parsed.command).toBe('deploy');
    expect(Object.fromEntries(parsed.flags)).toEqual({ cwd: '/x', schema: 'prisma/schema.prisma', verbose: true });
  });

  it('prints usage for --help (exit 0) and without a command (exit 2)', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    expect(await run([])).toMatchObject({ code: 2, stderr: USAGE });
  });

  it.each([
    [['deploy', '--schema'], '--schema needs a value'],
    [['deploy', '--frob'], 'Unknown option --frob'],
    [['frob'], 'Unknown command "frob"'],
    [['create', '--schema', 's.prisma', '--url', 'postgresql://u@h/d'], 'create needs --name'],
    [['deploy', '--schema', 's.prisma'], 'deploy needs a database URL: pass --url or set DATABASE_URL'],
    [['check', '--schema', 's.prisma', '--url-env', 'TICKETS_DB_URL'], 'pass --url or set TICKETS_DB_URL'],
  ])('rejects %j with exit 2: %s', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('sla-db-migrate against PostgreSQL', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('cli');
    dir = mkdtempSync(join(tmpdir(), 'sla-db-migrate-cli-'));
    mkdirSync(join(dir, 'prisma', 'migrations', '20250101000000_init'), { recursive: true });
    writeFileSync(join(dir, 'prisma', 'schema.prisma'), SCHEMA);
    writeFileSync(join(dir, 'prisma', 'migrations', 'migration_lock.toml'), LOCK_FILE_CONTENT);
    writeFileSync(join(dir, 'prisma', 'migrations', '20250101000000_init', 'migration.sql'), INIT_SQL);
    writeFileSync(join(dir, 'broken.prisma'), `${SCHEMA}\nmodel Broken {\n  id Int @id\n  owner Strng\n}\n`);
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports a missing schema file', async () => {
    const result = await run(['deploy', '--schema', 'nope/schema.prisma', '--url', db.url], {}, dir);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`sla-db-migrate deploy: Schema file not found: ${join(dir, 'nope/schema.prisma')}\n`);
  });

  it('reports an invalid schema with the engine message', async () => {
    const result = await run(['check', '--schema', 'broken.prisma', '--url', db.url], {}, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Invalid Prisma schema ${join(dir, 'broken.prisma')}:`);
    expect(result.stderr).toContain('Type "Strng" is neither a built-in type');
  });

  it('reports an unreachable server by host:port and a bad URL without its password', async () => {
    const unreachable = await run(
      ['deploy', '--schema', 'prisma/schema.prisma'],
      {
        DATABASE_URL: 'postgresql://sladesk:hunter22@127.0.0.1:1/tickets',
      },
      dir,
    );
    expect(unreachable).toMatchObject({ code: 1 });
    expect(unreachable.stderr).toContain('Cannot reach PostgreSQL at 127.0.0.1:1');

    const badUrl = await run(['deploy', '--schema', 'prisma/schema.prisma', '--url', 'http://u:hunter22@h/d'], {}, dir);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('Invalid database URL "http://u:***@h/d"');
    expect(badUrl.stderr).not.toContain('hunter22');
  });

  it('honours ?schema= like the native engine: tables and _prisma_migrations go to that schema', async () => {
    const url = `${db.url}?schema=tenant`;
    expect((await run(['deploy', '--schema', 'prisma/schema.prisma', '--url', url], {}, dir)).code).toBe(0);
    expect(await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'tenant' ORDER BY 1")).toEqual([
      { tablename: 'Ticket' },
      { tablename: '_prisma_migrations' },
    ]);
    expect(await run(['check', '--schema', 'prisma/schema.prisma', '--url', url], {}, dir)).toMatchObject({ code: 0 });
  });

  it('deploys, reads the URL from the variable named by --url-env, and checks (exit 0, then 1 on drift)', async () => {
    const env = { TICKETS_DB_URL: db.url };
    const deploy = await run(['--cwd', dir, 'deploy', '--schema', 'prisma/schema.prisma', '--url-env', 'TICKETS_DB_URL'], env);
    expect(deploy).toMatchObject({ code: 0, stderr: '' });
    expect(deploy.stdout).toMatch(/^Applied 1 migration to 127\.0\.0\.1:\d+\/dbm_test_cli_\w+:\n  20250101000000_init\n$/);

    const again = await run(['deploy', '--schema', 'prisma/schema.prisma', '--url-env', 'TICKETS_DB_URL'], env, dir);
    expect(again.stdout).toMatch(/^No pending migrations: .* is up to date \(1 migration\)\.\n$/);

    const ok = await run(['check', '--schema', 'prisma/schema.prisma', '--url-env', 'TICKETS_DB_URL'], env, dir);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^OK: .* matches the schema and the migrations in prisma\/migrations\.\n$/);

    await db.query('ALTER TABLE "Ticket" ADD COLUMN "legacy_code" TEXT');
    const drift = await run(['check', '--schema', 'prisma/schema.prisma', '--url-env', 'TICKETS_DB_URL'], env, dir);
    expect(drift).toMatchObject({ code: 1, stdout: '' });
    expect(drift.stderr).toContain('have drifted apart');
    expect(drift.stderr).toContain('[*] Changed the `Ticket` table');
    expect(drift.stderr).toContain('[-] Removed column `legacy_code`');
  });
});
