import { aiBaseUrlProblem } from '../../../src-shared/domain/settings';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { accountRow } from '../inbox/accounts';
import { getInteraction } from '../inbox/queries';
import type { CoreHandlers } from '../ipc-dispatch';
import type { Logger } from '../logger';
import type { Outbox } from '../replies/outbox';
import { readSettings } from '../settings';
import type { AiKeys } from './api-key';
import { testAiProvider } from './ai-test';
import { runAutoReplies } from './auto-reply-runner';
import { draftFor } from './drafts';

export interface AiHandlerDeps {
  db: SqlRunner;
  outbox: Outbox;
  aiKeys: AiKeys;
  logger: Logger;
  clock: () => Date;
}

export function aiHandlers({
  db,
  outbox,
  aiKeys,
  logger,
  clock,
}: AiHandlerDeps): Pick<CoreHandlers, 'drafts.generate' | 'ai.setApiKey' | 'autoReply.run' | 'ai.test'> {
  return {
    'drafts.generate': async ({ interactionId, regenerate }) => {
      const accountId = getInteraction(db, interactionId).accountId;
      const settings = readSettings(db, accountId, logger);
      const getApiKey = (origin: string) => aiKeys.keyFor(accountId, origin, settings.ai.baseUrl);
      return draftFor({ db, clock, logger, settings, getApiKey }, interactionId, regenerate);
    },
    'ai.setApiKey': async ({ accountId, apiKey }) => {
      const id = accountRow(db, accountId).id;
      if (apiKey === null) {
        await aiKeys.remove(id);
        return { stored: false };
      }
      const { baseUrl } = readSettings(db, id).ai;
      if (!baseUrl) throw new CoreError('ai_key_needs_base_url');
      const problem = aiBaseUrlProblem(baseUrl);
      if (problem) throw new CoreError(problem.code);
      await aiKeys.store(id, apiKey, baseUrl);
      return { stored: true };
    },
    'ai.test': async ({ accountId }) => {
      const id = accountRow(db, accountId).id;
      const { ai } = readSettings(db, id, logger);
      return testAiProvider(ai, (origin) => aiKeys.keyFor(id, origin, ai.baseUrl));
    },
    'autoReply.run': async ({ accountId, dryRun }) => {
      const account = accountRow(db, accountId);
      if (account.is_demo && !dryRun) throw new CoreError('demo_no_auto_replies');
      return runAutoReplies(db, outbox, account.id, readSettings(db, account.id), clock(), dryRun ?? false);
    },
  };
}
