import { BUILTIN_TEMPLATES } from '../replies/builtin-templates';
import { pickTemplate, renderTemplate, type Template } from '../replies/templates';
import { draftTopic } from './draft-topic';
import { appendSignature } from './signature';
import type { DraftProvider, DraftRequest, DraftResult } from './types';

export const OFFLINE_PROVIDER_ID = 'offline';

/** Last resort when no template fits at all; short and safe for every channel. */
const PLAIN_ANSWER = 'Здравствуйте! Спасибо, что обратились к нам.';

/**
 * Drafts from the seller's templates, without network: always available, so the inbox can
 * offer a draft offline and as the fallback for any AI failure. The seller's own templates come
 * first; the built-in set covers cases they have no template for.
 */
export function createOfflineProvider(): DraftProvider {
  return {
    id: OFFLINE_PROVIDER_ID,
    async generate(request: DraftRequest): Promise<DraftResult> {
      const { channel, interaction } = request;
      const options = {
        channel,
        rating: interaction.rating,
        intent: draftTopic(channel, interaction),
        recentlyUsedIds: request.recentlyUsedTemplateIds,
      };
      const template: Template | null =
        pickTemplate(request.templates, options) ??
        pickTemplate(BUILTIN_TEMPLATES, options) ??
        // A topic nobody wrote a template for (say a 4★ «defect»): answer as for the rating alone.
        pickTemplate(request.templates, { ...options, intent: null }) ??
        pickTemplate(BUILTIN_TEMPLATES, { ...options, intent: null });
      const body = template ? renderTemplate(template, interaction) : PLAIN_ANSWER;
      return {
        text: appendSignature(body, request.tone.signature),
        provider: OFFLINE_PROVIDER_ID,
        ...(template ? { templateId: template.id } : {}),
      };
    },
  };
}
