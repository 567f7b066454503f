import type { AutoReplyApproveItem, AutoReplyPreviewItem } from '../../../src-shared/domain/snooze';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { accountRow } from '../inbox/accounts';
import type { Outbox } from '../replies/outbox';
import { planEachAutoReply } from './auto-reply-runner';

const unique = (ids: readonly number[]) => [...new Set(ids)];

/**
 * The auto-reply dry run (autoReply.run with dryRun) restricted to selected reviews, one outcome
 * per id: the saved rules decide exactly as for the whole shop (kill switch, on/off, stars,
 * nothing negative, the daily cap, approved templates, guardrails). Only a review waiting for an
 * answer with nothing queued is a candidate; the rest are `not_candidate`.
 */
export function previewAutoReplies(
  db: SqlRunner,
  accountId: number,
  settings: AccountSettings,
  ids: readonly number[],
  now: Date,
): AutoReplyPreviewItem[] {
  const rules = { ...settings.autoReply, dryRun: true };
  const candidates = db.all(
    db.build
      .selectFrom('interactions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', 'in', unique(ids))
      .where('channel', '=', 'review')
      .where('needs_response', '=', 1)
      .where('reply_state', '=', 'none')
      // The order of the shop-wide run: the daily cap stops the same reviews.
      .orderBy('occurred_at'),
  );
  const outcomes = new Map<number, AutoReplyPreviewItem>();
  planEachAutoReply(db, accountId, settings, rules, candidates, now, (review, plan) => {
    if (plan.action === 'skip') {
      outcomes.set(review.id, {
        id: review.id,
        ok: false,
        error: { code: 'auto_reply_skipped', params: { reason: plan.reason } },
      });
      return false;
    }
    outcomes.set(review.id, { id: review.id, ok: true, text: plan.text, templateId: plan.templateId });
    return true;
  });
  return unique(ids).map(
    (id) =>
      outcomes.get(id) ?? { id, ok: false, error: { code: 'auto_reply_skipped', params: { reason: 'not_candidate' } } },
  );
}

/**
 * «Одобрить автоответы»: queues exactly the selected reviews' dry-run replies through the outbox
 * (origin `auto`, its `auto_reply` event counted by the daily cap), planned again now, so a review
 * answered or queued since the preview is refused rather than answered twice. The outbox runs the
 * guardrails again; each refusal is that id's error. A demo shop sends nothing.
 */
export function approveAutoReplies(
  db: SqlRunner,
  outbox: Outbox,
  accountId: number,
  settings: AccountSettings,
  ids: readonly number[],
  now: Date,
): AutoReplyApproveItem[] {
  const account = accountRow(db, accountId);
  if (account.is_demo === 1) throw new CoreError('demo_no_auto_replies');
  return previewAutoReplies(db, account.id, settings, ids, now).map((plan): AutoReplyApproveItem => {
    if (!plan.ok) return plan;
    try {
      const entry = outbox.queue({
        interactionId: plan.id,
        text: plan.text,
        kind: 'answer',
        origin: 'auto',
        templateId: plan.templateId,
      });
      return { id: plan.id, ok: true, outboxId: entry.id };
    } catch (error) {
      if (error instanceof CoreError) return { id: plan.id, ok: false, error: error.coreMessage };
      throw error;
    }
  });
}
