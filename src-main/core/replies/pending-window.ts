import { sql } from 'kysely';
import type { InboxPage } from '../../../src-shared/ipc/contract';
import type { SqlRunner } from '../db/sql-runner';
import { readSettings } from '../settings';

/**
 * Marks list rows whose reply WB has not shown within the account's pending window (settings
 * `pendingWindowMinutes`, 30–1440, default 180), so the seller sees them without opening each one.
 * One indexed lookup for the page's waiting rows only.
 */
export function flagOverdueReplies(db: SqlRunner, accountId: number, page: InboxPage, now: Date): InboxPage {
  const waiting = page.items.filter((item) => item.replyState === 'sent_pending').map((item) => item.id);
  if (waiting.length === 0) return page;
  const minutes = readSettings(db, accountId).pendingWindowMinutes;
  const cutoff = new Date(now.getTime() - minutes * 60_000).toISOString();
  // The ids as one JSON parameter: one statement whatever the page holds.
  const rows = db.all(
    db.build
      .selectFrom('outbox')
      .select('interaction_id')
      .distinct()
      .where('interaction_id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(waiting)}))`)
      .where('state', '=', 'sent_pending')
      .where('sent_at', 'is not', null)
      .where('sent_at', '<', cutoff),
  );
  const overdue = new Set(rows.map((row) => row.interaction_id));
  if (overdue.size === 0) return page;
  return { ...page, items: page.items.map((item) => (overdue.has(item.id) ? { ...item, replyOverdue: true } : item)) };
}
