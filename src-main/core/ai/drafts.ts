import { createHash } from 'node:crypto';
import { sql, type NotNull } from 'kysely';
import type { DraftView } from '../../../src-shared/domain/outbox';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import type { Interaction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import type { Logger } from '../logger';
import { BUILTIN_TEMPLATES } from '../replies/builtin-templates';
import { addEvent, interactionRow } from '../replies/outbox-rows';
import type { Template } from '../replies/templates';
import { generateDraft } from './draft-service';
import { createOfflineProvider } from './offline-provider';
import { createOpenAiCompatibleProvider } from './openai-compatible-provider';
import type { DraftRequest } from './types';

export interface DraftDeps {
  /** For the outbox-rows helpers (the interaction, the draft_generated event) and the draft basis. */
  db: SqlRunner;
  clock: () => Date;
  logger: Logger;
  settings: AccountSettings;
  /** The AI provider's API key from the keychain (never stored in SQLite), for a request to `origin` (see AiKeys.keyFor). */
  getApiKey: (origin: string) => Promise<string | null>;
}

export const allTemplates = (settings: AccountSettings): Template[] => [...settings.templates, ...BUILTIN_TEMPLATES];

/**
 * A draft for one interaction: cached per interaction (the latest `draft_generated` event) unless
 * the seller asks for another; grounded in the seller's recent answers on the same product.
 */
export async function draftFor(deps: DraftDeps, interactionId: number, regenerate: boolean): Promise<DraftView> {
  const { db, clock, settings } = deps;
  const interaction = interactionRow(db, interactionId);
  const basis = draftBasis(db, interaction, settings);
  if (!regenerate) {
    const cached = db.get(
      db.build
        .selectFrom('interaction_events')
        .select('payload_json')
        .where('interaction_id', '=', interactionId)
        .where('type', '=', 'draft_generated')
        .orderBy('id', 'desc')
        .limit(1),
    )?.payload_json;
    const parsed = cached ? (JSON.parse(cached) as Omit<DraftView, 'cached'> & { basis?: string }) : null;
    // A draft cached before messages were codes has text where a message is now: regenerated.
    if (parsed && parsed.basis === basis && cachedMessagesAreCodes(parsed)) {
      const { basis: _basis, ...view } = parsed;
      return { ...view, cached: true };
    }
  }
  const primary =
    settings.ai.provider === 'openai_compatible' && settings.ai.baseUrl && settings.ai.model
      ? createOpenAiCompatibleProvider({
          baseUrl: settings.ai.baseUrl,
          model: settings.ai.model,
          getApiKey: deps.getApiKey,
          timeoutMs: settings.ai.timeoutMs,
        })
      : undefined;
  const outcome = await generateDraft(
    draftRequest(db, interaction, settings),
    { primary, fallback: createOfflineProvider() },
    { logger: deps.logger },
  );
  const view: Omit<DraftView, 'cached'> = {
    text: outcome.text,
    provider: outcome.provider,
    model: outcome.model ?? null,
    templateId: outcome.templateId ?? null,
    fellBack: outcome.fellBack ?? false,
    reason: outcome.reason ?? null,
    violations: outcome.violations,
  };
  addEvent(db, interactionId, 'draft_generated', { ...view, basis }, clock());
  return { ...view, cached: false };
}

function cachedMessagesAreCodes(view: Pick<DraftView, 'reason' | 'violations'>): boolean {
  const isCode = (value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
  return (
    (view.reason === null || isCode(view.reason)) && view.violations.every((violation) => isCode(violation.message))
  );
}

/**
 * What a draft was written from: the item's text, the newest chat message and the seller's tone
 * and AI settings. A cached draft is reused only while these are unchanged — a new buyer message
 * or another tone makes a new one.
 */
function draftBasis(db: SqlRunner, interaction: Interaction, settings: AccountSettings): string {
  const lastMessage =
    interaction.channel === 'chat'
      ? (db.get(
          db.build
            .selectFrom('chat_messages')
            .select((eb) => eb.fn.max('id').as('id'))
            .where('interaction_id', '=', interaction.id),
        )?.id ?? null)
      : null;
  const facts = JSON.stringify([
    interaction.text,
    interaction.pros,
    interaction.cons,
    interaction.rating,
    lastMessage,
    settings.tone,
    settings.ai.provider,
    settings.ai.model ?? null,
  ]);
  return createHash('sha256').update(facts).digest('base64url').slice(0, 22);
}

function draftRequest(db: SqlRunner, interaction: Interaction, settings: AccountSettings): DraftRequest {
  const recentAnswers = interaction.nm_id
    ? db.all(
        db.build
          .selectFrom('interactions')
          .select(['text as question', 'last_reply_text as answer'])
          .where('account_id', '=', interaction.account_id)
          .where('nm_id', '=', interaction.nm_id)
          .where('id', '!=', interaction.id)
          .where('last_reply_text', 'is not', null)
          .$narrowType<{ answer: NotNull }>()
          .where('channel', '!=', 'chat')
          .orderBy('occurred_at', 'desc')
          .limit(5),
      )
    : [];
  const messages =
    interaction.channel === 'chat'
      ? db.all(
          db.build
            .selectFrom('chat_messages')
            .select(['sender', 'text'])
            .where('interaction_id', '=', interaction.id)
            .orderBy('sent_at')
            .orderBy('id'),
        )
      : undefined;
  return {
    channel: interaction.channel,
    interaction: {
      text: interaction.text,
      pros: interaction.pros,
      cons: interaction.cons,
      rating: interaction.rating,
      customerName: interaction.customer_name,
      productName: interaction.product_name,
      productArticle: interaction.product_article,
      nmId: interaction.nm_id,
      intent: interaction.intent,
      messages,
    },
    grounding: { recentAnswers },
    tone: settings.tone,
    templates: allTemplates(settings),
    recentlyUsedTemplateIds: recentTemplateIds(db, interaction.account_id),
  };
}

/** Most recent first: the rotation avoids posting the same template text again and again. */
export function recentTemplateIds(db: SqlRunner, accountId: number): string[] {
  const templateId = sql<string | null>`json_extract(e.payload_json, '$.templateId')`;
  const rows = db.all(
    db.build
      .selectFrom('interaction_events as e')
      .innerJoin('interactions as i', 'i.id', 'e.interaction_id')
      .select(templateId.as('templateId'))
      .where('i.account_id', '=', accountId)
      .where('e.type', 'in', ['draft_generated', 'auto_reply'])
      .where(templateId, 'is not', null)
      .$narrowType<{ templateId: NotNull }>()
      .orderBy('e.id', 'desc')
      .limit(30),
  );
  return [...new Set(rows.map((row) => row.templateId))];
}
