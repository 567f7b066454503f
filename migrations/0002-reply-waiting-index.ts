import { sql, type Kysely } from 'kysely';

/**
 * Sync looks up, after each unanswered pass, the items whose reply we still wait to see on WB.
 * Without this partial index that lookup read every row of a 100 000-review shop (~0.5 s with
 * the event loop blocked); the index holds only the few rows in a waiting state.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX interactions_reply_waiting ON interactions (account_id, channel)
    WHERE reply_state IN ('queued', 'sending', 'sent_pending')`.execute(db);
}
