import { sql, type Kysely } from 'kysely';

/**
 * Inbox counts kept by triggers (issue 9 item 9): `count(*)` over 200 000 interactions on every
 * inbox page costs more than the page itself. One row per (account, channel, needs_response);
 * every insert, delete (an account's removal cascades through these triggers) and
 * needs_response flip moves a count by one. Backfilled from the table as it stands.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE inbox_counts (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      channel TEXT NOT NULL CHECK (channel IN ('review', 'question', 'chat')),
      needs_response INTEGER NOT NULL CHECK (needs_response IN (0, 1)),
      n INTEGER NOT NULL CHECK (n >= 0),
      PRIMARY KEY (account_id, channel, needs_response)
    ) STRICT, WITHOUT ROWID`,
    sql`INSERT INTO inbox_counts (account_id, channel, needs_response, n)
      SELECT account_id, channel, needs_response, count(*) FROM interactions
      GROUP BY account_id, channel, needs_response`,
    sql`CREATE TRIGGER inbox_counts_ai AFTER INSERT ON interactions BEGIN
      INSERT INTO inbox_counts (account_id, channel, needs_response, n)
      VALUES (new.account_id, new.channel, new.needs_response, 1)
      ON CONFLICT (account_id, channel, needs_response) DO UPDATE SET n = n + 1;
    END`,
    sql`CREATE TRIGGER inbox_counts_ad AFTER DELETE ON interactions BEGIN
      UPDATE inbox_counts SET n = n - 1
      WHERE account_id = old.account_id AND channel = old.channel AND needs_response = old.needs_response;
    END`,
    // Sync never moves an item to another account or channel, but the counts stay right if anything does.
    sql`CREATE TRIGGER inbox_counts_au AFTER UPDATE OF account_id, channel, needs_response ON interactions
      WHEN old.account_id IS NOT new.account_id OR old.channel IS NOT new.channel
        OR old.needs_response IS NOT new.needs_response
    BEGIN
      UPDATE inbox_counts SET n = n - 1
      WHERE account_id = old.account_id AND channel = old.channel AND needs_response = old.needs_response;
      INSERT INTO inbox_counts (account_id, channel, needs_response, n)
      VALUES (new.account_id, new.channel, new.needs_response, 1)
      ON CONFLICT (account_id, channel, needs_response) DO UPDATE SET n = n + 1;
    END`,
  ];
  for (const statement of statements) await statement.execute(db);
}
