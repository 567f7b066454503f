import { autoReplyRulesSchema, type AutoReplyRules } from '../../../src-shared/domain/settings';

export { autoReplyRulesSchema, type AutoReplyRules };
import { checkReply } from '../replies/guardrails';
import { pickTemplate, renderTemplate, type Template } from '../replies/templates';
import { containsAnyWord } from '../replies/word-match';
import { isNoCons, NEGATIVE_SIGNALS } from './negative-signals';

export interface AutoReplyReview {
  rating: number | null;
  text: string;
  pros: string | null;
  cons: string | null;
  customerName?: string | null;
  productName?: string | null;
  productArticle?: string | null;
  nmId?: number | null;
}

export type AutoReplySkipReason =
  | 'kill_switch'
  | 'disabled'
  | 'rating_not_selected'
  | 'not_positive'
  | 'daily_cap_reached'
  | 'no_template'
  | 'guardrails_blocked';

export type AutoReplyPlan =
  { action: 'skip'; reason: AutoReplySkipReason } | { action: 'dry_run' | 'send'; text: string; templateId: string };

export interface AutoReplyContext {
  /** Auto-replies already sent (or dry-run logged) today for this account. */
  sentToday: number;
  templates: readonly Template[];
  /** Template ids used for recent replies, most recent first. */
  recentlyUsedIds: readonly string[];
}

/** 4–5★ with nothing negative in text, pros or cons: safe to thank without a human reading it. */
export function isPositiveReview(review: Pick<AutoReplyReview, 'rating' | 'text' | 'pros' | 'cons'>): boolean {
  if (review.rating == null || review.rating < 4) return false;
  const said = [review.text, review.pros ?? ''];
  if (review.cons && !isNoCons(review.cons)) said.push(review.cons);
  return !said.some((part) => containsAnyWord(part, NEGATIVE_SIGNALS));
}

/** Decide what to do with one review; the caller records the plan and queues a `send`. */
export function planAutoReply(
  rules: AutoReplyRules,
  review: AutoReplyReview,
  context: AutoReplyContext,
): AutoReplyPlan {
  if (rules.killSwitch) return { action: 'skip', reason: 'kill_switch' };
  if (!rules.enabled) return { action: 'skip', reason: 'disabled' };
  if (review.rating == null || !rules.stars.includes(review.rating))
    return { action: 'skip', reason: 'rating_not_selected' };
  if (!isPositiveReview(review)) return { action: 'skip', reason: 'not_positive' };
  if (context.sentToday >= rules.dailyCap) return { action: 'skip', reason: 'daily_cap_reached' };

  const approved = context.templates.filter((t) => rules.templateIds.includes(t.id));
  const template = pickTemplate(approved, {
    channel: 'review',
    rating: review.rating,
    recentlyUsedIds: context.recentlyUsedIds,
  });
  if (!template) return { action: 'skip', reason: 'no_template' };

  const text = renderTemplate(template, review);
  // Nobody reads an auto-reply before WB publishes it: any blocking finding stops it.
  if (checkReply({ channel: 'review', text }).blocked) return { action: 'skip', reason: 'guardrails_blocked' };
  return { action: rules.dryRun ? 'dry_run' : 'send', text, templateId: template.id };
}
