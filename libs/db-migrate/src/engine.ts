// The only module that talks to Prisma's schema engine. It loads the WebAssembly build
// (@prisma/schema-engine-wasm), hands it a PostgreSQL driver adapter (@prisma/adapter-pg), and
// exposes the three engine calls the rest of the library needs. The engine is an internal Prisma
// API; everything it needs from us is pinned and covered by the integration tests.
//
// Three fixes to @prisma/adapter-pg 7.10.1 are applied to every connection handed to the engine:
// - Columns of PostgreSQL's one-byte `"char"` type (pg_constraint.contype, ...), which the engine's
//   schema describer reads, make adapter-pg throw "Unsupported column type char". They are passed
//   to the engine as `Character` columns, which is what it expects.
// - adapter-pg's executeScript splits a migration on every `;` (including those inside string
//   literals and function bodies) and runs the pieces one by one. The engine uses it to run a
//   migration.sql, so the script is instead sent whole, as one simple query, which PostgreSQL runs
//   in one implicit transaction: the same as the native schema engine.
// - Every connection checks `current_database()` before the engine gets it, so a connection can
//   never silently land in a database other than the one intended.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import type {
  DiagnoseMigrationHistoryOutput,
  DiffTarget,
  MigrationList,
  SchemaContainer,
  SchemaEngine,
  SchemaFilter,
} from '@prisma/schema-engine-wasm';
import type * as SchemaEngineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { DiagnoseMigrationHistoryOutput, MigrationList, SchemaContainer };

/** An error reported by the schema engine, with Prisma's error code (P1012: invalid schema, ...). */
export class SchemaEngineError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SchemaEngineError';
  }
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CHAR_MARK = '\u0000sla-db-migrate:char';

/** The bits of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

let bindings: typeof SchemaEngineBindings | undefined;
let lastPanic: string | undefined;

/** Loads and instantiates the wasm module once per process. */
function loadBindings(): typeof SchemaEngineBindings {
  if (bindings) return bindings;
  // The package's entry point imports the .wasm file as an ES module, which Node cannot do without
  // a flag; the bindings file alone is plain JS, and we instantiate the wasm ourselves.
  const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(bindingsPath) as typeof SchemaEngineBindings;
  const wasmModule = new Wasm.Module(readFileSync(join(dirname(bindingsPath), 'schema_engine_bg.wasm')));
  const instance = new Wasm.Instance(wasmModule, { './schema_engine_bg.js': withUnrefTimers(loaded) });
  // The engine reports Rust panics through this global; without it a panic surfaces as "unreachable".
  (globalThis as Record<string, unknown>)['PRISMA_WASM_PANIC_REGISTRY'] = {
    set_message: (message: string) => {
      lastPanic = message;
    },
  };
  loaded.__wbg_set_wasm(instance.exports);
  (instance.exports['__wbindgen_start'] as () => void)();
  bindings = loaded;
  return loaded;
}

/**
 * During applyMigrations the engine arms a 10 s setTimeout (its advisory-lock timeout, it seems)
 * and never clears it, which kept every `deploy` process alive for 10 s after its work was done. Its timers are unref'd: they
 * still fire, but never hold the process open (the engine's open pg pools do that while it works).
 */
function withUnrefTimers(loaded: typeof SchemaEngineBindings): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...loaded };
  for (const key of Object.keys(loaded)) {
    if (key.startsWith('__wbg_setTimeout_')) {
      imports[key] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
  }
  return imports;
}

/** The git hash of the loaded schema engine build. */
export function engineVersion(): string {
  return loadBindings().version();
}

export interface EngineConnection {
  /** postgres:// URL of the database the engine works on. */
  url: string;
  /** The database name the URL must land in (checked with current_database()). */
  database: string;
  /** PostgreSQL schema (search path) from the URL's `?schema=`, if any. */
  schema?: string;
  /** Open every session read-only (default_transaction_read_only). */
  readOnly?: boolean;
}

export interface EngineOptions {
  main: EngineConnection;
  /** Where the engine may replay migrations; without it, any attempt to use a shadow database fails. */
  shadow?: EngineConnection;
  /** Receives the engine's JSON log lines. */
  log?: (line: string) => void;
}

/** A schema engine bound to one database. Call close() when done. */
export class Engine {
  private constructor(
    private readonly engine: SchemaEngine,
    private readonly errors: ErrorRegistry,
    private readonly adapters: SqlDriverAdapter[],
  ) {}

  static async open(options: EngineOptions): Promise<Engine> {
    const { SchemaEngine } = loadBindings();
    const adapters: SqlDriverAdapter[] = [];
    const factory = bindMigrationAwareSqlAdapterFactory({
      provider: 'postgres',
      adapterName: '@sla-desk/db-migrate',
      connect: async () => track(adapters, await connectAdapter(options.main)),
      connectToShadowDb: async () => {
        if (!options.shadow) {
          throw new Error('sla-db-migrate: this command never uses a shadow database, and the engine asked for one');
        }
        return track(adapters, await connectAdapter(options.shadow));
      },
    });
    const log = options.log ?? (() => undefined);
    const engine = await callEngine(factory.errorRegistry, () => SchemaEngine.new({ datamodels: undefined }, log, factory));
    return new Engine(engine, factory.errorRegistry, adapters);
  }

