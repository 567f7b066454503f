import { sql, type Kysely } from 'kysely';

/**
 * Keyset paging of the inbox (issue 11). The priority order mixes directions (waiting first, SLA
 * rank, priority, due time ascending, newest first), and a row-value comparison can only seek an
 * index whose columns all run one way. So each ordered list gets one sortable text key, generated
 * (VIRTUAL: nothing stored in the table, the value lives in the index only):
 * - `sort_priority`: 1 - needs_response, sla_rank, priority_rank, the due time (NULL first, padded
 *   to a fixed width), then occurred_at as inverted epoch milliseconds (newest first). Ties fall
 *   back to the rowid ascending: exactly the order `interactions_inbox` gave before.
 * - `sort_sla`: waiting first, then the due time ascending (NULL last), then newest first.
 * - `sort_newest`: newest first (occurred_at DESC over (account_id, occurred_at) would do, but the
 *   planner prefers the analytics index of the same prefix, whose rows are not in id order).
 * Each key has an index per account and one without the account for the «Все магазины» view.
 */
const INVERTED_MS = sql.raw(
  `9999999999999 - (CAST(strftime('%s', occurred_at) AS INTEGER) * 1000 + CAST(substr(strftime('%f', occurred_at), 4, 3) AS INTEGER))`,
);

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE interactions ADD COLUMN sort_priority TEXT GENERATED ALWAYS AS (
      printf('%d%d%d%-32s%013d', 1 - needs_response, sla_rank, priority_rank, coalesce(sla_due_at, ''), ${INVERTED_MS})
    ) VIRTUAL`,
    sql`ALTER TABLE interactions ADD COLUMN sort_sla TEXT GENERATED ALWAYS AS (
      printf('%d%-32s%013d', 1 - needs_response, coalesce(sla_due_at, '~'), ${INVERTED_MS})
    ) VIRTUAL`,
    sql`CREATE INDEX interactions_sort_priority ON interactions (account_id, sort_priority)`,
    sql`CREATE INDEX interactions_sort_priority_all ON interactions (sort_priority)`,
    sql`CREATE INDEX interactions_sort_sla ON interactions (account_id, sort_sla)`,
    sql`CREATE INDEX interactions_sort_sla_all ON interactions (sort_sla)`,
    sql`ALTER TABLE interactions ADD COLUMN sort_newest TEXT GENERATED ALWAYS AS (printf('%013d', ${INVERTED_MS})) VIRTUAL`,
    sql`CREATE INDEX interactions_sort_newest ON interactions (account_id, sort_newest)`,
    sql`CREATE INDEX interactions_sort_newest_all ON interactions (sort_newest)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
