import { sql, type Kysely } from 'kysely';

/**
 * Russian-aware search (issue 9 item 6). One contentless FTS5 table of STEMS per interaction
 * (rowid = interactions.id): better-sqlite3 cannot register a JavaScript tokenizer, so the core
 * stems the text itself (core/search) and writes the stems here. Triggers only mark an
 * interaction as pending when its searchable text or its chat messages change; the core indexes
 * the pending rows in the same transaction as the sync slice that wrote them, and in the
 * background for everything else (this backfill included, resumable: the pending table is the
 * progress). The old unstemmed tables go: the stemmed index finds everything their prefix
 * search did, and keeping them would cost two more FTS writes per synced item.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const searchable = ['text', 'pros', 'cons', 'product_name', 'product_article', 'nm_id', 'customer_name'];
  const changed = searchable.map((column) => `new.${column} IS NOT old.${column}`).join(' OR ');
  const statements = [
    sql`DROP TRIGGER interactions_fts_ai`,
    sql`DROP TRIGGER interactions_fts_ad`,
    sql`DROP TRIGGER interactions_fts_au`,
    sql`DROP TRIGGER chat_messages_fts_ai`,
    sql`DROP TRIGGER chat_messages_fts_ad`,
    sql`DROP TRIGGER chat_messages_fts_au`,
    sql`DROP TABLE interactions_fts`,
    sql`DROP TABLE chat_messages_fts`,
    // body: text, pros, cons, chat messages; meta: product name, article, nm_id, customer name.
    sql`CREATE VIRTUAL TABLE search_fts USING fts5(
      body, meta, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
    )`,
    // Merged in bounded steps by the core (as migration 0003 did for the old tables).
    sql`INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 0)`,
    // A match in the text counts five times a match in the product or customer name.
    sql`INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(1.0, 0.2)')`,
    // fresh = 1: never indexed yet, so a plain INSERT (a REPLACE looks the rowid up in the whole index).
    sql`CREATE TABLE search_pending (
      interaction_id INTEGER PRIMARY KEY,
      fresh INTEGER NOT NULL DEFAULT 0 CHECK (fresh IN (0, 1))
    ) STRICT`,
    sql`CREATE TRIGGER search_pending_ai AFTER INSERT ON interactions BEGIN
      INSERT OR IGNORE INTO search_pending(interaction_id, fresh) VALUES (new.id, 1);
    END`,
    sql`CREATE TRIGGER search_pending_au AFTER UPDATE OF ${sql.raw(searchable.join(', '))} ON interactions
      WHEN ${sql.raw(changed)} BEGIN
      INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (new.id);
    END`,
    sql`CREATE TRIGGER search_pending_ad AFTER DELETE ON interactions BEGIN
      DELETE FROM search_fts WHERE rowid = old.id;
      DELETE FROM search_pending WHERE interaction_id = old.id;
    END`,
    sql`CREATE TRIGGER search_pending_message_ai AFTER INSERT ON chat_messages BEGIN
      INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (new.interaction_id);
    END`,
    sql`CREATE TRIGGER search_pending_message_au AFTER UPDATE OF text ON chat_messages
      WHEN new.text IS NOT old.text BEGIN
      INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (new.interaction_id);
    END`,
    sql`CREATE TRIGGER search_pending_message_ad AFTER DELETE ON chat_messages BEGIN
      INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (old.interaction_id);
    END`,
    // Every existing interaction waits for its first indexing (core/search/search-index.ts).
    sql`INSERT INTO search_pending(interaction_id, fresh) SELECT id, 1 FROM interactions`,
  ];
  for (const statement of statements) await statement.execute(db);
}
