import { describe, expect, it } from 'vitest';
import { checkReply, type ViolationCategory } from '../../src-main/core/replies/guardrails';
import { describe as describeMessage } from '../../src-shared/messages/describe';

const PREFIX = 'Здравствуйте! ';

/** Category and phrase of every phrase-level finding, in order. */
function findings(text: string, channel: 'review' | 'question' | 'chat' = 'review') {
  return checkReply({ channel, text })
    .violations.filter((v) => v.category !== 'length')
    .map((v) => ({ category: v.category, phrase: v.phrase, severity: v.severity }));
}

function expectFlag(category: ViolationCategory, phrase: string) {
  const text = `${PREFIX}${phrase}. Спасибо за отзыв!`;
  const result = checkReply({ channel: 'review', text });
  const hit = result.violations.find((v) => v.category === category);
  expect(hit, `${category}: «${phrase}»`).toBeDefined();
  expect(hit?.phrase).toBe(phrase);
  expect(hit?.span).toEqual([PREFIX.length, PREFIX.length + phrase.length]);
  expect(text.slice(...(hit?.span ?? [0, 0]))).toBe(phrase);
}

describe('checkReply: phrase categories', () => {
  it.each([
    'ИИ',
    'искусственный интеллект',
    'искусственного интеллекта',
    'нейросеть',
    'нейросетью',
    'нейронной сети',
    'бот',
    'бота',
    'ботом',
    'боты',
    'чат-бот',
    'чат-ботом',
    'ChatGPT',
    'GPT',
    'GPT-4o',
    'сгенерировано',
    'сгенерирован',
    'автоответ',
    'автоответчиком',
    'автоматический ответ',
    'AI',
  ])('flags an AI mention: %s', (phrase) => expectFlag('ai_mention', phrase));

  it.each([
    'вернём деньги',
    'вернем деньги',
    'вернут деньги',
    'вернём вам деньги',
    'вернём всю сумму',
    'вернёт деньги',
    'деньги вернём',
    'Деньги вам вернут',
    'Возвратим полную стоимость',
    'средства будут возвращены',
    'сделаем возврат',
    'оформим вам возврат',
    'компенсируем',
    'компенсирует',
    'компенсацию',
    'гарантируем',
    'гарантирую',
    'бесплатно заменим',
    'заменим бесплатно',
    'заменим',
    '100%',
    '100 %',
    '100 процентов',
    'возместим',
  ])('flags a promise: %s', (phrase) => expectFlag('promise', phrase));

  it.each([
    'вы сами виноваты',
    'сами виноваты',
    'виноваты вы сами',
    'по вашей вине',
    'неправильно пользовались',
    'неправильно использовали',
    'неправильно выбрали',
    'надо было читать',
    'нужно было внимательно читать',
    'следовало прочитать',
    'вы не разобрались',
    'вы просто не разобрались',
    'вы сломали',
    'читайте описание',
  ])('flags blame: %s', (phrase) => expectFlag('blame', phrase));

  it.each([
    'нас это не касается',
    'это нас не касается',
    'ничем не можем помочь',
    'ничем не поможем',
    'не наша проблема',
    'не наши проблемы',
    'ваши проблемы',
    'обращайтесь в WB',
    'обращайтесь в поддержку Wildberries',
    'обращайтесь в службу поддержки',
    'разбирайтесь',
  ])('flags a dismissive phrase: %s', (phrase) => expectFlag('dismissive', phrase));

  it.each([
    'оформите возврат',
    'оформляйте возврат',
    'верните товар',
    'можете вернуть',
    'сдайте обратно',
    'сдайте товар',
  ])('flags a return suggestion: %s', (phrase) => expectFlag('return_suggestion', phrase));

  it.each([
    '+7 (999) 123-45-67',
    '8 800 555 35 35',
    'shop@mail.ru',
    'https://shop.example.ru/sale',
    'www.shop.ru',
    'shop.ru',
    'Telegram',
    'ватсап',
    '@myshop_help',
  ])('flags a contact: %s', (phrase) => expectFlag('contact', phrase));

  it('does not flag links to Wildberries itself', () => {
    expect(findings('Все размеры — на https://www.wildberries.ru/catalog/123/detail.aspx и wildberries.ru')).toEqual(
      [],
    );
  });
});

