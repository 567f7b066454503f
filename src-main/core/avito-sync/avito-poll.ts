import type {
  AvitoChatSnapshot,
  AvitoMessage as StoredAvitoMessage,
  AvitoMessageType,
} from '../../../src-shared/domain/avito';
import { AVITO_MESSAGE_TYPES } from '../../../src-shared/domain/avito';
import type { AvitoChat, AvitoClient, AvitoMessage } from '../avito/avito-client';
import type { SqlRunner } from '../db/sql-runner';
import type { Logger } from '../logger';
import { resurfaceSnoozed } from '../inbox/snooze';
import { indexSlice, yieldToLoop } from '../sync/job-context';
import type { RunCounters } from '../sync/sync-store';
import { AVITO_CHAT_CHANNEL } from './avito-rows';
import { writeAvitoChat } from './avito-writer';

/**
 * Polling one Avito account (issue 12 item 2; CONTRACT §2.10 «Desktop implication»). Avito's only
 * push is a webhook, which needs a public HTTPS receiver a desktop app does not have, so:
 *
 * - a **cheap pass** (every sync): the unread chats (`unread_only=true`, CHEAP_UNREAD_PAGES) and the
 *   first CHEAP_LIST_PAGES pages of the chat list, chat types u2i and u2u (Avito's default is u2i
 *   only, CONTRACT §5.1). Each chat is compared with `avito_chats` by its `updated` and its last
 *   message id; only a changed (or new) chat is read further.
 * - a **full pass** (the first sync of an account, a forced full sync, and every FULL_PASS_EVERY_MS):
 *   every page of the list up to Avito's offset cap (offset ≤ 1000, §2.1).
 *
 * Offset paging over a list that reorders by activity can skip a chat between two pages (a buyer
 * writes in a chat of page 2 while page 1 is read: it moves to the top, and page 2 starts one
 * chat later). The skipped chat has just become the most active one, so the next cheap pass finds
 * it on the first page, which every pass reads again; the unread list catches it too.
 *
 * For a changed chat the messages are read newest first (v3, §2.3) until a page holds a message we
 * already store (or Avito's cap): older ones are known. The chat and its new messages are written
 * through the writer (one bounded transaction per chat). Nothing is ever deleted: a chat or a
 * message that Avito stops listing (past the cap) stays in the local archive.
 */

/** Pages of the chat list every cheap pass reads again (the newest activity; see the reorder note above). */
export const CHEAP_LIST_PAGES = 2;
/**
 * Pages of the unread list a cheap pass reads. The order of either list is undocumented (presumably
 * newest activity first, CONTRACT §2.1), so the unread list is the safety net for a chat whose new
 * message did not bring it to the top; a shop that never reads in Avito's app has hundreds of unread
 * chats, and reading all of them every minute would spend the account's pace on chats that did not change.
 */
export const CHEAP_UNREAD_PAGES = 3;
/** A full pass at least this often [INF: nothing in Avito's docs; a chat older than two pages that changed without being unread is rare]. */
export const FULL_PASS_EVERY_MS = 6 * 60 * 60_000;
/** Item chats and user-to-user chats; a2u (Avito's own) are not the seller's buyers. */
const CHAT_TYPES = ['u2i', 'u2u'] as const;

export interface AvitoPollInput {
  db: SqlRunner;
  accountId: number;
  /** The account's own Avito user id: the chat user who is not it is the buyer. */
  avitoUserId: string | null;
  client: AvitoClient;
  clock: () => Date;
  logger: Logger;
  counters: RunCounters;
  /** Every page of the chat list (first sync, forced full sync, or due). */
  full: boolean;
  signal: AbortSignal;
  progress(fetched: number, total: number | null): void;
}

export interface AvitoPollResult {
  full: boolean;
  chatsListed: number;
  chatsRead: number;
  /** Interactions that got a new buyer message in this run, and each one's new buyer message rows. */
  buyerMessages: Map<number, number[]>;
  /** Interactions created in this run. */
  createdChats: Set<number>;
}

interface StoredChat {
  updatedAt: string | null;
  lastMessageId: string | null;
}

