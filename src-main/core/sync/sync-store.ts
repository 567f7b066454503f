import type BetterSqlite3 from 'better-sqlite3';
import type { Channel } from '../../../src-shared/domain/interaction';
import type { SyncErrorReason } from '../../../src-shared/domain/sync';
import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import { encodeMessage } from '../../../src-shared/messages/stored';

export interface RunCounters {
  requests: number;
  fetched: number;
  created: number;
  updated: number;
  skipped: number;
  errors: number;
  rateLimited: number;
}

export const emptyCounters = (): RunCounters => ({ requests: 0, fetched: 0, created: 0, updated: 0, skipped: 0, errors: 0, rateLimited: 0 });

/**
 * sync_state and sync_runs: the per-channel status the UI shows and the history health alerts read.
 * `status_reason` / `error_reason` hold the reason code; `last_error` the message (JSON, src-shared/messages/stored.ts).
 */
export class SyncStore {
  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  state(accountId: number, channel: Channel) {
    return this.sqlite
      .prepare('SELECT * FROM sync_state WHERE account_id = ? AND channel = ?')
      .get(accountId, channel) as
      | { status: string; status_reason: string | null; status_changed_at: string | null; watermark: string | null; cursor: string | null; progress_fetched: number; progress_total: number | null; last_sync_at: string | null; last_success_at: string | null; last_error: string | null }
      | undefined;
  }

  ensure(accountId: number, channel: Channel) {
    this.sqlite.prepare('INSERT INTO sync_state (account_id, channel) VALUES (?, ?) ON CONFLICT DO NOTHING').run(accountId, channel);
  }

  markSyncing(accountId: number, channel: Channel, now: string): number {
    this.ensure(accountId, channel);
    this.sqlite
      .prepare(`UPDATE sync_state SET status = 'syncing', status_reason = NULL, status_changed_at = ?, progress_fetched = 0, progress_total = NULL WHERE account_id = ? AND channel = ?`)
      .run(now, accountId, channel);
    return Number(this.sqlite.prepare('INSERT INTO sync_runs (account_id, channel, started_at) VALUES (?, ?, ?)').run(accountId, channel, now).lastInsertRowid);
  }

  progress(accountId: number, channel: Channel, fetched: number, total: number | null) {
    this.sqlite.prepare('UPDATE sync_state SET progress_fetched = ?, progress_total = ? WHERE account_id = ? AND channel = ?').run(fetched, total, accountId, channel);
  }

  /** Stored in the same transaction as the rows it covers (callers wrap both). */
  setWatermark(accountId: number, channel: Channel, watermark: string) {
    this.sqlite.prepare('UPDATE sync_state SET watermark = ? WHERE account_id = ? AND channel = ?').run(watermark, accountId, channel);
  }

  setCursor(accountId: number, channel: Channel, cursor: string) {
    this.sqlite.prepare('UPDATE sync_state SET cursor = ? WHERE account_id = ? AND channel = ?').run(cursor, accountId, channel);
  }

  /**
   * Reviews and questions: how many items WB counts that the last complete pass could not fetch
   * (broken items), so a known gap does not force a repair pass every run. Kept in `cursor`,
   * which only the chat channel uses otherwise.
   */
  unfetchable(accountId: number, channel: Channel): number {
    try {
      const value = (JSON.parse(this.state(accountId, channel)?.cursor ?? '{}') as { unfetchable?: unknown }).unfetchable;
      return typeof value === 'number' && value > 0 ? value : 0;
    } catch {
      return 0;
    }
  }

  setUnfetchable(accountId: number, channel: Channel, count: number) {
    this.setCursor(accountId, channel, JSON.stringify({ unfetchable: count }));
  }

  resetPosition(accountId: number, channel: Channel) {
    this.sqlite.prepare('UPDATE sync_state SET watermark = NULL WHERE account_id = ? AND channel = ?').run(accountId, channel);
  }

  finish(runId: number, accountId: number, channel: Channel, now: string, startedMs: number, counters: RunCounters, error: { reason: SyncErrorReason; message: CoreMessage } | null) {
    const duration = Math.max(0, Date.parse(now) - startedMs);
    this.sqlite
      .prepare(
        `UPDATE sync_runs SET finished_at = ?, outcome = ?, requests = ?, fetched = ?, created = ?, updated = ?, skipped = ?, errors = ?, rate_limited = ?, duration_ms = ?, error_reason = ? WHERE id = ?`,
      )
      .run(now, error ? 'error' : 'ok', counters.requests, counters.fetched, counters.created, counters.updated, counters.skipped, counters.errors, counters.rateLimited, duration, error?.reason ?? null, runId);
    if (error)
      this.sqlite
        .prepare(`UPDATE sync_state SET status = 'error', status_reason = ?, last_error = ?, status_changed_at = ?, last_sync_at = ? WHERE account_id = ? AND channel = ?`)
        .run(error.reason, encodeMessage(error.message), now, now, accountId, channel);
    else
      this.sqlite
        .prepare(`UPDATE sync_state SET status = 'idle', status_reason = NULL, last_error = NULL, status_changed_at = ?, last_sync_at = ?, last_success_at = ? WHERE account_id = ? AND channel = ?`)
        .run(now, now, now, accountId, channel);
  }

  /**
   * A `syncing` left behind by a crash or a hang becomes `error`, never `syncing` forever
   * (DESIGN §4). Runs still marked running are closed as errors too.
   */
  expireStale(accountId: number, now: Date, timeoutMs: number) {
    const cutoff = new Date(now.getTime() - timeoutMs).toISOString();
    const stamp = now.toISOString();
    this.sqlite
      .prepare(
        `UPDATE sync_state SET status = 'error', status_reason = 'sync_timeout', last_error = ?, status_changed_at = ?
         WHERE account_id = ? AND status = 'syncing' AND (status_changed_at IS NULL OR status_changed_at < ?)`,
      )
      .run(encodeMessage(coreMessage('sync_timeout')), stamp, accountId, cutoff);
    this.sqlite
      .prepare(`UPDATE sync_runs SET outcome = 'error', finished_at = ?, error_reason = 'sync_timeout' WHERE account_id = ? AND outcome = 'running' AND started_at < ?`)
      .run(stamp, accountId, cutoff);
  }
}
