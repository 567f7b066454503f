import { describe, expect, it } from 'vitest';
import { assessPriority, type PriorityInput } from '../../src-main/core/inbox/priority';
import { classifyQuestionIntent } from '../../src-main/core/inbox/intent';

const now = new Date('2026-12-03T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const review = (rating: number, text = 'Всё хорошо', age = 1): PriorityInput => ({
  channel: 'review',
  rating,
  text,
  intent: null,
  occurredAt: hoursAgo(age),
  needsResponse: true,
  now,
});

describe('priority and SLA (DESIGN §6)', () => {
  it.each([
    [1, 'urgent'],
    [2, 'urgent'],
    [3, 'high'],
    [4, 'normal'],
    [5, 'low'],
  ] as const)('a %i★ review is %s', (rating, priority) => {
    expect(assessPriority(review(rating)).priority).toBe(priority);
  });

  it('a defect, a wrong item or a return in the text escalates a review and says why', () => {
    expect(assessPriority(review(5, 'Пришёл с браком, молния сломана'))).toMatchObject({
      priority: 'normal',
      reason: '5★, брак',
    });
    expect(assessPriority(review(4, 'Прислали не тот цвет'))).toMatchObject({
      priority: 'high',
      reason: '4★, не тот товар',
    });
  });

  it('negative reviews get the short SLA, positive the long one; overdue escalates once', () => {
    expect(assessPriority(review(2)).slaDueAt).toBe(new Date(hoursAgo(1).getTime() + 12 * 3_600_000).toISOString());
    expect(assessPriority(review(5)).slaDueAt).toBe(new Date(hoursAgo(1).getTime() + 48 * 3_600_000).toISOString());
    expect(assessPriority(review(5, 'Отлично', 49))).toMatchObject({ priority: 'normal', reason: '5★, просрочено' });
  });

  it('questions: SLA per intent from the settings, the reason in the seller’s words', () => {
    const question = (text: string, age: number, slaHours?: PriorityInput['slaHours']) =>
      assessPriority({
        channel: 'question',
        rating: null,
        text,
        intent: classifyQuestionIntent(text),
        occurredAt: hoursAgo(age),
        needsResponse: true,
        now,
        slaHours,
      });
    expect(question('Какой размер брать на рост 170?', 1)).toMatchObject({
      priority: 'high',
      reason: 'вопрос: размер и посадка',
    });
    expect(question('Какой размер брать на рост 170?', 5)).toMatchObject({
      priority: 'urgent',
      reason: 'вопрос: размер и посадка, просрочено',
    });
    expect(question('Какой размер брать на рост 170?', 5, { sizing_fit: 8 }).priority).toBe('high');
    expect(question('Привет', 1)).toMatchObject({ priority: 'normal', reason: 'вопрос: общий вопрос' });
  });

  it('chats: a buyer waiting longer than the chat SLA is urgent; answered items have no due time', () => {
    const chat = (age: number, needsResponse = true) =>
      assessPriority({
        channel: 'chat',
        rating: null,
        text: '',
        intent: null,
        occurredAt: hoursAgo(age),
        needsResponse,
        now,
      });
    expect(chat(1).priority).toBe('high');
    expect(chat(3)).toMatchObject({ priority: 'urgent', reason: 'покупатель ждёт ответа в чате, просрочено' });
    expect(chat(3, false).slaDueAt).toBeNull();
  });
});
