import { z } from 'zod';
import type { CoreMessage } from '../messages/catalog';
import type { AvitoChatView } from './avito';
import type { ReviewPhoto } from './media';
import type { SearchHighlights, SearchSnippet } from './search';

/** The three kinds of buyer contact the inbox unifies. */
export const CHANNELS = ['review', 'question', 'chat'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelSchema = z.enum(CHANNELS);

/** Avito Messenger chats (issue 12): a channel of their own, beside WB's three. */
export const AVITO_CHANNEL = 'avito_chat' as const;
/** Every channel an inbox item can be in: WB's three and Avito's chats. */
export const INBOX_CHANNELS = [...CHANNELS, AVITO_CHANNEL] as const;
export type InboxChannel = (typeof INBOX_CHANNELS)[number];
export const inboxChannelSchema = z.enum(INBOX_CHANNELS);

/** The marketplace an account (and so each of its items) belongs to. */
export const MARKETPLACES = ['wb', 'avito'] as const;
export type Marketplace = (typeof MARKETPLACES)[number];
/** The inbox's marketplace filter: one marketplace or all. */
export const MARKETPLACE_FILTERS = ['all', ...MARKETPLACES] as const;
export type MarketplaceFilter = (typeof MARKETPLACE_FILTERS)[number];
export const marketplaceFilterSchema = z.enum(MARKETPLACE_FILTERS);

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Where an open item stands against its SLA (DESIGN §6): `due_soon` from its due time minus the
 * due-soon threshold (settings `slaDueSoonHours`), `overdue` from its due time; `none` when
 * nothing waits for an answer.
 */
export const SLA_STATES = ['none', 'ok', 'due_soon', 'overdue'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/** Text signals that make a review more urgent than its stars alone say (core inbox/priority.ts). */
export const REVIEW_SIGNALS = ['defect', 'wrong_item', 'return', 'smell', 'size', 'delivery_damage'] as const;
export type ReviewSignal = (typeof REVIEW_SIGNALS)[number];

export const INTERACTION_STATUSES = ['open', 'responded', 'closed'] as const;
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];

/** Where a reply to an interaction stands (DESIGN §5). `conflict`: WB got an answer from elsewhere while ours waited. */
export const REPLY_STATES = ['none', 'queued', 'sending', 'sent_pending', 'confirmed', 'failed', 'conflict'] as const;
export type ReplyState = (typeof REPLY_STATES)[number];

export const QUESTION_INTENTS = [
  'sizing_fit',
  'availability_delivery',
  'spec_compatibility',
  'pre_purchase',
  'post_purchase',
  'general',
] as const;
export type QuestionIntent = (typeof QUESTION_INTENTS)[number];

/**
 * SLA targets in working hours per channel and question intent (DESIGN §6); settings `slaHours`
 * overrides them per account. Core's priority (inbox/priority.ts) and the settings form read these.
 */
export const DEFAULT_SLA_HOURS: Record<QuestionIntent | 'review' | 'review_negative' | 'chat', number> = {
  sizing_fit: 4,
  availability_delivery: 4,
  spec_compatibility: 8,
  pre_purchase: 6,
  post_purchase: 12,
  general: 24,
  review_negative: 12,
  review: 48,
  chat: 2,
};

/** How an intent reads to the seller (the list, the detail pane, the priority reason). */
export const INTENT_LABEL: Record<QuestionIntent, string> = {
  sizing_fit: 'Размер и посадка',
  availability_delivery: 'Наличие и доставка',
  spec_compatibility: 'Характеристики и совместимость',
  pre_purchase: 'Перед покупкой',
  post_purchase: 'После покупки',
  general: 'Общий вопрос',
};

/** Intents are open-ended strings in the contract; unknown ones are shown as they come. */
export const intentLabel = (intent: string): string => INTENT_LABEL[intent as QuestionIntent] ?? intent;

export type InteractionSource = 'wb_api' | 'demo';

/** One row of the inbox list. Dates are ISO-8601 UTC strings. */
export interface InteractionSummary {
  id: number;
  accountId: number;
  /**
   * An Avito chat carries 'avito_chat' here at run time; the type stays WB's three until the
   * renderer's channel switches (reply box, detail pane, keyboard actions) learn it (issue 12).
   */
  channel: Channel;
  /** The marketplace of the item's shop: 'avito' for Avito chats, 'wb' for everything else. */
  marketplace: Marketplace;
  externalId: string;
  status: InteractionStatus;
  needsResponse: boolean;
  priority: Priority;
  /** Why it has this priority, as messages (priority_* codes; the SLA state's one last); empty when unknown. */
  priorityReason: CoreMessage[];
  intent: string | null;
  slaDueAt: string | null;
  /** When it turns due soon; null when nothing waits. */
  slaSoonAt: string | null;
  slaState: SlaState;
  occurredAt: string;
  text: string;
  rating: number | null;
  customerName: string | null;
  nmId: number | null;
  productName: string | null;
  source: InteractionSource;
  replyState: ReplyState;
  /** Sent, but WB has not shown it within the account's pending window: flagged to the seller. */
  replyOverdue: boolean;
  lastReplyText: string | null;
  /** Snoozed until then (ISO-8601 UTC), or null (issue 11's «Отложенные»). */
  snoozedUntil: string | null;
  updatedAt: string;
  /** When the list was searched: an excerpt around what matched (src-shared/domain/search.ts). */
  snippet?: SearchSnippet | null;
  /** In `inbox.list`, for an Avito chat: who answers it, the bot or a person (the row's marker). */
  avitoMode?: 'bot' | 'manager';
  /** In `inbox.list`: how many items are linked to it (links not rejected; the row's marker). */
  linkedCount?: number;
}

export interface ChatAttachment {
  kind: 'file' | 'image' | 'good_card';
  name: string | null;
  contentType: string | null;
  downloadId: string | null;
  url: string | null;
  size: number | null;
  /** An image's cached copy in the media folder (`<sha256>.<ext>`, src-shared/domain/media.ts), when downloaded. */
  cachedFile?: string | null;
  /** An Avito message that is not plain text: its Avito type (image, voice, link, item, call, deleted, …). */
  avitoType?: string;
}

export interface ChatMessage {
  id: number;
  externalId: string;
  direction: 'inbound' | 'outbound';
  /** `marketplace`: an Avito system message (sent by one of Avito's own bots); `wb`: WB's own. */
  sender: 'client' | 'seller' | 'wb' | 'marketplace';
  text: string;
  attachments: ChatAttachment[];
  sentAt: string;
}

export interface InteractionEventView {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface InteractionDetail extends InteractionSummary {
  pros: string | null;
  cons: string | null;
  orderId: string | null;
  customerId: string | null;
  productArticle: string | null;
  brand: string | null;
  answerEditable: boolean | null;
  messages: ChatMessage[];
  events: InteractionEventView[];
  /** A review's photos (WB photoLinks) with their cached files; empty for questions and chats. */
  photos: ReviewPhoto[];
  /** When opened with a search: every matched word in the texts above, for <mark>. */
  highlights?: SearchHighlights;
  /** An Avito chat's mode and item (issue 12); absent for WB items. */
  avito?: AvitoChatView;
}

export interface ChannelCounts {
  total: number;
  needs_response: number;
  /** Open items past their SLA due time. */
  overdue: number;
  /** Open items within the due-soon threshold of their due time. */
  due_soon: number;
}
export type InboxCounts = Record<InboxChannel, ChannelCounts>;

/**
 * The working queues of the inbox (issue 11), each an `inbox.list` filter:
 * - `urgent` «Срочно»: waiting for an answer, not snoozed, overdue or of urgent priority;
 * - `due_soon` «Скоро просрочено»: waiting, not snoozed, due soon (sla_state due_soon);
 * - `unanswered` «Без ответа»: waiting, not snoozed, no reply on its way (reply state none/failed/conflict);
 * - `waiting_wb` «Ждут WB»: a reply queued, sending or sent and not yet shown by WB;
 * - `snoozed` «Отложенные»: snoozed until a time still ahead;
 * - `done` «Обработаны»: nothing waits (answered or closed).
 */
/** `bot` / `manager`: Avito chats by who answers them (issue 12 item 5), whatever their state. */
export const INBOX_QUEUES = [
  'urgent',
  'due_soon',
  'unanswered',
  'waiting_wb',
  'snoozed',
  'done',
  'bot',
  'manager',
] as const;
export type InboxQueue = (typeof INBOX_QUEUES)[number];
export const inboxQueueSchema = z.enum(INBOX_QUEUES);

/** List orders: the priority order (overdue, due soon, priority, due time, newest), newest first, SLA due first. */
export const INBOX_SORTS = ['priority', 'newest', 'sla'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const inboxSortSchema = z.enum(INBOX_SORTS);
