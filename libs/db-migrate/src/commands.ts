// create / deploy / check: plain orchestration over the engine wrapper, the migrations folder and
// the database helpers. Results are data; cli.ts turns them into messages and exit codes.
import { dirname, relative } from 'node:path';
import { assertReachable, createThrowawayDatabase, describeDatabase, parseDatabaseUrl, type DatabaseUrl } from './database';
import { Engine, SchemaEngineError, target, type EngineConnection } from './engine';
import {
  LOCK_FILE,
  LOCK_FILE_CONTENT,
  lockFileProvider,
  newMigrationName,
  PROVIDER,
  readLockFile,
  readMigrations,
  toMigrationList,
  writeMigration,
} from './migrations-folder';
import { loadSchema, type PrismaSchema } from './schema-file';

export class InvalidSchemaError extends Error {
  constructor(
    readonly schemaPath: string,
    readonly engineMessage: string,
  ) {
    super(`Invalid Prisma schema ${schemaPath}:\n${engineMessage}`);
    this.name = 'InvalidSchemaError';
  }
}

export class MigrationsFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationsFolderError';
  }
}

interface CommonOptions {
  /** Path of schema.prisma (or of a folder of .prisma files). */
  schema: string;
  /** Migrations folder; defaults to `migrations` next to the schema. */
  migrationsDir?: string;
  /** Receives the schema engine's log lines (JSON). */
  engineLog?: (line: string) => void;
}

export interface CreateOptions extends CommonOptions {
  name: string;
  /**
   * A PostgreSQL server (URL of any database on it that the role can connect to). A throwaway
   * database is created there to replay the existing migrations, then dropped; nothing else is
   * written, and the database named in the URL is only used to issue CREATE/DROP DATABASE.
   */
  url: string;
  /** Clock for the folder's timestamp (tests). */
  now?: Date;
}

export type CreateResult =
  { created: true; name: string; file: string; script: string; migrationsDir: string } | { created: false; migrationsDir: string };

export const SHADOW_PREFIX = 'sla_db_migrate_shadow';

/** Writes a new migration with the SQL that takes the migrations folder's state to the schema. */
export async function createMigration(options: CreateOptions): Promise<CreateResult> {
  const schema = loadSchema(options.schema, options.migrationsDir);
  const server = parseDatabaseUrl(options.url);
  const dir = schema.migrationsDir;
  const existing = readMigrations(dir);
  const lock = readLockFile(dir);
  const provider = lockFileProvider(lock);
  if (lock !== null && provider !== PROVIDER) {
    throw new MigrationsFolderError(`${relative(process.cwd(), dir)}/${LOCK_FILE} names provider "${provider}", expected "${PROVIDER}"`);
  }
  const name = newMigrationName(
    options.name,
    options.now ?? new Date(),
    existing.map((m) => m.name),
  );

  await assertReachable(server);
  const shadow = await createThrowawayDatabase(server, SHADOW_PREFIX);
  try {
    const connection = engineConnection(shadow.db);
    // Both the engine's main connection and its shadow database are the throwaway database.
    const engine = await Engine.open({ main: connection, shadow: connection, log: options.engineLog });
    try {
      await validateSchema(engine, schema);
      const list = toMigrationList(dir, existing);
      const from = target.migrations({ ...list, lockfile: { path: LOCK_FILE, content: lock ?? LOCK_FILE_CONTENT } });
      const script = await engine.diff(from, target.schema(schema.files), true);
      if (script === null) return { created: false, migrationsDir: dir };
      const file = writeMigration(dir, name, script);
      return { created: true, name, file, script, migrationsDir: dir };
    } finally {
      await engine.close();
    }
  } finally {
    await shadow.drop();
  }
}

export interface DeployOptions extends CommonOptions {
  /** The database to migrate: the only database this command connects to. */
  url: string;
}

export interface DeployResult {
  database: string;
  migrationsDir: string;
  /** Migrations in the folder. */
  total: number;
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Already-applied migrations whose migration.sql has changed since (prisma migrate deploy warns too). */
  edited: string[];
}

