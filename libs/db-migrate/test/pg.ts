// Test support: one throwaway PostgreSQL database per test, on the project's local cluster.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const DATABASE_URL_BASE = process.env.DATABASE_URL_BASE ?? 'postgresql://sladesk:sladesk@127.0.0.1:55432';
/** A database that always exists on the cluster; used only to CREATE/DROP the test databases. */
const ADMIN_DATABASE = 'sladesk_test';

export function urlFor(database: string): string {
  const url = new URL(DATABASE_URL_BASE);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Connects to the cluster, failing with instructions (never skipping) when it is not running. */
export async function adminClient(): Promise<Client> {
  const client = new Client({ connectionString: urlFor(ADMIN_DATABASE), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const { hostname, port } = new URL(DATABASE_URL_BASE);
    throw new Error(
      `PostgreSQL is not reachable at ${hostname}:${port || 5432}/${ADMIN_DATABASE} (${(error as Error).message}). ` +
        'The db-migrate tests need the local stack: run `npm run up` (or point DATABASE_URL_BASE at a PostgreSQL ' +
        'whose role may CREATE DATABASE).',
    );
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL in this database. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `dbm_test_${label}_${randomBytes(4).toString('hex')}`;
  const admin = await adminClient();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  return {
    name,
    url,
    query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    drop: async () => {
      const client = await adminClient();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Names of the databases on the cluster that start with `prefix`. */
export async function databasesNamed(prefix: string): Promise<string[]> {
  const admin = await adminClient();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
      [prefix],
    );
    return rows.map((row) => row.datname);
  } finally {
    await admin.end();
  }
}
