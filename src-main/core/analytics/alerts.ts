import { sql } from 'kysely';
import type { AnalyticsAlert } from '../../../src-shared/domain/analytics';
import type { HealthAlert } from '../../../src-shared/domain/sync';
import { coreMessage, type HealthMessage } from '../../../src-shared/messages/catalog';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { manualShare } from './figures';

const DAY_MS = 86_400_000;
/** «Скоро просрочено»: due within this many minutes (until the SLA settings carry their own window). */
export const DUE_SOON_MINUTES = 60;
/** Manual-reply share: alert when this week's is this much higher than the week before's... */
export const MANUAL_RISE_POINTS = 0.15;
/** ...and each week had at least this many replies (three replies are not a trend). */
export const MANUAL_MIN_REPLIES = 5;
/** Negative reviews (1–2★) of a product: this week at least this many... */
export const NEGATIVE_MIN_COUNT = 3;
/** ...and at least this many times its weekly average over the previous weeks. */
export const NEGATIVE_JUMP_FACTOR = 2;
export const NEGATIVE_BASELINE_WEEKS = 4;

export interface AlertDeps {
  db: SqlRunner;
  now: Date;
  /** A real shop's sync health alerts (sync/health.ts through the sync service); the demo is never synced. */
  healthOf(account: Account): HealthAlert[];
}

/**
 * Alerts, computed on request over the given shops (one shop, or all): SLA overdue and due soon,
 * the manual-reply share rising week over week, a product whose negative reviews jump, sync health.
 * `accountId` is null for figures summed over several shops.
 */
export function analyticsAlerts(deps: AlertDeps, accounts: Account[]): AnalyticsAlert[] {
  const { db, now } = deps;
  if (accounts.length === 0) return [];
  const alerts: AnalyticsAlert[] = [];
  const scope = accounts.length === 1 ? accounts[0]!.id : null;
  const ids = accounts.map((a) => a.id);
  const nowAt = now.toISOString();
  const soonAt = new Date(now.getTime() + DUE_SOON_MINUTES * 60_000).toISOString();

  // interactions_inbox: the needs-response rows of each shop, by due time.
  const due = db.get(
    db.build
      .selectFrom('interactions')
      .select([
        sql<number>`coalesce(sum(sla_due_at < ${nowAt}), 0)`.as('overdue'),
        sql<number>`coalesce(sum(sla_due_at >= ${nowAt} AND sla_due_at < ${soonAt}), 0)`.as('soon'),
      ])
      .where('account_id', 'in', ids)
      .where('needs_response', '=', 1)
      .where('sla_due_at', 'is not', null),
  ) ?? { overdue: 0, soon: 0 };
  if (due.overdue > 0)
    alerts.push({
      kind: 'sla_overdue',
      accountId: scope,
      message: coreMessage('alert_sla_overdue', { count: due.overdue }),
    });
  if (due.soon > 0)
    alerts.push({
      kind: 'sla_due_soon',
      accountId: scope,
      message: coreMessage('alert_sla_due_soon', { count: due.soon, minutes: DUE_SOON_MINUTES }),
    });

  const weekAgo = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const twoWeeksAgo = new Date(now.getTime() - 14 * DAY_MS).toISOString();
  const thisWeek = manualShare(db, accounts, weekAgo, nowAt);
  const lastWeek = manualShare(db, accounts, twoWeeksAgo, weekAgo);
  if (
    thisWeek.of >= MANUAL_MIN_REPLIES &&
    lastWeek.of >= MANUAL_MIN_REPLIES &&
    thisWeek.rate! - lastWeek.rate! >= MANUAL_RISE_POINTS
  )
    alerts.push({
      kind: 'manual_rate_rising',
      accountId: scope,
      message: coreMessage('alert_manual_rate_rising', {
        percent: Math.round(thisWeek.rate! * 100),
        previousPercent: Math.round(lastWeek.rate! * 100),
        replies: thisWeek.of,
      }),
    });

  for (const account of accounts) alerts.push(...negativeJumps(db, account, now));

  for (const account of accounts) {
    if (account.is_demo === 1) continue;
    for (const health of deps.healthOf(account))
      alerts.push({
        kind: 'sync_health',
        accountId: account.id,
        message: coreMessage('alert_sync_health', {
          shop: account.name,
          channel: health.channel,
          problem: health.message as HealthMessage,
        }),
      });
  }
  return alerts;
}

/**
 * Products whose 1–2★ reviews of the last 7 days are at least NEGATIVE_MIN_COUNT and at least
 * NEGATIVE_JUMP_FACTOR times their weekly average over the NEGATIVE_BASELINE_WEEKS weeks before.
 */
function negativeJumps(db: SqlRunner, account: Account, now: Date): AnalyticsAlert[] {
  const weekStart = now.getTime() - 7 * DAY_MS;
  const baselineStart = weekStart - NEGATIVE_BASELINE_WEEKS * 7 * DAY_MS;
  // interactions_analytics: five weeks of one shop, from the index alone.
  const rows = db.all(
    db.build
      .selectFrom('interactions')
      .select([
        'nm_id',
        sql<string | null>`max(product_name)`.as('product_name'),
        sql<number>`sum(occurred_at >= ${new Date(weekStart).toISOString()})`.as('this_week'),
        sql<number>`sum(occurred_at < ${new Date(weekStart).toISOString()})`.as('before'),
      ])
      .where('account_id', '=', account.id)
      .where('occurred_at', '>=', new Date(baselineStart).toISOString())
      .where('occurred_at', '<', now.toISOString())
      .where('channel', '=', 'review')
      .where('rating', '<=', 2)
      .where('nm_id', 'is not', null)
      .groupBy('nm_id'),
  );
  const alerts: AnalyticsAlert[] = [];
  for (const row of rows) {
    const previousWeekly = row.before / NEGATIVE_BASELINE_WEEKS;
    if (row.this_week < NEGATIVE_MIN_COUNT || row.this_week < NEGATIVE_JUMP_FACTOR * previousWeekly) continue;
    alerts.push({
      kind: 'negative_reviews_jump',
      accountId: account.id,
      message: coreMessage('alert_negative_reviews_jump', {
        product: row.product_name ?? String(row.nm_id),
        nmId: row.nm_id!,
        count: row.this_week,
        previousWeekly: Math.round(previousWeekly * 10) / 10,
      }),
    });
  }
  return alerts;
}
