import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/database';
import { normaliseFeedback } from '../../src-main/core/inbox/normalise';
import { InteractionWriter, type AnswerObserved } from '../../src-main/core/sync/interaction-writer';
import { BULK_MAX_SLICE_ROWS, BULK_SLICE_BUDGET_MS, SliceSizer } from '../../src-main/core/sync/job-context';
import type { WbFeedback } from '../../src-main/core/wb/schemas';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = new Date('2026-11-22T12:00:00Z');

function feedback(id: string, text: string, answer: string | null = null, nmId = 7001): WbFeedback {
  return {
    id,
    text,
    pros: '',
    cons: '',
    productValuation: 4,
    createdDate: '2026-11-20T10:00:00Z',
    answer: answer ? { text: answer, state: 'wbRu', editable: true } : null,
    state: answer ? 'wbRu' : 'none',
    productDetails: { nmId, productName: 'Кроссовки', supplierArticle: 'A-1', brandName: 'Бренд' },
    wasViewed: true,
  };
}
const row = (item: WbFeedback) => normaliseFeedback(item, item, false, NOW);

async function withWriter(work: (writer: InteractionWriter, count: (sql: string) => number) => void) {
  const database = await openDatabase(path.join(tempDir(), 'agentiq.db'));
  const { sqlite, runner } = database;
  sqlite.prepare("INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'Shop', 'x', 'x')").run();
  try {
    work(new InteractionWriter(runner, 1), (sql) => sqlite.prepare(sql).pluck().get() as number);
  } finally {
    await database.close();
  }
}

describe('InteractionWriter.upsert: one lookup per slice', () => {
  it('counts a slice with duplicates, updates of stored rows and unchanged rows exactly', async () => {
    await withWriter((writer, count) => {
      const first = writer.upsert([row(feedback('a', 'один')), row(feedback('b', 'два'))], NOW.toISOString());
      expect(first).toEqual({ created: 2, updated: 0, unchanged: 0 });

      const observed: AnswerObserved[] = [];
      const counts = writer.upsert(
        [
          row(feedback('a', 'один')), // stored, same JSON
          row(feedback('b', 'два', 'Спасибо!')), // stored, now answered on WB
          row(feedback('c', 'три')), // new
          row(feedback('c', 'три')), // the same new item again in the slice
          row(feedback('d', 'четыре')), // new
          row(feedback('d', 'четыре, исправлено')), // new, then changed within the slice
          row(feedback('b', 'два', 'Спасибо!')), // the update again
        ],
        NOW.toISOString(),
        observed,
      );
      expect(counts).toEqual({ created: 2, updated: 2, unchanged: 3 });
      expect(observed.map((o) => [o.answerText, o.previousText])).toEqual([['Спасибо!', null]]);
      expect(count('SELECT count(*) FROM interactions')).toBe(4);
      expect(count("SELECT text FROM interactions WHERE external_id = 'd'") as unknown).toBe('четыре, исправлено');
      expect(count("SELECT last_reply_text FROM interactions WHERE external_id = 'b'") as unknown).toBe('Спасибо!');
      expect(count('SELECT sum(n) FROM inbox_counts')).toBe(4);
      expect(count('SELECT count(*) FROM search_pending')).toBe(4);
      expect(writer.touched.size).toBe(4);
    });
  });

  it('writes a product once per change, not once per item', async () => {
    await withWriter((writer, count) => {
      writer.upsert(
        [row(feedback('a', 'x')), row(feedback('b', 'y')), row(feedback('c', 'z', null, 7002))],
        NOW.toISOString(),
      );
      expect(count('SELECT count(*) FROM products')).toBe(2);
      const renamed = { ...feedback('d', 'w'), productDetails: { nmId: 7001, productName: 'Кеды' } };
      writer.upsert([row(renamed)], NOW.toISOString());
      expect(count('SELECT name FROM products WHERE nm_id = 7001') as unknown).toBe('Кеды');
      // Absent fields never erase what is known.
      expect(count('SELECT article FROM products WHERE nm_id = 7001') as unknown).toBe('A-1');
    });
  });
});

describe('SliceSizer', () => {
  it('grows slices while steps are fast, shrinks at once after a slow one, within its bounds', () => {
    const sizer = new SliceSizer(50);
    expect(sizer.next()).toBe(50);
    sizer.observe(50, 1); // 0.02 ms a row: 1000 fit the budget
    expect(sizer.next()).toBe(1000);
    sizer.observe(1000, 100); // 0.1 ms a row: 200 fit
    expect(sizer.next()).toBe(200);
    sizer.observe(200, 200); // 1 ms a row: fewer than the minimum fit
    expect(sizer.next()).toBe(50);
    // Fast steps again: it grows back gently, a quarter of the way each time.
    for (let i = 0; i < 5; i += 1) sizer.observe(50, 0.5);
    expect(sizer.next()).toBeGreaterThan(50);
    expect(sizer.next()).toBeLessThan(1000);
  });

  it('a bulk load’s sizer has its own budget and cap', () => {
    const sizer = new SliceSizer(50, BULK_SLICE_BUDGET_MS, BULK_MAX_SLICE_ROWS);
    sizer.observe(50, 1); // 0.02 ms a row: more than the cap fit the bulk budget
    expect(sizer.next()).toBe(BULK_MAX_SLICE_ROWS);
    sizer.observe(1000, 100); // 0.1 ms a row
    expect(sizer.next()).toBe(Math.floor(BULK_SLICE_BUDGET_MS / 0.1));
  });
});
