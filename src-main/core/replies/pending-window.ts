import type BetterSqlite3 from 'better-sqlite3';
import type { InboxPage } from '../../../src-shared/ipc/contract';
import { readSettings } from '../settings';

/**
 * Marks list rows whose reply WB has not shown within the account's pending window (settings
 * `pendingWindowMinutes`, 30–1440, default 180), so the seller sees them without opening each one.
 * One indexed lookup for the page's waiting rows only.
 */
export function flagOverdueReplies(sqlite: BetterSqlite3.Database, accountId: number, page: InboxPage, now: Date): InboxPage {
  const waiting = page.items.filter((item) => item.replyState === 'sent_pending').map((item) => item.id);
  if (waiting.length === 0) return page;
  const minutes = readSettings(sqlite, accountId).pendingWindowMinutes;
  const cutoff = new Date(now.getTime() - minutes * 60_000).toISOString();
  const overdue = new Set(
    sqlite
      .prepare(
        `SELECT DISTINCT interaction_id FROM outbox
         WHERE interaction_id IN (SELECT value FROM json_each(?)) AND state = 'sent_pending' AND sent_at IS NOT NULL AND sent_at < ?`,
      )
      .pluck()
      .all(JSON.stringify(waiting), cutoff) as number[],
  );
  if (overdue.size === 0) return page;
  return { ...page, items: page.items.map((item) => (overdue.has(item.id) ? { ...item, replyOverdue: true } : item)) };
}
