import { describe, expect, it } from 'vitest';
import type { BuyerContext, ProductContext } from '../../src-shared/domain/context';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { makeCore } from '../helpers/core';
import { threadRows } from '../helpers/thread-rows';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = new Date('2026-11-20T12:00:00.000Z');
const DAY = 24;
const { hoursAgo, insertAccount, insertItem } = threadRows(NOW);

const value = <T>(result: IpcResult<unknown>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
};

async function setup() {
  const core = await makeCore(tempDir(), () => NOW);
  const db = core.internals.database.runner;
  return { core, db, accountId: insertAccount(db) };
}

describe('context.product', () => {
  it('complaints, questions with answers, signal shares and the weekly rating trend match figures counted by hand', async () => {
    const { core, db, accountId } = await setup();
    const dress = { nmId: 100, productName: 'Платье' };
    const review = (externalId: string, days: number, rating: number, text: string, cons?: string) =>
      insertItem(db, accountId, { channel: 'review', externalId, hoursAgo: days * DAY, rating, text, cons, ...dress });
    // Inside the 2-week period: week 0 = days 14..7 ago, week 1 = the last 7 days.
    review('r1', 1, 5, 'Отличное платье');
    const r2 = review('r2', 2, 1, 'Пришёл брак, шов порван');
    const r3 = review('r3', 9, 2, 'Прислали не тот цвет, оформила возврат');
    review('r4', 10, 5, 'Нормально', 'маленькая дырка на рукаве');
    // Outside the period: a complaint, but not in the shares or the trend.
    const r5 = review('r5', 20, 3, 'Так себе');
    // Another product's complaint is not this product's.
    insertItem(db, accountId, { channel: 'review', externalId: 'x1', hoursAgo: DAY, rating: 1, nmId: 200 });
    const q1 = insertItem(db, accountId, {
      channel: 'question',
      externalId: 'q1',
      hoursAgo: 3 * DAY,
      text: 'Есть 44?',
      reply: 'Да, есть.',
      ...dress,
    });
    const q2 = insertItem(db, accountId, {
      channel: 'question',
      externalId: 'q2',
      hoursAgo: DAY,
      text: 'Ткань?',
      ...dress,
    });

    const context = value<ProductContext>(await core.call('context.product', { accountId, nmId: 100, weeks: 2 }));
    expect(context).toMatchObject({ accountId, nmId: 100, productName: 'Платье', weeks: 2, reviewCount: 4 });
    expect(context.complaints.map((c) => [c.id, c.rating])).toEqual([
      [r2, 1],
      [r3, 2],
      [r5, 3],
    ]);
    expect(context.questions.map((q) => [q.id, q.answerText])).toEqual([
      [q2, null],
      [q1, 'Да, есть.'],
    ]);
    // By hand: defect in r2 and r4 (cons count too) = 2/4; wrong item and return in r3 = 1/4 each.
    const share = (name: string) => context.signals.find((s) => s.signal === name);
    expect(share('defect')).toEqual({ signal: 'defect', count: 2, share: 0.5 });
    expect(share('wrong_item')).toEqual({ signal: 'wrong_item', count: 1, share: 0.25 });
    expect(share('return')).toEqual({ signal: 'return', count: 1, share: 0.25 });
    expect(context.signals[0]?.signal).toBe('defect');
    // Week 0: 2★ and 5★ -> 3.5; week 1: 5★ and 1★ -> 3.
    expect(context.ratingTrend).toEqual([
      { weekStart: hoursAgo(14 * DAY), weekEnd: hoursAgo(7 * DAY), count: 2, average: 3.5 },
      { weekStart: hoursAgo(7 * DAY), weekEnd: NOW.toISOString(), count: 2, average: 3 },
    ]);
    await core.close();
  });

  it('a product without reviews has zero shares and empty weeks, not a division by zero', async () => {
    const { core, accountId } = await setup();
    const context = value<ProductContext>(await core.call('context.product', { accountId, nmId: 5 }));
    expect(context).toMatchObject({ weeks: 8, reviewCount: 0, complaints: [], questions: [], productName: null });
    expect(context.signals.every((s) => s.count === 0 && s.share === 0)).toBe(true);
    expect(context.ratingTrend).toHaveLength(8);
    expect(context.ratingTrend.every((w) => w.count === 0 && w.average === null)).toBe(true);
    await core.close();
  });
});

describe('context.buyer', () => {
  it('by buyer id when the item has one, else by its order; a name alone is no history', async () => {
    const { core, db, accountId } = await setup();
    const review = insertItem(db, accountId, {
      channel: 'review',
      externalId: 'r1',
      hoursAgo: 10,
      customerId: 'b1',
      orderId: 'o1',
      customerName: 'Анна',
    });
    const question = insertItem(db, accountId, {
      channel: 'question',
      externalId: 'q1',
      hoursAgo: 50,
      customerId: 'b1',
      nmId: 9,
      productName: 'Чайник',
      reply: 'Да.',
    });
    const chat = insertItem(db, accountId, { channel: 'chat', externalId: 'c1', hoursAgo: 5, orderId: 'o1' });
    const namesake = insertItem(db, accountId, {
      channel: 'review',
      externalId: 'r2',
      hoursAgo: 1,
      customerName: 'Анна',
    });

    const byBuyer = value<BuyerContext>(await core.call('context.buyer', { interactionId: review }));
    expect(byBuyer.scope).toBe('customer');
    expect(byBuyer.items).toEqual([
      {
        id: question,
        channel: 'question',
        externalId: 'q1',
        occurredAt: hoursAgo(50),
        text: '',
        rating: null,
        nmId: 9,
        productName: 'Чайник',
        answerText: 'Да.',
      },
    ]);
    const byOrder = value<BuyerContext>(await core.call('context.buyer', { interactionId: chat }));
    expect(byOrder).toMatchObject({ scope: 'order', items: [{ id: review }] });
    expect(value<BuyerContext>(await core.call('context.buyer', { interactionId: namesake }))).toEqual({
      interactionId: namesake,
      scope: 'none',
      items: [],
    });
    expect(await core.call('context.buyer', { interactionId: 777 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await core.close();
  });
});
