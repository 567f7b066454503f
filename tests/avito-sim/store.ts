// The simulated Avito account: items, buyers, chats with histories (deterministic by seed), and
// what the API did (request log, sends, reads) for tests to assert on.
import { Rng } from '../wb-sim/rand';
import {
  BUYER_FOLLOWUPS,
  BUYER_NAMES,
  BUYER_OPENERS,
  CITIES,
  ITEMS,
  LINKS,
  SELLER_REPLIES,
  SYSTEM_FLOWS,
} from './texts';

export type ChatType = 'u2i' | 'u2u';
export type MessageType = 'text' | 'image' | 'link' | 'item' | 'location' | 'call' | 'deleted' | 'voice' | 'system';

export interface SimItem {
  /** Some exceed 2^31 like real Avito item ids (CONTRACT §5.10). */
  id: number;
  title: string;
  price: number;
  url: string;
  /** An item of the company whose author is an employee: hidden from (and forbidden to) an employee key. */
  company: boolean;
}

export interface SimBuyer {
  id: number;
  name: string;
  hash: string;
}

export interface SimMessage {
  id: string;
  authorId: number;
  /** Unix seconds. */
  created: number;
  direction: 'in' | 'out';
  type: MessageType;
  content: Record<string, unknown>;
  /** Read by the seller (incoming) — flipped by POST …/read only, never by listing. */
  isRead: boolean;
  /** When the other party read it (outgoing), unix seconds or null. */
  read: number | null;
}

export interface SimChat {
  id: string;
  type: ChatType;
  created: number;
  updated: number;
  item: SimItem | null;
  buyer: SimBuyer;
  /** Oldest first. */
  messages: SimMessage[];
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The raw query string (to check how arrays were joined). */
  rawQuery: string;
  status: number;
  time: number;
}

export interface SentRecord {
  chatId: string;
  messageId: string;
  text: string;
  /** The response was dropped by a lostResponse fault. */
  responseLost: boolean;
}

export interface AvitoSimShopOptions {
  seed: number | string;
  chats: number;
  /** Share of u2u chats (default 0.15). */
  u2uShare?: number;
  /** Messages per chat, inclusive range (default [2, 12]). */
  messagesPerChat?: [number, number];
  now: () => number;
}

/** Stored media URLs start with this; wire.ts swaps in the listening origin. */
export const MEDIA_ORIGIN = 'http://avito-sim.media';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const DAY = 86_400;

export class AvitoSimState {
  readonly rng: Rng;
  readonly sellerId: number;
  readonly sellerName = 'ИП Смирнова — Всё для дома';
  readonly items: SimItem[];
  readonly buyers: SimBuyer[];
  readonly chats: SimChat[] = [];
  readonly chatById = new Map<string, SimChat>();
  readonly requests: RequestLogEntry[] = [];
  readonly sent: SentRecord[] = [];
  readonly reads: string[] = [];
  readonly uploads = new Map<string, { bytes: number }>();
  /** The simulator's own origin, set once it listens (media URLs are written against MEDIA_ORIGIN until then). */
  baseUrl = MEDIA_ORIGIN;
  private readonly nowFn: () => number;

  constructor(options: AvitoSimShopOptions) {
    this.nowFn = options.now;
    const r = (this.rng = new Rng(options.seed));
    // Above 2^31: ids must never be assumed int32 (CONTRACT §5.10).
    this.sellerId = r.int(2_200_000_000, 2_900_000_000);
    this.items = ITEMS.map((seed, i) => {
      const id = i % 3 === 0 ? r.int(3_000_000_000, 4_400_000_000) : r.int(1_000_000_000, 2_100_000_000);
      return {
        id,
        title: seed.title,
        price: seed.price,
        url: `https://www.avito.ru/moskva/tovary/${id}`,
        company: i % 5 === 4,
      };
    });
    this.buyers = BUYER_NAMES.map((name) => ({ id: r.int(10_000_000, 3_500_000_000), name, hash: r.chars(B64, 22) }));
    const n = options.chats;
    const now = this.nowSec();
    const [minMsgs, maxMsgs] = options.messagesPerChat ?? [2, 12];
    for (let i = 0; i < n; i++) {
      const type: ChatType = r.chance(options.u2uShare ?? 0.15) ? 'u2u' : 'u2i';
      const buyer = r.pick(this.buyers);
      const created = now - r.int(DAY, 90 * DAY);
      const chat: SimChat = {
        id: `${type}-${r.chars(B64, 22)}`,
        type,
        created,
        updated: created,
        item: type === 'u2i' ? r.pick(this.items) : null,
        buyer,
        messages: [],
      };
      const count = r.int(minMsgs, maxMsgs);
      let t = created;
      for (let m = 0; m < count; m++) {
        t = Math.min(now - 1, t + r.int(60, Math.max(61, Math.floor((now - created) / (count + 1)))));
        const incoming = m === 0 || r.chance(0.55);
        chat.messages.push(this.generated(chat, incoming, t, m === 0));
      }
      // Older chats are read; the newest ones keep unread incoming messages.
      if (i % 3 !== 0) for (const msg of chat.messages) if (msg.direction === 'in') msg.isRead = true;
      chat.updated = chat.messages.at(-1)?.created ?? created;
      this.addChat(chat);
    }
  }

  now(): number {
    return this.nowFn();
  }

  nowSec(): number {
    return Math.floor(this.nowFn() / 1000);
  }

