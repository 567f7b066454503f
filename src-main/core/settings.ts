import { accountSettingsSchema, type AccountSettings } from '../../src-shared/domain/settings';
import type { SqlRunner } from './db/sql-runner';

/** Settings JSON per account, always read through the schema (defaults filled, junk refused). */
export function readSettings(db: SqlRunner, accountId: number): AccountSettings {
  const raw = db.get(db.build.selectFrom('settings').select('value_json').where('account_id', '=', accountId))?.value_json;
  const parsed = accountSettingsSchema.safeParse(raw ? JSON.parse(raw) : {});
  // A document written by a future version or edited by hand falls back to defaults, never crashes.
  return parsed.success ? parsed.data : accountSettingsSchema.parse({});
}

export function writeSettings(db: SqlRunner, accountId: number, patch: Partial<AccountSettings>, now: Date): AccountSettings {
  const next = accountSettingsSchema.parse({ ...readSettings(db, accountId), ...patch });
  db.run(
    db.build
      .insertInto('settings')
      .values({ account_id: accountId, value_json: JSON.stringify(next), updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({ value_json: eb.ref('excluded.value_json'), updated_at: eb.ref('excluded.updated_at') }))),
  );
  return next;
}
