import { sql, type Kysely } from 'kysely';

/**
 * Offset jumps in the inbox list (issue 11): dragging the scrollbar deep into a 100 000-item list
 * asks for a page at offset 80 000. The sort indexes of 0015 hold only (account_id, key), so every
 * skipped row cost a table read to test `snoozed_until` (and the queue and channel filters):
 * ~220 ms per jump. These replacements keep each order's walk and make the skip index-only:
 * - priority and SLA orders: `snoozed_until` before the key, so the list's `snoozed_until IS NULL`
 *   is an equality the index seeks (the resurfaced few come from `interactions_snoozed`);
 * - newest first: `snoozed_until` after the key (the order keeps resurfaced items in place, so its
 *   `IS NULL OR <= now` test is read from the index entry);
 * - `id` right after the key: (key, id) is unique, so the columns after it never change the order
 *   (ties stay by id) and the planner still walks the index for ORDER BY key, id;
 * - then channel, needs_response, sla_rank, priority_rank: the channel filter and every queue but
 *   «Без ответа» are tested on the index entry; only the page's own rows are read from the table.
 *   Not reply_state: with it these indexes cover a waiting-reply count, and the planner scans one
 *   whole instead of the few-row partial index `interactions_reply_waiting` (0002). «Без ответа»
 *   holds waiting items only, and its key range keeps the walk to them.
 * Same names as before, so plans and comments that name them stay true.
 */
const FILTERS = 'channel, needs_response, sla_rank, priority_rank';

export async function up(db: Kysely<any>): Promise<void> {
  const statements: string[] = [];
  for (const key of ['sort_priority', 'sort_sla'])
    statements.push(
      `DROP INDEX interactions_${key}`,
      `DROP INDEX interactions_${key}_all`,
      `CREATE INDEX interactions_${key} ON interactions (account_id, snoozed_until, ${key}, id, ${FILTERS})`,
      `CREATE INDEX interactions_${key}_all ON interactions (snoozed_until, ${key}, id, ${FILTERS})`,
    );
  statements.push(
    'DROP INDEX interactions_sort_newest',
    'DROP INDEX interactions_sort_newest_all',
    `CREATE INDEX interactions_sort_newest ON interactions (account_id, sort_newest, id, snoozed_until, ${FILTERS})`,
    `CREATE INDEX interactions_sort_newest_all ON interactions (sort_newest, id, snoozed_until, ${FILTERS})`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}
