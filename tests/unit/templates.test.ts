import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../../src-main/core/replies/builtin-templates';
import { checkReply } from '../../src-main/core/replies/guardrails';
import {
  pickTemplate,
  renderTemplate,
  templateListSchema,
  templateSchema,
  type Template,
} from '../../src-main/core/replies/templates';

const template = (over: Partial<Template> & Pick<Template, 'id'>): Template => ({
  folder: 'Тест',
  title: over.id,
  text: 'Спасибо!',
  channels: ['review'],
  ratings: null,
  ...over,
});

describe('renderTemplate', () => {
  it('fills name, product and article', () => {
    const text = renderTemplate(
      { text: '{имя}, спасибо за отзыв о «{товар}» (арт. {артикул})!' },
      { customerName: 'Анна', productName: 'Платье летнее', productArticle: 'DR-01', nmId: 123 },
    );
    expect(text).toBe('Анна, спасибо за отзыв о «Платье летнее» (арт. DR-01)!');
  });

  it('uses nmId as the article when the supplier article is missing', () => {
    expect(renderTemplate({ text: 'Артикул {артикул}.' }, { nmId: 987654 })).toBe('Артикул 987654.');
  });

  it('drops «{имя}, » at the start of a sentence and capitalises what follows', () => {
    expect(renderTemplate({ text: '{имя}, спасибо! {имя}, ждём вас снова.' }, { customerName: null })).toBe(
      'Спасибо! Ждём вас снова.',
    );
  });

  it('drops «, {имя}» before punctuation', () => {
    expect(renderTemplate({ text: 'Здравствуйте, {имя}! Спасибо за отзыв, {имя}.' }, { customerName: '  ' })).toBe(
      'Здравствуйте! Спасибо за отзыв.',
    );
  });

  it('treats a name without letters as missing', () => {
    expect(renderTemplate({ text: '{имя}, спасибо!' }, { customerName: '-' })).toBe('Спасибо!');
  });

  it('keeps an optional [segment] only when its variables are known', () => {
    const t = { text: 'Подробное описание[ товара «{товар}»] есть в карточке.' };
    expect(renderTemplate(t, { productName: 'Кеды' })).toBe('Подробное описание товара «Кеды» есть в карточке.');
    expect(renderTemplate(t, {})).toBe('Подробное описание есть в карточке.');
  });

  it('leaves no empty quotes or doubled spaces behind', () => {
    expect(renderTemplate({ text: 'Рады, что «{товар}» вам понравился.' }, {})).toBe('Рады, что вам понравился.');
  });

  it('renders every built-in template cleanly with and without facts', () => {
    for (const t of BUILTIN_TEMPLATES) {
      for (const facts of [{}, { customerName: 'Ольга', productName: 'Кроссовки беговые', productArticle: 'RUN-42' }]) {
        const text = renderTemplate(t, facts);
        expect(text, t.id).not.toMatch(/[{}[\]]|\s{2}|\s[,.!?]|^[,\s]/u);
        expect(text[0], t.id).toBe(text[0]?.toUpperCase());
        const channel = t.channels[0] ?? 'review';
        expect(checkReply({ channel, text }).violations, t.id).toEqual([]);
      }
    }
  });
});

describe('pickTemplate', () => {
  const five = [
    template({ id: 'a', ratings: [5] }),
    template({ id: 'b', ratings: [5] }),
    template({ id: 'c', ratings: [5] }),
  ];

  it('matches channel and rating', () => {
    const list = [
      template({ id: 'q', channels: ['question'] }),
      template({ id: 'r4', ratings: [4] }),
      template({ id: 'r5', ratings: [5] }),
    ];
    expect(pickTemplate(list, { channel: 'review', rating: 5 })?.id).toBe('r5');
    expect(pickTemplate(list, { channel: 'question', rating: null })?.id).toBe('q');
    expect(pickTemplate(list, { channel: 'chat' })).toBeNull();
  });

  it('prefers a template made for the intent over a catch-all one', () => {
    const list = [
      template({ id: 'general', channels: ['question'] }),
      template({ id: 'sizing', channels: ['question'], intents: ['sizing_fit'] }),
    ];
    expect(pickTemplate(list, { channel: 'question', intent: 'sizing_fit' })?.id).toBe('sizing');
    expect(pickTemplate(list, { channel: 'question', intent: 'general' })?.id).toBe('general');
  });

  it('never matches a rating-specific template when there is no rating', () => {
    expect(pickTemplate([template({ id: 'r5', ratings: [5] })], { channel: 'review', rating: null })).toBeNull();
  });

  it('prefers a template not used recently', () => {
    expect(pickTemplate(five, { channel: 'review', rating: 5, recentlyUsedIds: ['a'] })?.id).toBe('b');
  });

  it('falls back to the least recently used when all were used', () => {
    expect(pickTemplate(five, { channel: 'review', rating: 5, recentlyUsedIds: ['a', 'c', 'b'] })?.id).toBe('b');
  });

  it('rotates through all matches when fed its own picks', () => {
    const used: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      const picked = pickTemplate(five, { channel: 'review', rating: 5, recentlyUsedIds: used });
      used.unshift(picked?.id ?? '');
    }
    expect(used.reverse()).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('is deterministic for the same inputs', () => {
    const options = { channel: 'review' as const, rating: 5, recentlyUsedIds: ['c'] };
    expect(pickTemplate(five, options)?.id).toBe(pickTemplate(five, options)?.id);
  });
});

describe('template schemas', () => {
  it('accepts the built-in set', () => {
    expect(templateListSchema.safeParse(BUILTIN_TEMPLATES).success).toBe(true);
  });

  it('rejects duplicate ids, unknown channels and out-of-range ratings', () => {
    expect(templateListSchema.safeParse([template({ id: 'x' }), template({ id: 'x' })]).success).toBe(false);
    expect(templateSchema.safeParse({ ...template({ id: 'x' }), channels: ['email'] }).success).toBe(false);
    expect(templateSchema.safeParse({ ...template({ id: 'x' }), ratings: [6] }).success).toBe(false);
    expect(templateSchema.safeParse({ ...template({ id: 'x' }), channels: [] }).success).toBe(false);
  });
});
