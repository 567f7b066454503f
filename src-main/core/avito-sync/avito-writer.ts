import type { Insertable } from 'kysely';
import type { AvitoChatSnapshot, AvitoMessage } from '../../../src-shared/domain/avito';
import type { ChatAttachment } from '../../../src-shared/domain/interaction';
import type { ChatMessagesTable } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { priorityFields } from '../inbox/normalise';
import { assessPriority } from '../inbox/priority';
import { readSlaSettings } from '../settings';
import { AVITO_CHAT_CHANNEL, AVITO_SOURCE, findAvitoChat } from './avito-rows';

export interface AvitoChatWrite {
  accountId: number;
  chat: AvitoChatSnapshot;
  /** A page of the chat's messages, any order (the v3 list is newest first); may overlap what is stored. */
  messages: AvitoMessage[];
  now: Date;
}

export interface AvitoChatWritten {
  interactionId: number;
  created: boolean;
  /** Messages stored for the first time (a page read again adds none). */
  messagesAdded: number;
  /** A new buyer message arrived (the bot and the sound react to it). */
  buyerWrote: boolean;
  needsResponse: boolean;
}

type MessageRow = Insertable<ChatMessagesTable>;

/**
 * Upserts one Avito chat as one `avito_chat` interaction and its messages, in one transaction.
 * Messages dedupe by Avito's message id; nothing is ever deleted: what Avito stops listing (the
 * offset ≤ 1000 paging cap, CONTRACT §2.1/§2.3) stays in the local archive. The interaction's
 * state is derived from every stored message, not from the page, so pages may come in any order:
 * - needs_response: the last message that is not Avito's own (system) is the buyer's;
 * - text: the buyer's last message with text (a system message is never buyer text);
 * - priority and SLA: WB's chat rules (inbox/priority.ts), from the first unanswered buyer message.
 */
export function writeAvitoChat(db: SqlRunner, input: AvitoChatWrite): AvitoChatWritten {
  const stamp = input.now.toISOString();
  const { chat } = input;
  // The chat's own last message (the list carries it) is a message like the page's.
  const incoming = chat.lastMessage ? [chat.lastMessage, ...input.messages] : input.messages;
  return db.transaction(
    () => {
      let existing = findAvitoChat(db, input.accountId, chat.id);
      const created = existing === undefined;
      if (!existing) {
        const id = Number(
          db.run(
            db.build.insertInto('interactions').values({
              account_id: input.accountId,
              // The table type lists WB's channels only (db/schema.ts); the CHECK allows this one.
              channel: AVITO_CHAT_CHANNEL,
              external_id: chat.id,
              occurred_at: unixToIso(chat.created),
              needs_response: 0,
              status: 'responded',
              priority: 'low',
              source: AVITO_SOURCE,
              created_at: stamp,
              updated_at: stamp,
            }),
          ).lastInsertRowid,
        );
        existing = { id };
      }
      const interactionId = existing.id;
      let messagesAdded = 0;
      let buyerWrote = false;
      const seen = new Set<string>();
      for (const message of incoming) {
        if (seen.has(message.id)) continue;
        seen.add(message.id);
        const row = messageRow(interactionId, message);
        const inserted = db.run(
          db.build
            .insertInto('chat_messages')
            .values(row)
            .onConflict((oc) => oc.columns(['interaction_id', 'external_id']).doNothing()),
        );
        if (inserted.changes === 0) continue;
        messagesAdded += 1;
        if (row.sender === 'client') buyerWrote = true;
      }
      upsertChatContext(db, interactionId, chat);
      const needsResponse = refreshChatState(db, input.accountId, interactionId, chat, stamp);
      return { interactionId, created, messagesAdded, buyerWrote, needsResponse };
    },
    // Synced rows can be fetched again; the caller's cursor, if any, goes in the same transaction.
    { fsync: false },
  );
}

/** A message as a chat_messages row: who wrote it, its text, and a typed marker for what is not text. */
export function messageRow(interactionId: number, message: AvitoMessage): MessageRow {
  const content = message.content ?? {};
  let text = '';
  // Every message that is not plain text carries one attachment marked with its Avito type, so
  // an image, a voice message or a type this version does not know is kept and shown as such.
  let marker: ChatAttachment = attachment('file', {});
  switch (message.type) {
    case 'text':
    case 'system':
      text = content.text ?? '';
      break;
    case 'link':
      text = [content.link?.text, content.link?.url].filter(Boolean).join(' ');
      marker = attachment('file', { url: content.link?.url });
      break;
    case 'item':
      text = content.item?.title ?? '';
      marker = attachment('good_card', { name: content.item?.title, url: content.item?.item_url });
      break;
    case 'location':
      text = content.location?.text ?? content.location?.title ?? '';
      break;
    case 'image':
      marker = attachment('image', { url: largestImage(content.image?.sizes) });
      break;
    case 'voice':
      // The voice file's URL comes from getVoiceFiles (CONTRACT §2.8): only its id is kept here.
      marker = { ...attachment('file', { name: 'voice' }), downloadId: content.voice?.voice_id ?? null };
      break;
    default:
      break;
  }
  const attachments =
    message.type === 'text' || message.type === 'system' ? [] : [{ ...marker, avitoType: message.type }];
  return {
    interaction_id: interactionId,
    external_id: message.id,
    direction: message.direction === 'in' ? 'inbound' : 'outbound',
    // An Avito system message comes from one of Avito's own bots (flow_id), in either direction:
    // never the buyer's text, never the seller's answer (migration 0018).
    sender: message.type === 'system' ? 'marketplace' : message.direction === 'in' ? 'client' : 'seller',
    text,
    attachments_json: JSON.stringify(attachments),
    source: AVITO_SOURCE,
    sent_at: unixToIso(message.created),
    raw_json: JSON.stringify(message),
  };
}

