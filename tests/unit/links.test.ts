import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src-shared/domain/interaction';
import { linkActionMode, linkBand, parseLinkSignals } from '../../src-shared/domain/links';
import { issueProfile, similarIssue } from '../../src-main/core/links/issue-text';
import { normaliseName } from '../../src-main/core/links/names';
import { scoreLink, timeGap, type LinkItem } from '../../src-main/core/links/scoring';
import type { Core } from '../../src-main/core/core';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let nextId = 1;
function item(over: Partial<Omit<LinkItem, 'issue'>> & { text?: string } = {}): LinkItem {
  const { text = '', ...rest } = over;
  return {
    id: nextId++,
    channel: 'review',
    orderId: null,
    customerId: null,
    nmId: null,
    occurredMs: T0,
    name: null,
    size: null,
    issue: issueProfile(text),
    ...rest,
  };
}

describe('link scoring (DESIGN §6 weights)', () => {
  it('scores a deterministic order match 0.99 and a customer match 0.95, whatever else differs', () => {
    const byOrder = scoreLink(
      item({ orderId: 'R1' }),
      item({ channel: 'chat', orderId: 'R1', occurredMs: T0 + 40 * DAY }),
    );
    expect(byOrder).toEqual({ kind: 'deterministic', confidence: 0.99, signals: ['same_order'] });
    const byCustomer = scoreLink(item({ customerId: 'C1' }), item({ channel: 'question', customerId: 'C1' }));
    expect(byCustomer).toMatchObject({ kind: 'deterministic', confidence: 0.95, signals: ['same_customer'] });
  });

  it('adds each probabilistic weight on top of the same product within 7 days (cross-channel only)', () => {
    const base = { nmId: 7, channel: 'question' as Channel };
    const other = { nmId: 7, channel: 'review' as Channel };
    // same product within 7 days alone (0.45) is below the stored threshold
    expect(scoreLink(item({ ...base, occurredMs: T0 - 3 * DAY }), item(other))).toBeNull();
    // + < 24 h (0.20) = 0.65
    expect(scoreLink(item({ ...base, occurredMs: T0 - 2 * HOUR }), item(other))).toEqual({
      kind: 'probabilistic',
      confidence: 0.65,
      signals: ['same_product_7d', 'within_24h'],
    });
    // + similar issue text (0.20) = 0.65
    expect(
      scoreLink(
        item({ ...base, occurredMs: T0 - 3 * DAY, text: 'Не маломерит? Какой размер взять на 170 см?' }),
        item({ ...other, text: 'Маломерит на размер, пришлось менять' }),
      ),
    ).toEqual({ kind: 'probabilistic', confidence: 0.65, signals: ['same_product_7d', 'similar_text'] });
    // all five: 0.45 + 0.20 + 0.20 + 0.10 + 0.05 = 1.0 (capped at 1), still probabilistic
    const all = scoreLink(
      item({
        nmId: 7,
        channel: 'chat',
        name: 'алена',
        size: 'M',
        text: 'Пришёл с браком, шов разошёлся',
        occurredMs: T0 - HOUR,
      }),
      item({ nmId: 7, channel: 'review', name: 'алена', size: 'M', text: 'Брак: разошелся шов' }),
    );
    expect(all).toEqual({
      kind: 'probabilistic',
      confidence: 1,
      signals: ['same_product_7d', 'within_24h', 'similar_text', 'same_name', 'other_refs'],
    });
    expect(linkActionMode(all!.kind, all!.confidence)).toBe('assist');
  });

  it('gives the same buyer chat + review of one product in the window 0.82 deterministic (assist, not auto)', () => {
    const link = scoreLink(
      item({ channel: 'chat', nmId: 9, name: 'мария', occurredMs: T0 - 5 * DAY }),
      item({ channel: 'review', nmId: 9, name: 'мария' }),
    );
    expect(link).toEqual({
      kind: 'deterministic',
      confidence: 0.82,
      signals: ['same_product_window', 'same_product_7d', 'same_name'],
    });
    expect(linkActionMode(link!.kind, link!.confidence)).toBe('assist');
    // outside the 7-day window: nothing
    expect(
      scoreLink(
        item({ channel: 'chat', nmId: 9, name: 'мария', occurredMs: T0 - 8 * DAY }),
        item({ nmId: 9, name: 'мария' }),
      ),
    ).toBeNull();
  });

  it('measures time from a chat span: 0 inside it, else to its nearer end; the weights stay DESIGN §6', () => {
    // A chat from 2 days before the review to 9 days after it (occurredMs is its last message).
    const spanning = { channel: 'chat' as Channel, nmId: 4, startMs: T0 - 2 * DAY, occurredMs: T0 + 9 * DAY };
    expect(timeGap(item(spanning), item({ nmId: 4 }))).toBe(0);
    expect(scoreLink(item(spanning), item({ nmId: 4 }))).toEqual({
      kind: 'probabilistic',
      confidence: 0.65,
      signals: ['same_product_7d', 'within_24h'],
    });
    // The review 3 days before the chat began: 3 days apart, inside the window but not within 24 h.
    expect(timeGap(item(spanning), item({ nmId: 4, occurredMs: T0 - 5 * DAY }))).toBe(3 * DAY);
    // Symmetric, and a point (no startMs) is a span of one instant.
    expect(timeGap(item({ nmId: 4, occurredMs: T0 + 12 * DAY }), item(spanning))).toBe(3 * DAY);
    expect(timeGap(item({ occurredMs: T0 }), item({ occurredMs: T0 - 2 * HOUR }))).toBe(2 * HOUR);
  });

  it('never links on a name alone, nor on a name with time and text but another product', () => {
    expect(scoreLink(item({ channel: 'chat', name: 'иван' }), item({ name: 'иван' }))).toBeNull();
    expect(
      scoreLink(
        item({ channel: 'chat', name: 'иван', nmId: 1, text: 'брак' }),
        item({ name: 'иван', nmId: 2, text: 'брак', size: 'L' }),
      ),
    ).toBeNull();
  });

  it('does not link two reviews of one product on probability: only an identifier joins items of one channel', () => {
    expect(
      scoreLink(
        item({ nmId: 3, name: 'анна', text: 'брак', occurredMs: T0 - HOUR }),
        item({ nmId: 3, name: 'анна', text: 'брак' }),
      ),
    ).toBeNull();
  });

  it('derives bands and action modes from (kind, confidence) with one rule', () => {
    expect([linkBand(0.99), linkBand(0.85), linkBand(0.84), linkBand(0.65), linkBand(0.64)]).toEqual([
      'high',
      'high',
      'medium',
      'medium',
      'low',
    ]);
    expect(linkActionMode('deterministic', 0.99)).toBe('auto');
    expect(linkActionMode('deterministic', 0.85)).toBe('auto');
    expect(linkActionMode('deterministic', 0.82)).toBe('assist');
    expect(linkActionMode('probabilistic', 0.95)).toBe('assist');
    expect(linkActionMode('probabilistic', 0.64)).toBe('analytics');
    expect(parseLinkSignals('["same_order","nonsense"]')).toEqual(['same_order']);
    expect(parseLinkSignals('not json')).toEqual([]);
  });

  it('normalises names (case, ё, spaces, initials, word order) and drops placeholders', () => {
    expect(normaliseName('  Алёна  К. ')).toBe(normaliseName('алена к'));
    expect(normaliseName('Иванова Анна')).toBe(normaliseName('Анна  Иванова'));
    expect(normaliseName('Покупатель')).toBeNull();
    expect(normaliseName('')).toBeNull();
  });

  it('finds similar issue text by shared problem topic or shared stems, not by greetings', () => {
    const sim = (a: string, b: string) => similarIssue(issueProfile(a), issueProfile(b));
    expect(sim('Пахнет химией', 'Сильный запах, проветривала неделю')).toBe(true);
    expect(sim('Прислали не тот цвет', 'Перепутали цвет, заказывала белый')).toBe(true);
    expect(sim('Здравствуйте! Спасибо!', 'Здравствуйте, спасибо большое')).toBe(false);
    expect(sim('Отличная футболка, рекомендую', 'Пришла с браком')).toBe(false);
    expect(sim('Чехол треснул через неделю использования', 'Через неделю использования чехол пожелтел')).toBe(true);
  });
});

