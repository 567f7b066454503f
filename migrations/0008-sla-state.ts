import { sql, type Kysely } from 'kysely';

/**
 * SLA state that follows the clock (issue 9 item 1, DESIGN §6). Each item keeps the moments it
 * turns due-soon (`sla_soon_at`) and overdue (`sla_due_at`) and the state it has reached, so the
 * core's SLA clock (core/inbox/sla-clock.ts) finds only the items that crossed a boundary through
 * two small partial indexes instead of rescanning the inbox. `base_priority` is the priority
 * before time escalation; `sla_started_at` is when the buyer's wait began (a chat: the first
 * buyer message after the seller's last answer).
 *
 * Every existing row gets `sla_state` NULL: the background recompute at start rewrites them,
 * including `priority_reason`, which older versions stored as Russian text and is now codes.
 * The inbox order gains the SLA rank (overdue, then due soon), so both inbox indexes are replaced.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE interactions ADD COLUMN base_priority TEXT
      CHECK (base_priority IN ('urgent', 'high', 'normal', 'low'))`,
    sql`ALTER TABLE interactions ADD COLUMN sla_state TEXT CHECK (sla_state IN ('none', 'ok', 'due_soon', 'overdue'))`,
    sql`ALTER TABLE interactions ADD COLUMN sla_soon_at TEXT`,
    sql`ALTER TABLE interactions ADD COLUMN sla_started_at TEXT`,
    // 0 overdue, 1 due soon, 2 anything else (an answered item never ranks by a stale state).
    sql`ALTER TABLE interactions ADD COLUMN sla_rank INTEGER GENERATED ALWAYS AS (
      CASE WHEN needs_response = 0 THEN 2 WHEN sla_state = 'overdue' THEN 0 WHEN sla_state = 'due_soon' THEN 1 ELSE 2 END
    ) VIRTUAL`,
    sql`DROP INDEX interactions_inbox`,
    sql`DROP INDEX interactions_inbox_channel`,
    sql`CREATE INDEX interactions_inbox ON interactions
      (account_id, needs_response DESC, sla_rank, priority_rank, sla_due_at, occurred_at DESC)`,
    sql`CREATE INDEX interactions_inbox_channel ON interactions
      (account_id, channel, needs_response DESC, sla_rank, priority_rank, sla_due_at, occurred_at DESC)`,
    // The SLA clock's two boundaries: only open items that have not reached the state yet.
    sql`CREATE INDEX interactions_sla_due ON interactions (sla_due_at)
      WHERE needs_response = 1 AND sla_state IN ('ok', 'due_soon')`,
    sql`CREATE INDEX interactions_sla_soon ON interactions (sla_soon_at) WHERE needs_response = 1 AND sla_state = 'ok'`,
    // Rows never assessed (all rows right after this migration): the recompute at start finds them here.
    sql`CREATE INDEX interactions_sla_stale ON interactions (account_id) WHERE sla_state IS NULL`,
    // An open chat waits since its first buyer message after the seller's last one.
    sql`UPDATE interactions SET sla_started_at = COALESCE(
        (SELECT MIN(m.sent_at) FROM chat_messages m
          WHERE m.interaction_id = interactions.id AND m.sender = 'client'
            AND m.sent_at > COALESCE(
              (SELECT MAX(s.sent_at) FROM chat_messages s WHERE s.interaction_id = interactions.id AND s.sender = 'seller'),
              '')),
        occurred_at)
      WHERE channel = 'chat' AND needs_response = 1`,
  ];
  for (const statement of statements) await statement.execute(db);
}
