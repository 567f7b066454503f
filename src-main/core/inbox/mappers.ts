import type {
  ChatAttachment,
  ChatMessage,
  InteractionDetail,
  InteractionEventView,
  InteractionSource,
  InteractionSummary,
} from '../../../src-shared/domain/interaction';
import type { ChatMessageRow, Interaction } from '../db/schema';

/** Interaction row <-> domain conversion lives here and only here (STYLE habit 7). */
export function toSummary(row: Interaction): InteractionSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    channel: row.channel,
    externalId: row.external_id,
    status: row.status,
    needsResponse: row.needs_response === 1,
    priority: row.priority,
    priorityReason: row.priority_reason,
    intent: row.intent,
    slaDueAt: row.sla_due_at,
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
