import type BetterSqlite3 from 'better-sqlite3';
import type { Channel } from '../../../src-shared/domain/interaction';
import type { NormalisedInteraction, NormalisedMessage } from '../inbox/normalise';

const FIELDS = [
  'nm_id', 'product_article', 'product_name', 'brand', 'customer_name', 'customer_id', 'order_id', 'text', 'pros', 'cons',
  'rating', 'occurred_at', 'status', 'needs_response', 'priority', 'priority_reason', 'intent', 'sla_due_at', 'source',
  'wb_state', 'was_viewed', 'last_reply_text', 'last_reply_at', 'answer_editable', 'reply_sign', 'last_message_at', 'raw_json',
] as const;

/** Chat rows from `/seller/chats`: status, text and times come from the events feed, so they are not overwritten. */
const CHAT_LIST_FIELDS = ['nm_id', 'customer_name', 'order_id', 'reply_sign', 'raw_json'] as const;

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** WB now shows an answer that differs from what we had (the outbox reconciles its replies against it). */
export interface AnswerObserved {
  interactionId: number;
  channel: Channel;
  answerText: string | null;
  previousText: string | null;
}

/**
 * Upserts keyed by (account, channel, external_id) with prepared statements on the raw handle:
 * a re-sync of unchanged items (same raw JSON) writes nothing, so re-syncing changes nothing.
 * Callers wrap each page in one transaction together with the watermark / cursor it advances.
 */
