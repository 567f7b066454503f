import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { DraftView } from '../../../src-shared/domain/outbox';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import type { Interaction } from '../db/schema';
import type { Logger } from '../logger';
import { BUILTIN_TEMPLATES } from '../replies/builtin-templates';
import { addEvent, interactionRow } from '../replies/outbox-rows';
import type { Template } from '../replies/templates';
import { generateDraft } from './draft-service';
import { createOfflineProvider } from './offline-provider';
import { createOpenAiCompatibleProvider } from './openai-compatible-provider';
import type { DraftRequest } from './types';

export interface DraftDeps {
  sqlite: BetterSqlite3.Database;
  clock: () => Date;
  logger: Logger;
  settings: AccountSettings;
  /** The AI provider's API key from the keychain (never stored in SQLite). */
  getApiKey: () => Promise<string | null>;
}

export const allTemplates = (settings: AccountSettings): Template[] => [...settings.templates, ...BUILTIN_TEMPLATES];

/**
 * A draft for one interaction: cached per interaction (the latest `draft_generated` event) unless
 * the seller asks for another; grounded in the seller's recent answers on the same product.
 */
export async function draftFor(deps: DraftDeps, interactionId: number, regenerate: boolean): Promise<DraftView> {
  const { sqlite, clock, settings } = deps;
  const interaction = interactionRow(sqlite, interactionId);
  const basis = draftBasis(sqlite, interaction, settings);
  if (!regenerate) {
    const cached = sqlite
      .prepare(`SELECT payload_json FROM interaction_events WHERE interaction_id = ? AND type = 'draft_generated' ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get(interactionId) as string | undefined;
    const parsed = cached ? (JSON.parse(cached) as Omit<DraftView, 'cached'> & { basis?: string }) : null;
    // A draft cached before messages were codes has text where a message is now: regenerated.
    if (parsed && parsed.basis === basis && cachedMessagesAreCodes(parsed)) {
      const { basis: _basis, ...view } = parsed;
      return { ...view, cached: true };
    }
  }
  const primary =
    settings.ai.provider === 'openai_compatible' && settings.ai.baseUrl && settings.ai.model
      ? createOpenAiCompatibleProvider({ baseUrl: settings.ai.baseUrl, model: settings.ai.model, getApiKey: deps.getApiKey, timeoutMs: settings.ai.timeoutMs })
      : undefined;
  const outcome = await generateDraft(draftRequest(sqlite, interaction, settings), { primary, fallback: createOfflineProvider() }, { logger: deps.logger });
  const view: Omit<DraftView, 'cached'> = {
    text: outcome.text,
    provider: outcome.provider,
    model: outcome.model ?? null,
    templateId: outcome.templateId ?? null,
    fellBack: outcome.fellBack ?? false,
    reason: outcome.reason ?? null,
    violations: outcome.violations,
  };
  addEvent(sqlite, interactionId, 'draft_generated', { ...view, basis }, clock());
  return { ...view, cached: false };
}

function cachedMessagesAreCodes(view: Pick<DraftView, 'reason' | 'violations'>): boolean {
  const isCode = (value: unknown) => typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
  return (view.reason === null || isCode(view.reason)) && view.violations.every((violation) => isCode(violation.message));
}

/**
 * What a draft was written from: the item's text, the newest chat message and the seller's tone
 * and AI settings. A cached draft is reused only while these are unchanged — a new buyer message
 * or another tone makes a new one.
 */
function draftBasis(sqlite: BetterSqlite3.Database, interaction: Interaction, settings: AccountSettings): string {
  const lastMessage = interaction.channel === 'chat' ? sqlite.prepare('SELECT max(id) FROM chat_messages WHERE interaction_id = ?').pluck().get(interaction.id) : null;
  const facts = JSON.stringify([interaction.text, interaction.pros, interaction.cons, interaction.rating, lastMessage, settings.tone, settings.ai.provider, settings.ai.model ?? null]);
  return createHash('sha256').update(facts).digest('base64url').slice(0, 22);
}

function draftRequest(sqlite: BetterSqlite3.Database, interaction: Interaction, settings: AccountSettings): DraftRequest {
  const recentAnswers = interaction.nm_id
    ? (sqlite
        .prepare(
          `SELECT text AS question, last_reply_text AS answer FROM interactions
           WHERE account_id = ? AND nm_id = ? AND id != ? AND last_reply_text IS NOT NULL AND channel != 'chat'
           ORDER BY occurred_at DESC LIMIT 5`,
        )
        .all(interaction.account_id, interaction.nm_id, interaction.id) as { question: string; answer: string }[])
    : [];
  const messages =
    interaction.channel === 'chat'
      ? (sqlite.prepare('SELECT sender, text FROM chat_messages WHERE interaction_id = ? ORDER BY sent_at, id').all(interaction.id) as { sender: 'client' | 'seller' | 'wb'; text: string }[])
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
    recentlyUsedTemplateIds: recentTemplateIds(sqlite, interaction.account_id),
  };
}

/** Most recent first: the rotation avoids posting the same template text again and again. */
export function recentTemplateIds(sqlite: BetterSqlite3.Database, accountId: number): string[] {
  const rows = sqlite
    .prepare(
      `SELECT json_extract(e.payload_json, '$.templateId') FROM interaction_events e JOIN interactions i ON i.id = e.interaction_id
       WHERE i.account_id = ? AND e.type IN ('draft_generated', 'auto_reply') AND json_extract(e.payload_json, '$.templateId') IS NOT NULL
       ORDER BY e.id DESC LIMIT 30`,
    )
    .pluck()
    .all(accountId) as string[];
  return [...new Set(rows)];
}
