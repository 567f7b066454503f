import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../../src-shared/domain/settings';
import { DEFAULT_WORKING_HOURS } from '../../src-shared/domain/working-hours';
import type { ArrivedItem } from '../../src-shared/ipc/events';
import {
  decideNotifications,
  isWorkingTime,
  type NotifyEvent,
  type ShopNotifyFacts,
} from '../../src-renderer/lib/notify-decision';

// Friday 12:00 Moscow (inside 09:00–18:00), and Saturday 12:00 Moscow (a day off).
const WORKING = new Date('2026-12-04T09:00:00Z');
const WEEKEND = new Date('2026-12-05T09:00:00Z');

const item = (id: number, over: Partial<ArrivedItem> = {}): ArrivedItem => ({
  id,
  channel: 'review',
  kind: 'new',
  priority: 'urgent',
  slaState: 'ok',
  needsResponse: true,
  source: 'wb_api',
  ...over,
});
const shop = (
  notifications: Partial<NotificationSettings> = {},
  over: Partial<ShopNotifyFacts> = {},
): ShopNotifyFacts => ({
  name: 'Мой магазин',
  isDemo: false,
  notifications: { ...DEFAULT_NOTIFICATION_SETTINGS, ...notifications },
  workingHours: DEFAULT_WORKING_HOURS,
  ...over,
});
const arrived = (items: ArrivedItem[], accountId = 1): NotifyEvent => ({ type: 'arrived', accountId, items });
const decide = (events: NotifyEvent[], facts: ShopNotifyFacts | null = shop(), now = WORKING) =>
  decideNotifications(events, () => facts, now);

describe('which events notify', () => {
  it('a new urgent item: one notification that opens it; normal-priority items stay quiet', () => {
    const plans = decide([arrived([item(7), item(8, { priority: 'normal' }), item(9, { priority: 'high' })])]);
    expect(plans).toEqual([
      {
        accountId: 1,
        kind: 'urgent',
        title: 'Срочный отзыв',
        body: 'Мой магазин',
        interactionId: 7,
        tag: 'urgent-1-7',
        sound: false,
      },
    ]);
  });

  it('a chat message notifies; an urgent chat is counted once, among the urgent ones', () => {
    const plans = decide([
      arrived([
        item(3, { channel: 'chat', kind: 'message', priority: 'high' }),
        item(4, { channel: 'chat', kind: 'new' }),
      ]),
    ]);
    expect(plans.map((plan) => [plan.kind, plan.title, plan.interactionId])).toEqual([
      ['urgent', 'Срочное сообщение в чате', 4],
      ['chat', 'Новое сообщение в чате', 3],
    ]);
  });

  it('a failed or conflicting reply notifies; items already answered do not', () => {
    const plans = decide([
      { type: 'reply_problem', accountId: 1, interactionId: 5, channel: 'review', state: 'conflict' },
      arrived([item(6, { needsResponse: false })]),
    ]);
    expect(plans.map((plan) => [plan.kind, plan.title, plan.interactionId])).toEqual([
      ['reply_problem', 'Конфликт ответа', 5],
    ]);
  });

  it('the kinds the seller turned off, or all of them, stay quiet', () => {
    const events: NotifyEvent[] = [
      arrived([item(1), item(2, { channel: 'chat', priority: 'normal' })]),
      { type: 'reply_problem', accountId: 1, interactionId: 3, channel: 'question', state: 'failed' },
    ];
    expect(decide(events).map((plan) => plan.kind)).toEqual(['urgent', 'chat', 'reply_problem']);
    expect(decide(events, shop({ urgent: false, replyProblem: false })).map((plan) => plan.kind)).toEqual(['chat']);
    expect(decide(events, shop({ enabled: false }))).toEqual([]);
    expect(decide(events, shop({ sound: true })).every((plan) => plan.sound)).toBe(true);
  });
});

