import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import type { Core } from '../../src-main/core/core';
import { openDatabase } from '../../src-main/core/db/database';
import type { NewInteraction } from '../../src-main/core/db/schema';
import type { InboxCounts, InteractionSummary } from '../../src-shared/domain/interaction';
import { allDayEveryDay } from '../../src-shared/domain/working-hours';
import type { InboxPage } from '../../src-shared/ipc/contract';
import type { PushEvents } from '../../src-shared/ipc/events';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';
import { startSyncEnv, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();

/** Moscow wall-clock time (UTC+3 all year). */
const msk = (local: string) => new Date(`${local.replace(' ', 'T')}:00+03:00`);

async function value<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

/** An item as sync would have stored its source fields; the SLA recompute assesses it. */
type Item = Pick<NewInteraction, 'channel' | 'external_id' | 'occurred_at'> & Partial<NewInteraction>;

/** A core on a fake clock with one shop; `at(local)` moves the clock (Moscow time). */
async function shop(start: string) {
  let now = msk(start);
  const core = await makeCore(tempDir(), () => now);
  open.push({ core });
  const db = core.internals.database.runner;
  const stamp = now.toISOString();
  const accountId = Number(
    db.run(
      db.build.insertInto('accounts').values({
        name: 'Shop',
        token_ref: null,
        token_expires_at: null,
        token_type: null,
        seller_id: null,
        created_at: stamp,
        updated_at: stamp,
      }),
    ).lastInsertRowid,
  );
  const events: PushEvents['inbox.changed'][] = [];
  core.events.subscribe((event, payload) => {
    if (event === 'inbox.changed') events.push(payload as PushEvents['inbox.changed']);
  });
  const add = (items: Item[]) =>
    db.transaction(() => {
      for (const item of items)
        db.run(
          db.build.insertInto('interactions').values({
            account_id: accountId,
            text: '',
            needs_response: 1,
            created_at: stamp,
            updated_at: stamp,
            ...item,
          }),
        );
    });
  const list = async () =>
    (await value<InboxPage>(core.call('inbox.list', { accountId, needsResponse: true, limit: 100 }))).items;
  const counts = () => value<InboxCounts>(core.call('inbox.counts', { accountId }));
  return {
    core,
    db,
    accountId,
    events,
    add,
    list,
    counts,
    at: (local: string) => {
      now = msk(local);
    },
  };
}

/** The listed item with this WB id (the test fails if it is not listed). */
const byId = (items: InteractionSummary[]) => (externalId: string) => {
  const found = items.find((item) => item.externalId === externalId);
  if (!found) throw new Error(`${externalId} is not in the list`);
  return found;
};
const reasonText = (item: InteractionSummary) =>
  item.priorityReason.map((reason) => describeMessage(reason, { now: new Date() })).join(', ');

describe('SLA that follows the clock (issue 9 item 1)', () => {
  // Default settings: Moscow, Mon–Fri 09:00–18:00, due soon one working hour before the due time.
  // 2026-12-03 is a Thursday.
  it('items go ok -> due soon -> overdue as the clock moves, with no sync; order and counts follow; a weekend pauses', async () => {
    const s = await shop('2026-12-03 10:00');
    s.add([
      // Sizing question, 4 h: due Thu 14:00, due soon from 13:00.
      {
        channel: 'question',
        external_id: 'sizing',
        occurred_at: msk('2026-12-03 10:00').toISOString(),
        intent: 'sizing_fit',
        text: 'Какой размер?',
      },
      // General question, 24 h: Thu 8 + Fri 9 + Mon 7 = due Mon 16:00, due soon from Mon 15:00.
      {
        channel: 'question',
        external_id: 'general',
        occurred_at: msk('2026-12-03 10:00').toISOString(),
        intent: 'general',
        text: 'Привет',
      },
      // General question from Wednesday: Wed 8 + Thu 9 + Fri 7 = due Fri 16:00.
      {
        channel: 'question',
        external_id: 'older',
        occurred_at: msk('2026-12-02 10:00').toISOString(),
        intent: 'general',
        text: 'Привет',
      },
      // 5★ review, 48 h: far away.
      {
        channel: 'review',
        external_id: 'fine',
        occurred_at: msk('2026-12-03 10:00').toISOString(),
        rating: 5,
        text: 'Отлично',
      },
    ]);
    expect(await s.core.internals.sla.recompute(s.accountId)).toEqual({ rows: 4 });
    expect(s.core.internals.sla.nextBoundary()).toEqual(msk('2026-12-03 13:00'));

    const table: [at: string, states: Record<string, string>, order: string[], overdue: number, dueSoon: number][] = [
      [
        '2026-12-03 10:00',
        { sizing: 'ok', general: 'ok', older: 'ok', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        0,
        0,
      ],
      [
        '2026-12-03 13:30',
        { sizing: 'due_soon', general: 'ok', older: 'ok', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        0,
        1,
      ],
      [
        '2026-12-03 14:00',
        { sizing: 'overdue', general: 'ok', older: 'ok', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        1,
        0,
      ],
      // Friday 15:30: the older general question (normal) is due soon and goes ahead of everything still ok.
      [
        '2026-12-04 15:30',
        { sizing: 'overdue', general: 'ok', older: 'due_soon', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        1,
        1,
      ],
      [
        '2026-12-04 16:00',
        { sizing: 'overdue', general: 'ok', older: 'overdue', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        2,
        0,
      ],
      // The weekend and Monday morning do not count: Sunday night the general question is still fine.
      [
        '2026-12-06 23:00',
        { sizing: 'overdue', general: 'ok', older: 'overdue', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        2,
        0,
      ],
      [
        '2026-12-07 15:00',
        { sizing: 'overdue', general: 'due_soon', older: 'overdue', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        2,
        1,
      ],
      [
        '2026-12-07 16:00',
        { sizing: 'overdue', general: 'overdue', older: 'overdue', fine: 'ok' },
        ['sizing', 'older', 'general', 'fine'],
        3,
        0,
      ],
    ];
    for (const [at, states, order, overdue, dueSoon] of table) {
      s.at(at);
      const items = await s.list();
      expect(Object.fromEntries(items.map((item) => [item.externalId, item.slaState])), at).toEqual(states);
      expect(
        items.map((item) => item.externalId),
        at,
      ).toEqual(order);
      const counts = await s.counts();
      expect(
        { overdue: counts.question.overdue + counts.review.overdue, dueSoon: counts.question.due_soon },
        at,
      ).toEqual({
        overdue,
        dueSoon,
      });
    }
    const items = byId(await s.list());
    // Overdue raises the priority one step and says so; the base reason stays.
    expect(items('sizing')).toMatchObject({ priority: 'urgent', slaDueAt: msk('2026-12-03 14:00').toISOString() });
    expect(reasonText(items('sizing'))).toBe('вопрос: размер и посадка, просрочено');
    expect(items('general')).toMatchObject({ priority: 'high', slaDueAt: msk('2026-12-07 16:00').toISOString() });
    expect(items('fine')).toMatchObject({ priority: 'low', slaState: 'ok' });
    // Every crossing was pushed to the window.
    expect(s.events.filter((event) => event.accountId === s.accountId).length).toBeGreaterThanOrEqual(6);
  });

  it('the order: overdue, then due soon, then priority, even when a due-soon item has the lower priority', async () => {
    const s = await shop('2026-12-04 15:30');
    s.add([
      // Normal, due Fri 16:00: due soon at 15:30.
      {
        channel: 'question',
        external_id: 'soon-normal',
        occurred_at: msk('2026-12-02 10:00').toISOString(),
        intent: 'general',
      },
      // High, due Mon 10:00 (Fri 3 + Mon 1): ok.
      {
        channel: 'question',
        external_id: 'ok-high',
        occurred_at: msk('2026-12-04 15:00').toISOString(),
        intent: 'sizing_fit',
      },
      // A 1★ review (urgent), due Mon (12 h): ok.
      { channel: 'review', external_id: 'ok-urgent', occurred_at: msk('2026-12-04 15:00').toISOString(), rating: 1 },
      // 5★ review from long ago: overdue, low raised to normal.
      { channel: 'review', external_id: 'late-low', occurred_at: msk('2026-11-20 10:00').toISOString(), rating: 5 },
      {
        channel: 'review',
        external_id: 'answered',
        occurred_at: msk('2026-11-20 10:00').toISOString(),
        rating: 1,
        needs_response: 0,
      },
    ]);
    await s.core.internals.sla.recompute(s.accountId);
    const page = await value<InboxPage>(s.core.call('inbox.list', { accountId: s.accountId, limit: 10 }));
    expect(page.items.map((item) => [item.externalId, item.slaState, item.priority])).toEqual([
      ['late-low', 'overdue', 'normal'],
      ['soon-normal', 'due_soon', 'normal'],
      ['ok-urgent', 'ok', 'urgent'],
      ['ok-high', 'ok', 'high'],
      ['answered', 'none', 'urgent'],
    ]);
    // toMatchObject: the per-queue counts (issue 11) are checked in inbox-queues.test.ts.
    expect(await s.counts()).toMatchObject({
      review: { total: 3, needs_response: 2, overdue: 1, due_soon: 0 },
      question: { total: 2, needs_response: 2, overdue: 0, due_soon: 1 },
      chat: { total: 0, needs_response: 0, overdue: 0, due_soon: 0 },
    });
  });

  it('tick() finds only what crossed a boundary and reports the rows it changed', async () => {
    const s = await shop('2026-12-03 10:00');
    s.add([
      { channel: 'chat', external_id: 'c1', occurred_at: msk('2026-12-03 10:00').toISOString() },
      { channel: 'chat', external_id: 'c2', occurred_at: msk('2026-12-03 11:00').toISOString() },
    ]);
    await s.core.internals.sla.recompute(s.accountId);
    const { sla } = s.core.internals;
    expect(sla.tick()).toBe(0);
    s.at('2026-12-03 11:00'); // c1 due 12:00: due soon
    expect(sla.tick()).toBe(1);
    expect(sla.tick()).toBe(0);
    s.at('2026-12-03 13:00'); // c1 overdue, c2 (due 13:00) overdue straight from ok
    expect(sla.tick()).toBe(2);
    expect(sla.nextBoundary()).toBeNull();
    const items = byId(await s.list());
    expect(items('c2')).toMatchObject({ slaState: 'overdue', priority: 'urgent' });
    expect(reasonText(items('c2'))).toBe('покупатель ждёт ответа в чате, просрочено');
  });

  it('a settings change recomputes every item in the background from its stored fields', async () => {
    const s = await shop('2026-12-03 15:00');
    s.add([
      {
        channel: 'question',
        external_id: 'sizing',
        occurred_at: msk('2026-12-03 10:00').toISOString(),
        intent: 'sizing_fit',
      },
      {
        channel: 'review',
        external_id: 'bad',
        occurred_at: msk('2026-12-03 10:00').toISOString(),
        rating: 2,
        text: 'Маломерит',
      },
    ]);
    await s.core.internals.sla.recompute(s.accountId);
    expect(byId(await s.list())('sizing')).toMatchObject({ slaState: 'overdue', priority: 'urgent' });

    // Saving another section (the renderer sends the whole document) leaves the items alone.
    s.events.length = 0;
    await value(s.core.call('settings.update', { accountId: s.accountId, patch: { pendingWindowMinutes: 60 } }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.events).toEqual([]);

    await value(s.core.call('settings.update', { accountId: s.accountId, patch: { slaHours: { sizing_fit: 8 } } }));
    // The handler started the job; this joins it (and runs one more pass) and resolves when done.
    await s.core.internals.sla.recompute(s.accountId);
    expect(s.events.some((event) => event.accountId === s.accountId && event.channels.length === 3)).toBe(true);
    // Thursday 10:00 + 8 working hours = 18:00: no longer overdue, the base priority is back.
    expect(byId(await s.list())('sizing')).toMatchObject({
      slaState: 'ok',
      priority: 'high',
      slaDueAt: msk('2026-12-03 18:00').toISOString(),
    });

    await value(
      s.core.call('settings.update', {
        accountId: s.accountId,
        patch: { workingHours: allDayEveryDay(), slaDueSoonHours: 6 },
      }),
    );
    await s.core.internals.sla.recompute(s.accountId);
    const items = byId(await s.list());
    // Around the clock: 10:00 + 8 h = 18:00 (due soon from 12:00); the 2★ review 10:00 + 12 h = 22:00, soon from 16:00.
    expect(items('sizing')).toMatchObject({ slaState: 'due_soon', slaDueAt: msk('2026-12-03 18:00').toISOString() });
    expect(items('bad')).toMatchObject({
      slaState: 'ok',
      slaDueAt: msk('2026-12-03 22:00').toISOString(),
      slaSoonAt: msk('2026-12-03 16:00').toISOString(),
    });
    expect(reasonText(items('bad'))).toBe('оценка 2★, не подошёл размер');
  });

  it('the recompute goes in chunks and leaves unchanged rows alone', async () => {
    const s = await shop('2026-12-03 15:00');
    s.add(
      Array.from({ length: 4_500 }, (_, i) => ({
        channel: 'review' as const,
        external_id: `r${i}`,
        occurred_at: msk('2026-12-03 10:00').toISOString(),
        rating: (i % 5) + 1,
      })),
    );
    expect(await s.core.internals.sla.recompute(s.accountId)).toEqual({ rows: 4_500 });
    expect(await s.core.internals.sla.recompute(s.accountId)).toEqual({ rows: 0 });
    const counts = await s.counts();
    expect(counts.review.needs_response).toBe(4_500);
  });
});

describe('old rows after migration 0008', () => {
  it('Russian reasons become codes and every row gets its SLA state at start', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'agentiq.db');
    const before = migrations.findIndex((migration) => migration.name === '0008-sla-state');
    const old = await openDatabase(file, { migrations: migrations.slice(0, before) });
    const stamp = '2026-12-03T07:00:00.000Z';
    const insertAccount = old.sqlite.prepare(
      "INSERT INTO accounts (name, created_at, updated_at) VALUES ('Shop', ?, ?)",
    );
    const accountId = Number(insertAccount.run(stamp, stamp).lastInsertRowid);
    const insert = old.sqlite.prepare(`INSERT INTO interactions
      (account_id, channel, external_id, text, rating, intent, occurred_at, needs_response, priority, priority_reason, sla_due_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    insert.run(accountId, 'review', 'r1', 'Пришло разбитым', 4, null, stamp, 1, 'high', '4★, брак', null, stamp, stamp);
    insert.run(
      accountId,
      'question',
      'q1',
      'Какой размер?',
      null,
      'sizing_fit',
      stamp,
      1,
      'high',
      'вопрос: размер и посадка',
      null,
      stamp,
      stamp,
    );
    const chatId = Number(
      insert.run(
        accountId,
        'chat',
        'c1',
        'Ещё вопрос',
        null,
        null,
        '2026-12-03T08:30:00.000Z',
        1,
        'high',
        'покупатель ждёт ответа в чате',
        null,
        stamp,
        stamp,
      ).lastInsertRowid,
    );
    const message = old.sqlite.prepare(
      "INSERT INTO chat_messages (interaction_id, external_id, direction, sender, text, sent_at) VALUES (?, ?, ?, ?, 'x', ?)",
    );
    message.run(chatId, 'm1', 'inbound', 'client', '2026-12-02T08:00:00.000Z');
    message.run(chatId, 'm2', 'outbound', 'seller', '2026-12-02T09:00:00.000Z');
    message.run(chatId, 'm3', 'inbound', 'client', '2026-12-03T08:00:00.000Z');
    message.run(chatId, 'm4', 'inbound', 'client', '2026-12-03T08:30:00.000Z');
    await old.close();

    const core: Core = await makeCore(dataDir, () => msk('2026-12-03 12:00'));
    open.push({ core });
    // Before the recompute an old reason still reads as it was written.
    const first = await value<InboxPage>(core.call('inbox.list', { accountId, limit: 10 }));
    expect(first.items.find((item) => item.externalId === 'r1')?.priorityReason).toEqual([
      { code: 'legacy_text', params: { text: '4★, брак' } },
    ]);
    core.start();
    // Joins the recompute start() began for the rows never assessed.
    await core.internals.sla.recompute(accountId, { staleOnly: true });
    const stale = core.internals.database.sqlite
      .prepare('SELECT count(*) FROM interactions WHERE sla_state IS NULL')
      .pluck()
      .get();
    expect(stale).toBe(0);
    const items = byId((await value<InboxPage>(core.call('inbox.list', { accountId, limit: 10 }))).items);
    expect(items('r1').priorityReason).toEqual([
      { code: 'priority_review_stars', params: { stars: 4 } },
      { code: 'priority_review_signal', params: { signal: 'delivery_damage' } },
    ]);
    expect(items('q1').priorityReason[0]).toEqual({
      code: 'priority_question_intent',
      params: { intent: 'sizing_fit' },
    });
    // The chat waits since the buyer's first message after the seller's answer (11:00 Moscow), 2 working hours.
    expect(items('c1')).toMatchObject({ slaDueAt: msk('2026-12-03 13:00').toISOString(), slaState: 'due_soon' });
  });
});

describe('chats: a new wait starts a new timer', () => {
  it('a buyer message after the seller’s answer is counted from itself; one more while waiting keeps the first', async () => {
    const env = await startSyncEnv(tempDir(), { reviews: 5, questions: 5, chats: 12 });
    open.push(env);
    const { core, accountId } = env;
    await value(core.call('settings.update', { accountId, patch: { workingHours: allDayEveryDay() } }));
    await env.sync();
    const sqlite = core.internals.database.sqlite;
    type ChatRow = { id: number; needs_response: number; sla_started_at: string | null; sla_due_at: string | null };
    const chats = () =>
      new Map(
        (
          sqlite
            .prepare(
              "SELECT id, needs_response, sla_started_at, sla_due_at FROM interactions WHERE channel = 'chat' ORDER BY id",
            )
            .all() as ChatRow[]
        ).map((row) => [row.id, row]),
      );
    /** The first buyer message after the seller's last one, from the stored messages. */
    const waitingSince = (id: number) =>
      sqlite
        .prepare(
          `SELECT MIN(sent_at) FROM chat_messages WHERE interaction_id = ? AND sender = 'client'
            AND sent_at > COALESCE((SELECT MAX(sent_at) FROM chat_messages WHERE interaction_id = ? AND sender = 'seller'), '')`,
        )
        .pluck()
        .get(id, id) as string | null;
    const plus2h = (iso: string) => new Date(new Date(iso).getTime() + 2 * 3_600_000).toISOString();

    const before = chats();
    for (const chat of before.values()) {
      if (chat.needs_response === 1) {
        expect(chat.sla_started_at).toBe(waitingSince(chat.id));
        expect(chat.sla_due_at).toBe(plus2h(chat.sla_started_at!));
      } else expect(chat.sla_due_at).toBeNull();
    }
    const answered = [...before.values()].filter((chat) => chat.needs_response === 0);
    const waiting = [...before.values()].filter((chat) => chat.needs_response === 1);
    expect(answered.length).toBeGreaterThan(0);
    expect(waiting.length).toBeGreaterThan(0);

    env.sim.control.addChatMessages(before.size, 1);
    await env.sync();
    const after = chats();
    for (const chat of answered) {
      const now = after.get(chat.id)!;
      expect(now.needs_response).toBe(1);
      // The new wait: counted from the new message, not from the chat's first one.
      expect(now.sla_started_at).toBe(waitingSince(chat.id));
      expect(now.sla_due_at).toBe(plus2h(now.sla_started_at!));
    }
    for (const chat of waiting) {
      // Still the same wait: the timer keeps running from the first unanswered message.
      expect(after.get(chat.id)).toMatchObject({ sla_started_at: chat.sla_started_at, sla_due_at: chat.sla_due_at });
    }
  });
});
