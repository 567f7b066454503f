import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { feedbackSchema, parseItems, questionSchema, quickCheckFor } from '../../src-main/core/wb/schemas';

const FEEDBACK = {
  id: 'fb-1',
  text: 'Хорошие кроссовки',
  pros: 'Лёгкие',
  cons: null,
  productValuation: 5,
  createdDate: '2026-11-20T10:00:00.769513469Z',
  answer: { text: 'Спасибо!', state: 'wbRu', editable: true, extra: 1 },
  state: 'wbRu',
  productDetails: {
    nmId: 7001,
    imtId: 5,
    productName: 'Кроссовки',
    supplierArticle: 'A-1',
    brandName: 'Бренд',
    size: '42',
  },
  wasViewed: true,
  userName: 'Иван',
  orderStatus: 'buyout',
  photoLinks: [{ fullSize: 'https://x/f.jpg', miniSize: 'https://x/m.jpg' }],
  lastOrderShkId: 123456789,
  bables: ['качество'],
  video: null,
  color: 'белый',
};

const QUESTION = {
  id: 'q-1',
  text: 'Какой размер?',
  createdDate: '2026-11-20T10:00:00+03:00',
  state: 'wbRu',
  answer: { text: 'Маломерит', editable: false, createDate: '2026-11-21T10:00:00Z' },
  productDetails: { nmId: 7001, productName: 'Кроссовки' },
  wasViewed: false,
  isWarned: false,
  extra: { any: 'thing' },
};

/** Values that break or bend each kind of field. */
const ODD = [
  undefined,
  null,
  '',
  'x',
  '2026-11-20',
  'not a date',
  0,
  -1,
  1,
  3,
  3.5,
  5,
  6,
  2 ** 60,
  true,
  false,
  [],
  ['x'],
  [1],
  {},
  { text: 1 },
];

/** Every field of `base` (and of its nested objects) replaced by every odd value, and the field removed. */
function variants(base: Record<string, unknown>): unknown[] {
  const out: unknown[] = [base, null, 'item', [], {}];
  for (const key of Object.keys(base)) {
    const { [key]: _removed, ...without } = base;
    out.push(without);
    for (const value of ODD) out.push({ ...base, [key]: value });
    const nested = base[key];
    if (nested && typeof nested === 'object' && !Array.isArray(nested))
      for (const inner of variants(nested as Record<string, unknown>)) out.push({ ...base, [key]: inner });
    if (Array.isArray(nested) && nested[0] && typeof nested[0] === 'object')
      for (const inner of variants(nested[0] as Record<string, unknown>)) out.push({ ...base, [key]: [inner] });
  }
  return out;
}

function expectSameAsSchema(schema: z.ZodType<unknown>, items: unknown[]) {
  const quick = quickCheckFor(schema)!;
  let accepted = 0;
  let quickAccepted = 0;
  for (const item of items) {
    const bySchema = schema.safeParse(item);
    const byQuick = quick(item);
    if (byQuick !== undefined) {
      // Never accepts what the schema refuses, and gives what the schema gives.
      quickAccepted += 1;
      expect(bySchema.success, JSON.stringify(item)).toBe(true);
      expect(byQuick, JSON.stringify(item)).toEqual(bySchema.data);
    }
    const parsed = parseItems(schema, [item]);
    expect(parsed.contractErrors, JSON.stringify(item)).toBe(bySchema.success ? 0 : 1);
    if (bySchema.success) {
      accepted += 1;
      expect(parsed.items[0]!.value, JSON.stringify(item)).toEqual(bySchema.data);
      expect(parsed.items[0]!.raw).toBe(item);
    }
  }
  // Both outcomes were exercised, and the quick check took the usual items itself.
  expect(quick(items[0])).toBeDefined();
  expect(quickAccepted).toBeGreaterThan(accepted * 0.8);
  expect(accepted).toBeGreaterThan(10);
  expect(accepted).toBeLessThan(items.length - 10);
}

describe('parseItems: the quick check agrees with the schema', () => {
  it('feedbacks: every field bent or broken, accepted and rejected exactly as the schema does', () => {
    expectSameAsSchema(feedbackSchema, variants(FEEDBACK));
  });
  it('questions: every field bent or broken, accepted and rejected exactly as the schema does', () => {
    expectSameAsSchema(questionSchema, variants(QUESTION));
  });
});
