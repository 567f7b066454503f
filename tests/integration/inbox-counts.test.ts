import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import type { Core } from '../../src-main/core/core';
import { openDatabase } from '../../src-main/core/db/database';
import type { SqlRunner } from '../../src-main/core/db/sql-runner';
import { CHANNELS, INBOX_CHANNELS, type Channel, type InboxCounts } from '../../src-shared/domain/interaction';
import type { InboxPage } from '../../src-shared/ipc/contract';
import { generateInbox } from '../bench/generate';
import { useTempDirs } from '../helpers/temp-dir';
import { startSyncEnv, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();
const NOW = new Date();

function addAccounts(db: SqlRunner, names: string[]): number[] {
  const stamp = NOW.toISOString();
  return names.map(
    (name) =>
      db.get(db.build.insertInto('accounts').values({ name, created_at: stamp, updated_at: stamp }).returning('id'))!
        .id,
  );
}

/** count(*) over the interactions themselves: what the kept counts must equal. */
function counted(db: SqlRunner, accountId: number, channel?: Channel, needsResponse?: boolean): number {
  let query = db.build
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId);
  if (channel) query = query.where('channel', '=', channel);
  if (needsResponse !== undefined) query = query.where('needs_response', '=', needsResponse ? 1 : 0);
  return Number(db.get(query)!.n);
}

/** Waiting items in an SLA state, counted the plain way (the clock-dependent part of `inbox.counts`). */
function slaCounted(db: SqlRunner, accountId: number, channel: Channel, state: 'overdue' | 'due_soon'): number {
  const row = db.get(
    db.build
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('channel', '=', channel)
      .where('needs_response', '=', 1)
      .where('sla_state', '=', state),
  );
  return Number(row?.n ?? 0);
}

