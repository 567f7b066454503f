import type { NewInteraction } from '../db/schema';
import { wbDateToUtc, type WbChat, type WbChatEvent, type WbFeedback, type WbQuestion } from '../wb/schemas';
import { classifyQuestionIntent } from './intent';
import { encodeMessages } from '../../../src-shared/messages/stored';
import { assessPriority, type PriorityResult, type SlaSettings } from './priority';

/** The fields sync writes for one interaction; local state (reply state, events) is never part of it. */
export type NormalisedInteraction = Omit<
  NewInteraction,
  'account_id' | 'created_at' | 'updated_at' | 'id' | 'reply_state'
>;

/**
 * `processed`: the item came from an `isAnswered=true` list. WB puts feedbacks there once
 * answered, but also after 30 days without an answer — then `answer` is null (forum 1870): such
 * an item no longer needs a response, though nobody answered it.
 */
export function normaliseFeedback(
  item: WbFeedback,
  raw: unknown,
  processed: boolean,
  now: Date,
  sla: SlaSettings = {},
): NormalisedInteraction {
  // An answer WB rejected on moderation (`answer.state` CONTRACT §4) is not shown: the review needs an answer again.
  const answerRejected = item.answer?.state === 'rejected';
  const answerText = !answerRejected && item.answer?.text?.trim() ? item.answer.text : null;
  const archived = !answerText && !answerRejected && (processed || item.state === 'wbRu');
  const needsResponse = !answerText && !archived;
  const occurredAt = wbDateToUtc(item.createdDate);
  const assessed = assessPriority({
    channel: 'review',
    rating: item.productValuation,
    text: `${item.text} ${item.cons}`,
    intent: null,
    occurredAt: new Date(occurredAt),
    needsResponse,
    now,
    ...sla,
  });
  return {
    channel: 'review',
    external_id: item.id,
    ...productColumns(item.productDetails),
    customer_name: item.userName ?? null,
    customer_id: null,
    order_id: item.lastOrderShkId ? String(item.lastOrderShkId) : null,
    text: item.text,
    pros: item.pros || null,
    cons: item.cons || null,
    rating: item.productValuation,
    occurred_at: occurredAt,
    status: answerText ? 'responded' : archived ? 'closed' : 'open',
    needs_response: needsResponse ? 1 : 0,
    ...priorityFields(assessed),
    intent: null,
    source: 'wb_api',
    wb_state: item.state ?? null,
    was_viewed: item.wasViewed ? 1 : 0,
    last_reply_text: answerText,
    last_reply_at: null,
    answer_editable: answerText ? (item.answer?.editable ? 1 : 0) : null,
    reply_sign: null,
    last_message_at: null,
    raw_json: JSON.stringify(raw),
  };
}

/** Question `state`: `suppliersPortalSynch` new, `wbRu` answered, `none` rejected by the seller (CONTRACT §3). */
export function normaliseQuestion(
  item: WbQuestion,
  raw: unknown,
  processed: boolean,
  now: Date,
  sla: SlaSettings = {},
): NormalisedInteraction {
  const answerText = item.answer?.text?.trim() ? item.answer.text : null;
  const rejected = item.state === 'none';
  const closed = rejected || (!answerText && processed);
  const needsResponse = !answerText && !closed;
  const occurredAt = wbDateToUtc(item.createdDate);
  const intent = classifyQuestionIntent(item.text);
  const assessed = assessPriority({
    channel: 'question',
    rating: null,
    text: item.text,
    intent,
    occurredAt: new Date(occurredAt),
    needsResponse,
    now,
    ...sla,
  });
  return {
    channel: 'question',
    external_id: item.id,
    ...productColumns(item.productDetails),
    customer_name: null,
    customer_id: null,
    order_id: null,
    text: item.text,
    pros: null,
    cons: null,
    rating: null,
    occurred_at: occurredAt,
    status: answerText && !rejected ? 'responded' : closed ? 'closed' : 'open',
    needs_response: needsResponse ? 1 : 0,
    ...priorityFields(assessed),
    intent,
    source: 'wb_api',
    wb_state: item.state ?? null,
    was_viewed: item.wasViewed ? 1 : 0,
    last_reply_text: answerText,
    last_reply_at: item.answer?.createDate ? wbDateToUtc(item.answer.createDate) : null,
    answer_editable: answerText ? (item.answer?.editable ? 1 : 0) : null,
    reply_sign: null,
    last_message_at: null,
    raw_json: JSON.stringify(raw),
  };
}

