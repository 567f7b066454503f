import { describe, expect, it } from 'vitest';
import { classifySentReply, editRatio, levenshtein } from '../../src-main/core/ai/quality';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['абв', '', 3],
    ['', 'абв', 3],
    ['kitten', 'sitting', 3],
    ['спасибо', 'спасибо', 0],
    ['спасибо', 'спасиба', 1],
    ['отзыв', 'отзывы', 1],
    ['flaw', 'lawn', 2],
  ])('distance(%s, %s) = %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });

  it('handles long texts with a small edit quickly', () => {
    const draft = 'Спасибо за отзыв! '.repeat(300);
    const sent = `${draft.slice(0, 2000)}Большое ${draft.slice(2000)}`;
    const started = performance.now();
    expect(levenshtein(draft, sent)).toBe(8);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('classifySentReply', () => {
  const draft = 'Анна, спасибо за отзыв! Рады, что платье вам понравилось. Ждём вас снова!';

  it('counts a reply without a draft as manual', () => {
    expect(classifySentReply(null, 'Спасибо!')).toBe('reply_manual');
    expect(classifySentReply('  ', 'Спасибо!')).toBe('reply_manual');
  });

  it('counts the draft sent as is, or with case, ё and spacing changes, as accepted', () => {
    expect(classifySentReply(draft, draft)).toBe('draft_accepted');
    expect(classifySentReply(draft, `  ${draft.replace('Ждём', 'ждем')}  `)).toBe('draft_accepted');
  });

  it('puts the 5 % and 60 % thresholds where they belong', () => {
    const base = 'а'.repeat(100);
    expect(classifySentReply(base, `${'б'.repeat(5)}${'а'.repeat(95)}`)).toBe('draft_accepted');
    expect(classifySentReply(base, `${'б'.repeat(6)}${'а'.repeat(94)}`)).toBe('draft_edited');
    expect(classifySentReply(base, `${'б'.repeat(60)}${'а'.repeat(40)}`)).toBe('draft_edited');
    expect(classifySentReply(base, `${'б'.repeat(61)}${'а'.repeat(39)}`)).toBe('reply_manual');
  });

  it('counts a reworded draft as edited and a different text as manual', () => {
    expect(
      classifySentReply(draft, 'Анна, спасибо за отзыв! Рады, что платье подошло по размеру. Ждём вас снова!'),
    ).toBe('draft_edited');
    expect(classifySentReply(draft, 'Добрый день! Размерная сетка есть в карточке товара.')).toBe('reply_manual');
  });

  it('reports the edit share between 0 and 1', () => {
    expect(editRatio('', '')).toBe(0);
    expect(editRatio('абв', 'где')).toBe(1);
  });
});
