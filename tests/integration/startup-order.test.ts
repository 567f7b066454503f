import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src-main/core/core';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** Interactions the background indexer has not stemmed yet (demo seeding leaves them to it). */
const pending = (core: Core) => {
  const db = core.internals.database.runner;
  return Number(db.get(db.build.selectFrom('search_pending').select((eb) => eb.fn.countAll().as('n')))!.n);
};
/** A few turns of the event loop: what the background indexer needs to take a batch. */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Event-loop turns until the background indexer has drained (or a generous bound). Not
 * vi.waitFor: under fake timers it advances them on every check, firing the core's other timers.
 */
const pendingAfterDrain = async (core: Core) => {
  for (let i = 0; i < 5_000 && pending(core) > 0; i += 1) await new Promise((resolve) => setImmediate(resolve));
  return pending(core);
};

async function seededCore() {
  const core = await makeCore(tempDir());
  const seeded = await core.call('demo.seed', {});
  if (!seeded.ok) throw new Error(JSON.stringify(seeded.error));
  const accountId = (seeded.value as { accountId: number }).accountId;
  expect(pending(core)).toBeGreaterThan(0);
  return { core, accountId };
}

describe("start-up order: the window's first rows before the background work", () => {
  afterEach(() => void vi.useRealTimers());

  it('start() holds the background passes until inbox.list and inbox.counts have been answered', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { core, accountId } = await seededCore();
    try {
      core.start({ syncIntervalMs: 3_600_000 });
      await turns();
      expect(pending(core)).toBeGreaterThan(0);
      expect((await core.call('inbox.list', { accountId, limit: 100, offset: 0 })).ok).toBe(true);
      await turns();
      // One of the two first calls is not enough.
      expect(pending(core)).toBeGreaterThan(0);
      expect((await core.call('inbox.counts', { accountId })).ok).toBe(true);
      expect(await pendingAfterDrain(core)).toBe(0);
    } finally {
      // Real timers for the close: its grace wait, and whatever a stopping part waits on, must run.
      vi.useRealTimers();
      await core.close();
    }
  });

  it('without a window asking, the background work starts on its own after the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { core } = await seededCore();
    try {
      core.start({ syncIntervalMs: 3_600_000 });
      await turns();
      expect(pending(core)).toBeGreaterThan(0);
      vi.advanceTimersByTime(2_000);
      expect(await pendingAfterDrain(core)).toBe(0);
    } finally {
      // Real timers for the close: its grace wait, and whatever a stopping part waits on, must run.
      vi.useRealTimers();
      await core.close();
    }
  });

  it('first rows answered before start(): the background work starts at once', async () => {
    const { core, accountId } = await seededCore();
    try {
      await core.call('inbox.counts', { accountId });
      await core.call('inbox.list', { accountId, limit: 100, offset: 0 });
      await turns();
      expect(pending(core)).toBeGreaterThan(0);
      core.start({ syncIntervalMs: 3_600_000 });
      await vi.waitFor(() => expect(pending(core)).toBe(0));
    } finally {
      // Real timers for the close: its grace wait, and whatever a stopping part waits on, must run.
      vi.useRealTimers();
      await core.close();
    }
  });
});
