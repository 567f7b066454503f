import type { InboxChannel as Channel } from '../../../src-shared/domain/interaction';
import type { SyncErrorReason } from '../../../src-shared/domain/sync';
import type { Updateable } from 'kysely';
import type { SyncStateTable } from '../db/schema';
import type { PreparedQuery, SqlRunner } from '../db/sql-runner';
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

export const emptyCounters = (): RunCounters => ({
  requests: 0,
  fetched: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  errors: 0,
  rateLimited: 0,
});

/**
 * sync_state and sync_runs: the per-channel status the UI shows and the history health alerts read.
 * `status_reason` / `error_reason` hold the reason code; `last_error` the message (JSON, src-shared/messages/stored.ts).
 */
export class SyncStore {
  /** Per page or slice of a run: compiled once. */
  private readonly setProgress: PreparedQuery<
    { accountId: number; channel: Channel; fetched: number; total: number | null },
    unknown
  >;
  private readonly setPosition: {
    [K in 'watermark' | 'cursor']: PreparedQuery<{ accountId: number; channel: Channel; value: string }, unknown>;
  };

  constructor(private readonly db: SqlRunner) {
    const forChannel = (p: { accountId: number; channel: Channel }) =>
      db.build.updateTable('sync_state').where('account_id', '=', p.accountId).where('channel', '=', p.channel);
    this.setProgress = db.prepare((p: { accountId: number; channel: Channel; fetched: number; total: number | null }) =>
      forChannel(p).set({ progress_fetched: p.fetched, progress_total: p.total }),
    );
    this.setPosition = {
      watermark: db.prepare((p: { accountId: number; channel: Channel; value: string }) =>
        forChannel(p).set({ watermark: p.value }),
      ),
      cursor: db.prepare((p: { accountId: number; channel: Channel; value: string }) =>
        forChannel(p).set({ cursor: p.value }),
      ),
    };
  }

  state(accountId: number, channel: Channel) {
    return this.db.get(
      this.db.build
        .selectFrom('sync_state')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('channel', '=', channel),
    );
  }

  ensure(accountId: number, channel: Channel) {
    this.db.run(
      this.db.build
        .insertInto('sync_state')
        .values({ account_id: accountId, channel })
        .onConflict((oc) => oc.doNothing()),
    );
  }

  markSyncing(accountId: number, channel: Channel, now: string): number {
    this.ensure(accountId, channel);
    this.updateState(accountId, channel, {
      status: 'syncing',
      status_reason: null,
      status_changed_at: now,
      progress_fetched: 0,
      progress_total: null,
    });
    return Number(
      this.db.run(this.db.build.insertInto('sync_runs').values({ account_id: accountId, channel, started_at: now }))
        .lastInsertRowid,
    );
  }

  progress(accountId: number, channel: Channel, fetched: number, total: number | null) {
    this.setProgress.run({ accountId, channel, fetched, total });
  }

  /** Stored in the same transaction as the rows it covers (callers wrap both). */
  setWatermark(accountId: number, channel: Channel, watermark: string) {
    this.setPosition.watermark.run({ accountId, channel, value: watermark });
  }

  setCursor(accountId: number, channel: Channel, cursor: string) {
    this.setPosition.cursor.run({ accountId, channel, value: cursor });
  }

  /**
   * Reviews and questions: how many items WB counts that the last complete pass could not fetch
   * (broken items), so a known gap does not force a repair pass every run. Kept in `cursor`,
   * which only the chat channel uses otherwise.
   */
  unfetchable(accountId: number, channel: Channel): number {
    try {
      const value = (JSON.parse(this.state(accountId, channel)?.cursor ?? '{}') as { unfetchable?: unknown })
        .unfetchable;
      return typeof value === 'number' && value > 0 ? value : 0;
    } catch {
      return 0;
    }
  }

  setUnfetchable(accountId: number, channel: Channel, count: number) {
    this.setCursor(accountId, channel, JSON.stringify({ unfetchable: count }));
  }

  finish(
    runId: number,
    accountId: number,
    channel: Channel,
    now: string,
    startedMs: number,
    counters: RunCounters,
    error: { reason: SyncErrorReason; message: CoreMessage } | null,
  ) {
    const duration = Math.max(0, Date.parse(now) - startedMs);
    this.db.run(
      this.db.build
        .updateTable('sync_runs')
        .set({
          finished_at: now,
          outcome: error ? 'error' : 'ok',
          requests: counters.requests,
          fetched: counters.fetched,
          created: counters.created,
          updated: counters.updated,
          skipped: counters.skipped,
          errors: counters.errors,
          rate_limited: counters.rateLimited,
          duration_ms: duration,
          error_reason: error?.reason ?? null,
        })
        .where('id', '=', runId),
    );
    if (error)
      this.updateState(accountId, channel, {
        status: 'error',
        status_reason: error.reason,
        last_error: encodeMessage(error.message),
        status_changed_at: now,
        last_sync_at: now,
      });
    else
      this.updateState(accountId, channel, {
        status: 'idle',
        status_reason: null,
        last_error: null,
        status_changed_at: now,
        last_sync_at: now,
        last_success_at: now,
      });
  }

  /**
   * A `syncing` left behind by a crash or a hang becomes `error`, never `syncing` forever
   * (DESIGN §4). Runs still marked running are closed as errors too.
   */
  expireStale(accountId: number, now: Date, timeoutMs: number) {
    const cutoff = new Date(now.getTime() - timeoutMs).toISOString();
    const stamp = now.toISOString();
    this.db.run(
      this.db.build
        .updateTable('sync_state')
        .set({
          status: 'error',
          status_reason: 'sync_timeout',
          last_error: encodeMessage(coreMessage('sync_timeout')),
          status_changed_at: stamp,
        })
        .where('account_id', '=', accountId)
        .where('status', '=', 'syncing')
        .where((eb) => eb.or([eb('status_changed_at', 'is', null), eb('status_changed_at', '<', cutoff)])),
    );
    this.db.run(
      this.db.build
        .updateTable('sync_runs')
        .set({ outcome: 'error', finished_at: stamp, error_reason: 'sync_timeout' })
        .where('account_id', '=', accountId)
        .where('outcome', '=', 'running')
        .where('started_at', '<', cutoff),
    );
  }

  private updateState(accountId: number, channel: Channel, changes: Updateable<SyncStateTable>) {
    this.db.run(
      this.db.build
        .updateTable('sync_state')
        .set(changes)
        .where('account_id', '=', accountId)
        .where('channel', '=', channel),
    );
  }
}