/** Applies pending migrations and records them in _prisma_migrations, like `prisma migrate deploy`. */
export async function deployMigrations(options: DeployOptions): Promise<DeployResult> {
  const schema = loadSchema(options.schema, options.migrationsDir);
  const db = parseDatabaseUrl(options.url);
  const migrations = readMigrations(schema.migrationsDir);
  const result: DeployResult = {
    database: describeDatabase(db),
    migrationsDir: schema.migrationsDir,
    total: migrations.length,
    applied: [],
    edited: [],
  };
  await assertReachable(db);
  const engine = await Engine.open({ main: engineConnection(db), log: options.engineLog });
  try {
    await validateSchema(engine, schema);
    if (migrations.length === 0) return result;
    const list = toMigrationList(schema.migrationsDir, migrations);
    const diagnosis = await engine.diagnoseMigrationHistory(list);
    result.edited = diagnosis.editedMigrationNames;
    result.applied = await engine.applyMigrations(list);
    return result;
  } finally {
    await engine.close();
  }
}

export interface CheckOptions extends CommonOptions {
  /** The database to compare; opened read-only. */
  url: string;
}

export interface CheckResult {
  ok: boolean;
  database: string;
  migrationsDir: string;
  /** In the folder, not applied to the database. */
  pending: string[];
  /** Recorded in the database, missing from the folder. */
  missingFromFolder: string[];
  /** Applied, then changed on disk (checksum mismatch). */
  edited: string[];
  /** Recorded as failed in _prisma_migrations. */
  failed: string[];
  /** The engine's summary of what it would take to turn the live database into schema.prisma. */
  drift: string | null;
}

/** Compares the live database with the migrations folder and with schema.prisma, read-only. */
export async function checkMigrations(options: CheckOptions): Promise<CheckResult> {
  const schema = loadSchema(options.schema, options.migrationsDir);
  const db = parseDatabaseUrl(options.url);
  await assertReachable(db);
  const engine = await Engine.open({ main: engineConnection(db, true), log: options.engineLog });
  try {
    await validateSchema(engine, schema);
    const migrations = readMigrations(schema.migrationsDir);
    const diagnosis = await engine.diagnoseMigrationHistory(toMigrationList(schema.migrationsDir, migrations));
    const history = diagnosis.history;
    const pending =
      history?.diagnostic === 'databaseIsBehind' || history?.diagnostic === 'historiesDiverge' ? history.unappliedMigrationNames : [];
    const missingFromFolder =
      history?.diagnostic === 'migrationsDirectoryIsBehind' || history?.diagnostic === 'historiesDiverge'
        ? history.unpersistedMigrationNames
        : [];
    const drift = await engine.diff(target.liveDatabase(schema.files, dirname(schema.path)), target.schema(schema.files), false);
    const result: CheckResult = {
      ok: false,
      database: describeDatabase(db),
      migrationsDir: schema.migrationsDir,
      pending,
      missingFromFolder,
      edited: diagnosis.editedMigrationNames,
      failed: diagnosis.failedMigrationNames,
      drift: drift === null ? null : drift.trim(),
    };
    result.ok = pending.length + missingFromFolder.length + result.edited.length + result.failed.length === 0 && drift === null;
    return result;
  } finally {
    await engine.close();
  }
}

function engineConnection(db: DatabaseUrl, readOnly = false): EngineConnection {
  return {
    url: db.url,
    database: db.database,
    ...(db.schema ? { schema: db.schema } : {}),
    ...(readOnly ? { readOnly } : {}),
  };
}

/** Runs the schema through the engine's validator (P1012 and friends) before anything else. */
async function validateSchema(engine: Engine, schema: PrismaSchema): Promise<void> {
  try {
    await engine.diff(target.empty(), target.schema(schema.files), false);
  } catch (error) {
    if (error instanceof SchemaEngineError && (error.code === 'P1012' || error.code === 'P1013')) {
      throw new InvalidSchemaError(schema.path, error.message.trim());
    }
    throw error;
  }
}
