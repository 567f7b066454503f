import type BetterSqlite3 from 'better-sqlite3';
import type { WbLimitState, WbLimitStore } from './http';
import type { WbLimitGroup } from './limits';

const GROUPS: readonly WbLimitGroup[] = ['feedbacks_questions', 'chat', 'chat_download'];

/**
 * The account's WB limit state in SQLite, so a new process (the next CLI call, the app after a
 * restart) does not start with a full bucket WB does not have: kept in the account's settings row
 * under `wbLimits` (not a setting: readSettings drops it, writeSettings keeps it).
 */
export function sqliteLimitStore(sqlite: BetterSqlite3.Database, accountId: number, now: () => Date = () => new Date()): WbLimitStore {
  return {
    load(group) {
      if (!GROUPS.includes(group)) return null;
      const raw = sqlite.prepare(`SELECT json_extract(value_json, '$.wbLimits.${group}') FROM settings WHERE account_id = ?`).pluck().get(accountId) as string | null | undefined;
      if (!raw) return null;
      try {
        const value = JSON.parse(raw) as Record<string, unknown>;
        const at = (key: string) => (typeof value[key] === 'number' && Number.isFinite(value[key]) ? (value[key] as number) : null);
        return { retryAt: at('retryAt'), paceAt: at('paceAt') };
      } catch {
        return null;
      }
    },
    save(group, state: Partial<WbLimitState>) {
      if (!GROUPS.includes(group)) return;
      const sets = Object.entries(state).filter(([key]) => key === 'retryAt' || key === 'paceAt');
      if (sets.length === 0) return;
      const apply = sets.map(([key]) => `'$.wbLimits.${group}.${key}', ?`).join(', ');
      const values = sets.map(([, value]) => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null));
      sqlite
        .prepare(
          `INSERT INTO settings (account_id, value_json, updated_at) VALUES (?, json_set('{}', ${apply}), ?)
           ON CONFLICT (account_id) DO UPDATE SET value_json = json_set(settings.value_json, ${apply})`,
        )
        .run(accountId, ...values, now().toISOString(), ...values);
    },
  };
}
