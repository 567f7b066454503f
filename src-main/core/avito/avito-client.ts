/**
 * The Avito Messenger connector: the one entry the rest of core uses (sync, outbox, accounts, bot).
 *
 *   const client = createAvitoClient({ clientId, clientSecret }, { baseUrl, userId });
 *   await client.getSelf();                        // {userId, name}: the account behind the key
 *   for await (const page of client.chatPages({ chatTypes: ['u2i', 'u2u'], unreadOnly: true })) …
 *   await client.getChat(chatId);                  // AvitoChat
 *   for await (const page of client.messagePages(chatId)) …   // newest first; stop at a known id
 *   await client.sendText(chatId, text);           // never retried once it may have reached Avito
 *   await client.findSentText(chatId, text, since); // after a crash or a lost answer: did it go? (before resending)
 *   await client.markRead(chatId);                 // only when the seller opens the chat
 *   await client.getVoiceUrls([voiceId]);          // {voiceId: url}, valid for an hour: do not store
 *   imageSizes(message)                            // {"1280x960": url, …} for the media cache
 *   await verifyAvitoCredentials(creds, options);  // connect: token + self + the tier, or a CoreError (avito_*)
 *
 * Failures are AvitoApiError (errors.ts): `kind` says what it means, `avitoErrorMessage(error)` gives
 * the seller's message code, `notSent` says a send provably did not happen. The seller's actions
 * (send, read, getChat) go ahead of background pacing; lists default to background — pass
 * `{priority: 'user'}` when the seller is waiting for them.
 *
 * One client per account and process: its pacer and token are that account's view of Avito.
 * Paging caps (CONTRACT §2.1, §2.3): limit ≤ 100, offset ≤ 1000; pages stop at a short page or at
 * the cap (`capped: true`): what is older stays in the local archive.
 */
import { CoreError } from '../errors';
import { AvitoApiError, avitoCoreError } from './errors';
import { AvitoHttp, type AvitoHttpOptions, type AvitoHttpStats } from './http';
import type { AvitoPriority } from './pacing';
import {
  chatSchema,
  chatsEnvelopeSchema,
  messageSchema,
  messagesEnvelopeSchema,
  selfSchema,
  sentMessageSchema,
  voiceFilesSchema,
  type AvitoChat,
  type AvitoMessage,
  type AvitoSentMessage,
} from './schemas';
import type { AvitoCredentials } from './token';

export type { AvitoChat, AvitoMessage, AvitoSentMessage } from './schemas';
export type { AvitoCredentials } from './token';
export { AvitoApiError, avitoCoreError, avitoErrorMessage, type AvitoErrorKind } from './errors';

/** Longest text Avito takes in one message (CONTRACT §2.4). */
export const AVITO_MAX_TEXT = 1000;
export const AVITO_MAX_LIMIT = 100;
export const AVITO_MAX_OFFSET = 1000;
/** Our clock and Avito's may differ: a sent message is looked for this far before our send time [INF]. */
export const SEND_CLOCK_SKEW_MS = 5 * 60_000;

export type AvitoChatType = 'u2i' | 'u2u' | 'a2u';

export interface AvitoChatQuery {
  /** Default ['u2i'] like Avito's: u2u and a2u chats are invisible unless asked for (CONTRACT §5.1). */
  chatTypes?: AvitoChatType[];
  unreadOnly?: boolean;
  itemIds?: (number | string)[];
  limit?: number;
  offset?: number;
}

export interface AvitoCallOptions {
  priority?: AvitoPriority;
}

export interface AvitoPage<T> {
  offset: number;
  items: T[];
  /** Entries of the page that broke the schema (skipped, counted). */
  invalid: number;
  /** No page after this one: it was short, or the next offset is past Avito's cap. */
  last: boolean;
  /** The last page was full but the cap stops paging: older entries exist that Avito will not list. */
  capped: boolean;
}

export interface AvitoSelf {
  userId: number;
  name: string;
}

export interface AvitoClientOptions extends AvitoHttpOptions {
  /** The account's numeric user_id when known (stored at connect); else read once from /self. */
  userId?: number | null;
}

