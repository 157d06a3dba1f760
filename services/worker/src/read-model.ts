/**
 * The ticket read model on PostgreSQL (`ticket_view` in the `tickets` database; schema and migration in
 * services/worker/prisma). The tickets service will own this table once it exists; until then the worker creates it
 * (`deployMigrations` at start) and is its only writer.
 */
import path from 'node:path';
import { deployMigrations } from '@sla-desk/db-migrate';
import type { TicketView } from '@sla-desk/workflow-api';
import type { Pool } from 'pg';
import type { TicketReadModelPort } from '@sla-desk/ticket-activities';

/** prisma/ (schema.prisma + migrations/), from src/ and from dist/ alike. */
export const PRISMA_DIR = path.join(__dirname, '..', 'prisma');
export const PRISMA_SCHEMA = path.join(PRISMA_DIR, 'schema.prisma');

/** Applies the pending migrations of services/worker/prisma; returns the names of those applied. */
export async function migrateReadModel(databaseUrl: string): Promise<string[]> {
  const result = await deployMigrations({ schema: PRISMA_SCHEMA, url: databaseUrl });
  return result.applied;
}

/**
 * One statement: insert the snapshot, or overwrite the stored one unless the stored `seq` is higher. Two writers of
 * the same ticket race safely: the row lock of ON CONFLICT serialises them and the WHERE compares with the row
 * as committed by the other.
 */
export const UPSERT_TICKET_VIEW_SQL = `
INSERT INTO ticket_view AS t (
  ticket_id, customer_id, contract_id, title, channel, warranty, status, category, priority, assignee, sla_state,
  planned_date, registered_at, seq, view, updated_at, recorded_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now())
ON CONFLICT (ticket_id) DO UPDATE SET
  customer_id = EXCLUDED.customer_id, contract_id = EXCLUDED.contract_id, title = EXCLUDED.title,
  channel = EXCLUDED.channel, warranty = EXCLUDED.warranty, status = EXCLUDED.status, category = EXCLUDED.category,
  priority = EXCLUDED.priority, assignee = EXCLUDED.assignee, sla_state = EXCLUDED.sla_state,
  planned_date = EXCLUDED.planned_date, registered_at = EXCLUDED.registered_at, seq = EXCLUDED.seq,
  view = EXCLUDED.view, updated_at = EXCLUDED.updated_at, recorded_at = now()
WHERE t.seq <= EXCLUDED.seq`;

export function upsertParams(v: TicketView): unknown[] {
  return [
    v.ticketId,
    v.customerId,
    v.contractId,
    v.title,
    v.channel,
    v.warranty,
    v.status,
    v.category ?? null,
    v.priority ?? null,
    v.assignee ?? null,
    v.slaState,
    v.plannedDate ?? null,
    v.registeredAt,
    v.seq,
    JSON.stringify(v),
    v.updatedAt,
  ];
}

export class PostgresTicketReadModel implements TicketReadModelPort {
  constructor(private readonly pool: Pool) {}

  /** Upserts the snapshot; false when a snapshot with a higher `seq` was already stored (nothing written). */
  async write(view: TicketView): Promise<boolean> {
    const r = await this.pool.query(UPSERT_TICKET_VIEW_SQL, upsertParams(view));
    return r.rowCount === 1;
  }

  async recordTicketState(view: TicketView): Promise<void> {
    await this.write(view);
  }
}