export async function pollAvitoAccount(input: AvitoPollInput): Promise<AvitoPollResult> {
  const { db, accountId, client, counters } = input;
  const stored = storedChats(db, accountId);
  const full = input.full || stored.size === 0;
  const listed = new Map<string, AvitoChat>();
  const take = (chats: AvitoChat[]) => {
    for (const chat of chats) if (!listed.has(chat.id)) listed.set(chat.id, chat);
  };
  const readList = async (unreadOnly: boolean, maxPages: number) => {
    let pages = 0;
    for await (const page of client.chatPages({ chatTypes: [...CHAT_TYPES], unreadOnly })) {
      input.signal.throwIfAborted();
      counters.errors += page.invalid;
      take(page.items);
      input.progress(listed.size, null);
      pages += 1;
      if (pages >= maxPages) break;
    }
  };
  if (full) await readList(false, Number.POSITIVE_INFINITY);
  else {
    await readList(true, CHEAP_UNREAD_PAGES);
    await readList(false, CHEAP_LIST_PAGES);
  }

  const result: AvitoPollResult = {
    full,
    chatsListed: listed.size,
    chatsRead: 0,
    buyerMessages: new Map(),
    createdChats: new Set(),
  };
  let fetched = 0;
  for (const chat of listed.values()) {
    input.signal.throwIfAborted();
    const known = stored.get(chat.id);
    if (known && !changed(known, chat)) {
      counters.skipped += 1;
      continue;
    }
    const snapshot = toSnapshot(chat, input.avitoUserId);
    const knownIds = known ? knownMessageIds(db, accountId, chat.id) : new Set<string>();
    const messages: StoredAvitoMessage[] = [];
    for await (const page of client.messagePages(chat.id)) {
      input.signal.throwIfAborted();
      counters.errors += page.invalid;
      let reachedKnown = false;
      for (const message of page.items) {
        if (knownIds.has(message.id)) reachedKnown = true;
        else messages.push(toStoredMessage(message));
      }
      if (reachedKnown) break;
    }
    result.chatsRead += 1;
    const now = input.clock();
    const written = writeAvitoChat(db, { accountId, chat: snapshot, messages, now });
    fetched += messages.length;
    counters.fetched += messages.length;
    if (written.created) {
      counters.created += 1;
      result.createdChats.add(written.interactionId);
    } else counters.updated += 1;
    if (written.buyerWrote) {
      const newBuyer = newBuyerMessageRows(db, written.interactionId, messages, snapshot, knownIds);
      if (newBuyer.length > 0) result.buyerMessages.set(written.interactionId, newBuyer);
      // A new message from the buyer brings a snoozed chat back now (issue 11), as for WB's chats.
      db.transaction(() => resurfaceSnoozed(db, [written.interactionId], now.toISOString()), {
        fsync: false,
      });
    }
    input.progress(fetched, null);
    indexSlice(db, Math.max(50, messages.length + 1));
    await yieldToLoop();
  }
  return result;
}

/** Whether a listed chat differs from what the last pass stored: its `updated`, or its last message. */
function changed(known: StoredChat, chat: AvitoChat): boolean {
  if (known.updatedAt !== unixToIso(chat.updated)) return true;
  return (chat.last_message?.id ?? null) !== known.lastMessageId;
}

function storedChats(db: SqlRunner, accountId: number): Map<string, StoredChat> {
  const rows = db.all(
    db.build
      .selectFrom('interactions as i')
      .innerJoin('avito_chats as a', 'a.interaction_id', 'i.id')
      .select(['i.external_id', 'a.chat_updated_at', 'a.last_message_id'])
      .where('i.account_id', '=', accountId)
      .where('i.channel', '=', AVITO_CHAT_CHANNEL),
  );
  return new Map(
    rows.map((row) => [row.external_id, { updatedAt: row.chat_updated_at, lastMessageId: row.last_message_id }]),
  );
}

function knownMessageIds(db: SqlRunner, accountId: number, chatId: string): Set<string> {
  const rows = db.all(
    db.build
      .selectFrom('chat_messages as m')
      .innerJoin('interactions as i', 'i.id', 'm.interaction_id')
      .select('m.external_id')
      .where('i.account_id', '=', accountId)
      .where('i.channel', '=', AVITO_CHAT_CHANNEL)
      .where('i.external_id', '=', chatId),
  );
  return new Set(rows.map((row) => row.external_id).filter((id): id is string => id !== null));
}

/** The chat_messages rows of buyer messages this run stored for the first time (the bot and the sound react to them). */
function newBuyerMessageRows(
  db: SqlRunner,
  interactionId: number,
  messages: StoredAvitoMessage[],
  chat: AvitoChatSnapshot,
  knownIds: Set<string>,
): number[] {
  const ids = new Set(messages.map((m) => m.id));
  if (chat.lastMessage && !knownIds.has(chat.lastMessage.id)) ids.add(chat.lastMessage.id);
  if (ids.size === 0) return [];
  return db
    .all(
      db.build
        .selectFrom('chat_messages')
        .select('id')
        .where('interaction_id', '=', interactionId)
        .where('sender', '=', 'client')
        .where('external_id', 'in', [...ids])
        .orderBy('sent_at')
        .orderBy('id'),
    )
    .map((row) => row.id);
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(AVITO_MESSAGE_TYPES);

/** A message of the v3 list as the writer takes it (unknown types are kept as 'unsupported'). */
export function toStoredMessage(message: AvitoMessage): StoredAvitoMessage {
  return {
    id: message.id,
    authorId: message.author_id ?? 0,
    created: message.created,
    direction: message.direction,
    type: (KNOWN_TYPES.has(message.type) ? message.type : 'unsupported') as AvitoMessageType,
    content: (message.content ?? {}) as StoredAvitoMessage['content'],
    isRead: message.is_read ?? undefined,
  };
}

/** A chat of the v2 list as the writer takes it: the item (context type 'item'), the buyer, the last message. */
export function toSnapshot(chat: AvitoChat, avitoUserId: string | null): AvitoChatSnapshot {
  const value = chat.context?.type === 'item' || !chat.context?.type ? chat.context?.value : null;
  const buyer = (chat.users ?? []).find((user) => String(user.id) !== avitoUserId) ?? null;
  const last = chat.last_message;
  return {
    id: chat.id,
    created: chat.created,
    updated: chat.updated,
    item:
      value && value.id !== null && value.id !== undefined
        ? {
            id: String(value.id),
            title: value.title ?? null,
            priceString: value.price_string ?? null,
            url: value.url ?? null,
            imageUrl: Object.values(value.images?.main ?? {})[0] ?? null,
          }
        : null,
    buyer: buyer ? { id: String(buyer.id), name: buyer.name ?? null } : null,
    lastMessage:
      last && last.direction
        ? toStoredMessage({
            id: last.id,
            author_id: last.author_id,
            created: last.created,
            direction: last.direction,
            type: last.type ?? 'unsupported',
            content: last.content,
          })
        : null,
  };
}

function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
