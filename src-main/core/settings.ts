import type BetterSqlite3 from 'better-sqlite3';
import { accountSettingsSchema, type AccountSettings } from '../../src-shared/domain/settings';

/** Settings JSON per account, always read through the schema (defaults filled, junk refused). */
export function readSettings(sqlite: BetterSqlite3.Database, accountId: number): AccountSettings {
  const raw = sqlite.prepare('SELECT value_json FROM settings WHERE account_id = ?').pluck().get(accountId) as string | undefined;
  const parsed = accountSettingsSchema.safeParse(raw ? JSON.parse(raw) : {});
  // A document written by a future version or edited by hand falls back to defaults, never crashes.
  return parsed.success ? parsed.data : accountSettingsSchema.parse({});
}

export function writeSettings(sqlite: BetterSqlite3.Database, accountId: number, patch: Partial<AccountSettings>, now: Date): AccountSettings {
  const next = accountSettingsSchema.parse({ ...readSettings(sqlite, accountId), ...patch });
  sqlite
    .prepare(
      `INSERT INTO settings (account_id, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    )
    .run(accountId, JSON.stringify(next), now.toISOString());
  return next;
}
