import type { InboxChannel, Priority } from '../../src-shared/domain/interaction';
import type { ChatMessage } from '../../src-shared/domain/interaction';
import type { SnippetSource } from '../../src-shared/domain/search';

/** Seller-facing Russian names for domain values; one place so every screen says the same. */

/** Keyed by every inbox channel: an Avito chat carries 'avito_chat' at run time (issue 12). */
export const CHANNEL_LABEL: Record<InboxChannel, string> = {
  review: 'Отзыв',
  question: 'Вопрос',
  chat: 'Чат',
  avito_chat: 'Чат Avito',
};

export const CHANNEL_TAB_LABEL: Record<InboxChannel | 'all', string> = {
  all: 'Все',
  review: 'Отзывы',
  question: 'Вопросы',
  chat: 'Чаты',
  avito_chat: 'Avito',
};

export const PRIORITY_LABEL: Record<Priority, string> = {
  urgent: 'Срочно',
  high: 'Высокий',
  normal: 'Обычный',
  low: 'Низкий',
};

export { intentLabel } from '../../src-shared/domain/interaction';

export const SENDER_LABEL: Record<ChatMessage['sender'], string> = {
  client: 'Покупатель',
  seller: 'Продавец',
  wb: 'Wildberries',
  marketplace: 'Avito',
};

export const statusLabel = (needsResponse: boolean): string => (needsResponse ? 'Ждёт ответа' : 'Отвечено');

/** Where a search snippet comes from, when not the text itself (the inbox row says it before the excerpt). */
export const SNIPPET_SOURCE_LABEL: Record<SnippetSource, string | null> = {
  text: null,
  pros: 'Достоинства',
  cons: 'Недостатки',
  message: 'В чате',
  product: 'Товар',
  customer: 'Покупатель',
  article: 'Артикул',
};