/** A chat row; status, text and times are then driven by the events feed (sync/interaction-writer.ts). */
export function chatRow(
  fields: Pick<
    NormalisedInteraction,
    'external_id' | 'nm_id' | 'customer_name' | 'order_id' | 'text' | 'occurred_at' | 'reply_sign' | 'raw_json'
  >,
): NormalisedInteraction {
  return {
    channel: 'chat',
    product_article: null,
    product_name: null,
    brand: null,
    customer_id: null,
    pros: null,
    cons: null,
    rating: null,
    status: 'open',
    needs_response: 0,
    priority: 'normal',
    priority_reason: null,
    intent: null,
    sla_due_at: null,
    base_priority: 'normal',
    sla_state: 'none',
    sla_soon_at: null,
    sla_started_at: null,
    source: 'wb_api',
    wb_state: null,
    was_viewed: 0,
    last_reply_text: null,
    last_reply_at: null,
    answer_editable: null,
    // Set only from events: the feed decides the last sender (and with it needs_response).
    last_message_at: null,
    ...fields,
  };
}

/** A chat from `/seller/chats`; messages and needs-response come from the events feed. */
export function normaliseChat(chat: WbChat, raw: unknown, now: Date): NormalisedInteraction {
  return chatRow({
    external_id: chat.chatID,
    nm_id: chat.goodCard?.nmID ?? null,
    customer_name: chat.clientName ?? null,
    // `rid` equals `srid` in orders and claims (CONTRACT §5): the order link for linking.
    order_id: chat.goodCard?.rid ?? null,
    text: chat.lastMessage?.text ?? '',
    occurred_at: chat.lastMessage?.addTimestamp
      ? new Date(chat.lastMessage.addTimestamp).toISOString()
      : now.toISOString(),
    reply_sign: chat.replySign ?? null,
    raw_json: JSON.stringify(raw),
  });
}

export interface NormalisedMessage {
  chatId: string;
  externalId: string;
  direction: 'inbound' | 'outbound';
  sender: 'client' | 'seller' | 'wb';
  text: string;
  attachmentsJson: string;
  source: string | null;
  sentAt: string;
  rawJson: string;
  replySign: string | null;
  clientName: string | null;
  nmId: number | null;
}

export function normaliseChatEvent(event: WbChatEvent, raw: unknown): NormalisedMessage {
  const attachments = event.message?.attachments;
  const files = [
    ...(attachments?.files ?? []).map((f) => ({
      kind: 'file',
      name: f.name ?? null,
      contentType: f.contentType ?? null,
      downloadId: f.downloadID ?? null,
      url: f.url ?? null,
      size: f.size ?? null,
    })),
    ...(attachments?.images ?? []).map((f) => ({
      kind: 'image',
      name: f.name ?? null,
      contentType: f.contentType ?? 'image/jpeg',
      downloadId: f.downloadID ?? null,
      url: f.url ?? null,
      size: f.size ?? null,
    })),
    ...(attachments?.goodCard
      ? [
          {
            kind: 'good_card',
            name: attachments.goodCard.nmID ? String(attachments.goodCard.nmID) : null,
            contentType: null,
            downloadId: null,
            url: null,
            size: null,
          },
        ]
      : []),
  ];
  const sentAt = event.addTimestamp != null ? new Date(event.addTimestamp).toISOString() : wbDateToUtc(event.addTime!);
  return {
    chatId: event.chatID,
    externalId: event.eventID,
    direction: event.sender === 'seller' ? 'outbound' : 'inbound',
    sender: event.sender,
    text: event.message?.text ?? '',
    attachmentsJson: JSON.stringify(files),
    source: event.source ?? null,
    sentAt,
    rawJson: JSON.stringify(raw),
    replySign: event.isNewChat && event.replySign ? event.replySign : null,
    clientName: event.clientName ?? null,
    nmId: attachments?.goodCard?.nmID ?? null,
  };
}

/** The product columns of a review or a question: WB describes the product of both alike. */
function productColumns(details: WbFeedback['productDetails']) {
  return {
    nm_id: details?.nmId ?? null,
    product_article: details?.supplierArticle ?? null,
    product_name: details?.productName ?? null,
    brand: details?.brandName ?? null,
  };
}

/** The columns an assessment fills (interactions: priority, reasons as codes, SLA times and state). */
export function priorityFields(assessed: PriorityResult) {
  return {
    priority: assessed.priority,
    base_priority: assessed.basePriority,
    priority_reason: encodeMessages(assessed.reason),
    sla_due_at: assessed.slaDueAt,
    sla_soon_at: assessed.slaSoonAt,
    sla_state: assessed.slaState,
  };
}