export interface AvitoClient {
  getSelf(options?: AvitoCallOptions): Promise<AvitoSelf>;
  listChats(query?: AvitoChatQuery, options?: AvitoCallOptions): Promise<AvitoPage<AvitoChat>>;
  chatPages(query?: Omit<AvitoChatQuery, 'offset'>, options?: AvitoCallOptions): AsyncGenerator<AvitoPage<AvitoChat>>;
  getChat(chatId: string, options?: AvitoCallOptions): Promise<AvitoChat>;
  listMessages(
    chatId: string,
    page?: { limit?: number; offset?: number },
    options?: AvitoCallOptions,
  ): Promise<AvitoPage<AvitoMessage>>;
  messagePages(
    chatId: string,
    page?: { limit?: number },
    options?: AvitoCallOptions,
  ): AsyncGenerator<AvitoPage<AvitoMessage>>;
  sendText(chatId: string, text: string): Promise<AvitoSentMessage>;
  /**
   * Our outgoing text message in the chat created at or after `since` (epoch ms, less SEND_CLOCK_SKEW_MS),
   * newest first, or null. Avito has no idempotency key (CONTRACT §2.4): the outbox asks this before
   * sending again after a crash or an unanswered send.
   */
  findSentText(chatId: string, text: string, since: number): Promise<AvitoMessage | null>;
  markRead(chatId: string): Promise<void>;
  getVoiceUrls(voiceIds: string[], options?: AvitoCallOptions): Promise<Record<string, string>>;
  readonly http: AvitoHttp;
  readonly stats: AvitoHttpStats;
  close(): Promise<void>;
}

/** An image message's size URLs ("1280x960", "640x480", "140x105", "32x32" …), or null for other messages. */
export function imageSizes(message: Pick<AvitoMessage, 'type' | 'content'>): Record<string, string> | null {
  return message.type === 'image' ? (message.content?.image?.sizes ?? null) : null;
}

