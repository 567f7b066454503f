import { describe, expect, it } from 'vitest';
import type { AnalyticsAlert, AnalyticsView } from '../../src-shared/domain/analytics';
import { allDayEveryDay } from '../../src-shared/domain/working-hours';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';
import type { AnalyticsExport } from '../../src-shared/domain/analytics';
import { exportCsvText } from '../../src-shared/messages/export-texts';

const tempDir = useTempDirs();
/** Friday 2026-11-20, 12:00 in Moscow. The 7-day period is 14–20 Nov local: [13 Nov 21:00Z, 20 Nov 21:00Z). */
const NOW = new Date('2026-11-20T09:00:00Z');
const STAMP = '2026-11-01T00:00:00.000Z';

interface Item {
  channel: 'review' | 'question' | 'chat';
  occurredAt: string;
  rating?: number;
  text?: string;
  intent?: string;
  nmId?: number;
  productName?: string;
  needsResponse?: boolean;
  priority?: 'urgent' | 'high' | 'normal' | 'low';
  slaDueAt?: string | null;
  lastReplyText?: string | null;
  lastReplyAt?: string | null;
  lastMessageAt?: string | null;
  source?: string;
}

async function setup() {
  let now = NOW;
  const core = await makeCore(tempDir(), () => now);
  const { sqlite } = core.internals.database;
  const value = async <T>(channel: string, input: unknown) => {
    const result = (await core.call(channel, input)) as { ok: boolean; value?: unknown; error?: unknown };
    expect(result.ok, JSON.stringify(result.error)).toBe(true);
    return result.value as T;
  };
  const account = (name: string, scopes: string[] = ['feedbacks_questions', 'buyer_chat']) =>
    Number(
      sqlite
        .prepare('INSERT INTO accounts (name, token_scopes, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(name, JSON.stringify(scopes), STAMP, STAMP).lastInsertRowid,
    );
  let serial = 0;
  const item = (accountId: number, it: Item) => {
    serial += 1;
    return Number(
      sqlite
        .prepare(
          `INSERT INTO interactions (account_id, channel, external_id, nm_id, product_name, text, rating, intent,
             occurred_at, status, needs_response, priority, sla_due_at, last_reply_text, last_reply_at,
             last_message_at, source, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          accountId,
          it.channel,
          `ext-${serial}`,
          it.nmId ?? null,
          it.productName ?? null,
          it.text ?? '',
          it.rating ?? null,
          it.intent ?? null,
          it.occurredAt,
          it.needsResponse ? 'open' : it.lastReplyText ? 'responded' : 'closed',
          it.needsResponse ? 1 : 0,
          it.priority ?? 'normal',
          it.slaDueAt ?? null,
          it.lastReplyText ?? null,
          it.lastReplyAt ?? null,
          it.lastMessageAt ?? null,
          it.source ?? 'wb_api',
          STAMP,
          STAMP,
        ).lastInsertRowid,
    );
  };
  const sent = (accountId: number, interactionId: number, kind: string, sentAt: string) =>
    sqlite
      .prepare(
        `INSERT INTO outbox (account_id, interaction_id, kind, text, idempotency_key, state, sent_at, confirmed_at, created_at, updated_at)
         VALUES (?, ?, ?, 'ответ', ?, 'confirmed', ?, ?, ?, ?)`,
      )
      .run(accountId, interactionId, kind, `key-${sentAt}-${interactionId}`, sentAt, sentAt, sentAt, sentAt);
  const message = (interactionId: number, sender: 'client' | 'seller' | 'wb', sentAt: string, text = 'Здравствуйте') =>
    sqlite
      .prepare(
        `INSERT INTO chat_messages (interaction_id, external_id, direction, sender, text, sent_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        interactionId,
        `m-${interactionId}-${sentAt}`,
        sender === 'client' ? 'inbound' : 'outbound',
        sender,
        text,
        sentAt,
      );
  const event = (interactionId: number, type: string, createdAt: string, payload: object = {}) =>
    sqlite
      .prepare('INSERT INTO interaction_events (interaction_id, type, payload_json, created_at) VALUES (?, ?, ?, ?)')
      .run(interactionId, type, JSON.stringify(payload), createdAt);
  return {
    core,
    sqlite,
    value,
    account,
    item,
    sent,
    message,
    event,
    setNow: (at: Date) => (now = at),
  };
}

/**
 * The hand-computed fixture (working hours around the clock, so an SLA of N hours is N wall-clock
 * hours; review SLA 48 h, 1–3★ or a problem signal 12 h, question sizing_fit 4 h / general 24 h, chat 2 h).
 */
async function fixture(env: Awaited<ReturnType<typeof setup>>) {
  const shop = env.account('Мой магазин');
  await env.value('settings.update', { accountId: shop, patch: { workingHours: allDayEveryDay('Europe/Moscow') } });
  // Reviews.
  const r1 = env.item(shop, { channel: 'review', occurredAt: '2026-11-15T09:00:00.000Z', rating: 5, nmId: 102 });
  env.sent(shop, r1, 'answer', '2026-11-15T10:00:00.000Z'); // 60 min, SLA 48 h: hit
  env.item(shop, {
    channel: 'review',
    occurredAt: '2026-11-16T09:00:00.000Z',
    rating: 1,
    text: 'Пришёл сломанный, брак',
    nmId: 101,
    productName: 'Чайник',
    lastReplyText: 'Извините',
    lastReplyAt: '2026-11-17T09:00:00.000Z', // exactly 24 h: within 24 h; SLA 12 h: missed
  });
  env.item(shop, {
    channel: 'review',
    occurredAt: '2026-11-18T09:00:00.000Z',
    rating: 2,
    text: 'Брак, хочу возврат',
    nmId: 101,
    productName: 'Чайник',
    lastReplyText: 'Ответ из кабинета WB', // answered outside the app: WB gives no date
  });
  env.item(shop, {
    channel: 'review',
    occurredAt: '2026-11-19T06:00:00.000Z', // 27 h old, unanswered: a 24 h miss; due in 48 h: not yet
    rating: 4,
    needsResponse: true,
    priority: 'normal',
    slaDueAt: '2026-11-21T06:00:00.000Z',
  });
  env.item(shop, {
    channel: 'review',
    occurredAt: '2026-11-20T06:00:00.000Z', // 3 h old: outcome not known yet
    rating: 3,
    needsResponse: true,
    priority: 'high',
    slaDueAt: '2026-11-20T18:00:00.000Z',
  });
  env.item(shop, {
    channel: 'review',
    occurredAt: '2026-11-10T09:00:00.000Z', // before the period: only in the backlog (10 days old)
    rating: 1,
    needsResponse: true,
    priority: 'urgent',
    slaDueAt: '2026-11-10T21:00:00.000Z',
  });
  // Questions.
  env.item(shop, {
    channel: 'question',
    occurredAt: '2026-11-17T10:00:00.000Z',
    intent: 'sizing_fit',
    lastReplyText: 'Да',
    lastReplyAt: '2026-11-17T12:00:00.000Z', // WB's answer date: 120 min, SLA 4 h: hit
  });
  const q2 = env.item(shop, {
    channel: 'question',
    occurredAt: '2026-11-18T10:00:00.000Z',
    intent: 'general',
    lastReplyText: 'Нет',
    lastReplyAt: '2026-11-19T16:05:00.000Z',
  });
  env.sent(shop, q2, 'answer', '2026-11-19T16:00:00.000Z'); // ours left first: 1800 min; SLA 24 h: missed
  env.item(shop, {
    channel: 'question',
    occurredAt: '2026-11-12T10:00:00.000Z',
    intent: 'general',
    lastReplyText: 'x',
  });
  // A chat: a turn from before the period, one answered from the portal, one answered from the app, one waiting.
  const chat = env.item(shop, {
    channel: 'chat',
    occurredAt: '2026-11-13T20:00:00.000Z',
    needsResponse: true,
    priority: 'high',
    lastMessageAt: '2026-11-20T08:00:00.000Z',
    slaDueAt: '2026-11-20T10:00:00.000Z',
  });
  env.message(chat, 'client', '2026-11-13T20:00:00.000Z');
  env.message(chat, 'seller', '2026-11-13T22:00:00.000Z');
  env.message(chat, 'client', '2026-11-16T10:00:00.000Z'); // turn: 60 min, SLA 2 h: hit
  env.message(chat, 'client', '2026-11-16T10:30:00.000Z');
  env.message(chat, 'seller', '2026-11-16T11:00:00.000Z');
  env.message(chat, 'wb', '2026-11-16T12:00:00.000Z');
  env.message(chat, 'client', '2026-11-19T08:00:00.000Z'); // turn: answered by our send, 180 min: missed
  env.sent(shop, chat, 'chat_message', '2026-11-19T11:00:00.000Z');
  env.message(chat, 'client', '2026-11-20T08:00:00.000Z'); // waiting 1 h
  // Reply events.
  for (const [type, at, payload] of [
    ['draft_accepted', '2026-11-15T10:00:00.000Z', {}],
    ['draft_accepted', '2026-11-16T10:00:00.000Z', {}],
    ['draft_edited', '2026-11-17T10:00:00.000Z', {}],
    ['reply_manual', '2026-11-18T10:00:00.000Z', {}],
    ['auto_reply', '2026-11-18T11:00:00.000Z', { templateId: 'thanks' }],
    ['reply_blocked', '2026-11-18T12:00:00.000Z', { category: 'promise' }],
    ['reply_blocked', '2026-11-18T12:01:00.000Z', { category: 'promise' }],
    ['reply_blocked', '2026-11-18T12:02:00.000Z', { category: 'length' }],
    ['draft_accepted', '2026-11-12T10:00:00.000Z', {}], // before the period
  ] as const)
    env.event(r1, type, at, payload);
  return shop;
}

describe('analytics figures, checked against a hand-computed fixture', () => {
  it('response rate within 24 h, first response median / p90 and SLA hit rate per channel', async () => {
    const env = await setup();
    const shop = await fixture(env);
    const view = await env.value<AnalyticsView>('analytics.get', { accountId: shop, days: 7 });
    expect(view.period).toEqual({
      fromAt: '2026-11-13T21:00:00.000Z',
      toAt: '2026-11-20T21:00:00.000Z',
      fromDate: '2026-11-14',
      toDate: '2026-11-20',
      days: 7,
      timeZone: 'Europe/Moscow',
    });
    expect(view.channels.review).toEqual({
      sources: ['wb_api'],
      received: 5,
      answered: 3,
      answeredTimeUnknown: 1,
      within24h: { count: 2, of: 3, rate: 2 / 3 },
      firstResponse: { measured: 2, medianMinutes: 750, p90Minutes: 1440 },
      slaHit: { count: 1, of: 2, rate: 0.5 },
    });
    expect(view.channels.question).toEqual({
      sources: ['wb_api'],
      received: 2,
      answered: 2,
      answeredTimeUnknown: 0,
      within24h: { count: 1, of: 2, rate: 0.5 },
      firstResponse: { measured: 2, medianMinutes: 960, p90Minutes: 1800 },
      slaHit: { count: 1, of: 2, rate: 0.5 },
    });
    expect(view.channels.chat).toEqual({
      sources: ['wb_api'],
      received: 3,
      answered: 2,
      answeredTimeUnknown: 0,
      within24h: { count: 2, of: 2, rate: 1 },
      firstResponse: { measured: 2, medianMinutes: 120, p90Minutes: 180 },
      slaHit: { count: 1, of: 2, rate: 0.5 },
    });
    await env.core.close();
  });

  it('backlog by priority, channel and age; reply quality, auto-replies and guardrail blocks', async () => {
    const env = await setup();
    const shop = await fixture(env);
    const view = await env.value<AnalyticsView>('analytics.get', { accountId: shop, days: 7 });
    expect(view.backlog).toEqual({
      sources: ['wb_api'],
      total: 4,
      byPriority: { urgent: 1, high: 2, normal: 1, low: 0 },
      byAge: { under_1d: 2, d1_3: 1, d3_7: 0, over_7d: 1 },
      byChannel: { review: 3, question: 0, chat: 1 },
    });
    expect(view.replies).toEqual({
      sources: ['wb_api'],
      draftAccepted: 2,
      draftEdited: 1,
      manual: 1,
      acceptedRate: 0.5,
      editedRate: 0.25,
      manualRate: 0.25,
      autoReplies: 1,
      guardrailBlocks: { promise: 2, length: 1 },
    });
    await env.core.close();
  });

  it('ratings per day and per week, top problem signals per product, per-day series', async () => {
    const env = await setup();
    const shop = await fixture(env);
    const view = await env.value<AnalyticsView>('analytics.get', { accountId: shop, days: 7 });
    expect(view.ratings.daily.map((p) => [p.date, p.reviews, p.average])).toEqual([
      ['2026-11-14', 0, null],
      ['2026-11-15', 1, 5],
      ['2026-11-16', 1, 1],
      ['2026-11-17', 0, null],
      ['2026-11-18', 1, 2],
      ['2026-11-19', 1, 4],
      ['2026-11-20', 1, 3],
    ]);
    expect(view.ratings.weekly).toEqual([
      { date: '2026-11-09', reviews: 1, average: 5 },
      { date: '2026-11-16', reviews: 4, average: 2.5 },
    ]);
    expect(view.problemProducts).toEqual([
      {
        nmId: 101,
        productName: 'Чайник',
        reviews: 2,
        signals: [
          { signal: 'defect', reviews: 2 },
          // «Пришёл сломанный»: the review signals read an item that arrived broken as delivery damage too.
          { signal: 'delivery_damage', reviews: 1 },
          { signal: 'return', reviews: 1 },
        ],
        sources: ['wb_api'],
      },
    ]);
    const day = (date: string) => view.series.find((p) => p.date === date)!;
    expect(day('2026-11-16')).toEqual({
      date: '2026-11-16',
      received: { review: 1, question: 0, chat: 1 },
      answered: { review: 0, question: 0, chat: 1 },
      reviews: 1,
      averageRating: 1,
    });
    expect(day('2026-11-19')).toMatchObject({
      received: { review: 1, question: 0, chat: 1 },
      answered: { review: 0, question: 1, chat: 1 },
    });
    expect(view.series.reduce((sum, p) => sum + p.received.review + p.received.question + p.received.chat, 0)).toBe(10);
    await env.core.close();
  });

  it('all shops together sum the shops and label the demo rows as demo', async () => {
    const env = await setup();
    const shop = await fixture(env);
    const { accountId: demo } = await env.value<{ accountId: number }>('demo.seed', {});
    const mine = await env.value<AnalyticsView>('analytics.get', { accountId: shop, days: 30 });
    const theirs = await env.value<AnalyticsView>('analytics.get', { accountId: demo, days: 30 });
    const all = await env.value<AnalyticsView>('analytics.get', { days: 30 });
    expect(all.accountId).toBeNull();
    expect(mine.sources).toEqual(['wb_api']);
    expect(theirs.sources).toEqual(['demo']);
    expect(theirs.channels.review.sources).toEqual(['demo']);
    expect(all.sources).toEqual(['wb_api', 'demo']);
    for (const channel of ['review', 'question', 'chat'] as const)
      expect(all.channels[channel].received).toBe(mine.channels[channel].received + theirs.channels[channel].received);
    expect(all.backlog.total).toBe(mine.backlog.total + theirs.backlog.total);
    await env.core.close();
  });

  it('a custom period counts only its days; a bad one is refused at the boundary', async () => {
    const env = await setup();
    const shop = await fixture(env);
    const view = await env.value<AnalyticsView>('analytics.get', {
      accountId: shop,
      from: '2026-11-16',
      to: '2026-11-17',
    });
    expect(view.period.days).toBe(2);
    expect(view.channels.review.received).toBe(1);
    expect(view.channels.question.received).toBe(1);
    expect(view.channels.chat.received).toBe(1);
    for (const bad of [
      { from: '2026-11-17' },
      { from: '2026-11-18', to: '2026-11-17' },
      { from: '2025-01-01', to: '2026-11-17' },
      { days: 0 },
      { days: 400 },
    ]) {
      const result = await env.core.call('analytics.get', { accountId: shop, ...bad });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await env.core.call('analytics.get', { accountId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await env.core.close();
  });
});

describe('analytics CSV export', () => {
  it('interactions: one row per item or chat turn behind the figures, nothing raw, formulas defused', async () => {
    const env = await setup();
    const shop = await fixture(env);
    env.sqlite.prepare('UPDATE interactions SET raw_json = \'{"secret":"RAWJSON"}\', customer_id = \'CUST-1\'').run();
    env.item(shop, {
      channel: 'question',
      occurredAt: '2026-11-19T12:00:00.000Z',
      text: '=HYPERLINK("x")',
      lastReplyText: 'a',
    });
    const table = await env.value<AnalyticsExport>('analytics.export', {
      what: 'interactions',
      accountId: shop,
      days: 7,
    });
    const { filename } = table;
    // Core answers in codes; the shells write the names (exportCsvText, as the page and the CLI do).
    expect(table.rows.flat()).toContainEqual({ kind: 'channel', codes: ['chat'] });
    const csv = exportCsvText(table);
    expect(filename).toBe(`agentiq-interactions-shop${shop}-2026-11-14_2026-11-20.csv`);
    expect(csv.startsWith('\uFEFFinteraction_id;account_id;source;channel;external_id;arrived_at;')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    // 5 reviews, 3 questions, 3 chat turns in the period.
    expect(lines).toHaveLength(1 + 11);
    expect(lines.filter((line) => line.includes(';чат;'))).toHaveLength(3);
    expect(csv).not.toContain('RAWJSON');
    expect(csv).not.toContain('CUST-1');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    const r1 = lines.find((line) => line.includes('2026-11-15T09:00:00.000Z'))!.split(';');
    expect(r1.slice(2, 12)).toEqual([
      'WB API',
      'отзыв',
      r1[4],
      '2026-11-15T09:00:00.000Z',
      '1',
      '2026-11-15T10:00:00.000Z',
      '60',
      '1',
      '2026-11-17T09:00:00.000Z',
      '1',
    ]);
    await env.core.close();
  });

  it('analytics: the figures as section;metric;key;value;sources lines', async () => {
    const env = await setup();
    const shop = await fixture(env);
    const table = await env.value<AnalyticsExport>('analytics.export', { what: 'analytics', days: 7 });
    expect(table.rows).toContainEqual([
      'problem_signals',
      '101',
      { kind: 'signal', codes: ['defect'] },
      2,
      { kind: 'source', codes: ['wb_api'] },
    ]);
    const { filename } = table;
    const csv = exportCsvText(table);
    expect(filename).toBe('agentiq-analytics-all-2026-11-14_2026-11-20.csv');
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('section;metric;key;value;sources');
    expect(lines).toContain('response;within_24h_percent;отзыв;66,7;WB API');
    expect(lines).toContain('response;first_response_median_minutes;вопрос;960;WB API');
    expect(lines).toContain('backlog;by_priority;срочно;1;WB API');
    expect(lines).toContain('replies;guardrail_blocks;promise;2;WB API');
    expect(lines).toContain('problem_signals;101;брак;2;WB API');
    expect(shop).toBeGreaterThan(0);
    await env.core.close();
  });
});

describe('analytics alerts', () => {
  const kinds = (alerts: AnalyticsAlert[]) => alerts.map((a) => a.kind);

  it('SLA overdue and due soon are counted from the due times; none when nothing is near', async () => {
    const env = await setup();
    const shop = env.account('A', []);
    const quiet = await env.value<AnalyticsAlert[]>('analytics.alerts', { accountId: shop });
    expect(quiet).toEqual([]);
    const base = { channel: 'question' as const, occurredAt: '2026-11-20T01:00:00.000Z', needsResponse: true };
    env.item(shop, { ...base, slaDueAt: '2026-11-20T08:00:00.000Z' }); // an hour ago
    env.item(shop, { ...base, slaDueAt: '2026-11-20T07:00:00.000Z' });
    env.item(shop, { ...base, slaDueAt: '2026-11-20T09:30:00.000Z' }); // in 30 min
    env.item(shop, { ...base, slaDueAt: '2026-11-20T12:00:00.000Z' }); // in 3 h: neither
    env.item(shop, { ...base, needsResponse: false, slaDueAt: '2026-11-20T07:00:00.000Z' }); // answered
    const alerts = await env.value<AnalyticsAlert[]>('analytics.alerts', { accountId: shop });
    expect(alerts).toEqual([
      { kind: 'sla_overdue', accountId: shop, message: { code: 'alert_sla_overdue', params: { count: 2 } } },
      {
        kind: 'sla_due_soon',
        accountId: shop,
        message: { code: 'alert_sla_due_soon', params: { count: 1, minutes: 60 } },
      },
    ]);
    await env.core.close();
  });

  it('the manual-reply share rising week over week alerts; a small week or a small rise does not', async () => {
    const env = await setup();
    const shop = env.account('A', []);
    const review = env.item(shop, { channel: 'review', occurredAt: '2026-11-01T00:00:00.000Z', rating: 5 });
    const week = (daysAgo: number, manual: number, drafts: number) => {
      for (let i = 0; i < manual + drafts; i += 1)
        env.event(
          review,
          i < manual ? 'reply_manual' : 'draft_accepted',
          new Date(NOW.getTime() - daysAgo * 86_400_000 + i * 60_000).toISOString(),
        );
    };
    week(10, 1, 4); // the week before: 1 of 5 manual (20 %)
    week(3, 2, 2); // this week: 4 replies, below the minimum of 5
    expect(kinds(await env.value('analytics.alerts', { accountId: shop }))).toEqual([]);
    week(2, 0, 1); // this week: 2 of 5 (40 %): a rise of 20 points
    expect(await env.value('analytics.alerts', { accountId: shop })).toEqual([
      {
        kind: 'manual_rate_rising',
        accountId: shop,
        message: { code: 'alert_manual_rate_rising', params: { percent: 40, previousPercent: 20, replies: 5 } },
      },
    ]);
    week(1, 0, 3); // this week: 2 of 8 (25 %): a rise of 5 points
    expect(kinds(await env.value('analytics.alerts', { accountId: shop }))).toEqual([]);
    await env.core.close();
  });

  it('a product whose negative reviews jump alerts; a few, or as many as usual, do not', async () => {
    const env = await setup();
    const shop = env.account('A', []);
    const negative = (nmId: number, daysAgo: number, productName = `Товар ${nmId}`) =>
      env.item(shop, {
        channel: 'review',
        occurredAt: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(),
        rating: 1,
        nmId,
        productName,
      });
    for (const days of [1, 2, 3]) negative(201, days, 'Чайник'); // 3 this week...
    negative(201, 20); // ...after 1 in four weeks
    for (const days of [1, 2]) negative(202, days); // 2 this week: below the minimum
    for (const days of [1, 2, 3]) negative(203, days); // 3 this week after 8 in four weeks (2 a week)
    for (const days of [8, 9, 10, 15, 16, 22, 23, 30]) negative(203, days);
    env.item(shop, { channel: 'review', occurredAt: '2026-11-19T00:00:00.000Z', rating: 5, nmId: 202 });
    expect(await env.value('analytics.alerts', { accountId: shop })).toEqual([
      {
        kind: 'negative_reviews_jump',
        accountId: shop,
        message: {
          code: 'alert_negative_reviews_jump',
          params: { product: 'Чайник', nmId: 201, count: 3, previousWeekly: 0.3 },
        },
      },
    ]);
    await env.core.close();
  });

  it('sync health of a real shop is an alert naming the shop and channel; the demo has none', async () => {
    const env = await setup();
    const shop = env.account('Мой магазин', ['feedbacks_questions']);
    await env.value('demo.seed', {});
    const syncHealth = (alerts: AnalyticsAlert[]) => alerts.filter((a) => a.kind === 'sync_health');
    expect(syncHealth(await env.value('analytics.alerts', {}))).toEqual([]);
    // A run that failed and no success ever: the health check says so.
    env.sqlite
      .prepare(
        `INSERT INTO sync_runs (account_id, channel, started_at, finished_at, outcome) VALUES (?, 'review', ?, ?, 'error')`,
      )
      .run(shop, '2026-11-20T08:00:00.000Z', '2026-11-20T08:01:00.000Z');
    const alerts = syncHealth(await env.value<AnalyticsAlert[]>('analytics.alerts', {}));
    expect(alerts).toContainEqual({
      kind: 'sync_health',
      accountId: shop,
      message: {
        code: 'alert_sync_health',
        params: { shop: 'Мой магазин', channel: 'review', problem: { code: 'health_never_synced', params: {} } },
      },
    });
    expect(alerts.every((a) => a.accountId === shop)).toBe(true);
    await env.core.close();
  });
});
