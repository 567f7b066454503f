import type BetterSqlite3 from 'better-sqlite3';
import type { WbLimitState, WbLimitStore } from './http';

/**
 * The account's WB limit state in SQLite (the later time wins: another process may have saved a
 * later slot or block than this one knows about) (table wb_limit_state, migration 0005), so a new process
 * (the next CLI call, the app after a restart) does not start with a full bucket WB does not have.
 */
export function sqliteLimitStore(sqlite: BetterSqlite3.Database, accountId: number, now: () => Date): WbLimitStore {
  const read = sqlite.prepare('SELECT retry_at AS retryAt, pace_at AS paceAt FROM wb_limit_state WHERE account_id = ? AND limit_group = ?');
  const upsert = (column: 'retry_at' | 'pace_at') =>
    sqlite.prepare(
      `INSERT INTO wb_limit_state (account_id, limit_group, ${column}, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, limit_group) DO UPDATE SET
         ${column} = CASE WHEN excluded.${column} IS NULL THEN NULL ELSE max(coalesce(${column}, 0), excluded.${column}) END,
         updated_at = excluded.updated_at`,
    );
  const writes = { retryAt: upsert('retry_at'), paceAt: upsert('pace_at') };
  return {
    load(group) {
      const row = read.get(accountId, group) as WbLimitState | undefined;
      return row ? { retryAt: row.retryAt ?? null, paceAt: row.paceAt ?? null } : null;
    },
    save(group, state) {
      const stamp = now().toISOString();
      for (const key of ['retryAt', 'paceAt'] as const) {
        if (!(key in state)) continue;
        const value = state[key];
        writes[key].run(accountId, group, typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null, stamp);
      }
    },
  };
}
