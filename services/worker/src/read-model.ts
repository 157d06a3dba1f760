/**
 * The ticket read model on PostgreSQL: `ticket_view` and `ticket_history` in the `tickets` database. The tickets
 * service owns the tables (its schema and migrations, applied when tickets starts); the worker only writes them,
 * through the workflow's flush, and so starts after tickets has migrated.
 */
import type { HistorySlice, TicketView } from '@sla-desk/workflow-api';
import type { Pool } from 'pg';
import type { TicketReadModelPort } from '@sla-desk/ticket-activities';

/** Fails the start, saying what to do, when the tickets service has not created its read-model tables yet. */
export async function assertReadModelTable(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ view: string | null; history: string | null }>(
    `SELECT to_regclass('ticket_view')::text AS view, to_regclass('ticket_history')::text AS history`,
  );
  const missing = !rows[0]?.view ? 'ticket_view' : !rows[0]?.history ? 'ticket_history' : undefined;
  if (missing) {
    throw new Error(
      `The tickets database has no ${missing} table: the tickets service owns it and creates it when it starts ` +
        '(or `node dist/main.js migrate` in services/tickets). Start tickets before the worker.',
    );
  }
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

export const INSERT_TICKET_HISTORY_SQL = `
INSERT INTO ticket_history (ticket_id, position, at, entry)
SELECT $1, p, a, e::jsonb FROM unnest($2::int[], $3::timestamptz[], $4::text[]) AS h(p, a, e)
ON CONFLICT (ticket_id, position) DO NOTHING`;

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

  /** One statement for the slice; a position already stored keeps its entry. */
  async recordTicketHistory(ticketId: string, { from, entries }: HistorySlice): Promise<void> {
    await this.pool.query(INSERT_TICKET_HISTORY_SQL, [
      ticketId,
      entries.map((_, i) => from + i),
      entries.map((e) => e.at),
      entries.map((e) => JSON.stringify(e)),
    ]);
  }
}
