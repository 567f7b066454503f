import type { Channel } from './interaction';

/**
 * Cross-channel links and thread timelines (DESIGN §6). Shared by the linking engine, the
 * timeline, the IPC contract, the renderer and the CLI, so the names are typed once.
 */

/** Deterministic: an identifier both sides carry (order, buyer). Probabilistic: a scored guess. */
export const LINK_KINDS = ['deterministic', 'probabilistic'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/**
 * The signals DESIGN §6 names. Deterministic: `same_order` 0.99, `same_customer` 0.95,
 * `same_product_window` 0.82 (the same buyer's chat and review of the same product inside the
 * window). Probabilistic score: `same_product_7d` +0.45, `within_24h` +0.20, `similar_text`
 * +0.20, `same_name` +0.10, `other_refs` +0.05.
 */
export const LINK_SIGNALS = [
  'same_order',
  'same_customer',
  'same_product_window',
  'same_product_7d',
  'within_24h',
  'similar_text',
  'same_name',
  'other_refs',
] as const;
export type LinkSignal = (typeof LINK_SIGNALS)[number];

/** DESIGN §6 bands: >= 0.85 high, 0.65–0.84 medium (assist only), < 0.65 analytics only. */
export type LinkBand = 'high' | 'medium' | 'low';

/**
 * What the app may do on a link: `auto` only for deterministic links >= 0.85; `assist` for a
 * suggestion the seller confirms or rejects (shown, never acted on alone); `analytics` below 0.65.
 */
export type ActionMode = 'auto' | 'assist' | 'analytics';

export type LinkDecision = 'confirmed' | 'rejected';

/** One side of a link, as the seller and the CLI see it. */
export interface LinkEnd {
  id: number;
  channel: Channel;
  externalId: string;
}

export interface LinkView {
  id: number;
  a: LinkEnd;
  b: LinkEnd;
  kind: LinkKind;
  confidence: number;
  band: LinkBand;
  signals: LinkSignal[];
  actionMode: ActionMode;
  decision: LinkDecision | null;
}

/** How the steps of a thread were found: DESIGN §6's thread kinds. */
export const THREAD_KINDS = ['customer_order', 'customer', 'product', 'single'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

/** One step of an interaction's thread, in time order. The opened item itself has `matchReason: 'self'`. */
export interface TimelineStep {
  id: number;
  channel: Channel;
  externalId: string;
  occurredAt: string;
  text: string;
  rating: number | null;
  /** The signal that put this step in the thread (`self` for the opened item). */
  matchReason: LinkSignal | 'self';
  confidence: number;
  actionMode: ActionMode;
  /** The link behind this step, if any (for confirm / reject); null for the opened item. */
  linkId: number | null;
  decision: LinkDecision | null;
  /** The seller's answer on this step, if any (the "use as template" quick action). */
  answerText: string | null;
  /** The step on the WB seller portal (opened in the system browser); null when WB has no page for it. */
  wbUrl: string | null;
}

export interface Timeline {
  interactionId: number;
  kind: ThreadKind;
  steps: TimelineStep[];
}

/** DESIGN §6 weights, one number per signal (deterministic ones are fixed confidences, the rest add up). */
export const LINK_WEIGHTS: Record<LinkSignal, number> = {
  same_order: 0.99,
  same_customer: 0.95,
  same_product_window: 0.82,
  same_product_7d: 0.45,
  within_24h: 0.2,
  similar_text: 0.2,
  same_name: 0.1,
  other_refs: 0.05,
};

/** DESIGN §6 thresholds: >= 0.85 high, 0.65–0.84 medium, below 0.65 analytics only. */
export const LINK_HIGH = 0.85;
export const LINK_MEDIUM = 0.65;

/** The band of a confidence (DESIGN §6). */
export function linkBand(confidence: number): LinkBand {
  return confidence >= LINK_HIGH ? 'high' : confidence >= LINK_MEDIUM ? 'medium' : 'low';
}

/**
 * The one rule for what the app may do on a link (the engine, the timeline, the CLI): `auto` only
 * for a deterministic link >= 0.85; `assist` for everything else from 0.65 (a probabilistic link
 * stays `assist` even at 1.0 and even once the seller confirmed it: shown as linked, never acted on
 * alone); `analytics` below 0.65.
 */
export function linkActionMode(kind: LinkKind, confidence: number): ActionMode {
  if (kind === 'deterministic' && confidence >= LINK_HIGH) return 'auto';
  return confidence >= LINK_MEDIUM ? 'assist' : 'analytics';
}

/** `link_candidates.signals_json` is a JSON array of signal names (decisive first); unknown names are dropped. */
export function parseLinkSignals(json: string | null | undefined): LinkSignal[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    if (!Array.isArray(value)) return [];
    return value.filter((s): s is LinkSignal => (LINK_SIGNALS as readonly unknown[]).includes(s));
  } catch {
    return [];
  }
}

/**
 * The mode once the seller has spoken: a rejected link is only analytics (and hidden from
 * threads); a confirmed one keeps the policy above — a confirmed probabilistic link is shown as
 * linked (its `decision`), but automatic actions stay for deterministic links >= 0.85 (DESIGN §6).
 */
export function decidedActionMode(kind: LinkKind, confidence: number, decision: LinkDecision | null): ActionMode {
  if (decision === 'rejected') return 'analytics';
  return linkActionMode(kind, confidence);
}

/** The strongest signal of a link: LINK_SIGNALS is ordered from strongest to weakest. */
export function strongestSignal(signals: readonly LinkSignal[]): LinkSignal | null {
  return LINK_SIGNALS.find((signal) => signals.includes(signal)) ?? null;
}
