import { describe, expect, it } from 'vitest';
import type { AnalyticsView } from '../../src-shared/domain/analytics';
import { channelFigures, daySeries, problemProducts } from '../../src-main/core/analytics/figures';
import { resolvePeriod } from '../../src-main/core/analytics/period';
import { responseRows } from '../../src-main/core/analytics/response-rows';
import { generateInbox } from '../bench/generate';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

/**
 * analytics.get reads counted rows (figureRows, productRows: answered-at-unknown-time items per
 * day, product signals per group) and review signals kept in review_signals (migration 0013).
 * These check that the figures are those of every row one by one (responseRows, as before), and
 * that a kept signal always matches the review's current text.
 */
const tempDir = useTempDirs();
const NOW = new Date('2026-11-20T09:00:00Z');
const STAMP = '2026-11-01T00:00:00.000Z';

async function setup() {
  const core = await makeCore(tempDir(), () => NOW);
  const db = core.internals.database.runner;
  const { sqlite } = core.internals.database;
  const accountIds = ['Магазин', 'Второй'].map((name) =>
    Number(
      sqlite.prepare('INSERT INTO accounts (name, created_at, updated_at) VALUES (?, ?, ?)').run(name, STAMP, STAMP)
        .lastInsertRowid,
    ),
  );
  const view = async (input: object) => {
    const result = await core.call('analytics.get', input);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return (result as { value: AnalyticsView }).value;
  };
  return { core, db, sqlite, accountIds, view };
}

describe('analytics over counted rows', () => {
  it('gives the figures of every row one by one, with our sends and answers of unknown time mixed in', async () => {
    const { core, db, sqlite, accountIds, view } = await setup();
    generateInbox(db, { items: 4_000, accountIds, now: NOW, seed: 5 });
    // Some reviews and questions answered from the app (a known time), some of them also answered on WB.
    const items = sqlite
      .prepare(`SELECT id, account_id, occurred_at FROM interactions WHERE channel != 'chat' AND id % 7 = 0`)
      .all() as { id: number; account_id: number; occurred_at: string }[];
    for (const row of items) {
      const at = new Date(Date.parse(row.occurred_at) + (row.id % 50) * 3_600_000).toISOString();
      sqlite
        .prepare(
          `INSERT INTO outbox (account_id, interaction_id, kind, text, idempotency_key, state, sent_at, confirmed_at, created_at, updated_at)
           VALUES (?, ?, 'answer', 'ответ', ?, 'confirmed', ?, ?, ?, ?)`,
        )
        .run(row.account_id, row.id, `key-${row.id}`, at, at, at, at);
    }
    const accounts = db.all(db.build.selectFrom('accounts').selectAll().orderBy('is_demo').orderBy('id'));
    let compared = 0;
    for (const input of [
      { days: 7 },
      { days: 30 },
      { days: 90 },
      { days: 366 },
      { days: 90, accountId: accountIds[1] },
    ]) {
      const got = await view(input);
      const scope = input.accountId === undefined ? accounts : accounts.filter((a) => a.id === input.accountId);
      const period = resolvePeriod(input, got.period.timeZone, NOW);
      const rows = responseRows(db, scope, period.fromAt, period.toAt);
      expect(got.channels).toEqual(channelFigures(rows, NOW.getTime()));
      expect(got.series).toEqual(daySeries(rows, period));
      expect(got.problemProducts).toEqual(problemProducts(rows));
      compared += rows.length;
    }
    // The comparison covered answers of unknown time, of known time and unanswered items.
    expect(compared).toBeGreaterThan(4_000);
    const full = await view({ days: 366 });
    expect(full.channels.review.answeredTimeUnknown).toBeGreaterThan(0);
    expect(full.channels.review.firstResponse.measured).toBeGreaterThan(0);
    expect(full.channels.review.received).toBeGreaterThan(full.channels.review.answered);
    expect(full.problemProducts.length).toBeGreaterThan(0);
    await core.close();
  });

  it('keeps a review’s signals only while its text stays the same', async () => {
    const { core, sqlite, accountIds, view } = await setup();
    const review = Number(
      sqlite
        .prepare(
          `INSERT INTO interactions (account_id, channel, external_id, nm_id, product_name, text, rating, occurred_at,
             status, needs_response, priority, sla_due_at, source, created_at, updated_at)
           VALUES (?, 'review', 'r-1', 77, 'Куртка', 'Всё отлично', 5, '2026-11-19T10:00:00.000Z', 'open', 1, 'low',
             '2026-11-20T10:00:00.000Z', 'wb_api', ?, ?)`,
        )
        .run(accountIds[0], STAMP, STAMP).lastInsertRowid,
    );
    const kept = () =>
      sqlite.prepare('SELECT signals FROM review_signals WHERE interaction_id = ?').get(review) as
        { signals: string } | undefined;

    expect((await view({ days: 7 })).problemProducts).toEqual([]);
    expect(kept()).toEqual({ signals: '' });

    // A new text (the buyer edited the review): the kept answer goes with the old text.
    sqlite.prepare(`UPDATE interactions SET text = 'Пришёл брак, оформила возврат' WHERE id = ?`).run(review);
    expect(kept()).toBeUndefined();
    const [product] = (await view({ days: 7 })).problemProducts;
    expect(product).toMatchObject({ nmId: 77, productName: 'Куртка', reviews: 1 });
    expect(product!.signals.map((s) => s.signal)).toEqual(['defect', 'return']);
    expect(kept()).toEqual({ signals: 'defect,return' });

    // Another field changing keeps it; cons changing drops it.
    sqlite.prepare(`UPDATE interactions SET status = 'responded' WHERE id = ?`).run(review);
    expect(kept()).toEqual({ signals: 'defect,return' });
    sqlite.prepare(`UPDATE interactions SET cons = 'Воняет химией' WHERE id = ?`).run(review);
    expect(kept()).toBeUndefined();
    expect((await view({ days: 7 })).problemProducts[0]!.signals.map((s) => s.signal)).toEqual([
      'defect',
      'return',
      'smell',
    ]);

    // Kept by other patterns (an older version): computed again.
    sqlite.prepare(`UPDATE review_signals SET version = 'old', signals = 'size' WHERE interaction_id = ?`).run(review);
    expect((await view({ days: 7 })).problemProducts[0]!.signals.map((s) => s.signal)).toEqual([
      'defect',
      'return',
      'smell',
    ]);
    expect(kept()).toEqual({ signals: 'defect,return,smell' });

    sqlite.prepare('DELETE FROM interactions WHERE id = ?').run(review);
    expect(kept()).toBeUndefined();
    await core.close();
  });
});