function checkPage(limit: number, offset: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > AVITO_MAX_LIMIT)
    throw new RangeError(`limit must be 1..${AVITO_MAX_LIMIT}, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0 || offset > AVITO_MAX_OFFSET)
    throw new RangeError(`offset must be 0..${AVITO_MAX_OFFSET}, got ${offset}`);
}

function page<T>(raw: unknown[], parse: (entry: unknown) => T | null, offset: number, limit: number): AvitoPage<T> {
  const items: T[] = [];
  for (const entry of raw) {
    const item = parse(entry);
    if (item !== null) items.push(item);
  }
  // A short page is the end (the spec has no total, CONTRACT §2.1); counted on what Avito sent, broken entries too.
  const full = raw.length >= limit;
  const beyondCap = offset + limit > AVITO_MAX_OFFSET;
  return { offset, items, invalid: raw.length - items.length, last: !full || beyondCap, capped: full && beyondCap };
}

const parseWith =
  <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) =>
  (entry: unknown): T | null => {
    const result = schema.safeParse(entry);
    return result.success ? result.data : null;
  };

export function createAvitoClient(credentials: AvitoCredentials, options: AvitoClientOptions = {}): AvitoClient {
  const { userId: knownUserId, ...httpOptions } = options;
  const http = new AvitoHttp(credentials, httpOptions);
  let userId: Promise<number> | null = knownUserId ? Promise.resolve(knownUserId) : null;

  const getSelf = async (callOptions: AvitoCallOptions = {}): Promise<AvitoSelf> => {
    const self = await http.json(
      { method: 'GET', path: '/core/v1/accounts/self', scope: 'self', priority: callOptions.priority ?? 'user' },
      selfSchema,
    );
    userId ??= Promise.resolve(self.id);
    return { userId: self.id, name: self.name ?? '' };
  };
  /** `/messenger/v{version}/accounts/{user_id}`: each operation has its own version (CONTRACT §0). */
  const account = async (version: 1 | 2 | 3): Promise<string> => {
    userId ??= getSelf().then(
      (self) => self.userId,
      (error: unknown) => {
        userId = null;
        throw error;
      },
    );
    return `/messenger/v${version}/accounts/${await userId}`;
  };
  const chatPath = (chatId: string) => `/chats/${encodeURIComponent(chatId)}`;

  const listChats = async (query: AvitoChatQuery = {}, callOptions: AvitoCallOptions = {}) => {
    const limit = query.limit ?? AVITO_MAX_LIMIT;
    const offset = query.offset ?? 0;
    checkPage(limit, offset);
    const base = await account(2);
    const body = await http.json(
      {
        method: 'GET',
        path: `${base}/chats`,
        scope: 'chat_list',
        priority: callOptions.priority,
        // Arrays comma-joined (CONTRACT §5.17).
        query: {
          chat_types: (query.chatTypes ?? ['u2i']).join(','),
          unread_only: query.unreadOnly ? 'true' : undefined,
          item_ids: query.itemIds?.length ? query.itemIds.join(',') : undefined,
          limit,
          offset,
        },
      },
      chatsEnvelopeSchema,
    );
    return page(body.chats, parseWith(chatSchema), offset, limit);
  };

  const listMessages = async (
    chatId: string,
    pageQuery: { limit?: number; offset?: number } = {},
    callOptions: AvitoCallOptions = {},
  ) => {
    const limit = pageQuery.limit ?? AVITO_MAX_LIMIT;
    const offset = pageQuery.offset ?? 0;
    checkPage(limit, offset);
    const base = await account(3);
    // The trailing slash is in the spec's path (CONTRACT §0 table); listing marks nothing read (§2.3).
    const raw = await http.json(
      {
        method: 'GET',
        path: `${base}${chatPath(chatId)}/messages/`,
        scope: 'chat',
        priority: callOptions.priority,
        query: { limit, offset },
      },
      messagesEnvelopeSchema,
    );
    return page(raw, parseWith(messageSchema), offset, limit);
  };

  async function* pages<T>(fetchPage: (offset: number) => Promise<AvitoPage<T>>, limit: number) {
    for (let offset = 0; offset <= AVITO_MAX_OFFSET; offset += limit) {
      const result = await fetchPage(offset);
      yield result;
      if (result.last) return;
    }
  }

  return {
    http,
    get stats() {
      return http.stats;
    },
    getSelf,
    listChats,
    chatPages(query = {}, callOptions = {}) {
      const limit = query.limit ?? AVITO_MAX_LIMIT;
      return pages((offset) => listChats({ ...query, limit, offset }, callOptions), limit);
    },
    async getChat(chatId, callOptions = {}) {
      const base = await account(2);
      return http.json(
        {
          method: 'GET',
          path: `${base}${chatPath(chatId)}`,
          scope: 'chat',
          priority: callOptions.priority ?? 'user',
        },
        chatSchema,
      );
    },
    listMessages,
    messagePages(chatId, pageQuery = {}, callOptions = {}) {
      const limit = pageQuery.limit ?? AVITO_MAX_LIMIT;
      return pages((offset) => listMessages(chatId, { limit, offset }, callOptions), limit);
    },
    async sendText(chatId, text) {
      // Checked before sending: Avito would refuse it anyway, and a refusal costs a request (CONTRACT §2.4).
      const length = [...text].length;
      if (length > AVITO_MAX_TEXT) throw new CoreError('reply_too_long', { length, max: AVITO_MAX_TEXT });
      if (text.trim() === '') throw new CoreError('reply_empty');
      const base = await account(1);
      return http.json(
        {
          method: 'POST',
          path: `${base}${chatPath(chatId)}/messages`,
          scope: 'chat',
          priority: 'user',
          idempotent: false,
          json: { message: { text }, type: 'text' },
        },
        sentMessageSchema,
      );
    },
    async findSentText(chatId, text, since) {
      const from = Math.floor((since - SEND_CLOCK_SKEW_MS) / 1000);
      const wanted = text.trim();
      for await (const found of pages(
        (offset) => listMessages(chatId, { limit: 50, offset }, { priority: 'user' }),
        50,
      )) {
        for (const message of found.items) {
          if (message.created < from) return null; // newest first: everything after is older
          if (message.direction === 'out' && message.type === 'text' && message.content?.text?.trim() === wanted)
            return message;
        }
      }
      return null;
    },
    async markRead(chatId) {
      const base = await account(1);
      // Marking read twice is harmless: idempotent, retried like a GET.
      await http.call({
        method: 'POST',
        path: `${base}${chatPath(chatId)}/read`,
        scope: 'chat',
        priority: 'user',
        idempotent: true,
      });
    },
    async getVoiceUrls(voiceIds, callOptions = {}) {
      if (voiceIds.length === 0) return {};
      const base = await account(1);
      const body = await http.json(
        {
          method: 'GET',
          path: `${base}/getVoiceFiles`,
          scope: 'account',
          priority: callOptions.priority ?? 'user',
          query: { voice_ids: voiceIds.join(',') },
        },
        voiceFilesSchema,
      );
      return body.voices_urls;
    },
    close: () => http.close(),
  };
}

/**
 * Connecting an account (issue 12 item 1): the key gets a token (else `avito_bad_credentials`), names
 * its account (/self), and reaches the Messenger API (one chat of the list: else `avito_tier_denied`).
 * Throws a CoreError with the seller's code (`cause` is the AvitoApiError); nothing is stored here.
 */
export async function verifyAvitoCredentials(
  credentials: AvitoCredentials,
  options: AvitoClientOptions = {},
): Promise<AvitoSelf> {
  const client = createAvitoClient(credentials, { ...options, userId: null });
  try {
    const self = await client.getSelf({ priority: 'user' });
    await client.listChats({ limit: 1 }, { priority: 'user' });
    return self;
  } catch (error) {
    throw error instanceof AvitoApiError ? avitoCoreError(error) : error;
  } finally {
    await client.close();
  }
}

/** For callers holding an unknown error: is it an Avito refusal the seller must act on (not a transient one)? */
export function isAvitoActionRequired(error: unknown): boolean {
  return (
    error instanceof AvitoApiError &&
    (error.kind === 'bad_credentials' ||
      error.kind === 'tier_denied' ||
      error.kind === 'employee_key' ||
      error.kind === 'token_expired')
  );
}
