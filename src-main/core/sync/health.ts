import type BetterSqlite3 from 'better-sqlite3';
import type { Channel } from '../../../src-shared/domain/interaction';
import type { HealthAlert } from '../../../src-shared/domain/sync';
import { coreMessage } from '../../../src-shared/messages/catalog';

export const STALE_AFTER_MS = 15 * 60_000;
const RECENT_RUNS = 10;
const ERROR_RATE_LIMIT = 0.2;
/** One failed run of two is not yet a rate. */
const MIN_RUNS_FOR_RATE = 3;
const REPEATED_429_RUNS = 3;
const ZERO_FETCH_STREAK = 5;

/** Health alerts from sync_runs (DESIGN §3): stale, error rate > 20 %, repeated 429, zero-fetch streak. */
export function healthAlerts(sqlite: BetterSqlite3.Database, accountId: number, channels: Channel[], now: Date): HealthAlert[] {
  const alerts: HealthAlert[] = [];
  const recent = sqlite.prepare(
    'SELECT outcome, fetched, errors, rate_limited FROM sync_runs WHERE account_id = ? AND channel = ? AND outcome != ? ORDER BY id DESC LIMIT ?',
  );
  const lastSuccess = sqlite.prepare('SELECT last_success_at FROM sync_state WHERE account_id = ? AND channel = ?').pluck();
  for (const channel of channels) {
    const runs = recent.all(accountId, channel, 'running', RECENT_RUNS) as { outcome: string; fetched: number; errors: number; rate_limited: number }[];
    if (runs.length === 0) continue;
    const success = lastSuccess.get(accountId, channel) as string | null | undefined;
    if (!success || now.getTime() - Date.parse(success) > STALE_AFTER_MS)
      alerts.push({ kind: 'stale', channel, message: success ? coreMessage('health_stale', { minutes: STALE_AFTER_MS / 60_000 }) : coreMessage('health_never_synced') });
    const failed = runs.filter((run) => run.outcome === 'error').length;
    const items = runs.reduce((sum, run) => sum + run.fetched, 0);
    const itemErrors = runs.reduce((sum, run) => sum + run.errors, 0);
    if ((runs.length >= MIN_RUNS_FOR_RATE && failed / runs.length > ERROR_RATE_LIMIT) || (items > 0 && itemErrors / items > ERROR_RATE_LIMIT))
      alerts.push({ kind: 'error_rate', channel, message: coreMessage('health_error_rate', { percent: Math.round((failed / runs.length) * 100) }) });
    if (runs.length >= REPEATED_429_RUNS && runs.slice(0, REPEATED_429_RUNS).every((run) => run.rate_limited > 0))
      alerts.push({ kind: 'repeated_429', channel, message: coreMessage('health_repeated_429') });
    if (runs.length >= ZERO_FETCH_STREAK && runs.slice(0, ZERO_FETCH_STREAK).every((run) => run.outcome === 'ok' && run.fetched === 0))
      alerts.push({ kind: 'zero_fetch_streak', channel, message: coreMessage('health_zero_fetch_streak', { runs: ZERO_FETCH_STREAK }) });
  }
  return alerts;
}
