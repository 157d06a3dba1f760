// PostgreSQL URLs and the few direct connections this tool makes itself (reachability checks and
// throwaway shadow databases). Plain `pg`; the schema engine never sees these connections.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface DatabaseUrl {
  /** The URL as given. */
  url: string;
  host: string;
  port: number;
  user: string;
  database: string;
  /** `?schema=` (Prisma's convention for the PostgreSQL schema), if any. */
  schema?: string;
}

const DEFAULT_PORT = 5432;

/** Parses and checks a postgres:// URL; the error never repeats the password. */
export function parseDatabaseUrl(url: string): DatabaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseError(`Invalid database URL "${redactUrl(url)}": expected postgresql://user:password@host:port/database`);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new DatabaseError(`Invalid database URL "${redactUrl(url)}": the scheme must be postgresql:// (got ${parsed.protocol}//)`);
  }
  if (!parsed.hostname) {
    throw new DatabaseError(`Invalid database URL "${redactUrl(url)}": no host`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new DatabaseError(
      `Invalid database URL "${redactUrl(url)}": name the database, as in postgresql://user:password@host:port/database`,
    );
  }
  const port = parsed.port ? Number(parsed.port) : DEFAULT_PORT;
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(schema)) {
    throw new DatabaseError(`Invalid database URL "${redactUrl(url)}": unsupported ?schema= value "${schema}"`);
  }
  return {
    url,
    host: parsed.hostname,
    port,
    user: decodeURIComponent(parsed.username),
    database,
    ...(schema ? { schema } : {}),
  };
}

/** The URL with its password replaced by `***` (best effort for unparsable input). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** `host:port/database` for messages. */
export function describeDatabase(db: DatabaseUrl): string {
  return `${db.host}:${db.port}/${db.database}`;
}

/** The same server and credentials, another database. */
export function withDatabase(db: DatabaseUrl, database: string): DatabaseUrl {
  const parsed = new URL(db.url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return { ...db, url: parsed.toString(), database };
}

/** Opens a plain connection, turning the usual failures into readable messages. */
export async function connect(db: DatabaseUrl, timeoutMs = 5000): Promise<Client> {
  const client = new Client({ connectionString: db.url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainConnectionError(error, db);
  }
}

/** Fails with a readable message unless the database accepts a connection. */
export async function assertReachable(db: DatabaseUrl): Promise<void> {
  const client = await connect(db);
  await client.end();
}

export function explainConnectionError(error: unknown, db: DatabaseUrl): DatabaseError {
  const where = `${db.host}:${db.port}`;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  switch (code) {
    case 'ECONNREFUSED':
      return new DatabaseError(`Cannot reach PostgreSQL at ${where}: connection refused (is the server running?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseError(`Cannot reach PostgreSQL at ${where}: unknown host "${db.host}"`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DatabaseError(`Cannot reach PostgreSQL at ${where}: ${code}`);
    case '28P01':
    case '28000':
      return new DatabaseError(`PostgreSQL at ${where} rejected user "${db.user}": ${message}`);
    case '3D000':
      return new DatabaseError(`Database "${db.database}" does not exist on PostgreSQL at ${where}`);
    default:
      if (message && /timeout/i.test(message)) {
        return new DatabaseError(`Cannot reach PostgreSQL at ${where}: connection timed out`);
      }
      return new DatabaseError(`Cannot connect to PostgreSQL at ${where}/${db.database}: ${message ?? String(error)}`);
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A database created for one command and dropped afterwards. */
export interface ThrowawayDatabase {
  db: DatabaseUrl;
  drop(): Promise<void>;
}

/**
 * Creates an empty database with a fresh name on the server of `server` (connecting to the
 * database named there only to issue CREATE/DROP DATABASE; nothing else runs there).
 */
export async function createThrowawayDatabase(server: DatabaseUrl, prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = await connect(server);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const hint = code === '42501' ? ` (role "${server.user}" needs the CREATEDB privilege)` : '';
    throw new DatabaseError(`Cannot create the throwaway database ${name} on ${server.host}:${server.port}: ${message}${hint}`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  return {
    db: withDatabase(server, name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      const client = await connect(server);
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
