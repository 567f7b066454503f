import { sql, type Kysely } from 'kysely';

/**
 * The Avito bot (issue 12 item 5): the seller's knowledge base, the bot's decisions and the
 * per-chat routing mode.
 *
 * - `knowledge_files`: one row per file of an account's knowledge folder, with the size, mtime and
 *   content hash it was indexed at: a re-index reads only files whose size or mtime changed and
 *   rewrites only those whose hash changed.
 * - `knowledge_entries`: the FAQ pairs and note sections parsed from those files (core/knowledge).
 *   `ref` (`file#n`) is what a citation names: stable while the file's entries keep their order.
 * - `knowledge_fts`: contentless FTS5 over the STEMS of each entry (rowid = knowledge_entries.id),
 *   stemmed by the core as the inbox search is (migration 0009: no JavaScript tokenizer).
 * - `avito_bot_events`: one decision per buyer message (unique), `answer` / `handoff` / `pending`
 *   (a daily-cap slot taken while the AI writes). The cap is counted from these rows, so taking a
 *   slot is one INSERT … SELECT and two decisions cannot both take the last one.
 * - `avito_chat_modes`: BOT or MANAGER per chat and the bot's turns in it. Kept here until the
 *   Avito data model (migration 0018) lands; the lead unifies the two at merge.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE knowledge_files (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      file TEXT NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      hash TEXT NOT NULL,
      indexed_at TEXT NOT NULL,
      PRIMARY KEY (account_id, file)
    ) STRICT`,
    sql`CREATE TABLE knowledge_entries (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      file TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      ref TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('faq', 'note')),
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      UNIQUE (account_id, file, ordinal)
    ) STRICT`,
    sql`CREATE VIRTUAL TABLE knowledge_fts USING fts5(
      title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
    )`,
    // A match in the question or heading counts twice a match in the answer.
    sql`INSERT INTO knowledge_fts(knowledge_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)')`,
    sql`CREATE TRIGGER knowledge_entries_ad AFTER DELETE ON knowledge_entries BEGIN
      DELETE FROM knowledge_fts WHERE rowid = old.id;
    END`,
    sql`CREATE TABLE avito_bot_events (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
      message_id INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('pending', 'answer', 'handoff')),
      reason TEXT,
      dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
      text TEXT,
      citations_json TEXT NOT NULL DEFAULT '[]',
      local_day TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (interaction_id, message_id)
    ) STRICT`,
    sql`CREATE INDEX avito_bot_events_cap ON avito_bot_events(account_id, local_day, dry_run, kind)`,
    sql`CREATE TABLE avito_chat_modes (
      interaction_id INTEGER PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
      mode TEXT NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'manager')),
      bot_turns INTEGER NOT NULL DEFAULT 0,
      reason TEXT,
      mode_changed_at TEXT,
      updated_at TEXT NOT NULL
    ) STRICT`,
  ];
  for (const statement of statements) await statement.execute(db);
}
