import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SyncStatusView } from '../../src-shared/domain/sync';
import { coreMessage } from '../../src-shared/messages/catalog';
import { openDatabase } from '../../src-main/core/db/database';
import { healthAlerts } from '../../src-main/core/sync/health';
import { SyncStore, emptyCounters } from '../../src-main/core/sync/sync-store';
import { useTempDirs } from '../helpers/temp-dir';
import { openSyncCore, useOpenEnvs } from '../helpers/wb-env';
import { makeWbToken, startWbSimulator } from '../wb-sim';

const tempDir = useTempDirs();

async function withRuns(
  runs: { ok: boolean; fetched: number; errors?: number; rateLimited?: number }[],
  lastSuccessMinutesAgo: number,
) {
  const database = await openDatabase(path.join(tempDir(), 'agentiq.db'));
  const { sqlite, runner } = database;
  sqlite.prepare("INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'Shop', 'x', 'x')").run();
  const store = new SyncStore(runner);
  const now = new Date('2026-11-22T12:00:00Z');
  runs.forEach((run, index) => {
    const at = new Date(now.getTime() - (runs.length - index) * 60_000).toISOString();
    const id = store.markSyncing(1, 'review', at);
    store.finish(
      id,
      1,
      'review',
      at,
      Date.parse(at),
      { ...emptyCounters(), fetched: run.fetched, errors: run.errors ?? 0, rateLimited: run.rateLimited ?? 0 },
      run.ok ? null : { reason: 'wb_server_error', message: coreMessage('wb_server_error', { status: 500 }) },
    );
  });
  sqlite
    .prepare('UPDATE sync_state SET last_success_at = ?')
    .run(new Date(now.getTime() - lastSuccessMinutesAgo * 60_000).toISOString());
  const alerts = healthAlerts(runner, 1, ['review'], now).map((a) => a.kind);
  await database.close();
  return alerts;
}

describe('sync health alerts from sync_runs', () => {
  it('none for a healthy recent history', async () => {
    expect(
      await withRuns(
        [
          { ok: true, fetched: 10 },
          { ok: true, fetched: 3 },
          { ok: true, fetched: 1 },
        ],
        1,
      ),
    ).toEqual([]);
  });
  it('stale after 15 minutes without success', async () => {
    expect(await withRuns([{ ok: true, fetched: 5 }], 16)).toEqual(['stale']);
  });
  it('error rate above 20 % of recent runs', async () => {
    expect(
      await withRuns(
        [
          { ok: true, fetched: 5 },
          { ok: false, fetched: 0 },
          { ok: true, fetched: 2 },
          { ok: true, fetched: 2 },
        ],
        1,
      ),
    ).toEqual(['error_rate']);
  });
  it('repeated 429 in the last three runs', async () => {
    expect(
      await withRuns(
        [1, 2, 3].map(() => ({ ok: true, fetched: 4, rateLimited: 2 })),
        1,
      ),
    ).toEqual(['repeated_429']);
  });
  it('a zero-fetch streak of five runs', async () => {
    expect(
      await withRuns(
        [1, 2, 3, 4, 5].map(() => ({ ok: true, fetched: 0 })),
        1,
      ),
    ).toEqual(['zero_fetch_streak']);
  });
});

describe('a syncing status that never ends', () => {
  const open = useOpenEnvs();

  it('becomes sync_timeout when a dead process left it; a live run that waits long stays syncing', async () => {
    const sim = await startWbSimulator({ seed: 3, reviews: 20, questions: 5, chats: 2, limits: false });
    let now = Date.now();
    const core = await openSyncCore(tempDir(), sim, makeWbToken(), () => new Date(now));
    open.push({ sim, core });
    const accountId = core.internals.envAccount()!.id;
    const chatStatus = async () => {
      const result = await core.call('sync.status', { accountId });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return (result.value as SyncStatusView).channels.find((c) => c.channel === 'chat')!;
    };

    // The chat list hangs for a while: the run is alive, only slow.
    sim.control.inject({ match: '/api/v1/seller/chats', timeoutMs: 1_500 });
    const running = core.call('sync.run', { accountId });
    await vi.waitFor(async () => expect((await chatStatus()).status).toBe('syncing'));
    now += 31 * 60_000;
    expect(await chatStatus()).toMatchObject({ status: 'syncing', reason: null });
    expect((await running).ok).toBe(true);
    expect((await chatStatus()).status).toBe('idle');

    // What a killed process leaves behind: `syncing` with nobody running it.
    core.internals.database.sqlite
      .prepare(
        "UPDATE sync_state SET status = 'syncing', status_changed_at = ? WHERE account_id = ? AND channel = 'chat'",
      )
      .run(new Date(now - 31 * 60_000).toISOString(), accountId);
    expect(await chatStatus()).toMatchObject({ status: 'error', reason: 'sync_timeout' });
  }, 30_000);
});
