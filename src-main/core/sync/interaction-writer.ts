import { sql, type Insertable } from 'kysely';
import type { Channel } from '../../../src-shared/domain/interaction';
import type { ChatMessagesTable, Interaction } from '../db/schema';
import type { PreparedQuery, RunResult, SqlRunner } from '../db/sql-runner';
import type { NormalisedInteraction, NormalisedMessage } from '../inbox/normalise';

const FIELDS = [
  'nm_id',
  'product_article',
  'product_name',
  'brand',
  'customer_name',
  'customer_id',
  'order_id',
  'text',
  'pros',
  'cons',
  'rating',
  'occurred_at',
  'status',
  'needs_response',
  'priority',
  'priority_reason',
  'intent',
  'sla_due_at',
  'base_priority',
  'sla_state',
  'sla_soon_at',
  'sla_started_at',
  'source',
  'wb_state',
  'was_viewed',
  'last_reply_text',
  'last_reply_at',
  'answer_editable',
  'reply_sign',
  'last_message_at',
  'raw_json',
] as const;

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

type Existing = Pick<Interaction, 'id' | 'raw_json' | 'last_reply_text' | 'needs_response' | 'text' | 'pros' | 'cons'>;
type FindManyParams = { account_id: number; channel: Channel; external_ids: string };
type Stamped = { now: string };
type ChatListParams = Pick<NormalisedInteraction, 'nm_id' | 'customer_name' | 'order_id' | 'reply_sign' | 'raw_json'> &
  Stamped & { id: number };
type TouchChatParams = Stamped & {
  id: number;
  sender: NormalisedMessage['sender'];
  text: string;
  sent_at: string;
  reply_sign: string | null;
  client_name: string | null;
  nm_id: number | null;
};
type ProductParams = Stamped & {
  account_id: number;
  nm_id: number;
  name: string | null;
  article: string | null;
  brand: string | null;
};
type MessageParams = Required<Omit<Insertable<ChatMessagesTable>, 'id'>>;

/** The statements of one writer, compiled once per runner: sync calls them once or twice per item. */
interface Statements {
  find: PreparedQuery<{ account_id: number; channel: Channel; external_id: string }, Existing>;
  /** The rows of a slice in one lookup: `external_ids` is a JSON array (one statement for any slice size). */
  findMany: PreparedQuery<FindManyParams, Existing & { external_id: string }>;
  insert: PreparedQuery<NormalisedInteraction & Stamped & { account_id: number }, unknown>;
  update: PreparedQuery<NormalisedInteraction & Stamped & { id: number }, unknown>;
  updateChatFromList: PreparedQuery<ChatListParams, unknown>;
  insertMessage: PreparedQuery<MessageParams, unknown>;
  touchChat: PreparedQuery<TouchChatParams, unknown>;
  upsertProduct: PreparedQuery<ProductParams, unknown>;
}

const compiled = new WeakMap<SqlRunner, Statements>();

