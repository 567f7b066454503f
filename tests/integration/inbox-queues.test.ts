import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { SqlRunner } from '../../src-main/core/db/sql-runner';
import { keysetPageQuery, offsetPageQuery } from '../../src-main/core/inbox/inbox-queues';
import {
  CHANNELS,
  INBOX_QUEUES,
  INBOX_SORTS,
  type Channel,
  type InboxQueue,
  type InboxSort,
} from '../../src-shared/domain/interaction';
import type { InboxCountsView, InboxPage, ShopCount } from '../../src-shared/ipc/contract';
import { generateInbox } from '../bench/generate';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = new Date('2026-03-10T12:00:00.000Z');
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

interface Row {
  id: number;
  account_id: number;
  channel: Channel;
  needs_response: number;
  sla_rank: number;
  priority_rank: number;
  sla_due_at: string | null;
  occurred_at: string;
  reply_state: string;
  snoozed_until: string | null;
}

const WAITING = ['queued', 'sending', 'sent_pending'];
const now = NOW.toISOString();
const snoozed = (row: Row) => row.snoozed_until !== null && row.snoozed_until > now;
const resurfaced = (row: Row) => row.snoozed_until !== null && row.snoozed_until <= now;

/** The queue definitions of src-shared/domain/interaction.ts, written out plainly. */
function inQueue(row: Row, queue: InboxQueue | undefined): boolean {
  if (queue === 'snoozed') return snoozed(row);
  if (snoozed(row)) return false;
  const waiting = row.needs_response === 1;
  switch (queue) {
    case undefined:
      return true;
    case 'urgent':
      return waiting && (row.sla_rank === 0 || row.priority_rank === 0);
    case 'due_soon':
      return waiting && row.sla_rank === 1;
    case 'unanswered':
      return waiting && ['none', 'failed', 'conflict'].includes(row.reply_state);
    case 'waiting_wb':
      return WAITING.includes(row.reply_state);
    case 'done':
      return !waiting;
    case 'bot':
    case 'manager':
      // These rows are WB's: no Avito chat, no mode.
      return false;
  }
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
/** NULL due times: first in the priority order (as SQLite sorts them), last in the SLA order. */
const ORDER: Record<InboxSort, (a: Row, b: Row) => number> = {
  priority: (a, b) =>
    b.needs_response - a.needs_response ||
    a.sla_rank - b.sla_rank ||
    a.priority_rank - b.priority_rank ||
    cmp(a.sla_due_at ?? '', b.sla_due_at ?? '') ||
    cmp(b.occurred_at, a.occurred_at) ||
    a.id - b.id,
  sla: (a, b) =>
    b.needs_response - a.needs_response ||
    cmp(a.sla_due_at ?? '~', b.sla_due_at ?? '~') ||
    cmp(b.occurred_at, a.occurred_at) ||
    a.id - b.id,
  newest: (a, b) => cmp(b.occurred_at, a.occurred_at) || a.id - b.id,
};

/** The expected list: filtered, resurfaced first (priority and SLA orders), then in order. */
function expected(
  rows: Row[],
  filter: { accountId?: number; channel?: Channel; queue?: InboxQueue; sort?: InboxSort },
): number[] {
  const sort = filter.sort ?? 'priority';
  const kept = rows.filter(
    (row) =>
      (filter.accountId === undefined || row.account_id === filter.accountId) &&
      (filter.channel === undefined || row.channel === filter.channel) &&
      inQueue(row, filter.queue),
  );
  const first = sort === 'newest' || filter.queue === 'snoozed' ? [] : kept.filter(resurfaced);
  const rest = kept.filter((row) => !first.includes(row));
  return [...first.sort(ORDER[sort]), ...rest.sort(ORDER[sort])].map((row) => row.id);
}

async function setup() {
  const core = await makeCore(tempDir(), () => NOW);
  cores.push(core);
  const db = core.internals.database.runner;
  const stamp = NOW.toISOString();
  const [big, small] = ['Big', 'Small'].map(
    (name) =>
      db.get(db.build.insertInto('accounts').values({ name, created_at: stamp, updated_at: stamp }).returning('id'))!
        .id,
  ) as [number, number];
  generateInbox(db, { items: 700, accountIds: [big, small], now: NOW, seed: 11 });
  // Bring every row's SLA state to the clock (the list calls do this too).
  await call(core, 'inbox.counts', {});
  const ids = (where: (q: ReturnType<typeof pick>) => ReturnType<typeof pick>, n: number) =>
    db.all(where(pick(db)).orderBy('id').limit(n)).map((row) => row.id);
  const set = (ids: number[], values: Record<string, unknown>) =>
    db.run(db.build.updateTable('interactions').set(values).where('id', 'in', ids));
  // Replies on their way, snoozed items ahead and run out, in both shops and several states.
  set(
    ids((q) => q.where('needs_response', '=', 1).where('account_id', '=', big), 12),
    { reply_state: 'sent_pending' },
  );
  set(
    ids((q) => q.where('needs_response', '=', 1).where('account_id', '=', small), 3),
    { reply_state: 'queued' },
  );
  set(
    ids((q) => q.where('needs_response', '=', 1).where('reply_state', '=', 'none'), 5),
    { reply_state: 'failed' },
  );
  set(
    ids((q) => q.where('needs_response', '=', 1).where('sla_rank', '=', 0), 6),
    {
      snoozed_until: '2026-03-11T09:00:00.000Z',
    },
  );
  set(
    ids((q) => q.where('needs_response', '=', 0).where('account_id', '=', small), 3),
    {
      snoozed_until: '2026-03-12T09:00:00.000Z',
    },
  );
  set(
    ids((q) => q.where('needs_response', '=', 1).where('sla_rank', '=', 2), 4),
    {
      snoozed_until: '2026-03-10T11:00:00.000Z',
    },
  );
  set(
    ids((q) => q.where('needs_response', '=', 0).where('account_id', '=', small).where('snoozed_until', 'is', null), 2),
    {
      snoozed_until: now,
    },
  );
  const rows = db.all(
    db.build
      .selectFrom('interactions')
      .select([
        'id',
        'account_id',
        'channel',
        'needs_response',
        'sla_rank',
        'priority_rank',
        'sla_due_at',
        'occurred_at',
        'reply_state',
        'snoozed_until',
      ]),
  ) as Row[];
  return { core, db, big, small, rows };
}

const pick = (db: SqlRunner) => db.build.selectFrom('interactions').select('id');

async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const result = await core.call(channel, input);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

/** Every page by cursor, then every page by offset. */
async function pageAll(core: Core, input: Record<string, unknown>, limit: number) {
  const byCursor: number[] = [];
  let cursor: string | null | undefined;
  let total = -1;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await call<InboxPage>(core, 'inbox.list', { ...input, limit, ...(cursor ? { cursor } : {}) });
    byCursor.push(...page.items.map((item) => item.id));
    total = page.total;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const byOffset: number[] = [];
  for (let offset = 0; offset < total + limit; offset += limit) {
    const page = await call<InboxPage>(core, 'inbox.list', { ...input, limit, offset });
    byOffset.push(...page.items.map((item) => item.id));
    if (page.items.length < limit) break;
  }
  return { byCursor, byOffset, total };
}

describe('inbox queues, orders and keyset pages (issue 11)', () => {
  it('each queue holds exactly its items, in each order, by cursor and by offset, per shop and for all shops', async () => {
    const { core, big, small, rows } = await setup();
    expect(rows.filter(resurfaced).length).toBeGreaterThan(0);
    let checked = 0;
    for (const accountId of [big, small, undefined])
      for (const queue of [undefined, ...INBOX_QUEUES])
        for (const sort of INBOX_SORTS) {
          const filter = { accountId, queue, sort };
          const want = expected(rows, filter);
          const got = await pageAll(core, filter, 37);
          const label = JSON.stringify(filter);
          expect(got.byCursor, label).toEqual(want);
          expect(got.byOffset, label).toEqual(want);
          expect(got.total, label).toBe(want.length);
          checked += want.length;
        }
    // With a channel too (one order is enough: the filter is the same in every order).
    for (const channel of CHANNELS)
      for (const queue of [undefined, 'unanswered', 'snoozed'] as const) {
        const filter = { channel, queue };
        const want = expected(rows, filter);
        const got = await pageAll(core, filter, 50);
        expect(got.byCursor, JSON.stringify(filter)).toEqual(want);
        expect(got.total, JSON.stringify(filter)).toBe(want.length);
      }
    expect(checked).toBeGreaterThan(3000);
  });

  it('snoozed items are hidden from the default list; run-out ones come first and carry snoozedUntil', async () => {
    const { core, big, rows } = await setup();
    const page = await call<InboxPage>(core, 'inbox.list', { accountId: big, limit: 100 });
    const hidden = new Set(rows.filter(snoozed).map((row) => row.id));
    expect(page.items.some((item) => hidden.has(item.id))).toBe(false);
    const back = rows.filter((row) => row.account_id === big && resurfaced(row)).length;
    expect(back).toBeGreaterThan(0);
    expect(page.items.slice(0, back).every((item) => item.snoozedUntil !== null && item.snoozedUntil <= now)).toBe(
      true,
    );
  });

  it('the list without a queue or cursor keeps today’s order (the CLI’s `agentiq inbox`)', async () => {
    const { core, big, rows } = await setup();
    const kept = rows.filter((row) => row.account_id === big && !snoozed(row));
    // Without snoozed rows in play: the priority order, resurfaced ones aside.
    const plain = kept.filter((row) => row.snoozed_until === null).sort(ORDER.priority);
    const page = await call<InboxPage>(core, 'inbox.list', { accountId: big, limit: 500 });
    expect(page.items.filter((item) => item.snoozedUntil === null).map((item) => item.id)).toEqual(
      plain.slice(0, page.items.filter((item) => item.snoozedUntil === null).length).map((row) => row.id),
    );
  });

  it('counts per queue and per shop equal the lists', async () => {
    const { core, big, small, rows } = await setup();
    for (const accountId of [big, small, undefined])
      for (const channel of [undefined, ...CHANNELS]) {
        const counts = await call<InboxCountsView>(core, 'inbox.counts', { accountId, channel });
        for (const queue of INBOX_QUEUES)
          expect(counts.queues[queue], JSON.stringify({ accountId, channel, queue })).toBe(
            expected(rows, { accountId, channel, queue }).length,
          );
      }
    const all = await call<InboxCountsView>(core, 'inbox.counts', {});
    const perShop = await Promise.all(
      [big, small].map((accountId) => call<InboxCountsView>(core, 'inbox.counts', { accountId })),
    );
    for (const channel of CHANNELS)
      expect(all[channel].total).toBe(perShop.reduce((sum, counts) => sum + counts[channel].total, 0));
    const shops = await call<ShopCount[]>(core, 'inbox.shopCounts', {});
    expect(shops).toEqual(
      [big, small].map((accountId) => ({
        accountId,
        waiting: rows.filter((row) => row.account_id === accountId && row.needs_response === 1 && !snoozed(row)).length,
      })),
    );
  });

  it('each row counts its linked items, rejected links aside', async () => {
    const { core, db, big } = await setup();
    const page = await call<InboxPage>(core, 'inbox.list', { accountId: big, limit: 4 });
    const [a, b, c, d] = page.items.map((item) => item.id) as [number, number, number, number];
    const link = (aId: number, bId: number, decision: 'confirmed' | 'rejected' | null) =>
      db.run(
        db.build.insertInto('link_candidates').values({
          a_id: aId,
          b_id: bId,
          kind: 'probabilistic',
          confidence: 0.7,
          created_at: now,
          decision,
        }),
      );
    link(a, b, 'confirmed');
    link(c, a, null);
    link(a, d, 'rejected');
    const again = await call<InboxPage>(core, 'inbox.list', { accountId: big, limit: 4 });
    expect(again.items.map((item) => [item.id, item.linkedCount])).toEqual([
      [a, 2],
      [b, 1],
      [c, 1],
      [d, 0],
    ]);
  });

  it('a bad cursor is refused with invalid_input', async () => {
    const { core, big } = await setup();
    const first = await call<InboxPage>(core, 'inbox.list', { accountId: big, limit: 5 });
    for (const cursor of ['nonsense', first.nextCursor!]) {
      const result = await core.call('inbox.list', { accountId: big, sort: 'newest', cursor, limit: 5 });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_input');
    }
  });

  it('a keyset page seeks its order’s index by a row-value comparison, never sorting the list', async () => {
    const { core, big } = await setup();
    const database = core.internals.database;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ accountId: big }, /SEARCH interactions USING INDEX interactions_sort_priority \(account_id=\? AND/],
      [{}, /SEARCH interactions USING INDEX interactions_sort_priority_all \(snoozed_until=\? AND sort_priority>\?\)/],
      [{ accountId: big, sort: 'sla' }, /USING INDEX interactions_sort_sla \(account_id=\? AND/],
      [{ sort: 'sla' }, /USING INDEX interactions_sort_sla_all/],
      [{ accountId: big, sort: 'newest' }, /USING INDEX interactions_sort_newest \(account_id=\? AND/],
      [{ sort: 'newest' }, /USING INDEX interactions_sort_newest_all/],
      [{ accountId: big, channel: 'chat', queue: 'unanswered' }, /USING INDEX interactions_sort_priority \(/],
      [{ queue: 'done', sort: 'sla' }, /USING INDEX interactions_sort_sla_all/],
    ];
    // The few-row queues come from their partial index (an id list), sorted.
    const fewRows: [Record<string, unknown>, RegExp][] = [
      [{ accountId: big, queue: 'waiting_wb' }, /SCAN interactions USING INDEX interactions_reply_waiting/],
      [{ queue: 'waiting_wb', sort: 'newest' }, /SCAN interactions USING INDEX interactions_reply_waiting/],
      [
        { accountId: big, queue: 'snoozed' },
        /USING COVERING INDEX interactions_snoozed \(account_id=\? AND snoozed_until>\?/,
      ],
      [
        { queue: 'snoozed', sort: 'sla' },
        /USING COVERING INDEX interactions_snoozed \(account_id=\? AND snoozed_until>\?/,
      ],
    ];
    for (const [input, pattern] of fewRows) {
      const compiled = keysetPageQuery(
        database.runner,
        { limit: 100, offset: 0, ...input },
        now,
        '0',
        5,
        100,
      ).compile();
      const plan = database.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
        .all(...(compiled.parameters as unknown[]))
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
      expect(plan, JSON.stringify(input)).toMatch(pattern);
      expect(plan, JSON.stringify(input)).toMatch(/SEARCH interactions USING INTEGER PRIMARY KEY/);
    }
    for (const [input, pattern] of cases) {
      const compiled = keysetPageQuery(
        database.runner,
        { limit: 100, offset: 0, ...input },
        now,
        '0',
        5,
        100,
      ).compile();
      const plan = database.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
        .all(...(compiled.parameters as unknown[]))
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
      expect(plan, JSON.stringify(input)).toMatch(pattern);
      expect(plan, JSON.stringify(input)).not.toMatch(/USE TEMP B-TREE/);
    }
  });

  it('an offset jump tests snooze, queue and channel on the order’s index entries, never sorting', async () => {
    const { core, big } = await setup();
    const database = core.internals.database;
    const plan = (input: Record<string, unknown>) => {
      const compiled = offsetPageQuery(database.runner, { limit: 50, offset: 0, ...input }, now, 400, 50).compile();
      return database.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
        .all(...(compiled.parameters as unknown[]))
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
    };
    // Every column a page's WHERE tests, besides the shop and the key (migration 0017).
    const filters = ['snoozed_until', 'channel', 'needs_response', 'sla_rank', 'priority_rank'];
    let checked = 0;
    for (const accountId of [big, undefined])
      for (const sort of INBOX_SORTS)
        for (const extra of [
          {},
          { queue: 'done' },
          { queue: 'urgent' },
          { queue: 'due_soon' },
          { channel: 'review' },
        ]) {
          const input = { accountId, sort, ...extra };
          const text = plan(input);
          const index = /USING INDEX (interactions_sort_\w+)/.exec(text)?.[1];
          expect(index, JSON.stringify(input)).toBe(
            `interactions_sort_${sort}${accountId === undefined ? '_all' : ''}`,
          );
          // Priority and SLA orders seek past the snoozed rows; newest first tests them on the entry.
          if (sort !== 'newest') expect(text, JSON.stringify(input)).toMatch(/snoozed_until=\?/);
          expect(text, JSON.stringify(input)).not.toMatch(/USE TEMP B-TREE/);
          const columns = database.sqlite
            .prepare(`SELECT name FROM pragma_index_info(?)`)
            .all(index)
            .map((row) => (row as { name: string }).name);
          expect(columns, index).toEqual(expect.arrayContaining(filters));
          checked += 1;
        }
    expect(checked).toBe(30);
  });
});
