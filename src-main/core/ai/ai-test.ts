import type { CoreMessage } from '../../../src-shared/messages/catalog';
import { coreMessage } from '../../../src-shared/messages/catalog';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import { CoreError } from '../errors';
import { requestCompletion } from './openai-compatible-provider';
import { DraftProviderError } from './types';

export interface AiTestResult {
  ok: boolean;
  provider: AccountSettings['ai']['provider'];
  model: string | null;
  /** Why the check failed (the same words a failed draft gives); null when it passed. */
  message: CoreMessage | null;
}

/**
 * «Проверить»: one tiny chat completion through the configured provider (a few tokens, nothing of
 * the shop's in it). The offline provider has nothing to reach and always passes.
 */
export async function testAiProvider(
  ai: AccountSettings['ai'],
  getApiKey: (origin: string) => Promise<string | null>,
): Promise<AiTestResult> {
  if (ai.provider === 'offline') return { ok: true, provider: 'offline', model: null, message: null };
  const model = ai.model ?? null;
  if (!ai.baseUrl || !model)
    return { ok: false, provider: ai.provider, model, message: coreMessage('ai_not_configured') };
  try {
    const answer = await requestCompletion(
      { baseUrl: ai.baseUrl, model, getApiKey, timeoutMs: ai.timeoutMs },
      { messages: [{ role: 'user', content: 'Reply with one word: OK' }], temperature: 0, maxTokens: 5 },
    );
    if (!answer.trim()) return { ok: false, provider: ai.provider, model, message: coreMessage('ai_empty_response') };
    return { ok: true, provider: ai.provider, model, message: null };
  } catch (error) {
    const message =
      error instanceof DraftProviderError
        ? error.reason
        : error instanceof CoreError
          ? error.coreMessage
          : coreMessage('ai_internal');
    return { ok: false, provider: ai.provider, model, message };
  }
}
