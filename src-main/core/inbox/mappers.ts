import {
  AVITO_CHANNEL,
  type ChatAttachment,
  type ChatMessage,
  type InteractionDetail,
  type InteractionEventView,
  type InteractionSource,
  type InteractionSummary,
  type SlaState,
} from '../../../src-shared/domain/interaction';
import type { CoreMessage } from '../../../src-shared/messages/catalog';
import { decodeMessages } from '../../../src-shared/messages/stored';
import type { ChatMessageRow, Interaction } from '../db/schema';
import { withSlaReason } from './priority';

/** The SLA state of an open item; `none` when nothing waits or the row is not assessed yet. */
const slaState = (row: Interaction): SlaState => (row.needs_response === 1 ? (row.sla_state ?? 'none') : 'none');

/** The stored reasons, then what the SLA state adds (the clock moves the state, never the stored text). */
const priorityReason = (row: Interaction): CoreMessage[] =>
  withSlaReason(decodeMessages(row.priority_reason), slaState(row));

/** Interaction row <-> domain conversion lives here and only here (STYLE habit 7). */
export function toSummary(row: Interaction): InteractionSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    channel: row.channel,
    // A shop belongs to one marketplace and an Avito shop has only Avito chats (migration 0018):
    // the channel tells the marketplace without a join to accounts.
    marketplace: (row.channel as string) === AVITO_CHANNEL ? 'avito' : 'wb',
    externalId: row.external_id,
    status: row.status,
    needsResponse: row.needs_response === 1,
    priority: row.priority,
    priorityReason: priorityReason(row),
    intent: row.intent,
    slaDueAt: row.sla_due_at,
    slaSoonAt: row.needs_response === 1 ? row.sla_soon_at : null,
    slaState: slaState(row),
    occurredAt: row.occurred_at,
    text: row.text,
    rating: row.rating,
    customerName: row.customer_name,
    nmId: row.nm_id,
    productName: row.product_name,
    source: row.source as InteractionSource,
    replyState: row.reply_state,
    replyOverdue: false,
    lastReplyText: row.last_reply_text,
    snoozedUntil: row.snoozed_until,
    updatedAt: row.updated_at,
  };
}

export function toDetail(
  row: Interaction,
  messages: ChatMessageRow[],
  events: { id: number; type: string; payload_json: string; created_at: string }[],
): InteractionDetail {
  return {
    ...toSummary(row),
    pros: row.pros,
    cons: row.cons,
    orderId: row.order_id,
    customerId: row.customer_id,
    productArticle: row.product_article,
    brand: row.brand,
    answerEditable: row.answer_editable === null ? null : row.answer_editable === 1,
    messages: messages.map(toChatMessage),
    photos: [],
    events: events.map((event): InteractionEventView => ({
      id: event.id,
      type: event.type,
      payload: JSON.parse(event.payload_json) as Record<string, unknown>,
      createdAt: event.created_at,
    })),
  };
}

export function toChatMessage(row: ChatMessageRow): ChatMessage {
  return {
    id: row.id,
    externalId: row.external_id,
    direction: row.direction,
    sender: row.sender,
    text: row.text,
    attachments: JSON.parse(row.attachments_json) as ChatAttachment[],
    sentAt: row.sent_at,
  };
}