  addChat(chat: SimChat): void {
    this.chats.push(chat);
    this.chatById.set(chat.id, chat);
  }

  /** Newest activity first (CONTRACT §2.1: order undocumented, assumed by last activity) [INF]. */
  ordered(): SimChat[] {
    return [...this.chats].sort((a, b) => b.updated - a.updated || (a.id < b.id ? -1 : 1));
  }

  messageId(): string {
    return this.rng.hex(32);
  }

  private generated(chat: SimChat, incoming: boolean, created: number, first: boolean): SimMessage {
    const r = this.rng;
    const base = {
      id: this.messageId(),
      created,
      direction: incoming ? ('in' as const) : ('out' as const),
      authorId: incoming ? chat.buyer.id : this.sellerId,
      isRead: !incoming,
      read: incoming ? null : r.chance(0.7) ? created + r.int(10, 3600) : null,
    };
    if (first) return { ...base, type: 'text', content: { text: r.pick(BUYER_OPENERS) } };
    if (!incoming) return { ...base, type: 'text', content: { text: r.pick(SELLER_REPLIES) } };
    const type = r.weighted<MessageType>(
      ['text', 'image', 'voice', 'system', 'deleted', 'link', 'item', 'location', 'call'],
      [60, 8, 6, 6, 4, 4, 4, 4, 4],
    );
    switch (type) {
      case 'text':
        return { ...base, type, content: { text: r.pick(BUYER_FOLLOWUPS) } };
      case 'image':
        return { ...base, type, content: { image: { sizes: this.imageSizes(r.hex(12)) } } };
      case 'voice':
        return { ...base, type, content: { voice: { voice_id: `v-${r.hex(16)}` } } };
      case 'system': {
        // Avito's bots write in the chat as the system: author 0, incoming [INF].
        const flow = r.pick(SYSTEM_FLOWS);
        return { ...base, authorId: 0, type, isRead: true, content: { text: flow.text, flow_id: flow.flowId } };
      }
      case 'deleted':
        return { ...base, type, content: {} };
      case 'link': {
        const link = r.pick(LINKS);
        const preview = { title: link.text, description: null, domain: link.domain, url: link.url, images: null };
        return { ...base, type, content: { link: { text: link.text, url: link.url, preview } } };
      }
      case 'item': {
        const item = r.pick(this.items);
        return {
          ...base,
          type,
          content: {
            item: {
              title: item.title,
              item_url: item.url,
              image_url: `${MEDIA_ORIGIN}/__img/item-${item.id}/140x105.png`,
              price_string: priceString(item.price),
            },
          },
        };
      }
      case 'location': {
        const city = r.pick(CITIES);
        return {
          ...base,
          type,
          content: { location: { lat: 55.75, lon: 37.62, kind: 'street', text: `${city}, ул. Ленина`, title: city } },
        };
      }
      case 'call':
        return { ...base, type, content: { call: { status: 'missed', target_user_id: this.sellerId } } };
    }
  }

  imageSizes(key: string): Record<string, string> {
    const sizes = ['1280x960', '640x480', '140x105', '32x32'];
    return Object.fromEntries(sizes.map((s) => [s, `${MEDIA_ORIGIN}/__img/${key}/${s}.png`]));
  }

  /** A buyer writes: the chat moves to the top, `updated` changes; a new chat when `chatId` is absent and `newChat`. */
  buyerWrites(chatId: string | null, text: string | null, at = this.nowSec()): { chatId: string; messageId: string } {
    let chat = chatId ? this.chatById.get(chatId) : undefined;
    if (!chat) {
      if (chatId) throw new Error(`unknown chat ${chatId}`);
      const buyer = this.rng.pick(this.buyers);
      chat = {
        id: `u2i-${this.rng.chars(B64, 22)}`,
        type: 'u2i',
        created: at,
        updated: at,
        item: this.rng.pick(this.items.filter((i) => !i.company)),
        buyer,
        messages: [],
      };
      this.addChat(chat);
    }
    // Strictly after the last message: a poller compares `updated` (whole seconds) [INF].
    const created = Math.max(at, (chat.messages.at(-1)?.created ?? 0) + 1, chat.updated + 1);
    const message: SimMessage = {
      id: this.messageId(),
      authorId: chat.buyer.id,
      created,
      direction: 'in',
      type: 'text',
      content: { text: text ?? this.rng.pick(BUYER_FOLLOWUPS) },
      isRead: false,
      read: null,
    };
    chat.messages.push(message);
    chat.updated = created;
    return { chatId: chat.id, messageId: message.id };
  }

  sellerSends(chat: SimChat, content: Record<string, unknown>, type: 'text' | 'image'): SimMessage {
    const created = Math.max(this.nowSec(), chat.messages.at(-1)?.created ?? 0);
    const message: SimMessage = {
      id: this.messageId(),
      authorId: this.sellerId,
      created,
      direction: 'out',
      type,
      content,
      isRead: true,
      read: null,
    };
    chat.messages.push(message);
    chat.updated = Math.max(chat.updated, created);
    return message;
  }

  markRead(chat: SimChat): void {
    for (const m of chat.messages) if (m.direction === 'in') m.isRead = true;
    this.reads.push(chat.id);
  }

  hasUnread(chat: SimChat): boolean {
    return chat.messages.some((m) => m.direction === 'in' && !m.isRead);
  }
}

export function priceString(price: number): string {
  return `${price.toLocaleString('ru-RU').replace(/\u00a0/g, ' ')} ₽`;
}
