import type { InboxChannel as Channel } from '../../../src-shared/domain/interaction';
import type { HealthAlert } from '../../../src-shared/domain/sync';
import type { SqlRunner } from '../db/sql-runner';
import { coreMessage } from '../../../src-shared/messages/catalog';

export const STALE_AFTER_MS = 15 * 60_000;
const RECENT_RUNS = 10;
const ERROR_RATE_LIMIT = 0.2;
/** One failed run of two is not yet a rate. */
const MIN_RUNS_FOR_RATE = 3;
const REPEATED_429_RUNS = 3;
const ZERO_FETCH_STREAK = 5;

/** Health alerts from sync_runs (DESIGN §3): stale, error rate > 20 %, repeated 429, zero-fetch streak. */
export function healthAlerts(db: SqlRunner, accountId: number, channels: Channel[], now: Date): HealthAlert[] {
  const alerts: HealthAlert[] = [];
  for (const channel of channels) {
    const runs = db.all(
      db.build
        .selectFrom('sync_runs')
        .select(['outcome', 'fetched', 'errors', 'rate_limited'])
        .where('account_id', '=', accountId)
        .where('channel', '=', channel)
        .where('outcome', '!=', 'running')
        .orderBy('id', 'desc')
        .limit(RECENT_RUNS),
    );
    if (runs.length === 0) continue;
    const success = db.get(
      db.build
        .selectFrom('sync_state')
        .select('last_success_at')
        .where('account_id', '=', accountId)
        .where('channel', '=', channel),
    )?.last_success_at;
    if (!success || now.getTime() - Date.parse(success) > STALE_AFTER_MS)
      alerts.push({
        kind: 'stale',
        channel,
        message: success
          ? coreMessage('health_stale', { minutes: STALE_AFTER_MS / 60_000 })
          : coreMessage('health_never_synced'),
      });
    const failed = runs.filter((run) => run.outcome === 'error').length;
    const items = runs.reduce((sum, run) => sum + run.fetched, 0);
    const itemErrors = runs.reduce((sum, run) => sum + run.errors, 0);
    if (
      (runs.length >= MIN_RUNS_FOR_RATE && failed / runs.length > ERROR_RATE_LIMIT) ||
      (items > 0 && itemErrors / items > ERROR_RATE_LIMIT)
    )
      alerts.push({
        kind: 'error_rate',
        channel,
        message: coreMessage('health_error_rate', { percent: Math.round((failed / runs.length) * 100) }),
      });
    if (runs.length >= REPEATED_429_RUNS && runs.slice(0, REPEATED_429_RUNS).every((run) => run.rate_limited > 0))
      alerts.push({ kind: 'repeated_429', channel, message: coreMessage('health_repeated_429') });
    if (
      runs.length >= ZERO_FETCH_STREAK &&
      runs.slice(0, ZERO_FETCH_STREAK).every((run) => run.outcome === 'ok' && run.fetched === 0)
    )
      alerts.push({
        kind: 'zero_fetch_streak',
        channel,
        message: coreMessage('health_zero_fetch_streak', { runs: ZERO_FETCH_STREAK }),
      });
  }
  return alerts;
}
