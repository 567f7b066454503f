import type { Channel } from '../../../src-shared/domain/interaction';
import { LINK_MEDIUM, LINK_WEIGHTS, type LinkKind, type LinkSignal } from '../../../src-shared/domain/links';
import { similarIssue, type IssueProfile } from './issue-text';

const DAY_MS = 86_400_000;
/** DESIGN §6: "same nm_id within 7 days"; also the window of `same_product_window`. */
export const LINK_WINDOW_MS = 7 * DAY_MS;
export const CLOSE_MS = DAY_MS;

/** What the scorer needs of one interaction (loaded once per pass). */
export interface LinkItem {
  id: number;
  channel: Channel;
  orderId: string | null;
  customerId: string | null;
  nmId: number | null;
  /** The item's time; a chat's is its last message. */
  occurredMs: number;
  /** A chat's first message when earlier than occurredMs: a chat is the span first..last message, not a point. */
  startMs?: number;
  /** normaliseName() of the buyer's name; null when WB gives none (questions) or a placeholder. */
  name: string | null;
  /** The card size the buyer ordered (review `productDetails.size`, chat `goodCard.size`); null when absent or "0". */
  size: string | null;
  issue: IssueProfile;
}

export interface ScoredLink {
  kind: LinkKind;
  confidence: number;
  /** Every signal that holds, the decisive one first. */
  signals: LinkSignal[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

const startOf = (item: LinkItem) => Math.min(item.startMs ?? item.occurredMs, item.occurredMs);

/**
 * The time between two items for the 7-day window and the 24-hour proximity: the distance between
 * their spans (a review or question is a point, a chat its first..last message), 0 when they overlap
 * (a review written while the chat went on is inside it).
 */
export function timeGap(a: LinkItem, b: LinkItem): number {
  return Math.max(0, startOf(a) - b.occurredMs, startOf(b) - a.occurredMs);
}

/**
 * DESIGN §6 for one pair, or null when the pair does not reach the stored threshold (0.65).
 *
 * - Deterministic: the same order id (0.99) or customer id (0.95) on both; the same buyer's chat
 *   and review of the same product inside the 7-day window (0.82; "same buyer" = same normalised
 *   name, the only buyer identity WB still sends on both, so it is capped below the auto band).
 * - Times are spans (timeGap): a chat that began ten days before a review but went on to the day
 *   before it is within the window.
 * - Probabilistic (only across channels, only for the same product within 7 days): +0.45 same
 *   nm_id within 7 days, +0.20 less than 24 h apart, +0.20 similar issue text, +0.10 same
 *   normalised name, +0.05 other references (the same ordered size); capped at 1.
 * - A name alone never links: without a shared order, customer or product nothing is scored.
 */
export function scoreLink(a: LinkItem, b: LinkItem): ScoredLink | null {
  const gap = timeGap(a, b);
  const sameProduct7d = a.nmId !== null && a.nmId === b.nmId && gap <= LINK_WINDOW_MS;
  const sameOrder = a.orderId !== null && a.orderId === b.orderId;
  const sameCustomer = a.customerId !== null && a.customerId === b.customerId;
  if (!sameOrder && !sameCustomer && !sameProduct7d) return null;

  const crossChannel = a.channel !== b.channel;
  // Within one channel only an identifier links: two reviews (or two questions) of one product in a
  // week are different purchases unless an order or customer id says otherwise.
  if (!crossChannel && !sameOrder && !sameCustomer) return null;
  const probabilistic: LinkSignal[] = [];
  let score = 0;
  if (sameProduct7d) {
    probabilistic.push('same_product_7d');
    score += LINK_WEIGHTS.same_product_7d;
    if (gap < CLOSE_MS) {
      probabilistic.push('within_24h');
      score += LINK_WEIGHTS.within_24h;
    }
    // Texts are compared across channels only (the costly part; within a channel only ids decide).
    if (crossChannel && similarIssue(a.issue, b.issue)) {
      probabilistic.push('similar_text');
      score += LINK_WEIGHTS.similar_text;
    }
    if (a.name !== null && a.name === b.name) {
      probabilistic.push('same_name');
      score += LINK_WEIGHTS.same_name;
    }
    if (a.size !== null && a.size === b.size) {
      probabilistic.push('other_refs');
      score += LINK_WEIGHTS.other_refs;
    }
  }
  score = Math.min(1, round2(score));

  if (sameOrder || sameCustomer) {
    const decisive: LinkSignal = sameOrder ? 'same_order' : 'same_customer';
    const extra: LinkSignal[] = sameOrder && sameCustomer ? ['same_customer'] : [];
    return {
      kind: 'deterministic',
      confidence: LINK_WEIGHTS[decisive],
      signals: [decisive, ...extra, ...probabilistic],
    };
  }

  const chatAndReview =
    crossChannel &&
    (a.channel === 'chat' || b.channel === 'chat') &&
    (a.channel === 'review' || b.channel === 'review');
  const sameBuyerWindow = chatAndReview && probabilistic.includes('same_name');
  const windowWeight = sameBuyerWindow ? LINK_WEIGHTS.same_product_window : 0;
  const probScore = score;
  if (Math.max(windowWeight, probScore) < LINK_MEDIUM) return null;
  if (windowWeight >= probScore)
    return { kind: 'deterministic', confidence: windowWeight, signals: ['same_product_window', ...probabilistic] };
  return { kind: 'probabilistic', confidence: probScore, signals: probabilistic };
}
