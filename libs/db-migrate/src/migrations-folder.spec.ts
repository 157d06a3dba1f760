import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checksum,
  LOCK_FILE_CONTENT,
  lockFileProvider,
  migrationSlug,
  newMigrationName,
  readMigrations,
  timestamp,
  toMigrationList,
  writeMigration,
} from './migrations-folder';

describe('migration names', () => {
  const now = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));

  it('slugs free-form names the way migration folders are named', () => {
    expect(migrationSlug('Add tickets')).toBe('add_tickets');
    expect(migrationSlug('  SLA-policy v2!  ')).toBe('sla_policy_v2');
    expect(migrationSlug('Приоритет café')).toBe('cafe');
    expect(() => migrationSlug('!!!')).toThrow(/Invalid migration name/);
  });

  it('prefixes the UTC timestamp', () => {
    expect(timestamp(now)).toBe('20250102030405');
    expect(newMigrationName('init', now, [])).toBe('20250102030405_init');
  });

  it('always sorts after the existing migrations, even within the same second or with a clock behind', () => {
    expect(newMigrationName('b', now, ['20250102030405_a'])).toBe('20250102030406_b');
    expect(newMigrationName('c', now, ['20250102030405_a', '20251231235959_z'])).toBe('20260101000000_c');
    expect(newMigrationName('d', now, ['20240101000000_old', 'not_a_migration'])).toBe('20250102030405_d');
  });
});

describe('migrations folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sla-db-migrate-folder-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes Prisma layout: lock file once, one folder per migration, read back in name order', () => {
    writeMigration(dir, '20250102030406_second', 'SELECT 2;\n');
    writeMigration(dir, '20250102030405_first', 'SELECT 1;\n');

    expect(readFileSync(join(dir, 'migration_lock.toml'), 'utf8')).toBe(LOCK_FILE_CONTENT);
    expect(lockFileProvider(LOCK_FILE_CONTENT)).toBe('postgresql');
    expect(readMigrations(dir)).toEqual([
      { name: '20250102030405_first', script: 'SELECT 1;\n' },
      { name: '20250102030406_second', script: 'SELECT 2;\n' },
    ]);
    const list = toMigrationList(dir);
    expect(list.lockfile.content).toBe(LOCK_FILE_CONTENT);
    expect(list.migrationDirectories.map((d) => [d.path, d.migrationFile])).toEqual([
      ['20250102030405_first', { path: 'migration.sql', content: { tag: 'ok', value: 'SELECT 1;\n' } }],
      ['20250102030406_second', { path: 'migration.sql', content: { tag: 'ok', value: 'SELECT 2;\n' } }],
    ]);
  });

  it('reads a missing folder as no migrations', () => {
    expect(readMigrations(join(dir, 'nope'))).toEqual([]);
  });

  it('computes checksums as sha256 hex (migrate.spec compares them with what the engine records)', () => {
    expect(checksum('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
