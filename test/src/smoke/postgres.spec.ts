// (d) PostgreSQL of the stack: a plain round trip with pg, and a throwaway database per test.
import { Client } from 'pg';
import { createTestDatabase, requirePostgres, type TestDatabase } from '@sla-desk/testing';

describe('PostgreSQL (npm run up)', () => {
  it('answers queries on sladesk_test as the sladesk role', async () => {
    const client = new Client({ connectionString: await requirePostgres('sladesk_test') });
    await client.connect();
    try {
      const { rows } = await client.query<{ user: string; version: string }>(
        "SELECT current_user AS user, current_setting('server_version_num') AS version",
      );
      expect(rows[0].user).toBe('sladesk');
      expect(Number(rows[0].version)).toBeGreaterThanOrEqual(150000);
    } finally {
      await client.end();
    }
  });

  describe('in a throwaway database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('smoke');
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('writes and reads back rows in a transaction', async () => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('CREATE TABLE ticket (id serial PRIMARY KEY, title text NOT NULL, opened_at timestamptz NOT NULL)');
        await client.query('INSERT INTO ticket (title, opened_at) VALUES ($1, $2), ($3, $4)', [
          'Printer on fire',
          new Date('2026-01-05T09:00:00Z'),
          'VPN down',
          new Date('2026-01-05T10:30:00Z'),
        ]);
        await client.query('COMMIT');
        const { rows } = await client.query<{ title: string; opened_at: Date }>('SELECT title, opened_at FROM ticket ORDER BY id');
        expect(rows.map((r) => r.title)).toEqual(['Printer on fire', 'VPN down']);
        expect(rows[1].opened_at.toISOString()).toBe('2026-01-05T10:30:00.000Z');
        const { rows: dbs } = await client.query<{ name: string }>('SELECT current_database() AS name');
        expect(dbs[0].name).toBe(db.name);
      } finally {
        await client.end();
      }
    });
  });
});
