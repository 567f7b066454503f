import type { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { LinkView, Timeline } from '../../src-shared/domain/links';
import type { IpcResult } from '../../src-shared/ipc/errors';
import type { Core } from '../../src-main/core/core';
import type { SqlRunner } from '../../src-main/core/db/sql-runner';
import { productReviewsQuery } from '../../src-main/core/timeline/context';
import { linksFromQuery, sharedIdQuery } from '../../src-main/core/timeline/timeline';
import { WB_PORTAL_SECTION } from '../../src-main/core/timeline/wb-portal';
import { makeCore } from '../helpers/core';
import { threadRows } from '../helpers/thread-rows';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = new Date('2026-11-20T12:00:00.000Z');
const { hoursAgo, insertAccount, insertItem, insertLink } = threadRows(NOW);

const value = <T>(result: IpcResult<unknown>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
};

async function setup(): Promise<{ core: Core; db: SqlRunner; accountId: number }> {
  const core = await makeCore(tempDir(), () => NOW);
  const db = core.internals.database.runner;
  return { core, db, accountId: insertAccount(db) };
}

const timeline = async (core: Core, id: number) => value<Timeline>(await core.call('interaction.timeline', { id }));
const stepOf = (line: Timeline, id: number) => line.steps.find((step) => step.id === id);

describe('interaction.timeline', () => {
  it('customer + order: the items sharing the order and the buyer, in time order, each with why it is there', async () => {
    const { core, db, accountId } = await setup();
    const question = insertItem(db, accountId, {
      channel: 'question',
      externalId: 'q1',
      hoursAgo: 120,
      customerId: 'buyer-1',
      text: 'Маломерит?',
      reply: 'Берите на размер больше.',
    });
    const review = insertItem(db, accountId, {
      channel: 'review',
      externalId: 'r1',
      hoursAgo: 72,
      customerId: 'buyer-1',
      orderId: 'order-9',
      text: 'Порвалось',
      rating: 2,
    });
    const chat = insertItem(db, accountId, { channel: 'chat', externalId: 'c1', hoursAgo: 48, orderId: 'order-9' });
    insertItem(db, accountId, { channel: 'review', externalId: 'r-other', hoursAgo: 60, customerId: 'buyer-2' });

    const line = await timeline(core, review);
    expect(line.kind).toBe('customer_order');
    expect(line.steps.map((s) => [s.id, s.matchReason, s.confidence, s.actionMode])).toEqual([
      [question, 'same_customer', 0.95, 'auto'],
      [review, 'self', 1, 'auto'],
      [chat, 'same_order', 0.99, 'auto'],
    ]);
    expect(stepOf(line, question)).toMatchObject({
      channel: 'question',
      externalId: 'q1',
      occurredAt: hoursAgo(120),
      text: 'Маломерит?',
      answerText: 'Берите на размер больше.',
      wbUrl: WB_PORTAL_SECTION.question,
      linkId: null,
      decision: null,
    });
    expect(stepOf(line, review)).toMatchObject({ rating: 2, wbUrl: WB_PORTAL_SECTION.review });
    expect(stepOf(line, chat)?.wbUrl).toBe(WB_PORTAL_SECTION.chat);
    await core.close();
  });

  it('a link the linking pass wrote is on its step, and the strongest of its signals is the reason', async () => {
    const { core, db, accountId } = await setup();
    const review = insertItem(db, accountId, { channel: 'review', externalId: 'r1', hoursAgo: 10, orderId: 'o1' });
    const chat = insertItem(db, accountId, { channel: 'chat', externalId: 'c1', hoursAgo: 5, orderId: 'o1' });
    const linkId = insertLink(db, {
      a: chat,
      b: review,
      kind: 'deterministic',
      confidence: 0.99,
      signals: ['within_24h', 'same_order'],
    });
    const fromReview = await timeline(core, review);
    expect(stepOf(fromReview, chat)).toMatchObject({ matchReason: 'same_order', linkId, actionMode: 'auto' });
    // The same link read from its other side.
    expect(stepOf(await timeline(core, chat), review)).toMatchObject({ matchReason: 'same_order', linkId });
    await core.close();
  });

  it('customer: a deterministic buyer link; below 0.85 it only assists', async () => {
    const { core, db, accountId } = await setup();
    const chat = insertItem(db, accountId, { channel: 'chat', externalId: 'c1', hoursAgo: 30, nmId: 5 });
    const review = insertItem(db, accountId, { channel: 'review', externalId: 'r1', hoursAgo: 20, nmId: 5 });
    insertLink(db, { a: chat, b: review, kind: 'deterministic', confidence: 0.82, signals: ['same_product_window'] });
    const line = await timeline(core, review);
    expect(line.kind).toBe('customer');
    expect(stepOf(line, chat)).toMatchObject({
      matchReason: 'same_product_window',
      confidence: 0.82,
      actionMode: 'assist',
    });
    await core.close();
  });

  it('product: probabilistic links from 0.65 are suggestions; below 0.65 they are analytics only and not shown', async () => {
    const { core, db, accountId } = await setup();
    const review = insertItem(db, accountId, { channel: 'review', externalId: 'r1', hoursAgo: 10, nmId: 7 });
    const question = insertItem(db, accountId, { channel: 'question', externalId: 'q1', hoursAgo: 30, nmId: 7 });
    const weak = insertItem(db, accountId, { channel: 'chat', externalId: 'c1', hoursAgo: 40, nmId: 7 });
    const linkId = insertLink(db, {
      a: review,
      b: question,
      kind: 'probabilistic',
      confidence: 0.65,
      signals: ['within_24h', 'same_product_7d'],
    });
    insertLink(db, { a: review, b: weak, kind: 'probabilistic', confidence: 0.64, signals: ['same_product_7d'] });
    const line = await timeline(core, review);
    expect(line.kind).toBe('product');
    expect(line.steps.map((s) => s.id)).toEqual([question, review]);
    expect(stepOf(line, question)).toMatchObject({
      matchReason: 'same_product_7d',
      confidence: 0.65,
      actionMode: 'assist',
      linkId,
      decision: null,
    });
    await core.close();
  });

  it('single: nothing shares an id or a link, so the thread is the item alone', async () => {
    const { core, db, accountId } = await setup();
    const alone = insertItem(db, accountId, {
      channel: 'question',
      externalId: 'q1',
      hoursAgo: 3,
      customerName: 'Анна',
    });
    // The same name is not identity.
    insertItem(db, accountId, { channel: 'review', externalId: 'r1', hoursAgo: 2, customerName: 'Анна' });
    const line = await timeline(core, alone);
    expect(line).toMatchObject({ interactionId: alone, kind: 'single' });
    expect(line.steps).toHaveLength(1);
    expect(line.steps[0]).toMatchObject({ id: alone, matchReason: 'self', linkId: null });
    await core.close();
  });

  it('an unknown item is not_found', async () => {
    const { core } = await setup();
    const result = await core.call('interaction.timeline', { id: 999 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'not_found', params: { entity: 'interaction', id: 999 } },
    });
    await core.close();
  });

  it('the demo shop has threads: a review and a chat about one order, a buyer’s review then question; no WB pages', async () => {
    const core = await makeCore(tempDir(), () => NOW);
    const { accountId } = value<{ accountId: number }>(await core.call('demo.seed', {}));
    const idOf = async (externalId: string) =>
      value<{ id: number }>(await core.call('interaction.find', { accountId, externalId })).id;
    const kettleReview = await timeline(core, await idOf('demo-review-1'));
    expect(kettleReview.kind).toBe('customer_order');
    expect(kettleReview.steps.map((s) => [s.externalId, s.matchReason])).toEqual([
      ['demo-review-1', 'self'],
      ['demo-chat-1', 'same_order'],
    ]);
    expect((await timeline(core, await idOf('demo-chat-3'))).steps.map((s) => s.externalId)).toEqual([
      'demo-review-2',
      'demo-chat-3',
    ]);
    const sizeQuestion = await timeline(core, await idOf('demo-question-2'));
    expect(sizeQuestion.kind).toBe('customer');
    expect(sizeQuestion.steps.map((s) => [s.externalId, s.matchReason])).toEqual([
      ['demo-review-3', 'same_customer'],
      ['demo-question-2', 'self'],
    ]);
    expect((await timeline(core, await idOf('demo-question-1'))).kind).toBe('single');
    expect(kettleReview.steps.every((step) => step.wbUrl === null)).toBe(true);
    await core.close();
  });
});

