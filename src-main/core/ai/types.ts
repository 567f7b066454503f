import type { Channel } from '../../../src-shared/domain/interaction';
import type { CoreMessage } from '../../../src-shared/messages/catalog';
import type { Template } from '../replies/templates';

export interface DraftInteraction {
  text: string;
  pros: string | null;
  cons: string | null;
  rating: number | null;
  customerName: string | null;
  productName: string | null;
  productArticle: string | null;
  nmId: number | null;
  /** Question intent (inbox/intent.ts) or a review topic; null when unknown. */
  intent: string | null;
  /** Chat history, oldest first. */
  messages?: { sender: 'client' | 'seller' | 'wb' | 'marketplace'; text: string }[];
}

export interface DraftTone {
  formality: 'вы' | 'ты';
  signature?: string;
  style?: 'friendly' | 'formal' | 'brief';
}

export interface DraftRequest {
  channel: Channel;
  interaction: DraftInteraction;
  /** The seller's recent answers on the same product: the model's best guide to facts and voice. */
  grounding: { recentAnswers: { question: string; answer: string }[] };
  tone: DraftTone;
  templates: Template[];
  recentlyUsedTemplateIds: string[];
}

export interface DraftResult {
  text: string;
  provider: string;
  model?: string;
  templateId?: string;
  /** The primary provider failed and this draft came from the fallback. */
  fellBack?: boolean;
  /** Why the primary failed; redacted, safe to show and log. */
  reason?: CoreMessage;
}

export interface DraftProvider {
  id: string;
  generate(request: DraftRequest, signal?: AbortSignal): Promise<DraftResult>;
}

export type DraftErrorCode =
  'config' | 'timeout' | 'aborted' | 'network' | 'http_error' | 'bad_response' | 'empty_response';

/** A provider failure: `reason` is what the seller is told; neither it nor the message carries the API key. */
export class DraftProviderError extends Error {
  constructor(
    readonly code: DraftErrorCode,
    readonly reason: CoreMessage,
  ) {
    super(`${code}: ${reason.code}${Object.keys(reason.params).length ? ` ${JSON.stringify(reason.params)}` : ''}`);
    this.name = 'DraftProviderError';
  }
}
