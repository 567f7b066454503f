import { sql } from 'kysely';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import type { Interaction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import type { Outbox } from '../replies/outbox';
import { UNDONE_REPLY } from '../analytics/undone-replies';
import { planAutoReply, type AutoReplyPlan, type AutoReplyRules } from './auto-reply';
import { allTemplates, recentTemplateIds } from './drafts';

export interface AutoReplyRun {
  dryRun: boolean;
  planned: { interactionId: number; text: string; templateId: string; outboxId: number | null }[];
  skipped: Record<string, number>;
}

/**
 * Auto-replies queued today (the daily cap counts these `auto_reply` events); one whose send was
 * undone or cancelled before it went out does not use up the cap (UNDONE_REPLY).
 */
export function autoRepliesToday(db: SqlRunner, accountId: number, now: Date): number {
  // The seller's day: the app runs on the seller's own machine, so its local midnight.
  const dayStart = new Date(now);
  dayStart.setHours(0, 0, 0, 0);
  return (
    db.get(
      db.build
        .selectFrom('interaction_events as e')
        .innerJoin('interactions as i', 'i.id', 'e.interaction_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('i.account_id', '=', accountId)
        .where('e.type', '=', 'auto_reply')
        .where(sql<boolean>`NOT ${UNDONE_REPLY}`)
        .where('e.created_at', '>=', dayStart.toISOString()),
    )?.n ?? 0
  );
}

/**
 * Decides what to do with one planned review and says whether the reply counts toward today's
 * cap: a skip or a reply the outbox refused does not, a queued or dry-run one does.
 */
export type AutoReplyStep = (review: Interaction, plan: AutoReplyPlan) => boolean;

/**
 * The one rule/guardrail loop behind the shop-wide run and the preview of selected reviews: each
 * candidate, in the order given, is planned against today's count so far and the templates used
 * recently, so both stop at the daily cap on the same reviews and rotate templates alike.
 */
export function planEachAutoReply(
  db: SqlRunner,
  accountId: number,
  settings: AccountSettings,
  rules: AutoReplyRules,
  candidates: readonly Interaction[],
  now: Date,
  step: AutoReplyStep,
): void {
  let sentToday = autoRepliesToday(db, accountId, now);
  const templates = allTemplates(settings);
  const recentlyUsed = recentTemplateIds(db, accountId);
  for (const review of candidates) {
    const plan = planAutoReply(
      rules,
      {
        rating: review.rating,
        text: review.text,
        pros: review.pros,
        cons: review.cons,
        customerName: review.customer_name,
        productName: review.product_name,
        productArticle: review.product_article,
        nmId: review.nm_id,
      },
      { sentToday, templates, recentlyUsedIds: recentlyUsed },
    );
    // A picked template moves to the front of the rotation even if the outbox then refuses the reply.
    if (plan.action !== 'skip') recentlyUsed.unshift(plan.templateId);
    if (step(review, plan)) sentToday += 1;
  }
}

/**
 * Auto-replies for positive reviews (off by default): each one goes through guardrails and the
 * outbox like a manual reply and is recorded as an `auto_reply` event; the daily cap counts those.
 */
export function runAutoReplies(
  db: SqlRunner,
  outbox: Outbox,
  accountId: number,
  settings: AccountSettings,
  now: Date,
  forceDryRun = false,
): AutoReplyRun {
  const rules = { ...settings.autoReply, dryRun: settings.autoReply.dryRun || forceDryRun };
  const candidates = db.all(
    db.build
      .selectFrom('interactions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('channel', '=', 'review')
      .where('needs_response', '=', 1)
      .where('reply_state', '=', 'none')
      .where('rating', '>=', 4)
      .orderBy('occurred_at')
      .limit(500),
  );
  const result: AutoReplyRun = { dryRun: rules.dryRun, planned: [], skipped: {} };
  const skip = (reason: string) => {
    result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
    return false;
  };
  planEachAutoReply(db, accountId, settings, rules, candidates, now, (review, plan) => {
    if (plan.action === 'skip') return skip(plan.reason);
    if (plan.action === 'dry_run') {
      result.planned.push({ interactionId: review.id, text: plan.text, templateId: plan.templateId, outboxId: null });
      return true;
    }
    // The outbox row and the auto_reply event that the daily cap counts commit together (the
    // outbox records it with the template); a review the outbox refuses (guardrails, answered
    // meanwhile) is skipped, not the end of the run.
    let entry: ReturnType<Outbox['queue']>;
    try {
      entry = outbox.queue({
        interactionId: review.id,
        text: plan.text,
        kind: 'answer',
        origin: 'auto',
        templateId: plan.templateId,
      });
    } catch (error) {
      return skip(error instanceof CoreError ? `refused_${error.code}` : 'refused');
    }
    result.planned.push({ interactionId: review.id, text: plan.text, templateId: plan.templateId, outboxId: entry.id });
    return true;
  });
  return result;
}

/**
 * After a sync: auto-replies run only when the seller turned them on for real — not in dry run
 * (that is a preview the seller asks for) and not with the kill switch thrown.
 */
export function runAutoRepliesAfterSync(
  db: SqlRunner,
  outbox: Outbox,
  accountId: number,
  settings: AccountSettings,
  now: Date,
): AutoReplyRun | null {
  const { enabled, dryRun, killSwitch } = settings.autoReply;
  return enabled && !dryRun && !killSwitch ? runAutoReplies(db, outbox, accountId, settings, now) : null;
}
