import { accountSettingsSchema, templateSchema, type AccountSettings } from '../../src-shared/domain/settings';
import type { SqlRunner } from './db/sql-runner';
import type { SlaSettings } from './inbox/priority';
import { silentLogger, type Logger } from './logger';

/**
 * Settings JSON per account, always read through the schema (defaults filled, junk refused).
 * A document that is not JSON (a damaged row) or that the schema refuses (a future version, a hand
 * edit) never breaks a read: what cannot be read falls back to its default, with a warning that
 * names the sections, never their content (it may hold a signature or an API base URL).
 */
export function readSettings(db: SqlRunner, accountId: number, logger: Logger = silentLogger): AccountSettings {
  const raw = db.get(
    db.build.selectFrom('settings').select('value_json').where('account_id', '=', accountId),
  )?.value_json;
  if (!raw) return accountSettingsSchema.parse({});
  let document: unknown;
  try {
    document = JSON.parse(raw);
  } catch {
    logger.warn('settings.unreadable', { code: 'settings_not_json', accountId });
    return accountSettingsSchema.parse({});
  }
  const parsed = accountSettingsSchema.safeParse(document);
  if (parsed.success) return parsed.data;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    logger.warn('settings.unreadable', { code: 'settings_not_object', accountId });
    return accountSettingsSchema.parse({});
  }
  const { settings, dropped } = salvage(document as Record<string, unknown>);
  logger.warn('settings.partly_invalid', { code: 'settings_invalid', accountId, dropped });
  return settings;
}

/** What an account's due times are computed from: its SLA targets and working hours. */
export function readSlaSettings(db: SqlRunner, accountId: number, logger: Logger = silentLogger): SlaSettings {
  const settings = readSettings(db, accountId, logger);
  return { slaHours: settings.slaHours, workingHours: settings.workingHours, dueSoonHours: settings.slaDueSoonHours };
}

/**
 * Keeps every top-level section that is valid on its own, and every valid template of the
 * seller's list (a template is the seller's writing; one broken entry must not take the others).
 * The sections are independent in the schema, so this is exactly what a full parse would accept.
 */
function salvage(document: Record<string, unknown>): { settings: AccountSettings; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, field] of Object.entries(accountSettingsSchema.shape)) {
    if (!(key in document)) continue;
    if (field.safeParse(document[key]).success) kept[key] = document[key];
    else if (key === 'templates' && Array.isArray(document[key])) {
      const ids = new Set<string>();
      const valid = (document[key] as unknown[]).filter((entry) => {
        const template = templateSchema.safeParse(entry);
        if (!template.success || ids.has(template.data.id)) return false;
        ids.add(template.data.id);
        return true;
      });
      kept[key] = valid;
      dropped.push(`templates[${(document[key] as unknown[]).length - valid.length}]`);
    } else dropped.push(key);
  }
  return { settings: accountSettingsSchema.parse(kept), dropped };
}

export function writeSettings(
  db: SqlRunner,
  accountId: number,
  patch: Partial<AccountSettings>,
  now: Date,
): AccountSettings {
  const next = accountSettingsSchema.parse({ ...readSettings(db, accountId), ...patch });
  db.run(
    db.build
      .insertInto('settings')
      .values({ account_id: accountId, value_json: JSON.stringify(next), updated_at: now.toISOString() })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet((eb) => ({
          value_json: eb.ref('excluded.value_json'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
  return next;
}