  /** Runs `diff`; returns null when there is nothing to change, else the SQL script or summary. */
  async diff(from: DiffTarget, to: DiffTarget, script: boolean): Promise<string | null> {
    const result = await callEngine(this.errors, () => this.engine.diff({ from, to, script, exitCode: true, filters: NO_FILTER }));
    return result.exitCode === 2 ? (result.stdout ?? '') : null;
  }

  async applyMigrations(migrationsList: MigrationList): Promise<string[]> {
    const result = await callEngine(this.errors, () => this.engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
    return result.appliedMigrationNames;
  }

  async diagnoseMigrationHistory(migrationsList: MigrationList): Promise<DiagnoseMigrationHistoryOutput> {
    return callEngine(this.errors, () =>
      this.engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
    );
  }

  async close(): Promise<void> {
    this.engine.free();
    await Promise.allSettled(this.adapters.splice(0).map((adapter) => adapter.dispose()));
  }
}

/** Diff targets, so callers never build the engine's tagged unions by hand. */
export const target = {
  empty: (): DiffTarget => ({ tag: 'empty' }),
  schema: (files: SchemaContainer[]): DiffTarget => ({ tag: 'schemaDatamodel', files }),
  /** The live database the engine is connected to (configDir only matters for SQLite paths). */
  liveDatabase: (files: SchemaContainer[], configDir: string): DiffTarget => ({
    tag: 'schemaDatasource',
    files,
    configDir,
  }),
  migrations: (list: MigrationList): DiffTarget => ({ tag: 'migrations', ...list }),
};

function track(adapters: SqlDriverAdapter[], adapter: SqlDriverAdapter): SqlDriverAdapter {
  adapters.push(adapter);
  return adapter;
}

/**
 * Runs an engine call, turning what it throws into a SchemaEngineError. Errors thrown by our own
 * adapter code reach the engine as "External error id#N"; the original error is put back.
 */
async function callEngine<T>(errors: ErrorRegistry, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (lastPanic !== undefined) {
      const panic = lastPanic;
      lastPanic = undefined;
      throw new SchemaEngineError(`The schema engine panicked: ${panic}`, undefined);
    }
    const message = error instanceof Error ? error.message : String(error);
    const external = [...message.matchAll(/External error id#(\d+)/g)].map((match) => errors.consumeError(Number(match[1]))?.error);
    if (external.length === 1 && external[0] instanceof Error) throw external[0];
    const code = (error as { code?: unknown } | undefined)?.code;
    throw new SchemaEngineError(message, typeof code === 'string' ? code : undefined);
  }
}

// --- the adapter-pg fixes described at the top of this file ---

/** What this module relies on in adapter-pg 7.10.1 beyond its public types. */
interface PgQueryableInternals {
  performIO(query: SqlQuery): Promise<{ fields?: { name: string; dataTypeID: number }[] }>;
  onError(error: unknown): never;
}

async function connectAdapter(connection: EngineConnection): Promise<SqlDriverAdapter> {
  // Session settings: `?schema=` becomes the search path, as with the native engine (adapter-pg's own
  // `schema` option only qualifies the engine's catalog queries, so DDL would land in `public`).
  const settings: string[] = [];
  if (connection.schema) settings.push(`-c search_path=${connection.schema}`);
  if (connection.readOnly) settings.push('-c default_transaction_read_only=on');
  const factory = new PrismaPg(
    { connectionString: connection.url, max: 2, ...(settings.length ? { options: settings.join(' ') } : {}) },
    connection.schema ? { schema: connection.schema } : undefined,
  );
  const adapter = await factory.connect();
  const pool = adapter.underlyingDriver();
  try {
    const { rows } = await pool.query<{ db: string }>('SELECT current_database() AS db');
    const actual = rows[0]?.db;
    if (actual !== connection.database) {
      throw new Error(`sla-db-migrate: refusing to continue: connected to database "${actual}" but expected "${connection.database}"`);
    }
  } catch (error) {
    await adapter.dispose();
    throw error;
  }
  fixCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => fixCharColumns(await startTransaction(isolationLevel));
  const internals = adapter as unknown as PgQueryableInternals;
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

function fixCharColumns<T extends SqlDriverAdapter | Transaction>(queryable: T): T {
  const internals = queryable as unknown as PgQueryableInternals;
  if (typeof internals.performIO !== 'function') {
    throw new Error('sla-db-migrate: @prisma/adapter-pg changed its internals; re-check src/engine.ts');
  }
  const performIO = internals.performIO.bind(queryable);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        field.name += CHAR_MARK;
      }
    }
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query: SqlQuery): Promise<SqlResultSet> => {
    const result = await queryRaw(query);
    result.columnNames = result.columnNames.map((name, index) => {
      if (!name.endsWith(CHAR_MARK)) return name;
      result.columnTypes[index] = ColumnTypeEnum.Character;
      return name.slice(0, -CHAR_MARK.length);
    });
    return result;
  };
  return queryable;
}
