import { sql, type Kysely } from 'kysely';

/**
 * FTS5 merges index segments inside whichever INSERT crosses a threshold; on a 100 000-review
 * sync those merges blocked the event loop for up to ~80 ms at a time. Automatic merging is
 * switched off here and the sync instead merges a bounded amount (sync/job-context.ts
 * `mergeSearchIndex`) after every slice it writes. FTS5's crisis merge still guards other writers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO interactions_fts(interactions_fts, rank) VALUES ('automerge', 0)`.execute(db);
  await sql`INSERT INTO chat_messages_fts(chat_messages_fts, rank) VALUES ('automerge', 0)`.execute(db);
}
