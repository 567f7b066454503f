import type { HandoffReason } from '../../src-shared/domain/avito-bot';
import { AVITO_CHANNEL, type Channel, type InboxChannel } from '../../src-shared/domain/interaction';
import { HANDOFF_REASON_TEXT } from '../../src-shared/messages/texts';
import type { NotificationSettings } from '../../src-shared/domain/settings';
import { workingSpans, type WorkingHours } from '../../src-shared/domain/working-hours';
import type { ArrivedItem } from '../../src-shared/ipc/events';
import { countOf } from './plural';

/**
 * Which desktop notifications a batch of core events makes (issue 11 item 7), as a pure function:
 * new urgent items, new buyer chat messages, replies that failed or went to conflict. Never for
 * the demo shop or demo data; quiet outside the shop's working hours unless the seller opted in;
 * one grouped notification («Новых срочных: 7») when more than one of a kind arrive together.
 */
export type NotifyEvent =
  | { type: 'arrived'; accountId: number; items: ArrivedItem[] }
  | { type: 'reply_problem'; accountId: number; interactionId: number; channel: Channel; state: 'failed' | 'conflict' }
  /** The Avito bot handed a chat to a person (issue 12 item 6). */
  | { type: 'avito_handoff'; accountId: number; interactionId: number; reason: HandoffReason }
  /** A new buyer message in an Avito chat a person answers (MANAGER mode; the caller checked the mode). */
  | { type: 'avito_message'; accountId: number; interactionId: number };

export interface ShopNotifyFacts {
  name: string;
  isDemo: boolean;
  notifications: NotificationSettings;
  workingHours: WorkingHours;
}

export interface NotificationPlan {
  accountId: number;
  kind: 'urgent' | 'chat' | 'reply_problem' | 'avito';
  title: string;
  body: string;
  /** The item a click opens: the only one, or the first of a group. */
  interactionId: number;
  /** Same-tag notifications replace each other instead of piling up. */
  tag: string;
  sound: boolean;
}

const URGENT_ONE: Record<InboxChannel, string> = {
  review: 'Срочный отзыв',
  question: 'Срочный вопрос',
  chat: 'Срочное сообщение в чате',
  avito_chat: 'Срочное сообщение на Avito',
};
const URGENT_FORMS = ['срочное обращение', 'срочных обращения', 'срочных обращений'] as const;
const MESSAGE_FORMS = ['сообщение', 'сообщения', 'сообщений'] as const;

/** Whether `now` falls inside one of the schedule's working intervals. */
export function isWorkingTime(now: Date, schedule: WorkingHours): boolean {
  const at = now.getTime();
  for (const [start, end] of workingSpans(at, schedule, at)) {
    if (start > at) return false;
    if (at < end) return true;
  }
  return false;
}