function statements(db: SqlRunner): Statements {
  let cached = compiled.get(db);
  if (cached) return cached;
  // The synced columns of `p`: inside a `prepare` builder, one named placeholder each.
  const fields = (p: NormalisedInteraction) =>
    Object.fromEntries(FIELDS.map((field) => [field, p[field]])) as Pick<
      NormalisedInteraction,
      (typeof FIELDS)[number]
    >;
  cached = {
    find: db.prepare((p: { account_id: number; channel: Channel; external_id: string }) =>
      db.build
        .selectFrom('interactions')
        .select(['id', 'raw_json', 'last_reply_text', 'needs_response', 'text', 'pros', 'cons'])
        .where('account_id', '=', p.account_id)
        .where('channel', '=', p.channel)
        .where('external_id', '=', p.external_id),
    ),
    findMany: db.prepare((p: FindManyParams) =>
      db.build
        .selectFrom('interactions')
        .select(['id', 'external_id', 'raw_json', 'last_reply_text', 'needs_response', 'text', 'pros', 'cons'])
        .where('account_id', '=', p.account_id)
        .where('channel', '=', p.channel)
        .where(sql<boolean>`external_id IN (SELECT value FROM json_each(${p.external_ids}))`),
    ),
    insert: db.prepare((p: NormalisedInteraction & Stamped & { account_id: number }) =>
      db.build.insertInto('interactions').values({
        account_id: p.account_id,
        channel: p.channel,
        external_id: p.external_id,
        ...fields(p),
        created_at: p.now,
        updated_at: p.now,
      }),
    ),
    update: db.prepare((p: NormalisedInteraction & Stamped & { id: number }) =>
      db.build
        .updateTable('interactions')
        .set({ ...fields(p), updated_at: p.now })
        .where('id', '=', p.id),
    ),
    // Chat rows from `/seller/chats`: status, text and times come from the events feed, so they are not overwritten.
    updateChatFromList: db.prepare((p: ChatListParams) =>
      db.build
        .updateTable('interactions')
        .set((eb) => ({
          nm_id: eb.fn.coalesce(eb.val(p.nm_id), 'nm_id'),
          customer_name: eb.fn.coalesce(eb.val(p.customer_name), 'customer_name'),
          order_id: eb.fn.coalesce(eb.val(p.order_id), 'order_id'),
          reply_sign: eb.fn.coalesce(eb.val(p.reply_sign), 'reply_sign'),
          raw_json: eb.fn.coalesce(eb.val(p.raw_json), 'raw_json'),
          updated_at: p.now,
        }))
        .where('id', '=', p.id),
    ),
    insertMessage: db.prepare((p: MessageParams) =>
      db.build
        .insertInto('chat_messages')
        .values({
          interaction_id: p.interaction_id,
          external_id: p.external_id,
          direction: p.direction,
          sender: p.sender,
          text: p.text,
          attachments_json: p.attachments_json,
          source: p.source,
          sent_at: p.sent_at,
          raw_json: p.raw_json,
        })
        .onConflict((oc) => oc.columns(['interaction_id', 'external_id']).doNothing()),
    ),
    // Products cached for offline display (DESIGN §3), from productDetails / goodCard.
    upsertProduct: db.prepare((p: ProductParams) =>
      db.build
        .insertInto('products')
        .values({
          account_id: p.account_id,
          nm_id: p.nm_id,
          name: p.name,
          article: p.article,
          brand: p.brand,
          photo_url: null,
          updated_at: p.now,
        })
        .onConflict((oc) =>
          oc
            .columns(['account_id', 'nm_id'])
            .doUpdateSet((eb) => ({
              name: eb.fn.coalesce('excluded.name', 'products.name'),
              article: eb.fn.coalesce('excluded.article', 'products.article'),
              brand: eb.fn.coalesce('excluded.brand', 'products.brand'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where((eb) =>
              eb.or([
                eb('excluded.name', 'is not', eb.ref('products.name')),
                eb('excluded.article', 'is not', eb.ref('products.article')),
                eb('excluded.brand', 'is not', eb.ref('products.brand')),
              ]),
            ),
        ),
    ),
    // Last message decides: a buyer's message waits for an answer; the seller's closes it.
    touchChat: db.prepare((p: TouchChatParams) =>
      db.build
        .updateTable('interactions')
        .set({
          text: sql<string>`CASE WHEN ${p.sender} = 'client' THEN ${p.text} ELSE text END`,
          occurred_at: p.sent_at,
          last_message_at: p.sent_at,
          // The buyer's wait: starts at their first message after the seller's last (DESIGN §6), ends with an answer.
          sla_started_at: sql<
            string | null
          >`CASE WHEN ${p.sender} = 'client' THEN CASE WHEN needs_response = 1 THEN COALESCE(sla_started_at, ${p.sent_at}) ELSE ${p.sent_at} END WHEN ${p.sender} = 'seller' THEN NULL ELSE sla_started_at END`,
          needs_response: sql<
            0 | 1
          >`CASE WHEN ${p.sender} = 'client' THEN 1 WHEN ${p.sender} = 'seller' THEN 0 ELSE needs_response END`,
          status: sql<
            'open' | 'responded'
          >`CASE WHEN ${p.sender} = 'client' THEN 'open' WHEN ${p.sender} = 'seller' THEN 'responded' ELSE status END`,
          last_reply_text: sql<string | null>`CASE WHEN ${p.sender} = 'seller' THEN ${p.text} ELSE last_reply_text END`,
          last_reply_at: sql<string | null>`CASE WHEN ${p.sender} = 'seller' THEN ${p.sent_at} ELSE last_reply_at END`,
          reply_sign: sql<string | null>`COALESCE(${p.reply_sign}, reply_sign)`,
          customer_name: sql<string | null>`COALESCE(customer_name, ${p.client_name})`,
          nm_id: sql<number | null>`COALESCE(nm_id, ${p.nm_id})`,
          updated_at: p.now,
        })
        .where('id', '=', p.id)
        .where((eb) => eb.or([eb('last_message_at', 'is', null), eb('last_message_at', '<=', p.sent_at)])),
    ),
  };
  compiled.set(db, cached);
  return cached;
}

/**
 * Upserts keyed by (account, channel, external_id), each statement compiled once: a re-sync of
 * unchanged items (same raw JSON) writes nothing, so re-syncing changes nothing. Callers wrap
 * each page in one transaction together with the watermark / cursor it advances.
 */
export class InteractionWriter {
  private readonly statements: Statements;

  constructor(
    db: SqlRunner,
    private readonly accountId: number,
    /** Ids of the interactions this writer created or changed (the linking pass after the sync reads them). */
    readonly touched: Set<number> = new Set(),
    /**
     * What arrived (the `inbox.arrived` push): items this writer created, and chats that got a new
     * buyer message; an id keeps the first kind it was seen with ('new' wins over 'message').
     */
    readonly arrived: Map<number, 'new' | 'message'> = new Map(),
  ) {
    this.statements = statements(db);
  }

  /** Items the buyer wrote to again (a new message of theirs, a changed text) since the last take. */
  private readonly buyerWrote = new Set<number>();

  /**
   * The ids of stored items the buyer wrote to again since the last call (a new chat message from
   * them, a review or question whose text, pros or cons changed): the sync resurfaces those that
   * are snoozed (issue 11, inbox/snooze.ts resurfaceSnoozed). Clears the list.
   */
  takeBuyerWrote(): number[] {
    const ids = [...this.buyerWrote];
    this.buyerWrote.clear();
    return ids;
  }

  /**
   * Reviews and questions. The slice's stored rows are read in one lookup; an item that comes
   * twice in one slice is compared with what its first occurrence wrote, as row-by-row would.
   */
  upsert(rows: NormalisedInteraction[], now: string, observed: AnswerObserved[] = []): WriteCounts {
    const { insert, update } = this.statements;
    const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
    const stored = this.existing(rows);
    for (const row of rows) {
      const key = `${row.channel}\u0000${row.external_id}`;
      const existing = stored.get(key);
      if (!existing) {
        const id = rowId(insert.run({ ...row, account_id: this.accountId, now }));
        this.touched.add(id);
        this.arrived.set(id, 'new');
        stored.set(key, {
          id,
          raw_json: row.raw_json!,
          last_reply_text: row.last_reply_text ?? null,
          needs_response: row.needs_response!,
          ...buyerText(row),
        });
        this.product(row, now);
        counts.created += 1;
      } else if (existing.raw_json !== row.raw_json) {
        update.run({ ...row, id: existing.id, now });
        this.touched.add(existing.id);
        const text = buyerText(row);
        if (text.text !== existing.text || text.pros !== existing.pros || text.cons !== existing.cons)
          this.buyerWrote.add(existing.id);
        this.product(row, now);
        counts.updated += 1;
        if (
          (row.last_reply_text ?? null) !== existing.last_reply_text ||
          (row.needs_response === 0 && existing.needs_response === 1)
        )
          observed.push({
            interactionId: existing.id,
            channel: row.channel,
            answerText: row.last_reply_text ?? null,
            previousText: existing.last_reply_text,
          });
        stored.set(key, {
          id: existing.id,
          raw_json: row.raw_json!,
          last_reply_text: row.last_reply_text ?? null,
          needs_response: row.needs_response!,
          ...text,
        });
      } else counts.unchanged += 1;
    }
    return counts;
  }

  /** The stored rows of `rows`, keyed by channel and external id: one lookup per channel in the slice. */
  private existing(rows: NormalisedInteraction[]): Map<string, Existing> {
    const byChannel = new Map<Channel, string[]>();
    for (const row of rows) {
      const ids = byChannel.get(row.channel);
      if (ids) ids.push(row.external_id);
      else byChannel.set(row.channel, [row.external_id]);
    }
    const found = new Map<string, Existing>();
    for (const [channel, ids] of byChannel)
      for (const { external_id, ...existing } of this.statements.findMany.all({
        account_id: this.accountId,
        channel,
        external_ids: JSON.stringify(ids),
      }))
        found.set(`${channel}\u0000${external_id}`, existing);
    return found;
  }

  /** Product names, articles and brands this writer last wrote per nm_id: a repeat writes nothing. */
  private readonly products = new Map<number, string>();

  private product(row: NormalisedInteraction, now: string) {
    if (row.nm_id == null || !(row.product_name || row.product_article || row.brand)) return;
    const name = row.product_name ?? null;
    const article = row.product_article ?? null;
    const brand = row.brand ?? null;
    const key = JSON.stringify([name, article, brand]);
    if (this.products.get(row.nm_id) === key) return;
    this.products.set(row.nm_id, key);
    this.statements.upsertProduct.run({ account_id: this.accountId, nm_id: row.nm_id, name, article, brand, now });
  }

  /** Chats from `/seller/chats`: creates unknown chats, refreshes replySign and names of known ones. */
  upsertChats(rows: NormalisedInteraction[], now: string): WriteCounts {
    const { find, insert, updateChatFromList } = this.statements;
    const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const existing = find.get({ account_id: this.accountId, channel: 'chat', external_id: row.external_id });
      if (!existing) {
        const id = rowId(insert.run({ ...row, account_id: this.accountId, now }));
        this.touched.add(id);
        this.arrived.set(id, 'new');
        counts.created += 1;
      } else if (existing.raw_json !== row.raw_json) {
        const { nm_id, customer_name, order_id, reply_sign, raw_json } = row;
        updateChatFromList.run({ nm_id, customer_name, order_id, reply_sign, raw_json, id: existing.id, now });
        this.touched.add(existing.id);
        counts.updated += 1;
      } else counts.unchanged += 1;
    }
    return counts;
  }

  /** Chat events -> messages; a chat seen first in the feed is created from the event. */
  addMessages(
    messages: NormalisedMessage[],
    now: string,
    makeChat: (message: NormalisedMessage) => NormalisedInteraction,
  ): WriteCounts & { chatIds: Set<number> } {
    const { find, insert, insertMessage, touchChat } = this.statements;
    const counts = { created: 0, updated: 0, unchanged: 0, chatIds: new Set<number>() };
    for (const message of messages) {
      let chatId = find.get({ account_id: this.accountId, channel: 'chat', external_id: message.chatId })?.id;
      if (chatId === undefined) {
        chatId = rowId(insert.run({ ...makeChat(message), account_id: this.accountId, now }));
        this.arrived.set(chatId, 'new');
      }
      const inserted = insertMessage.run({
        interaction_id: chatId,
        external_id: message.externalId,
        direction: message.direction,
        sender: message.sender,
        text: message.text,
        attachments_json: message.attachmentsJson,
        source: message.source,
        sent_at: message.sentAt,
        raw_json: message.rawJson,
      });
      if (inserted.changes === 0) {
        counts.unchanged += 1;
        continue;
      }
      counts.created += 1;
      counts.chatIds.add(chatId);
      this.touched.add(chatId);
      if (message.sender === 'client') this.buyerWrote.add(chatId);
      if (message.sender === 'client' && !this.arrived.has(chatId)) this.arrived.set(chatId, 'message');
      touchChat.run({
        id: chatId,
        sender: message.sender,
        text: message.text,
        sent_at: message.sentAt,
        reply_sign: message.replySign,
        client_name: message.clientName,
        nm_id: message.nmId,
        now,
      });
    }
    return counts;
  }
}

const rowId = (result: RunResult) => Number(result.lastInsertRowid);

/** What the buyer wrote, as stored. */
const buyerText = (row: NormalisedInteraction) => ({
  text: row.text ?? '',
  pros: row.pros ?? null,
  cons: row.cons ?? null,
});