describe('grouping', () => {
  it('many urgent items at once are one notification «Новых срочных: 7» opening the first', () => {
    const plans = decide([arrived([1, 2, 3, 4].map((id) => item(id))), arrived([5, 6, 7].map((id) => item(id)))]);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({
      title: 'Новых срочных: 7',
      body: 'Мой магазин: 7 срочных обращений ждут ответа',
      interactionId: 1,
      tag: 'urgent-1',
    });
    const chats = decide([arrived([11, 12].map((id) => item(id, { channel: 'chat', priority: 'normal' })))]);
    expect(chats[0]).toMatchObject({
      title: 'Новых сообщений в чатах: 2',
      body: 'Мой магазин: 2 сообщения от покупателей',
    });
  });

  it('the same item twice in a batch counts once; shops are grouped apart', () => {
    const plans = decideNotifications(
      [arrived([item(1)]), arrived([item(1)]), arrived([item(2)], 2)],
      (id) => shop({}, { name: `Магазин ${id}` }),
      WORKING,
    );
    expect(plans.map((plan) => [plan.accountId, plan.title, plan.body])).toEqual([
      [1, 'Срочный отзыв', 'Магазин 1'],
      [2, 'Срочный отзыв', 'Магазин 2'],
    ]);
  });
});

describe('quiet hours and demo data', () => {
  it('quiet outside the working hours unless the seller opted in', () => {
    expect(isWorkingTime(WORKING, DEFAULT_WORKING_HOURS)).toBe(true);
    expect(isWorkingTime(WEEKEND, DEFAULT_WORKING_HOURS)).toBe(false);
    // Friday 18:30 Moscow: after closing.
    expect(isWorkingTime(new Date('2026-12-04T15:30:00Z'), DEFAULT_WORKING_HOURS)).toBe(false);
    expect(decide([arrived([item(1)])], shop(), WEEKEND)).toEqual([]);
    expect(decide([arrived([item(1)])], shop({ outsideWorkingHours: true }), WEEKEND)).toHaveLength(1);
  });

  it('never for demo data or the demo shop, nor for a shop that is gone', () => {
    expect(decide([arrived([item(1, { source: 'demo' })])])).toEqual([]);
    expect(decide([arrived([item(1)])], shop({}, { isDemo: true }))).toEqual([]);
    expect(decide([arrived([item(1)])], null)).toEqual([]);
  });
});

describe('Avito chats (issue 12 item 6)', () => {
  const handoff = (interactionId: number): NotifyEvent => ({
    type: 'avito_handoff',
    accountId: 1,
    interactionId,
    reason: 'asked_for_person',
  });
  const managerMessage = (interactionId: number): NotifyEvent => ({
    type: 'avito_message',
    accountId: 1,
    interactionId,
  });

  it('a handoff notifies with its reason and the sound, and opens the chat', () => {
    expect(decide([handoff(5)], shop({ sound: true }))).toEqual([
      {
        accountId: 1,
        kind: 'avito',
        title: 'Чат Avito передан вам',
        body: 'Мой магазин: покупатель просит человека',
        interactionId: 5,
        tag: 'avito-1-5',
        sound: true,
      },
    ]);
  });

  it('the message that caused a handoff makes one notification, the handoff’s', () => {
    const plans = decide([managerMessage(5), handoff(5)]);
    expect(plans.map((plan) => plan.title)).toEqual(['Чат Avito передан вам']);
  });

  it('a buyer message in a manager chat notifies unless chat notifications are off', () => {
    expect(decide([managerMessage(6)]).map((plan) => plan.title)).toEqual(['Новое сообщение в чате Avito']);
    expect(decide([managerMessage(6)], shop({ chat: false }))).toEqual([]);
  });

  it('an urgent Avito arrival is never announced as a WB item (its mode decides, elsewhere)', () => {
    expect(decide([arrived([item(9, { channel: 'avito_chat' as never, kind: 'message' })])])).toEqual([]);
  });

  it('nothing for the demo shop', () => {
    expect(decide([handoff(5)], shop({}, { isDemo: true }))).toEqual([]);
  });
});