export function decideNotifications(
  events: NotifyEvent[],
  shopOf: (accountId: number) => ShopNotifyFacts | null,
  now: Date,
): NotificationPlan[] {
  const plans: NotificationPlan[] = [];
  const byAccount = new Map<number, NotifyEvent[]>();
  for (const event of events) byAccount.set(event.accountId, [...(byAccount.get(event.accountId) ?? []), event]);

  for (const [accountId, batch] of byAccount) {
    const shop = shopOf(accountId);
    if (!shop || shop.isDemo) continue;
    const settings = shop.notifications;
    if (!settings.enabled) continue;
    if (!settings.outsideWorkingHours && !isWorkingTime(now, shop.workingHours)) continue;

    const arrived = batch
      .flatMap((event) => (event.type === 'arrived' ? event.items : []))
      // Avito chats notify by their mode (the avito_* events below), never as WB's urgent items or chats.
      .filter((item) => item.source !== 'demo' && item.needsResponse && (item.channel as string) !== AVITO_CHANNEL);
    const seen = new Set<number>();
    const unique = arrived.filter((item) => !seen.has(item.id) && seen.add(item.id));
    const urgent = settings.urgent ? unique.filter((item) => item.priority === 'urgent') : [];
    const urgentIds = new Set(urgent.map((item) => item.id));
    // An urgent chat is counted once, among the urgent ones.
    const chats = settings.chat ? unique.filter((item) => item.channel === 'chat' && !urgentIds.has(item.id)) : [];
    const problems = settings.replyProblem
      ? batch.filter(
          (event): event is Extract<NotifyEvent, { type: 'reply_problem' }> => event.type === 'reply_problem',
        )
      : [];

    const base = { accountId, sound: settings.sound };
    plans.push(...avitoPlans(batch, shop, base));
    if (urgent.length === 1)
      plans.push({
        ...base,
        kind: 'urgent',
        title: URGENT_ONE[urgent[0]!.channel],
        body: shop.name,
        interactionId: urgent[0]!.id,
        tag: `urgent-${accountId}-${urgent[0]!.id}`,
      });
    else if (urgent.length > 1)
      plans.push({
        ...base,
        kind: 'urgent',
        title: `Новых срочных: ${urgent.length}`,
        body: `${shop.name}: ${countOf(urgent.length, URGENT_FORMS)} ждут ответа`,
        interactionId: urgent[0]!.id,
        tag: `urgent-${accountId}`,
      });
    if (chats.length === 1)
      plans.push({
        ...base,
        kind: 'chat',
        title: chats[0]!.kind === 'new' ? 'Новый чат с покупателем' : 'Новое сообщение в чате',
        body: shop.name,
        interactionId: chats[0]!.id,
        tag: `chat-${accountId}-${chats[0]!.id}`,
      });
    else if (chats.length > 1)
      plans.push({
        ...base,
        kind: 'chat',
        title: `Новых сообщений в чатах: ${chats.length}`,
        body: `${shop.name}: ${countOf(chats.length, MESSAGE_FORMS)} от покупателей`,
        interactionId: chats[0]!.id,
        tag: `chat-${accountId}`,
      });
    if (problems.length === 1) {
      const problem = problems[0]!;
      plans.push({
        ...base,
        kind: 'reply_problem',
        title: problem.state === 'failed' ? 'Ответ не отправлен' : 'Конфликт ответа',
        body:
          problem.state === 'failed'
            ? `${shop.name}: WB не принял ответ — откройте, чтобы исправить или повторить`
            : `${shop.name}: на WB уже другой ответ — выберите, какой оставить`,
        interactionId: problem.interactionId,
        tag: `reply-${accountId}-${problem.interactionId}`,
      });
    } else if (problems.length > 1)
      plans.push({
        ...base,
        kind: 'reply_problem',
        title: `Ответов с проблемой: ${problems.length}`,
        body: `${shop.name}: не отправлены или в конфликте`,
        interactionId: problems[0]!.interactionId,
        tag: `reply-${accountId}`,
      });
  }
  return plans;
}

/**
 * Avito (issue 12 item 6): a handoff, or a buyer's new message in a chat a person answers. One
 * notification per chat (a handoff says more than the message that caused it), grouped when several.
 */
function avitoPlans(
  batch: NotifyEvent[],
  shop: ShopNotifyFacts,
  base: { accountId: number; sound: boolean },
): NotificationPlan[] {
  const byChat = new Map<number, Extract<NotifyEvent, { type: 'avito_handoff' | 'avito_message' }>>();
  for (const event of batch) {
    if (event.type === 'avito_handoff') byChat.set(event.interactionId, event);
    else if (event.type === 'avito_message' && shop.notifications.chat && !byChat.has(event.interactionId))
      byChat.set(event.interactionId, event);
  }
  const events = [...byChat.values()];
  const first = events[0];
  if (!first) return [];
  const { accountId } = base;
  if (events.length > 1)
    return [
      {
        ...base,
        kind: 'avito',
        title: `Чаты Avito ждут менеджера: ${events.length}`,
        body: `${shop.name}: ${countOf(events.length, MESSAGE_FORMS)} от покупателей`,
        interactionId: first.interactionId,
        tag: `avito-${accountId}`,
      },
    ];
  return [
    {
      ...base,
      kind: 'avito',
      title: first.type === 'avito_handoff' ? 'Чат Avito передан вам' : 'Новое сообщение в чате Avito',
      body:
        first.type === 'avito_handoff'
          ? `${shop.name}: ${HANDOFF_REASON_TEXT[first.reason] ?? first.reason}`
          : shop.name,
      interactionId: first.interactionId,
      tag: `avito-${accountId}-${first.interactionId}`,
    },
  ];
}
