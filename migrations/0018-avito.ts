import { sql, type Kysely } from 'kysely';

/**
 * Avito, the second marketplace (issue 12). Accounts gain their marketplace and what an Avito
 * account needs: the numeric Avito user id (text: the `{user_id}` of every Messenger path), and
 * the keychain reference names of its client_id and client_secret (references only, never the
 * secrets). An Avito account keeps `token_ref` NULL, so WB's scheduler and dispatcher, which skip
 * accounts without a token, never touch it.
 *
 * The channel `avito_chat` is allowed wherever a channel is CHECKed (interactions, sync_state,
 * sync_runs, inbox_counts), and a chat message may come from `marketplace`: an Avito system
 * message (content.flow_id, sent by one of Avito's own chat-bots), which must never count as the
 * buyer's text nor as the seller's answer. WB's own messages keep `wb`.
 *
 * Widening a CHECK: SQLite cannot ALTER a constraint. A rebuild of `interactions` is not possible
 * here: migrations run in one transaction with foreign_keys ON (PRAGMA foreign_keys is a no-op
 * inside a transaction), so dropping the old table would cascade-delete every chat message, event,
 * link and outbox row; and it would rebuild a dozen indexes, triggers and generated columns. A
 * wider CHECK does not change a byte of stored content, which is the case SQLite documents for
 * editing the schema text in place (sqlite.org/lang_altertable.html §7: writable_schema, bump
 * schema_version, integrity_check). better-sqlite3 opens in defensive mode, which refuses writes
 * to sqlite_schema; the chain lifts it for a migration that sets `writesSchema` (db/database.ts).
 */
const CHANNEL_CHECK = `channel IN ('review', 'question', 'chat')`;
const SENDER_CHECK = `sender IN ('client', 'seller', 'wb')`;

export const writesSchema = true;

export async function up(db: Kysely<any>): Promise<void> {
  const version = Number(
    (await sql<{ schema_version: number }>`PRAGMA schema_version`.execute(db)).rows[0]!.schema_version,
  );
  await sql`PRAGMA writable_schema = ON`.execute(db);
  const widened = await sql`UPDATE sqlite_schema
    SET sql = replace(sql, ${CHANNEL_CHECK}, ${`channel IN ('review', 'question', 'chat', 'avito_chat')`})
    WHERE type = 'table' AND name IN ('interactions', 'sync_state', 'sync_runs', 'inbox_counts')
      AND instr(sql, ${CHANNEL_CHECK}) > 0`.execute(db);
  const sender = await sql`UPDATE sqlite_schema
    SET sql = replace(sql, ${SENDER_CHECK}, ${`sender IN ('client', 'seller', 'wb', 'marketplace')`})
    WHERE type = 'table' AND name = 'chat_messages' AND instr(sql, ${SENDER_CHECK}) > 0`.execute(db);
  // A schema that does not read as expected is refused rather than half-widened (the transaction rolls back).
  if (Number(widened.numAffectedRows) !== 4 || Number(sender.numAffectedRows) !== 1)
    throw new Error('migration 0018: unexpected schema text, the CHECK constraints were not widened');
  // The new schema cookie makes every connection (this one included) re-read the schema.
  await sql.raw(`PRAGMA schema_version = ${version + 1}`).execute(db);
  await sql`PRAGMA writable_schema = OFF`.execute(db);

  const statements = [
    sql`ALTER TABLE accounts ADD COLUMN marketplace TEXT NOT NULL DEFAULT 'wb' CHECK (marketplace IN ('wb', 'avito'))`,
    sql`ALTER TABLE accounts ADD COLUMN avito_user_id TEXT`,
    sql`ALTER TABLE accounts ADD COLUMN avito_client_id_ref TEXT`,
    sql`ALTER TABLE accounts ADD COLUMN avito_client_secret_ref TEXT`,
    // The same Avito account connected twice is the existing row (accounts/avito-connect.ts).
    sql`CREATE UNIQUE INDEX accounts_avito_user ON accounts (avito_user_id) WHERE avito_user_id IS NOT NULL`,
    // One row per Avito chat interaction: what WB's product card is for a WB chat, plus the routing
    // mode and what the cheap sync pass compares (the chat's `updated` and its last message id).
    sql`CREATE TABLE avito_chats (
      interaction_id INTEGER PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
      mode TEXT NOT NULL DEFAULT 'manager' CHECK (mode IN ('bot', 'manager')),
      mode_changed_at TEXT,
      item_id TEXT,
      item_title TEXT,
      item_price TEXT,
      item_url TEXT,
      item_image_url TEXT,
      chat_updated_at TEXT,
      last_message_id TEXT
    ) STRICT`,
  ];
  for (const statement of statements) await statement.execute(db);
}
