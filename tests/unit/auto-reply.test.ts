import { describe, expect, it } from 'vitest';
import {
  autoReplyRulesSchema,
  isPositiveReview,
  planAutoReply,
  type AutoReplyReview,
} from '../../src-main/core/ai/auto-reply';
import { BUILTIN_TEMPLATES } from '../../src-main/core/replies/builtin-templates';
import type { Template } from '../../src-main/core/replies/templates';

const review = (over: Partial<AutoReplyReview> = {}): AutoReplyReview => ({
  rating: 5,
  text: 'Всё понравилось, качество отличное',
  pros: 'удобные',
  cons: '',
  customerName: 'Ирина',
  productName: 'Кеды',
  ...over,
});

const rules = autoReplyRulesSchema.parse({ enabled: true, templateIds: ['builtin-thanks-5-a', 'builtin-thanks-5-b'] });
const context = { sentToday: 0, templates: BUILTIN_TEMPLATES, recentlyUsedIds: [] as string[] };

describe('isPositiveReview', () => {
  it('accepts 4 and 5 stars without complaints, including an empty text', () => {
    expect(isPositiveReview(review())).toBe(true);
    expect(isPositiveReview(review({ rating: 4 }))).toBe(true);
    expect(isPositiveReview(review({ text: '', pros: null, cons: null }))).toBe(true);
  });

  it('rejects 1–3 stars and a missing rating', () => {
    for (const rating of [1, 2, 3, null]) expect(isPositiveReview(review({ rating }))).toBe(false);
  });

  it.each([
    'Пришёл брак',
    'шов бракованный',
    'через день сломался',
    'Не работает кнопка',
    'оформила возврат',
    'немного разочарована',
    'качество ужасное',
    'упаковка плохая',
    'цвет не соответствует фото',
    'маломерит на размер',
    'размер мал',
    'прислали не тот цвет',
  ])('finds a complaint in a 5★ text: %s', (text) => {
    expect(isPositiveReview(review({ text }))).toBe(false);
  });

  it('finds complaints in pros and cons too', () => {
    expect(isPositiveReview(review({ cons: 'Маломерят' }))).toBe(false);
    expect(isPositiveReview(review({ pros: 'красивые, но ужас как пахнут' }))).toBe(false);
  });

  it.each([
    'нет',
    'Нет.',
    '-',
    '—',
    'Всё отлично!',
    'все отлично',
    'не нашла',
    'Не нашёл',
    'минусов нет',
    'Без минусов',
  ])('reads cons «%s» as no complaint', (cons) => {
    expect(isPositiveReview(review({ cons }))).toBe(true);
  });

  it('does not mistake words that merely contain a signal for it', () => {
    expect(
      isPositiveReview(review({ text: 'Неплохо сидят, великолепный цвет, всё работает, вернусь за новой парой' })),
    ).toBe(true);
  });
});

describe('autoReplyRulesSchema', () => {
  it('defaults to off, dry run, 5★ only, 50 a day', () => {
    expect(autoReplyRulesSchema.parse({})).toEqual({
      enabled: false,
      stars: [5],
      templateIds: [],
      dryRun: true,
      dailyCap: 50,
      killSwitch: false,
    });
  });

  it('keeps the daily cap within 1..1000 and stars within 4..5', () => {
    expect(autoReplyRulesSchema.safeParse({ dailyCap: 0 }).success).toBe(false);
    expect(autoReplyRulesSchema.safeParse({ dailyCap: 1001 }).success).toBe(false);
    expect(autoReplyRulesSchema.safeParse({ dailyCap: 1000 }).success).toBe(true);
    expect(autoReplyRulesSchema.safeParse({ stars: [3] }).success).toBe(false);
  });
});

describe('planAutoReply', () => {
  it('plans a dry run with a filled approved template by default', () => {
    expect(planAutoReply(rules, review(), context)).toEqual({
      action: 'dry_run',
      templateId: 'builtin-thanks-5-a',
      text: 'Ирина, спасибо за отличную оценку! Рады, что покупка «Кеды» вам понравилась. Будем рады видеть вас снова!',
    });
  });

  it('sends once dry run is off, rotating templates', () => {
    const plan = planAutoReply({ ...rules, dryRun: false }, review(), {
      ...context,
      recentlyUsedIds: ['builtin-thanks-5-a'],
    });
    expect(plan).toMatchObject({ action: 'send', templateId: 'builtin-thanks-5-b' });
  });

  it('stops everything on the kill switch, even when enabled', () => {
    expect(planAutoReply({ ...rules, killSwitch: true }, review(), context)).toEqual({
      action: 'skip',
      reason: 'kill_switch',
    });
  });

  it('skips when disabled', () => {
    expect(planAutoReply({ ...rules, enabled: false }, review(), context)).toEqual({
      action: 'skip',
      reason: 'disabled',
    });
  });

  it('skips ratings the seller did not select', () => {
    expect(planAutoReply(rules, review({ rating: 4 }), context)).toEqual({
      action: 'skip',
      reason: 'rating_not_selected',
    });
  });

  it('skips a 5★ review with a complaint', () => {
    expect(planAutoReply(rules, review({ cons: 'маломерит' }), context)).toEqual({
      action: 'skip',
      reason: 'not_positive',
    });
  });

  it('skips once the daily cap is reached', () => {
    const capped = { ...rules, dailyCap: 3 };
    expect(planAutoReply(capped, review(), { ...context, sentToday: 2 }).action).toBe('dry_run');
    expect(planAutoReply(capped, review(), { ...context, sentToday: 3 })).toEqual({
      action: 'skip',
      reason: 'daily_cap_reached',
    });
  });

  it('sends nothing without an approved template for the rating', () => {
    expect(planAutoReply({ ...rules, templateIds: [] }, review(), context)).toEqual({
      action: 'skip',
      reason: 'no_template',
    });
    expect(planAutoReply({ ...rules, templateIds: ['builtin-thanks-4'] }, review(), context)).toEqual({
      action: 'skip',
      reason: 'no_template',
    });
  });

  it('skips when the filled template breaks the guardrails', () => {
    const risky: Template = {
      id: 'risky',
      folder: 'x',
      title: 'x',
      text: 'Спасибо! Если что — вернём деньги.',
      channels: ['review'],
      ratings: [5],
    };
    const plan = planAutoReply({ ...rules, templateIds: ['risky'] }, review(), { ...context, templates: [risky] });
    expect(plan).toEqual({ action: 'skip', reason: 'guardrails_blocked' });
  });
});
