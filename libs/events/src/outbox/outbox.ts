// Writing events into the transactional outbox, in the caller's transaction.
import { buildEvent, type EventInput, type OutgoingEvent } from '../envelope';
import type { EventType } from '../catalog';
import { quoteTable, toExecutor, type PgQueryable, type PrismaRawClient, type SqlExecutor } from '../sql';

export const DEFAULT_OUTBOX_TABLE = 'outbox_events';
/** NOTIFY channel the relay LISTENs on, so it publishes at once instead of at its next poll. */
export const DEFAULT_NOTIFY_CHANNEL = 'sladesk_outbox';

export interface OutboxWriteOptions {
  /** Default "outbox_events" (the table of libs/events/prisma/events.prisma). */
  table?: string;
  /** NOTIFY channel to wake the relay on commit; false to rely on its polling. Default "sladesk_outbox". */
  notifyChannel?: string | false;
}

type Db = SqlExecutor | PrismaRawClient | PgQueryable;

/**
 * Inserts encoded events into the outbox. Call it inside the transaction that changes the state the events
 * describe, after the aggregate's row was written/locked (so per-aggregate order follows commit order):
 *
 *   await prisma.$transaction(async (tx) => {
 *     await tx.ticket.update({ … });
 *     await enqueueEvents(tx, [buildEvent({ type: 'ticket.comment_added', … })]);
 *   });
 *
 * An event whose id is already in the outbox is skipped (ON CONFLICT DO NOTHING), so retried writers with
 * deterministic ids insert once. Returns how many rows were inserted.
 */
export async function enqueueEvents(db: Db, events: readonly OutgoingEvent[], options: OutboxWriteOptions = {}): Promise<number> {
  let inserted = 0;
  // PostgreSQL takes at most 65535 bind parameters per statement: 8 per row, so chunks of 1000 rows.
  for (let i = 0; i < events.length; i += 1000) inserted += await insertChunk(db, events.slice(i, i + 1000), options);
  return inserted;
}

async function insertChunk(db: Db, events: readonly OutgoingEvent[], options: OutboxWriteOptions): Promise<number> {
  if (events.length === 0) return 0;
  const table = quoteTable(options.table ?? DEFAULT_OUTBOX_TABLE);
  const channel = options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL;
  const values: unknown[] = [];
  const rows = events.map((e) => {
    const n = values.length;
    values.push(e.eventId, e.topic, e.key, e.type, e.schemaVersion, e.tenantId, Buffer.from(e.value), JSON.stringify(e.headers));
    return `($${n + 1}::uuid, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::int, $${n + 6}, $${n + 7}::bytea, $${n + 8}::jsonb)`;
  });
  const insert =
    `INSERT INTO ${table} (event_id, topic, message_key, event_type, schema_version, tenant_id, payload, headers) ` +
    `VALUES ${rows.join(', ')} ON CONFLICT (event_id) DO NOTHING`;
  const exec = toExecutor(db);
  if (channel === false) return exec.execute(insert, values);
  // One round trip: the insert plus a NOTIFY per new row (delivered on commit; PostgreSQL folds identical ones).
  values.push(channel);
  return exec.execute(`WITH ins AS (${insert} RETURNING 1) SELECT pg_notify($${values.length}, '') FROM ins`, values);
}

/** buildEvent + enqueueEvents for one event. Returns the encoded event (its id, topic, key). */
export async function enqueueEvent<T extends EventType>(
  db: Db,
  input: EventInput<T>,
  options: OutboxWriteOptions = {},
): Promise<OutgoingEvent> {
  const event = buildEvent(input);
  await enqueueEvents(db, [event], options);
  return event;
}
