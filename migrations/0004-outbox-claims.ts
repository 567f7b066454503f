import { sql, type Kysely } from 'kysely';

/**
 * Exactly-once delivery with more than one dispatcher on a data dir (the app and
 * `agentiq outbox --flush` at once). `version` grows with every change of a row: a dispatcher
 * moves a row to `sending` only if nobody changed it since it read it (cancel, edit, a sync).
 * `lease_owner`/`lease_until`: the dispatcher working on the row; others leave it alone until the
 * lease runs out or its process is gone, then recover it by looking on WB before sending again.
 * `wb_sent_at`/`wb_chat_id`: what WB returned for a sent chat message; `wb_event_id`: the chat
 * event that confirmed the row, so one WB message never confirms two rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN version INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE outbox ADD COLUMN lease_owner TEXT`.execute(db);
  await sql`ALTER TABLE outbox ADD COLUMN lease_until TEXT`.execute(db);
  await sql`ALTER TABLE outbox ADD COLUMN wb_sent_at TEXT`.execute(db);
  await sql`ALTER TABLE outbox ADD COLUMN wb_chat_id TEXT`.execute(db);
  await sql`ALTER TABLE outbox ADD COLUMN wb_event_id TEXT`.execute(db);
  await sql`CREATE UNIQUE INDEX outbox_wb_event ON outbox (interaction_id, wb_event_id) WHERE wb_event_id IS NOT NULL`.execute(db);
}
