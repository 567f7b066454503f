import { aiBaseUrlProblem, type AccountSettings } from '../../src-shared/domain/settings';
import type { AiKeys } from './ai/api-key';
import type { SqlRunner } from './db/sql-runner';
import { CoreError } from './errors';
import { accountRow } from './inbox/accounts';
import type { SlaClock } from './inbox/sla-clock';
import type { CoreHandlers } from './ipc-dispatch';
import type { Logger } from './logger';
import { deleteTemplate, listTemplates, saveTemplate } from './replies/custom-templates';
import { readSettings, writeSettings } from './settings';

export interface SettingsHandlerDeps {
  db: SqlRunner;
  aiKeys: AiKeys;
  logger: Logger;
  clock: () => Date;
  sla: SlaClock;
}

type SettingsChannels = 'settings.get' | 'settings.update' | 'templates.list' | 'templates.save' | 'templates.delete';

/** The settings due times are computed from, as one comparable text (the renderer saves whole documents). */
const slaFields = (settings: AccountSettings) =>
  JSON.stringify([settings.slaHours, settings.workingHours, settings.slaDueSoonHours]);

export function settingsHandlers({
  db,
  aiKeys,
  logger,
  clock,
  sla,
}: SettingsHandlerDeps): Pick<CoreHandlers, SettingsChannels> {
  /** The settings with the AI key's status (the key itself stays in the keychain). */
  const settingsView = async (accountId: number) => {
    const settings = readSettings(db, accountId, logger);
    return { ...settings, ...(await aiKeys.status(accountId, settings.ai.baseUrl)) };
  };
  return {
    'settings.get': async ({ accountId }) => settingsView(accountRow(db, accountId).id),
    'settings.update': async ({ accountId, patch }) => {
      const id = accountRow(db, accountId).id;
      const problem = patch.ai?.baseUrl !== undefined ? aiBaseUrlProblem(patch.ai.baseUrl) : null;
      if (problem) throw new CoreError(problem.code);
      // The key first: if the keychain fails, the address has not moved without it either.
      if (patch.ai) await aiKeys.beforeAddressChange(id, readSettings(db, id).ai.baseUrl, patch.ai.baseUrl);
      const before = slaFields(readSettings(db, id, logger));
      const after = slaFields(writeSettings(db, id, patch, clock()));
      // Due times follow these settings: when they changed, every item is re-assessed in the background.
      if (before !== after)
        sla.recompute(id).catch((error: unknown) =>
          logger.warn('sla.recompute_failed', {
            accountId: id,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      return settingsView(id);
    },
    'templates.list': async ({ accountId }) => listTemplates(db, accountId),
    'templates.save': async ({ accountId, template }) => saveTemplate(db, accountId, template, clock()),
    'templates.delete': async ({ accountId, templateId }) => deleteTemplate(db, accountId, templateId, clock()),
  };
}
