import type { OutboxEntryView, OutboxState } from '../../src-shared/domain/outbox';
import type { ReplyState } from '../../src-shared/domain/interaction';
import type { CoreMessage } from '../../src-shared/messages/catalog';
import { messageText } from './message-text';

/** How a reply's state reads to the seller; one place for the detail pane and the list badge. */
export const OUTBOX_STATE_LABEL: Record<OutboxState, string> = {
  queued: 'В очереди',
  sending: 'Отправляется',
  sent_pending: 'Отправлено, ждём WB',
  confirmed: 'Опубликовано',
  failed: 'Ошибка',
  conflict: 'На WB другой ответ',
  cancelled: 'Отменено',
};

export const WAITING_FOR_NETWORK = 'Ожидает сети';

/** A reason stored before codes (plain text) that names the network. */
const LEGACY_NETWORK_REASON = /связ|сет|network|offline/i;

/** The dispatcher keeps a reply `queued` while WB is unreachable; its reason then says so. */
export function queuedWaitsForNetwork(lastError: CoreMessage | null, online: boolean): boolean {
  if (!online) return true;
  if (lastError?.code === 'legacy_text') return LEGACY_NETWORK_REASON.test(lastError.params.text);
  return lastError?.code === 'wb_unreachable';
}

export function entryLabel(entry: OutboxEntryView, online: boolean): string {
  if (entry.state === 'queued' && queuedWaitsForNetwork(entry.lastError, online)) return WAITING_FOR_NETWORK;
  if (entry.state === 'failed')
    return `Ошибка: ${entry.lastError ? messageText(entry.lastError) : 'WB не принял ответ'}`;
  return OUTBOX_STATE_LABEL[entry.state];
}

/** The small badge on a list row (only the interaction's reply state is known there). */
export function rowBadgeLabel(state: ReplyState, online: boolean, overdue = false): string | null {
  if (state === 'none') return null;
  if (state === 'sent_pending' && overdue) return 'WB не подтвердил ответ';
  if (state === 'queued' && !online) return WAITING_FOR_NETWORK;
  if (state === 'failed') return 'Ошибка отправки';
  return OUTBOX_STATE_LABEL[state];
}

export const KIND_LABEL: Record<OutboxEntryView['kind'], string> = {
  answer: 'Ваш ответ',
  edit: 'Изменение ответа',
  reject: 'Отклонение вопроса',
  chat_message: 'Ваше сообщение',
  mark_viewed: 'Просмотр',
};

/** The pending window as the seller set it: «3 ч», «1 ч 30 мин», «45 мин». */
export function windowText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} мин`;
  return rest === 0 ? `${hours} ч` : `${hours} ч ${rest} мин`;
}
