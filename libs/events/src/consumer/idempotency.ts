// Idempotent effects: a processed-events row written in the same database transaction as the effect.
import type { Pool, PoolClient } from 'pg';
import { fromPg, fromPrisma, quoteTable, toExecutor, type PgQueryable, type PrismaRawClient, type SqlExecutor } from '../sql';

export const DEFAULT_PROCESSED_TABLE = 'processed_events';

/**
 * Records that `consumer` processed `eventId`, inside the caller's transaction. Returns false if it was already
 * recorded (a redelivery or a duplicate publication): skip the effect then. A concurrent transaction claiming the
 * same event waits on the first one and gets false once it commits (or true if it rolls back).
 */
export async function claimEvent(
  db: SqlExecutor | PrismaRawClient | PgQueryable,
  consumer: string,
  eventId: string,
  table = DEFAULT_PROCESSED_TABLE,
): Promise<boolean> {
  const n = await toExecutor(db).execute(
    `INSERT INTO ${quoteTable(table)} (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
    [consumer, eventId],
  );
  return n === 1;
}

/** How a consumer opens a database transaction around claim + effect. `tx` is what handlers receive. */
export interface TransactionRunner<TTx> {
  run<R>(fn: (tx: TTx, db: SqlExecutor) => Promise<R>): Promise<R>;
}

/** Transactions on a node-postgres pool; handlers receive the PoolClient (BEGIN/COMMIT are done for them). */
export function pgTransactions(pool: Pool): TransactionRunner<PoolClient> {
  return {
    async run(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const r = await fn(client, fromPg(client));
        await client.query('COMMIT');
        client.release();
        return r;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch (e) {
          client.release(e as Error);
        }
        throw err;
      }
    },
  };
}

/** Structural subset of a PrismaClient: the interactive-transaction form of $transaction. */
export interface PrismaTransactional<TTx extends PrismaRawClient> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $transaction<R>(fn: (tx: TTx) => Promise<R>, options?: any): Promise<R>;
}

/** Transactions through Prisma (`prisma.$transaction(async (tx) => …)`); handlers receive the transaction client. */
export function prismaTransactions<TTx extends PrismaRawClient>(
  prisma: PrismaTransactional<TTx>,
  options?: { timeout?: number; maxWait?: number; isolationLevel?: string },
): TransactionRunner<TTx> {
  return { run: (fn) => prisma.$transaction((tx) => fn(tx, fromPrisma(tx)), options) };
}
