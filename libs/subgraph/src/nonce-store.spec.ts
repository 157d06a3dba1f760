// The kit's nonce store on a real PostgreSQL database: a nonce is accepted once across every instance of a
// subgraph, and forgotten only well after its signature expired.
import { createTestDatabase, type TestDatabase } from '@sla-desk/testing';
import type { SubgraphConfig } from './config';
import { DatabasePool } from './database';
import { ensureNonceTable, PgNonceStore } from './nonce-store';

let db: TestDatabase;
let pools: DatabasePool[];
let first: PgNonceStore;
let second: PgNonceStore;
beforeAll(async () => {
  db = await createTestDatabase('kit_nonces');
  await Promise.all([ensureNonceTable(db.url), ensureNonceTable(db.url)]); // several instances migrating at once
  pools = [0, 1].map(() => new DatabasePool({ databaseUrl: db.url } as SubgraphConfig));
  first = new PgNonceStore(pools[0]!);
  second = new PgNonceStore(pools[1]!);
});
afterAll(async () => {
  for (const pool of pools ?? []) await pool.onApplicationShutdown();
  await db?.drop();
});

it('accepts a nonce once, whichever instance sees it', async () => {
  const expiresAt = Date.now() + 60_000;
  expect(await first.claim('nonce-a', expiresAt)).toBe(true);
  expect(await first.claim('nonce-a', expiresAt)).toBe(false);
  expect(await second.claim('nonce-a', expiresAt)).toBe(false);
  expect(await second.claim('nonce-b', expiresAt)).toBe(true);
});

it('forgets nonces only once their signatures are long expired', async () => {
  expect(await first.claim('recently-expired', Date.now() - 1000)).toBe(true);
  expect(await first.claim('long-expired', Date.now() - 3_600_000)).toBe(true);
  expect(await second.deleteExpired()).toBe(1);
  expect(await first.claim('recently-expired', Date.now() - 1000)).toBe(false);
  expect(await first.claim('nonce-a', Date.now() + 60_000)).toBe(false);
});