describe('checkReply: no false positives', () => {
  it.each([
    'Наша работа — ваш комфорт.',
    'Мы заботимся о каждом покупателе.',
    'Эти ботинки отлично держат тепло.',
    'Работаем без выходных, позаботимся о доставке.',
    'Линии и иконки на упаковке — фирменный стиль.',
    'Мы виноваты и приносим извинения.',
    'Мы ещё не разобрались, но уже выясняем.',
    'Чем можем помочь?',
    'Скоро вернёмся с ответом.',
    'Деньги возвращаются на карту покупателя в сроки WB.',
    'Это средство вернёт волосам мягкость.',
    'Средство вернет коже блеск уже после первого применения.',
    'Мы вернулись к этому вопросу и проверили партию.',
    'Гарантия производителя указана в карточке.',
    'Спасибо, что выбрали нас! Носите с удовольствием.',
  ])('passes: %s', (text) => {
    expect(findings(text)).toEqual([]);
    expect(checkReply({ channel: 'review', text }).blocked).toBe(false);
  });

  it('treats ё and е alike and ignores case', () => {
    expect(findings('ВЕРНЁМ ДЕНЬГИ')).toEqual([{ category: 'promise', phrase: 'ВЕРНЁМ ДЕНЬГИ', severity: 'block' }]);
    expect(findings('Вернем   деньги')[0]?.category).toBe('promise');
  });

  it('reports overlapping rules of one category once', () => {
    expect(findings('Мы бесплатно заменим товар.')).toEqual([
      { category: 'promise', phrase: 'бесплатно заменим', severity: 'block' },
    ]);
  });

  it('lists violations in text order with spans into the original text', () => {
    const text = 'Извините, ответ сгенерирован ботом. Вы сами виноваты.';
    const { violations } = checkReply({ channel: 'review', text });
    expect(violations.map((v) => text.slice(...v.span))).toEqual(['сгенерирован', 'ботом', 'Вы сами виноваты']);
  });

  it('names the phrase and the rule as a message code, worded in Russian where it is shown', () => {
    const [violation] = checkReply({ channel: 'question', text: 'Это ответ бота.' }).violations;
    expect(violation?.message).toEqual({ code: 'guardrail_phrase', params: { rule: 'ai_mention', phrase: 'бота' } });
    expect(describeMessage(violation!.message, { now: new Date() })).toBe(
      'Нельзя упоминать ИИ, ботов и автоответы: «бота»',
    );
  });
});

describe('checkReply: channel policy', () => {
  const risky = 'Компенсируем! Вы сами виноваты, нас это не касается. Оформите возврат.';

  it.each(['review', 'question'] as const)('is strict on public %s answers', (channel) => {
    const result = checkReply({ channel, text: risky });
    const severity = Object.fromEntries(result.violations.map((v) => [v.category, v.severity]));
    expect(severity).toEqual({ promise: 'block', blame: 'block', dismissive: 'block', return_suggestion: 'warn' });
    expect(result.blocked).toBe(true);
  });

  it('only warns in a private chat', () => {
    const result = checkReply({ channel: 'chat', text: risky });
    expect(result.violations.every((v) => v.severity === 'warn')).toBe(true);
    expect(result.blocked).toBe(false);
  });

  it('blocks AI mentions in a chat too', () => {
    const result = checkReply({ channel: 'chat', text: 'Вам отвечает бот.' });
    expect(result.blocked).toBe(true);
    expect(result.violations[0]?.category).toBe('ai_mention');
  });

  it('blocks contacts in public answers and warns in chat', () => {
    expect(checkReply({ channel: 'review', text: 'Пишите в Telegram.' }).blocked).toBe(true);
    expect(checkReply({ channel: 'chat', text: 'Пишите в Telegram.' }).blocked).toBe(false);
  });
});

describe('checkReply: length (CONTRACT §4, §5)', () => {
  const lengthOf = (
    channel: 'review' | 'question' | 'chat',
    text: string,
    kind?: 'answer' | 'edit' | 'reject' | 'chat_message',
  ) => checkReply({ channel, text, ...(kind ? { kind } : {}) }).violations.filter((v) => v.category === 'length');

  it('blocks an empty or blank reply on every channel', () => {
    for (const channel of ['review', 'question', 'chat'] as const) {
      for (const text of ['', '   \n ']) {
        const result = checkReply({ channel, text });
        expect(result.blocked).toBe(true);
        expect(result.violations[0]?.message).toEqual({ code: 'reply_empty', params: {} });
      }
    }
  });

  it('needs at least 2 characters in a review or question answer, after trimming', () => {
    expect(lengthOf('review', ' Д ')).toHaveLength(1);
    expect(lengthOf('review', ' Д ')[0]?.span).toEqual([1, 2]);
    expect(lengthOf('review', 'Да')).toEqual([]);
    expect(lengthOf('question', 'Д')).toHaveLength(1);
    expect(lengthOf('question', 'Да')).toEqual([]);
  });

  it('allows 5000 characters in an answer and blocks 5001, pointing at the overflow', () => {
    expect(lengthOf('review', 'а'.repeat(5000))).toEqual([]);
    expect(lengthOf('review', `  ${'а'.repeat(5000)}  `)).toEqual([]);
    const [over] = lengthOf('review', 'а'.repeat(5001));
    expect(over?.severity).toBe('block');
    expect(over?.span).toEqual([5000, 5001]);
    expect(over?.message).toEqual({ code: 'reply_too_long', params: { length: 5001, max: 5000 } });
    expect(lengthOf('question', 'а'.repeat(5001), 'edit')).toHaveLength(1);
  });

  it('allows 1 to 1000 characters in a chat message', () => {
    expect(lengthOf('chat', 'Д')).toEqual([]);
    expect(lengthOf('chat', 'а'.repeat(1000))).toEqual([]);
    expect(lengthOf('chat', 'а'.repeat(1001))).toHaveLength(1);
  });

  it('counts an emoji as one character', () => {
    expect(lengthOf('chat', `${'а'.repeat(999)}🙂`)).toEqual([]);
  });

  it('applies the answer limits to a question rejection', () => {
    expect(lengthOf('question', 'а'.repeat(1001), 'reject')).toEqual([]);
    expect(lengthOf('question', 'а', 'reject')).toHaveLength(1);
  });
});