/** Every filter combination of every account: the list total and `inbox.counts` against count(*). */
async function expectCountsExact(core: Core) {
  const db = core.internals.database.runner;
  const accounts = db.all(db.build.selectFrom('accounts').select('id')).map((row) => row.id);
  const call = async <T>(channel: string, input: unknown) => {
    const result = await core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  let checked = 0;
  for (const accountId of accounts) {
    for (const channel of [undefined, ...CHANNELS])
      for (const needsResponse of [undefined, true, false]) {
        const expected = counted(db, accountId, channel, needsResponse);
        // limit 1: a full first page, so the total comes from the kept counts (a short page counts itself).
        for (const page of [
          { limit: 1, offset: 0 },
          { limit: 100, offset: 0 },
          { limit: 10, offset: 100_000 },
        ]) {
          const list = await call<InboxPage>('inbox.list', { accountId, channel, needsResponse, ...page });
          expect(list.total, JSON.stringify({ accountId, channel, needsResponse, ...page })).toBe(expected);
        }
        checked += expected;
      }
    // The per-queue counts (issue 11) are checked in inbox-queues.test.ts.
    const { queues: _queues, ...counts } = await call<InboxCounts & { queues: unknown }>('inbox.counts', { accountId });
    expect(counts).toEqual(
      Object.fromEntries(
        // Avito's channel too (migration 0018): counted like the others, none in a WB shop.
        INBOX_CHANNELS.map((channel) => [
          channel,
          {
            total: counted(db, accountId, channel as Channel),
            needs_response: counted(db, accountId, channel as Channel, true),
            overdue: slaCounted(db, accountId, channel as Channel, 'overdue'),
            due_soon: slaCounted(db, accountId, channel as Channel, 'due_soon'),
          },
        ]),
      ),
    );
  }
  // Nothing is kept for rows that are gone (a removed account leaves no counts behind).
  const kept = db.all(
    db.build.selectFrom('inbox_counts').select(['account_id', 'channel', 'needs_response', 'n']).where('n', '>', 0),
  );
  const grouped = db.all(
    db.build
      .selectFrom('interactions')
      .select(['account_id', 'channel', 'needs_response', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['account_id', 'channel', 'needs_response']),
  );
  const key = (row: { account_id: number; channel: string; needs_response: number }) =>
    `${row.account_id}/${row.channel}/${row.needs_response}`;
  expect(new Map(kept.map((row) => [key(row), row.n]))).toEqual(new Map(grouped.map((row) => [key(row), row.n])));
  expect(
    db.all(db.build.selectFrom('inbox_counts').select('account_id').where('account_id', 'not in', accounts)),
  ).toEqual([]);
  return checked;
}

describe('kept inbox counts (migration 0010)', () => {
  it('equal count(*) for every filter after inserts, updates, a sync, deletes and an account removal', async () => {
    const env = await startSyncEnv(tempDir(), { reviews: 120, questions: 40, chats: 8 });
    open.push(env);
    const { core, sim } = env;
    const db = core.internals.database.runner;

    // Inserts: a real sync of the simulator's shop, and two generated shops.
    expect((await env.sync()).ok).toBe(true);
    const [big, small] = addAccounts(db, ['Big', 'Small']) as [number, number];
    const generated = generateInbox(db, { items: 1_500, accountIds: [big, small], now: NOW, seed: 3 });
    expect(generated.chats).toBeGreaterThan(0);
    expect(await expectCountsExact(core)).toBeGreaterThan(1_500);

    // Updates: needs_response flips both ways, other columns change, an update that flips nothing.
    const pick = (needs: 0 | 1, n: number) =>
      db
        .all(
          db.build
            .selectFrom('interactions')
            .select('id')
            .where('account_id', '=', big)
            .where('needs_response', '=', needs)
            .orderBy('id')
            .limit(n),
        )
        .map((row) => row.id);
    const waiting = pick(1, 40);
    const answered = pick(0, 60);
    db.run(
      db.build.updateTable('interactions').set({ needs_response: 0, status: 'responded' }).where('id', 'in', waiting),
    );
    db.run(db.build.updateTable('interactions').set({ needs_response: 1, status: 'open' }).where('id', 'in', answered));
    db.run(
      db.build.updateTable('interactions').set({ text: 'changed', needs_response: 1 }).where('id', 'in', answered),
    );
    db.run(db.build.updateTable('interactions').set({ priority: 'urgent' }).where('account_id', '=', small));
    await expectCountsExact(core);

    // More generated items (chat messages flip chats through the writer), then an incremental sync of new items and answers.
    generated.shops[0]!.write(300, NOW.getTime() - 86_400_000, NOW.getTime());
    sim.control.addReviews(7);
    sim.control.addChatMessages(3, 2);
    expect((await env.sync()).ok).toBe(true);
    await expectCountsExact(core);

    // Deletes: single rows, then a whole account (its interactions cascade).
    db.run(db.build.deleteFrom('interactions').where('id', 'in', [...waiting.slice(0, 10), ...answered.slice(0, 15)]));
    await expectCountsExact(core);
    db.run(db.build.deleteFrom('accounts').where('id', '=', small));
    expect(counted(db, small)).toBe(0);
    await expectCountsExact(core);
  });

  it('are backfilled from the interactions already stored when the migration runs', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    const before = migrations.findIndex((migration) => migration.name === '0010-inbox-counts');
    const old = await openDatabase(file, { migrations: migrations.slice(0, before) });
    const accounts = addAccounts(old.runner, ['One', 'Two']);
    generateInbox(old.runner, { items: 800, accountIds: accounts, now: NOW, seed: 5 });
    await old.close();

    const migrated = await openDatabase(file);
    const counts = migrated.runner.all(
      migrated.runner.build
        .selectFrom('inbox_counts')
        .select(['account_id', 'channel', 'needs_response', 'n'])
        .orderBy('account_id')
        .orderBy('channel')
        .orderBy('needs_response'),
    );
    const grouped = migrated.runner.all(
      migrated.runner.build
        .selectFrom('interactions')
        .select(['account_id', 'channel', 'needs_response', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['account_id', 'channel', 'needs_response'])
        .orderBy('account_id')
        .orderBy('channel')
        .orderBy('needs_response'),
    );
    expect(counts.reduce((sum, row) => sum + row.n, 0)).toBe(800);
    expect(counts).toEqual(grouped);
    await migrated.close();
  });
});
