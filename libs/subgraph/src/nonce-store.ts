// Single-use gateway signatures across every instance of a subgraph: the nonces of accepted requests, kept in the
// subgraph's own database until their signatures expire (a replay to any instance finds them). The table belongs to
// the kit, not to the service's Prisma schema: it lives in its own PostgreSQL schema, created with the migrations.
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NonceStore } from '@sla-desk/auth';
import { errorFields } from '@sla-desk/runtime';
import { Client } from 'pg';
import { DatabasePool } from './database';

const TABLE = 'subgraph_kit.gateway_nonces';
/** Expired nonces are deleted this often; a signature is valid for a minute, so the table stays small. */
const PURGE_INTERVAL_MS = 60_000;
/** Kept this long past their expiry, so clock skew between this process and PostgreSQL never drops one early. */
const PURGE_MARGIN = "interval '5 minutes'";

/** Creates the nonce table if missing (with the migrations: the same rights, once per deployment). */
export async function ensureNonceTable(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('subgraph_kit.gateway_nonces'))");
    await client.query('CREATE SCHEMA IF NOT EXISTS subgraph_kit');
    await client.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (nonce text PRIMARY KEY, expires_at timestamptz NOT NULL)`);
    await client.query(`CREATE INDEX IF NOT EXISTS gateway_nonces_expires_at ON ${TABLE} (expires_at)`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

@Injectable()
export class PgNonceStore implements NonceStore, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NonceStore');
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly database: DatabasePool) {}

  async claim(nonce: string, expiresAt: number): Promise<boolean> {
    const result = await this.database.pool.query(
      `INSERT INTO ${TABLE} (nonce, expires_at) VALUES ($1, to_timestamp($2::double precision / 1000)) ON CONFLICT (nonce) DO NOTHING`,
      [nonce, expiresAt],
    );
    return result.rowCount === 1;
  }

  /** Deletes the nonces whose signatures expired (with a margin); returns how many. */
  async deleteExpired(): Promise<number> {
    const result = await this.database.pool.query(`DELETE FROM ${TABLE} WHERE expires_at < now() - ${PURGE_MARGIN}`);
    return result.rowCount ?? 0;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.deleteExpired().catch((error: unknown) =>
        this.logger.warn({ msg: 'Could not delete expired gateway nonces', ...errorFields(error) }),
      );
    }, PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
