import { describe, expect, it } from 'vitest';
import { checkReply } from '../../src-main/core/replies/guardrails';
import type { ReplyViolationView } from '../../src-shared/domain/outbox';
import { marksOf } from '../../src-renderer/lib/guard-marks';

/** What the composer underlines: the marked words, with their severity. */
function marked(text: string, channel: 'review' | 'question' | 'chat' = 'review') {
  const check = checkReply({ channel, text });
  return marksOf(text, check.violations as ReplyViolationView[]).map((m) => ({
    word: text.slice(m.start, m.end),
    severity: m.severity,
  }));
}

describe('guardrail ranges: core gives the offending words’ offsets, the composer marks exactly them', () => {
  it('every word-based finding has a UTF-16 range whose text is the phrase as written', () => {
    const text = '👍 Здравствуйте! Это писал не бот. Пишите на shop@example.com или звоните +7 999 123-45-67.';
    const { violations } = checkReply({ channel: 'review', text });
    const phrases = violations.filter((v) => v.category !== 'length');
    expect(phrases.length).toBeGreaterThanOrEqual(3);
    for (const v of phrases) expect(text.slice(v.span[0], v.span[1])).toBe(v.phrase);
    expect(marked(text).map((m) => m.word)).toEqual(['бот', 'shop@example.com', '+7 999 123-45-67']);
  });

  it('keeps offsets through ё, capitals and a line break inside a phrase', () => {
    const text = 'Спасибо! Мы ОБМЕНЯЕМ товар.\nНам всё\nравно, какой размер.';
    const words = marked(text).map((m) => m.word);
    expect(words).toContain('ОБМЕНЯЕМ');
    expect(words).toContain('Нам всё\nравно');
  });

  it('marks each occurrence of a phrase separately, in text order', () => {
    const text = 'Бот? Нет, не бот. Совсем не бот.';
    const marks = marksOf(text, checkReply({ channel: 'review', text }).violations as ReplyViolationView[]);
    expect(marks.map((m) => [m.start, m.end])).toEqual([
      [0, 3],
      [13, 16],
      [28, 31],
    ]);
    expect(marks.every((m) => m.reason.startsWith('Нельзя отправить: '))).toBe(true);
  });

  it('takes the channel’s severity: a promise blocks in a review, only warns in a chat', () => {
    const text = 'Здравствуйте! Обменяем без вопросов.';
    expect(marked(text, 'review')).toEqual([{ word: 'Обменяем', severity: 'block' }]);
    expect(marked(text, 'chat')).toEqual([{ word: 'Обменяем', severity: 'warn' }]);
  });

  it('does not mark a whole short or empty text (not a word), but marks the part over the length limit', () => {
    expect(marked('')).toEqual([]);
    expect(marked('ок')).toEqual([]);
    const long = `Спасибо за отзыв! ${'Очень рады. '.repeat(600)}`;
    const marks = marked(long);
    expect(marks).toHaveLength(1);
    expect(marks[0]!.word.length).toBeGreaterThan(0);
    expect(long.trimEnd().endsWith(marks[0]!.word)).toBe(true);
  });

  it('drops a range from an older check that no longer fits the text', () => {
    const stale = checkReply({ channel: 'review', text: 'Здравствуйте, это бот отвечает' }).violations;
    expect(marksOf('Здравствуйте', stale as ReplyViolationView[])).toEqual([]);
  });
});
