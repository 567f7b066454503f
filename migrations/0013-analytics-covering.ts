import { sql, type Kysely } from 'kysely';

/**
 * analytics.get over 90 days of all shops read every item of the period from the table itself
 * (rows with their raw_json: 40 000 random page reads) and ran the review-signal patterns over
 * every review text on each call. Now:
 * - interactions_analytics replaces interactions_arrival (same leading columns, so the same order)
 *   and carries every field the figures and the negative-review alert read: index-only scans.
 * - interactions_backlog: the waiting items of a shop with what the backlog counts, index-only.
 * - chat_messages_timeline gains `sender` and interactions_chat_activity `source`, so a chat's
 *   turns come from the indexes alone.
 * - review_signals: the signals of a review's text (inbox/priority.ts reviewSignals), computed once
 *   and kept with the version of the patterns that found them; triggers drop a review's entry when
 *   its text or cons change or it is deleted, so an entry is always the text's current answer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX interactions_arrival`.execute(db);
  await sql`CREATE INDEX interactions_analytics ON interactions (account_id, occurred_at, channel, rating, intent,
    nm_id, sla_due_at, last_reply_at, last_reply_text IS NOT NULL, source, product_name)`.execute(db);
  await sql`CREATE INDEX interactions_backlog ON interactions (account_id, channel, priority, source, occurred_at,
    last_message_at) WHERE needs_response = 1`.execute(db);
  await sql`DROP INDEX interactions_chat_activity`.execute(db);
  await sql`CREATE INDEX interactions_chat_activity ON interactions (account_id, last_message_at, source)
    WHERE channel = 'chat'`.execute(db);
  await sql`DROP INDEX chat_messages_timeline`.execute(db);
  await sql`CREATE INDEX chat_messages_timeline ON chat_messages (interaction_id, sent_at, sender)`.execute(db);
  await sql`
    CREATE TABLE review_signals (
      interaction_id INTEGER PRIMARY KEY,
      version TEXT NOT NULL,
      signals TEXT NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TRIGGER review_signals_text AFTER UPDATE OF text, cons ON interactions
    WHEN old.text IS NOT new.text OR old.cons IS NOT new.cons
    BEGIN
      DELETE FROM review_signals WHERE interaction_id = old.id;
    END
  `.execute(db);
  await sql`
    CREATE TRIGGER review_signals_gone AFTER DELETE ON interactions
    BEGIN
      DELETE FROM review_signals WHERE interaction_id = old.id;
    END
  `.execute(db);
}