function attachment(
  kind: ChatAttachment['kind'],
  fields: { name?: string | null; url?: string | null },
): ChatAttachment {
  return {
    kind,
    name: fields.name ?? null,
    contentType: null,
    downloadId: null,
    url: fields.url ?? null,
    size: null,
  };
}

/** The biggest of an image's "WxH" sizes (CONTRACT §2.3). */
function largestImage(sizes: Record<string, string> | undefined): string | null {
  if (!sizes) return null;
  let best: { area: number; url: string } | null = null;
  for (const [size, url] of Object.entries(sizes)) {
    const [w, h] = size.split('x').map(Number);
    const area = (w ?? 0) * (h ?? 0);
    if (!best || area > best.area) best = { area, url };
  }
  return best?.url ?? null;
}

function upsertChatContext(db: SqlRunner, interactionId: number, chat: AvitoChatSnapshot) {
  const values = {
    item_id: chat.item?.id ?? null,
    item_title: chat.item?.title ?? null,
    item_price: chat.item?.priceString ?? null,
    item_url: chat.item?.url ?? null,
    item_image_url: chat.item?.imageUrl ?? null,
    chat_updated_at: unixToIso(chat.updated),
    last_message_id: chat.lastMessage?.id ?? null,
  };
  db.run(
    db.build
      .insertInto('avito_chats')
      .values({ interaction_id: interactionId, ...values })
      // A chat's mode is the seller's (or the bot's handoff) decision: a sync never resets it.
      .onConflict((oc) => oc.column('interaction_id').doUpdateSet(values)),
  );
}

/** Rewrites the interaction from its stored messages; returns whether it waits for the seller. */
function refreshChatState(
  db: SqlRunner,
  accountId: number,
  interactionId: number,
  chat: AvitoChatSnapshot,
  stamp: string,
): boolean {
  const messages = db.build.selectFrom('chat_messages').where('interaction_id', '=', interactionId);
  const last = db.get(
    messages
      .select(['sender', 'sent_at'])
      .where('sender', 'in', ['client', 'seller'])
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1),
  );
  const lastSeller = db.get(
    messages
      .select(['text', 'sent_at'])
      .where('sender', '=', 'seller')
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1),
  );
  const lastBuyerText = db.get(
    messages
      .select(['text'])
      .where('sender', '=', 'client')
      .where('text', '!=', '')
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1),
  );
  const lastAny = db.get(messages.select(['sent_at']).orderBy('sent_at', 'desc').limit(1));
  const needsResponse = last?.sender === 'client';
  const waitingSince = needsResponse
    ? db.get(
        messages
          .select((eb) => eb.fn.min<string>('sent_at').as('at'))
          .where('sender', '=', 'client')
          .where('sent_at', '>', lastSeller?.sent_at ?? ''),
      )?.at
    : null;
  const occurredAt = lastAny?.sent_at ?? unixToIso(chat.updated);
  const assessed = assessPriority({
    // Avito chats wait and escalate exactly like WB's buyer chats (DESIGN §6: unanswered message age).
    channel: 'chat',
    rating: null,
    text: lastBuyerText?.text ?? '',
    intent: null,
    occurredAt: new Date(waitingSince ?? occurredAt),
    needsResponse,
    now: new Date(stamp),
    ...readSlaSettings(db, accountId),
  });
  db.run(
    db.build
      .updateTable('interactions')
      .set({
        text: lastBuyerText?.text ?? '',
        customer_name: chat.buyer?.name ?? null,
        customer_id: chat.buyer?.id ?? null,
        product_name: chat.item?.title ?? null,
        occurred_at: occurredAt,
        last_message_at: lastAny?.sent_at ?? null,
        needs_response: needsResponse ? 1 : 0,
        status: needsResponse ? 'open' : 'responded',
        sla_started_at: waitingSince ?? null,
        last_reply_text: lastSeller?.text ?? null,
        last_reply_at: lastSeller?.sent_at ?? null,
        ...priorityFields(assessed),
        updated_at: stamp,
      })
      .where('id', '=', interactionId),
  );
  return needsResponse;
}

function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
