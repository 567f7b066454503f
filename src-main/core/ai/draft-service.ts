import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import { checkReply, type Violation } from '../replies/guardrails';
import type { Logger } from '../logger';
import { DraftProviderError, type DraftProvider, type DraftRequest, type DraftResult } from './types';

export interface DraftProviders {
  /** The AI provider, when the seller configured one. */
  primary?: DraftProvider;
  /** Always available (the offline template provider). */
  fallback: DraftProvider;
}

export interface DraftOutcome extends DraftResult {
  violations: Violation[];
  blocked: boolean;
}

function failureReason(error: unknown): CoreMessage {
  // Only our own errors are known to be redacted; anything else is reported by kind, not text.
  if (error instanceof DraftProviderError) return error.reason;
  return coreMessage('ai_internal');
}

/**
 * A draft for the seller to review: the AI provider if there is one, the offline templates if it
 * fails for any reason (so the seller always gets something to start from), then the guardrails,
 * whose findings are shown next to the draft before anything can be sent.
 */
export async function generateDraft(
  request: DraftRequest,
  providers: DraftProviders,
  options: { signal?: AbortSignal; logger?: Logger } = {},
): Promise<DraftOutcome> {
  const { signal, logger } = options;
  let result: DraftResult | null = null;
  if (providers.primary) {
    try {
      result = await providers.primary.generate(request, signal);
    } catch (error) {
      // A seller who pressed "cancel" wants no draft, not a template one.
      if (signal?.aborted) throw new DraftProviderError('aborted', coreMessage('ai_aborted'));
      const reason = failureReason(error);
      logger?.warn('draft.primary_failed', {
        provider: providers.primary.id,
        reason: reason.code,
        params: reason.params,
      });
      const fallback = await providers.fallback.generate(request, signal);
      result = { ...fallback, fellBack: true, reason };
    }
  }
  result ??= await providers.fallback.generate(request, signal);
  const check = checkReply({ channel: request.channel, text: result.text });
  return { ...result, violations: check.violations, blocked: check.blocked };
}
