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

/** Below this confidence a link is analytics only: never shown in a thread (DESIGN §6). */
export const LINK_SHOWN_MIN_CONFIDENCE = 0.65;
/** From this confidence a link is "high" (DESIGN §6). */
export const LINK_HIGH_CONFIDENCE = 0.85;

export function linkBand(confidence: number): LinkBand {
  return confidence >= LINK_HIGH_CONFIDENCE ? 'high' : confidence >= LINK_SHOWN_MIN_CONFIDENCE ? 'medium' : 'low';
}

/**
 * DESIGN §6's action policy: `auto` only for a deterministic link >= 0.85; `assist` for 0.65–0.84
 * and for every probabilistic link (a name match alone never acts); `analytics` below 0.65.
 */
export function linkActionMode(kind: LinkKind, confidence: number): ActionMode {
  if (confidence < LINK_SHOWN_MIN_CONFIDENCE) return 'analytics';
  return kind === 'deterministic' && confidence >= LINK_HIGH_CONFIDENCE ? 'auto' : 'assist';
}

/**
 * The mode once the seller has spoken: a link they confirmed is theirs (`auto`), a rejected one is
 * only analytics (and hidden from threads); undecided links follow the policy above.
 */
export function decidedActionMode(kind: LinkKind, confidence: number, decision: LinkDecision | null): ActionMode {
  if (decision === 'confirmed') return 'auto';
  if (decision === 'rejected') return 'analytics';
  return linkActionMode(kind, confidence);
}

/** The strongest signal of a link: LINK_SIGNALS is ordered from strongest to weakest. */
export function strongestSignal(signals: readonly LinkSignal[]): LinkSignal | null {
  return LINK_SIGNALS.find((signal) => signals.includes(signal)) ?? null;
}
