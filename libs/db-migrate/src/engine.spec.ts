// Safety properties of the engine wrapper: it only ever works in the database it was given.
import { createTestDatabase, type TestDatabase } from '../test/pg';
import { Engine, engineVersion, target } from './engine';
import { LOCK_FILE_CONTENT } from './migrations-folder';

describe('engine wrapper', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('engine');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('loads the pinned wasm build', () => {
    expect(engineVersion()).toBe('59be4fda12412a79eeb9c2ae727b6aa723593323');
  });

  it('refuses a connection that lands in another database than expected', async () => {
    await expect(Engine.open({ main: { url: db.url, database: 'some_other_db' } })).rejects.toThrow(
      `refusing to continue: connected to database "${db.name}" but expected "some_other_db"`,
    );
  });

  it('never lets the engine open a shadow database unless one was provided', async () => {
    const engine = await Engine.open({ main: { url: db.url, database: db.name } });
    try {
      const migrations = target.migrations({
        baseDir: '/nowhere',
        lockfile: { path: 'migration_lock.toml', content: LOCK_FILE_CONTENT },
        shadowDbInitScript: '',
        migrationDirectories: [
          { path: '20250101000000_x', migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'CREATE TABLE x (id int);' } } },
        ],
      });
      await expect(engine.diff(migrations, target.empty(), true)).rejects.toThrow(/never uses a shadow database/);
    } finally {
      await engine.close();
    }
    expect(await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
  });

  it('introspects tables with CHECK constraints ("char" catalog columns, which adapter-pg cannot read)', async () => {
    await db.query(`CREATE TABLE t (id int CHECK (id > 0), label text DEFAULT 'x;y')`);
    const engine = await Engine.open({ main: { url: db.url, database: db.name } });
    try {
      const schema = [{ path: 'schema.prisma', content: 'datasource db {\n  provider = "postgresql"\n}\n' }];
      const summary = await engine.diff(target.liveDatabase(schema, '.'), target.schema(schema), false);
      expect(summary).toContain('Removed tables');
    } finally {
      await engine.close();
    }
  });
});
