import { describe, expect, it } from 'vitest';
import {
  assessPriority,
  reviewSignals,
  withSlaReason,
  type PriorityInput,
  type PriorityResult,
} from '../../src-main/core/inbox/priority';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { classifyQuestionIntent } from '../../src-main/core/inbox/intent';
import { allDayEveryDay, DEFAULT_WORKING_HOURS, type WorkingHours } from '../../src-shared/domain/working-hours';

const now = new Date('2026-12-03T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
/** Moscow wall-clock time (UTC+3 all year). */
const msk = (local: string) => new Date(`${local.replace(' ', 'T')}:00+03:00`);
const review = (rating: number, text = 'Всё хорошо', age = 1): PriorityInput => ({
  channel: 'review',
  rating,
  text,
  intent: null,
  occurredAt: hoursAgo(age),
  needsResponse: true,
  now,
});

/** What the seller reads: the stored reasons, then the SLA state's, in Russian. */
const said = (result: PriorityResult) =>
  withSlaReason(result.reason, result.slaState)
    .map((message) => describeMessage(message, { now }))
    .join(', ');
const assess = (input: PriorityInput) => {
  const result = assessPriority(input);
  return { priority: result.priority, reason: said(result), slaDueAt: result.slaDueAt, slaState: result.slaState };
};

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
    expect(assess(review(5, 'Пришёл с браком, молния сломана'))).toMatchObject({
      priority: 'normal',
      reason: 'оценка 5★, брак',
    });
    expect(assess(review(4, 'Прислали не тот цвет'))).toMatchObject({
      priority: 'high',
      reason: 'оценка 4★, не тот товар',
    });
  });

  // `now` is Thursday 2026-12-03 15:00 in Moscow; the default working hours are Mon–Fri 09:00–18:00 there.
  it('negative reviews get the short SLA, positive the long one, in working hours; overdue escalates once', () => {
    // Thursday 14:00 + 12 working hours: 4 on Thursday, 8 on Friday.
    expect(assessPriority(review(2)).slaDueAt).toBe(msk('2026-12-04 17:00').toISOString());
    // + 48 working hours: Thursday 4, Friday 9, Monday–Wednesday 27, Thursday 8.
    expect(assessPriority(review(5)).slaDueAt).toBe(msk('2026-12-10 17:00').toISOString());
    // 49 wall-clock hours are not 48 working hours: nights don't count.
    expect(assess(review(5, 'Отлично', 49))).toMatchObject({ priority: 'low', reason: 'оценка 5★', slaState: 'ok' });
    // Wednesday 2026-11-25 15:00 + 48 working hours = Wednesday 2026-12-02 18:00: overdue.
    expect(assess(review(5, 'Отлично', 8 * 24))).toMatchObject({
      priority: 'normal',
      reason: 'оценка 5★, просрочено',
      slaState: 'overdue',
      slaDueAt: msk('2026-12-02 18:00').toISOString(),
    });
  });

  it('the due time follows the account’s working hours (issue 9: Friday 23:00 + 4 h is Monday 13:00)', () => {
    const sizing = (occurredAt: Date, workingHours?: WorkingHours) =>
      assessPriority({
        channel: 'question',
        rating: null,
        text: 'Какой размер брать?',
        intent: 'sizing_fit',
        occurredAt,
        needsResponse: true,
        now: occurredAt,
        workingHours,
      }).slaDueAt;
    const fridayNight = msk('2026-12-04 23:00');
    expect(sizing(fridayNight)).toBe(msk('2026-12-07 13:00').toISOString());
    expect(sizing(fridayNight, { ...DEFAULT_WORKING_HOURS, holidays: ['2026-12-07'] })).toBe(
      msk('2026-12-08 13:00').toISOString(),
    );
    expect(sizing(fridayNight, allDayEveryDay())).toBe(msk('2026-12-05 03:00').toISOString());
    // The schedule's own zone: Berlin 09:00 on Monday is 11:00 in Moscow.
    expect(sizing(fridayNight, { ...DEFAULT_WORKING_HOURS, timeZone: 'Europe/Berlin' })).toBe(
      msk('2026-12-07 15:00').toISOString(),
    );
  });

  it('questions: SLA per intent from the settings, the reason in the seller’s words', () => {
    const question = (text: string, age: number, slaHours?: PriorityInput['slaHours']) =>
      assess({
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
    // Thursday 14:00 + 4 working hours = Friday 09:00; at 15:00 it is more than one working hour away.
    // 3.5 h ago (11:30) + 4 h = 15:30: within the default one-hour threshold, due soon.
    expect(question('Какой размер брать на рост 170?', 3.5)).toMatchObject({
      priority: 'high',
      reason: 'вопрос: размер и посадка, скоро срок ответа',
      slaState: 'due_soon',
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
      assess({
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
    expect(chat(3, false)).toMatchObject({
      priority: 'low',
      reason: 'ответ отправлен',
      slaDueAt: null,
      slaState: 'none',
    });
  });

  it.each([
    ['defect', 'Пришёл бракованный, шов разошёлся'],
    ['defect', 'Через неделю перестала работать'],
    ['wrong_item', 'Прислали другую модель'],
    ['wrong_item', 'Пришёл другой товар, перепутали'],
    ['return', 'Оформила возврат'],
    ['return', 'Хочу вернуть деньги'],
    ['smell', 'Сильный запах химии'],
    ['smell', 'Куртка ужасно пахнет'],
    ['smell', 'Воняет резиной'],
    ['size', 'Маломерит на размер'],
    ['size', 'Сильно большемерят'],
    ['size', 'Не подошёл размер'],
    ['size', 'Мала в груди'],
    ['delivery_damage', 'Коробка помята'],
    ['delivery_damage', 'Пришло разбитым'],
    ['delivery_damage', 'Повреждена упаковка'],
    ['delivery_damage', 'Курьер уронил, повреждено при доставке'],
  ] as const)('the review signal %s is found in «%s», named in the reason and raises a 5★ review', (signal, text) => {
    expect(reviewSignals(text)).toContain(signal);
    const result = assessPriority(review(5, text));
    expect(result.reason).toContainEqual({ code: 'priority_review_signal', params: { signal } });
    expect(result.basePriority).toBe('normal');
  });

  it.each([
    'Приятный запах, без химии',
    'Ничем не пахнет',
    'Без запаха, всё отлично',
    'Размер подошёл идеально',
    'Вернулся за вторым, очень понравилось',
    'Коробка целая, всё хорошо',
  ])('no signal in a calm review: «%s»', (text) => {
    expect(reviewSignals(text)).toEqual([]);
    expect(assessPriority(review(5, text))).toMatchObject({ priority: 'low', basePriority: 'low' });
  });

  it('every signal of a review is named, in order; priority rises one step only', () => {
    const result = assessPriority(review(4, 'Маломерит, и запах ужасный, оформляю возврат'));
    expect(result.reason.map((reason) => reason.params)).toEqual([
      { stars: 4 },
      { signal: 'return' },
      { signal: 'smell' },
      { signal: 'size' },
    ]);
    expect(result.priority).toBe('high');
  });

  it('the due-soon moment is the due time minus the threshold in working hours', () => {
    // Thursday 14:00 + 12 working hours = Friday 17:00; minus 3 working hours = Friday 14:00.
    const result = assessPriority({ ...review(2), dueSoonHours: 3 });
    expect(result.slaDueAt).toBe(msk('2026-12-04 17:00').toISOString());
    expect(result.slaSoonAt).toBe(msk('2026-12-04 14:00').toISOString());
    // A threshold longer than the SLA: due soon from the start.
    expect(assessPriority({ ...review(2), dueSoonHours: 20 })).toMatchObject({ slaState: 'due_soon' });
  });
});
