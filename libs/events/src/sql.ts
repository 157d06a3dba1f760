// The smallest SQL surface the outbox and the idempotent consumer need, so one helper serves both a Prisma
// interactive-transaction client and a node-postgres client inside the caller's transaction.

/** Runs one parameterised statement ($1, $2, …) and returns the number of rows it affected or returned. */
export interface SqlExecutor {
  execute(text: string, values: readonly unknown[]): Promise<number>;
}

/** Structural subset of a Prisma client or interactive-transaction client (`tx` in `prisma.$transaction(async (tx) => …)`). */
export interface PrismaRawClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $executeRawUnsafe(query: string, ...values: any[]): PromiseLike<number>;
}

/** Structural subset of a node-postgres Client / PoolClient / Pool. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/** Use a Prisma transaction client: `enqueueEvents(fromPrisma(tx), …)` inside `prisma.$transaction(async (tx) => …)`. */
export function fromPrisma(tx: PrismaRawClient): SqlExecutor {
  return { execute: async (text, values) => Number(await tx.$executeRawUnsafe(text, ...values)) };
}

/** Use a node-postgres client on which the caller opened the transaction (BEGIN … COMMIT). */
export function fromPg(client: PgQueryable): SqlExecutor {
  return { execute: async (text, values) => (await client.query(text, [...values])).rowCount ?? 0 };
}

/** Either kind of client, detected by shape. */
export function toExecutor(db: SqlExecutor | PrismaRawClient | PgQueryable): SqlExecutor {
  if ('execute' in db && typeof db.execute === 'function') return db;
  if ('$executeRawUnsafe' in db) return fromPrisma(db);
  return fromPg(db as PgQueryable);
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Quotes a (optionally schema-qualified) table name after checking it is a plain lower-case identifier. */
export function quoteTable(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) throw new Error(`invalid table name '${name}'`);
  return parts.map((p) => `"${p}"`).join('.');
}
