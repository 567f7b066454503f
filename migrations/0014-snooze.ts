import { sql, type Kysely } from 'kysely';

/**
 * Snooze (issue 11): an item put aside until `snoozed_until` (ISO-8601 UTC) leaves the working
 * queues and comes back at that time, or earlier when the buyer writes again. NULL = not snoozed.
 * The partial index keeps the «Отложенные» queue and the wake-up scan to the few snoozed rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE interactions ADD COLUMN snoozed_until TEXT`.execute(db);
  await sql`
    CREATE INDEX interactions_snoozed ON interactions (account_id, snoozed_until)
    WHERE snoozed_until IS NOT NULL
  `.execute(db);
}
