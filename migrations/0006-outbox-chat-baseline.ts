import { sql, type Kysely } from 'kysely';

/**
 * `chat_baseline_id`: the newest chat_messages.id of the chat when a chat row went `sending`.
 * Recovery matches only seller messages newer than it, so a message the seller sent from the WB
 * portal before ours (same text) never confirms a reply WB did not get.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN chat_baseline_id INTEGER`.execute(db);
}