export class InteractionWriter {
  private readonly find: BetterSqlite3.Statement<[number, string, string], { id: number; raw_json: string; last_reply_text: string | null; needs_response: number }>;
  private readonly insert: BetterSqlite3.Statement;
  private readonly update: BetterSqlite3.Statement;
  private readonly updateChatFromList: BetterSqlite3.Statement;
  private readonly insertMessage: BetterSqlite3.Statement;
  private readonly touchChat: BetterSqlite3.Statement;
  private readonly upsertProduct: BetterSqlite3.Statement;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly accountId: number,
  ) {
    this.find = sqlite.prepare(
      'SELECT id, raw_json, last_reply_text, needs_response FROM interactions WHERE account_id = ? AND channel = ? AND external_id = ?',
    );
    this.insert = sqlite.prepare(
      `INSERT INTO interactions (account_id, channel, external_id, ${FIELDS.join(', ')}, created_at, updated_at)
       VALUES (@account_id, @channel, @external_id, ${FIELDS.map((f) => `@${f}`).join(', ')}, @now, @now)`,
    );
    this.update = sqlite.prepare(`UPDATE interactions SET ${FIELDS.map((f) => `${f} = @${f}`).join(', ')}, updated_at = @now WHERE id = @id`);
    this.updateChatFromList = sqlite.prepare(
      `UPDATE interactions SET ${CHAT_LIST_FIELDS.map((f) => `${f} = COALESCE(@${f}, ${f})`).join(', ')}, updated_at = @now WHERE id = @id`,
    );
    this.insertMessage = sqlite.prepare(
      `INSERT INTO chat_messages (interaction_id, external_id, direction, sender, text, attachments_json, source, sent_at, raw_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id, external_id) DO NOTHING`,
    );
    // Products cached for offline display (DESIGN §3), from productDetails / goodCard.
    this.upsertProduct = sqlite.prepare(
      `INSERT INTO products (account_id, nm_id, name, article, brand, photo_url, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?)
       ON CONFLICT (account_id, nm_id) DO UPDATE SET name = COALESCE(excluded.name, name), article = COALESCE(excluded.article, article),
         brand = COALESCE(excluded.brand, brand), updated_at = excluded.updated_at
       WHERE excluded.name IS NOT name OR excluded.article IS NOT article OR excluded.brand IS NOT brand`,
    );
    // Last message decides: a buyer's message waits for an answer; the seller's closes it.
    this.touchChat = sqlite.prepare(
      `UPDATE interactions SET
         text = CASE WHEN @sender = 'client' THEN @text ELSE text END,
         occurred_at = @sent_at,
         last_message_at = @sent_at,
         needs_response = CASE WHEN @sender = 'client' THEN 1 WHEN @sender = 'seller' THEN 0 ELSE needs_response END,
         status = CASE WHEN @sender = 'client' THEN 'open' WHEN @sender = 'seller' THEN 'responded' ELSE status END,
         last_reply_text = CASE WHEN @sender = 'seller' THEN @text ELSE last_reply_text END,
         last_reply_at = CASE WHEN @sender = 'seller' THEN @sent_at ELSE last_reply_at END,
         reply_sign = COALESCE(@reply_sign, reply_sign),
         customer_name = COALESCE(customer_name, @client_name),
         nm_id = COALESCE(nm_id, @nm_id),
         updated_at = @now
       WHERE id = @id AND (last_message_at IS NULL OR last_message_at <= @sent_at)`,
    );
  }

  /** Reviews and questions. */
  upsert(rows: NormalisedInteraction[], now: string, observed: AnswerObserved[] = []): WriteCounts {
    const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const existing = this.find.get(this.accountId, row.channel, row.external_id);
      if (!existing) {
        this.insert.run({ ...row, account_id: this.accountId, now });
        this.product(row, now);
        counts.created += 1;
      } else if (existing.raw_json !== row.raw_json) {
        this.update.run({ ...row, id: existing.id, now });
        this.product(row, now);
        counts.updated += 1;
        if ((row.last_reply_text ?? null) !== existing.last_reply_text || (row.needs_response === 0 && existing.needs_response === 1))
          observed.push({ interactionId: existing.id, channel: row.channel, answerText: row.last_reply_text ?? null, previousText: existing.last_reply_text });
      } else counts.unchanged += 1;
    }
    return counts;
  }

  private product(row: NormalisedInteraction, now: string) {
    if (row.nm_id != null && (row.product_name || row.product_article || row.brand))
      this.upsertProduct.run(this.accountId, row.nm_id, row.product_name ?? null, row.product_article ?? null, row.brand ?? null, now);
  }

  /** Chats from `/seller/chats`: creates unknown chats, refreshes replySign and names of known ones. */
  upsertChats(rows: NormalisedInteraction[], now: string): WriteCounts {
    const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const existing = this.find.get(this.accountId, 'chat', row.external_id);
      if (!existing) {
        this.insert.run({ ...row, account_id: this.accountId, now });
        counts.created += 1;
      } else if (existing.raw_json !== row.raw_json) {
        this.updateChatFromList.run({ ...pick(row, CHAT_LIST_FIELDS), id: existing.id, now });
        counts.updated += 1;
      } else counts.unchanged += 1;
    }
    return counts;
  }

  /** Chat events -> messages; a chat seen first in the feed is created from the event. */
  addMessages(messages: NormalisedMessage[], now: string, makeChat: (message: NormalisedMessage) => NormalisedInteraction): WriteCounts & { chatIds: Set<number> } {
    const counts = { created: 0, updated: 0, unchanged: 0, chatIds: new Set<number>() };
    for (const message of messages) {
      let chat = this.find.get(this.accountId, 'chat', message.chatId);
      if (!chat) {
        this.insert.run({ ...makeChat(message), account_id: this.accountId, now });
        chat = this.find.get(this.accountId, 'chat', message.chatId)!;
      }
      const inserted = this.insertMessage.run(
        chat.id, message.externalId, message.direction, message.sender, message.text, message.attachmentsJson, message.source, message.sentAt, message.rawJson,
      );
      if (inserted.changes === 0) {
        counts.unchanged += 1;
        continue;
      }
      counts.created += 1;
      counts.chatIds.add(chat.id);
      this.touchChat.run({
        id: chat.id, sender: message.sender, text: message.text, sent_at: message.sentAt, reply_sign: message.replySign,
        client_name: message.clientName, nm_id: message.nmId, now,
      });
    }
    return counts;
  }
}

function pick<T extends object, K extends readonly (keyof T)[]>(row: T, keys: K): Pick<T, K[number]> {
  return Object.fromEntries(keys.map((key) => [key, row[key] ?? null])) as Pick<T, K[number]>;
}
