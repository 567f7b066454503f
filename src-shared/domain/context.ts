import type { Channel, ReviewSignal } from './interaction';

/**
 * Product and buyer context (issue 9 item 5): what the seller needs to see next to an item to
 * answer it well. Figures are counted from the local database only.
 */

/** One item shown in a context list (a complaint, a question, a step of a buyer's history). */
export interface ContextItem {
  id: number;
  channel: Channel;
  externalId: string;
  occurredAt: string;
  text: string;
  rating: number | null;
  nmId: number | null;
  productName: string | null;
  /** The seller's answer, if there is one. */
  answerText: string | null;
}

/** Share of the product's reviews in the period whose text carries a problem signal. */
export interface SignalShare {
  /** The problem signal (src-main/core/inbox/priority.ts `reviewSignals`); its Russian name is `priority_review_signal`'s text. */
  signal: ReviewSignal;
  count: number;
  /** count / reviews in the period, 0..1 (0 when there are no reviews). */
  share: number;
}

/** One week of the rating trend: the 7 days ending at `weekEnd` (exclusive). */
export interface RatingWeek {
  weekStart: string;
  weekEnd: string;
  /** Reviews with stars in that week. */
  count: number;
  /** Average stars, null for a week without reviews. */
  average: number | null;
}

export interface ProductContext {
  accountId: number;
  nmId: number;
  productName: string | null;
  /** The period the shares and the trend cover: `weeks` weeks ending now. */
  weeks: number;
  /** Reviews with stars in the period (the denominator of the shares). */
  reviewCount: number;
  /** Newest negative reviews (1–3 stars), newest first. */
  complaints: ContextItem[];
  /** Newest questions with the seller's answers, newest first. */
  questions: ContextItem[];
  /** Every known signal, largest share first. */
  signals: SignalShare[];
  /** Oldest week first. */
  ratingTrend: RatingWeek[];
}

/** How a buyer was recognised: by WB's buyer id, else by the order; a name alone is never identity. */
export type BuyerScope = 'customer' | 'order' | 'none';

export interface BuyerContext {
  interactionId: number;
  scope: BuyerScope;
  /** The buyer's other items, newest first (the opened item is not repeated). */
  items: ContextItem[];
}