describe('link engine over a real database', () => {
  const tempDir = useTempDirs();

  async function setup() {
    const now = new Date('2026-11-22T12:00:00.000Z');
    const core = await makeCore(tempDir(), () => now);
    const db = core.internals.database.runner;
    const stamp = now.toISOString();
    const accountId = Number(
      db.run(db.build.insertInto('accounts').values({ name: 'Shop', created_at: stamp, updated_at: stamp }))
        .lastInsertRowid,
    );
    let seq = 0;
    const add = (fields: {
      channel: Channel;
      nm_id?: number | null;
      order_id?: string | null;
      customer_name?: string | null;
      text?: string;
      occurred_at: string;
    }) =>
      Number(
        db.run(
          db.build.insertInto('interactions').values({
            account_id: accountId,
            external_id: `x${++seq}`,
            created_at: stamp,
            updated_at: stamp,
            ...fields,
          }),
        ).lastInsertRowid,
      );
    return { core, db, accountId, add };
  }

  const rows = (core: Core) =>
    core.internals.database.sqlite
      .prepare('SELECT a_id, b_id, kind, confidence, signals_json, decision FROM link_candidates ORDER BY a_id, b_id')
      .all();

  it('stores each qualifying pair once (a_id < b_id), is idempotent, keeps rejected links rejected and drops stale ones', async () => {
    const { core, db, accountId, add } = await setup();
    try {
      const review = add({
        channel: 'review',
        nm_id: 5,
        customer_name: 'Ольга',
        text: 'Пришло с браком',
        occurred_at: '2026-11-21T10:00:00.000Z',
      });
      const chat = add({
        channel: 'chat',
        nm_id: 5,
        customer_name: 'ольга',
        text: 'Товар с браком',
        occurred_at: '2026-11-21T08:00:00.000Z',
      });
      const child = add({ channel: 'review', order_id: '777', nm_id: 6, occurred_at: '2026-11-01T10:00:00.000Z' });
      const parent = add({ channel: 'review', order_id: '777', nm_id: 6, occurred_at: '2026-10-01T10:00:00.000Z' });
      // a distractor: same product, another buyer, weeks away
      add({ channel: 'question', nm_id: 5, text: 'Есть ли брак?', occurred_at: '2026-10-01T10:00:00.000Z' });
      // and a name-only pair: same name, different products
      add({
        channel: 'chat',
        nm_id: 99,
        customer_name: 'Ольга',
        text: 'брак',
        occurred_at: '2026-11-21T09:00:00.000Z',
      });

      const found = await core.internals.links.recomputeAll(accountId);
      expect(found).toBe(2);
      const first = rows(core);
      expect(first).toEqual([
        {
          a_id: review,
          b_id: chat,
          kind: 'probabilistic',
          confidence: 0.95,
          signals_json: '["same_product_7d","within_24h","similar_text","same_name"]',
          decision: null,
        },
        {
          a_id: child,
          b_id: parent,
          kind: 'deterministic',
          confidence: 0.99,
          signals_json: '["same_order"]',
          decision: null,
        },
      ]);
      await core.internals.links.recomputeAll(accountId);
      expect(rows(core)).toEqual(first);

      const listed = await core.call('links.list', { accountId, minConfidence: 0.9 });
      expect(listed.ok && listed.value).toMatchObject([
        {
          a: { id: child, channel: 'review', externalId: 'x3' },
          kind: 'deterministic',
          band: 'high',
          actionMode: 'auto',
        },
        { a: { id: review }, b: { id: chat, channel: 'chat' }, kind: 'probabilistic', actionMode: 'assist' },
      ]);
      const forChat = await core.call('links.list', { accountId, interactionId: chat });
      expect(forChat.ok && forChat.value).toHaveLength(1);

      // The seller rejects the suggestion: a recompute neither resets nor deletes it.
      db.run(
        db.build
          .updateTable('link_candidates')
          .set({ decision: 'rejected', decided_at: 'x' })
          .where('a_id', '=', review),
      );
      await core.internals.links.recomputeFor([review, chat]);
      expect(rows(core)[0]).toMatchObject({ a_id: review, decision: 'rejected' });

      // The order link stops qualifying (WB changed the order id): the undecided link goes, the rejected one stays.
      db.run(db.build.updateTable('interactions').set({ order_id: '778', nm_id: 7 }).where('id', '=', parent));
      db.run(db.build.updateTable('interactions').set({ nm_id: 8, customer_name: 'Пётр' }).where('id', '=', review));
      const again = await core.call('links.recompute', { accountId });
      expect(again).toEqual({ ok: true, value: { links: 0 } });
      expect(rows(core)).toEqual([expect.objectContaining({ a_id: review, b_id: chat, decision: 'rejected' })]);
    } finally {
      await core.close();
    }
  });
});