describe('links.decide', () => {
  it('confirming a suggestion makes it the seller’s: decision, decided_at, and the step stays assist (automatic actions only on deterministic links >= 0.85, DESIGN §6)', async () => {
    const { core, db, accountId } = await setup();
    const review = insertItem(db, accountId, { channel: 'review', externalId: 'r1', hoursAgo: 10, nmId: 7 });
    const question = insertItem(db, accountId, { channel: 'question', externalId: 'q1', hoursAgo: 30, nmId: 7 });
    const linkId = insertLink(db, {
      a: review,
      b: question,
      kind: 'probabilistic',
      confidence: 0.75,
      signals: ['same_product_7d', 'similar_text'],
    });
    expect(stepOf(await timeline(core, review), question)?.actionMode).toBe('assist');

    const view = value<LinkView>(await core.call('links.decide', { linkId, decision: 'confirmed' }));
    expect(view).toEqual({
      id: linkId,
      a: { id: review, channel: 'review', externalId: 'r1' },
      b: { id: question, channel: 'question', externalId: 'q1' },
      kind: 'probabilistic',
      confidence: 0.75,
      band: 'medium',
      signals: ['same_product_7d', 'similar_text'],
      actionMode: 'assist',
      decision: 'confirmed',
    });
    const row = db.get(db.build.selectFrom('link_candidates').select('decided_at').where('id', '=', linkId));
    expect(row?.decided_at).toBe(NOW.toISOString());

    const line = await timeline(core, question);
    expect(line.kind).toBe('customer');
    expect(stepOf(line, review)).toMatchObject({ actionMode: 'assist', decision: 'confirmed', linkId });
    await core.close();
  });

  it('a rejected link leaves the timeline, even when the items share an order id', async () => {
    const { core, db, accountId } = await setup();
    const review = insertItem(db, accountId, { channel: 'review', externalId: 'r1', hoursAgo: 10, orderId: 'o1' });
    const chat = insertItem(db, accountId, { channel: 'chat', externalId: 'c1', hoursAgo: 5, orderId: 'o1' });
    const question = insertItem(db, accountId, { channel: 'question', externalId: 'q1', hoursAgo: 30, nmId: 7 });
    const orderLink = insertLink(db, {
      a: review,
      b: chat,
      kind: 'deterministic',
      confidence: 0.99,
      signals: ['same_order'],
    });
    const guess = insertLink(db, {
      a: review,
      b: question,
      kind: 'probabilistic',
      confidence: 0.7,
      signals: ['same_product_7d'],
    });
    expect((await timeline(core, review)).steps).toHaveLength(3);

    const rejected = value<LinkView>(await core.call('links.decide', { linkId: guess, decision: 'rejected' }));
    expect(rejected).toMatchObject({ decision: 'rejected', actionMode: 'analytics' });
    expect((await timeline(core, review)).steps.map((s) => s.id)).toEqual([review, chat]);
    expect((await timeline(core, question)).kind).toBe('single');

    value(await core.call('links.decide', { linkId: orderLink, decision: 'rejected' }));
    expect(await timeline(core, review)).toMatchObject({ kind: 'single', steps: [{ id: review }] });
    await core.close();
  });

  it('an unknown link is not_found; a decision other than confirmed or rejected is refused at the boundary', async () => {
    const { core } = await setup();
    expect(await core.call('links.decide', { linkId: 404, decision: 'confirmed' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', params: { entity: 'link', id: 404 } },
    });
    const bad = await core.call('links.decide', { linkId: 1, decision: 'maybe' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await core.close();
  });
});

describe('the timeline reads indexes only', () => {
  const plan = (core: Core, compiled: CompiledQuery) =>
    core.internals.database.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
      .all(...(compiled.parameters as unknown[]))
      .map((row) => (row as { detail: string }).detail)
      .join('\n');

  it('links from either side, the items sharing an order or a buyer id, and a product’s reviews', async () => {
    const { core, db, accountId } = await setup();
    const cases: [CompiledQuery, RegExp][] = [
      [linksFromQuery(db, 'a_id', 1).compile(), /USING INDEX link_candidates_a/],
      [linksFromQuery(db, 'b_id', 1).compile(), /USING INDEX link_candidates_b/],
      [sharedIdQuery(db, accountId, 'order_id', 'o1', 1).compile(), /USING (COVERING )?INDEX interactions_order/],
      [sharedIdQuery(db, accountId, 'customer_id', 'c1', 1).compile(), /USING (COVERING )?INDEX interactions_customer/],
      [productReviewsQuery(db, accountId, 7, NOW, NOW).compile(), /USING INDEX interactions_product/],
    ];
    for (const [compiled, index] of cases) {
      const found = plan(core, compiled);
      expect(found).toMatch(index);
      expect(found).not.toMatch(/^SCAN /m);
    }
    await core.close();
  });
});
