/**
 * A fast, deterministic generator of a large inbox for the bench: reviews, questions and buyer
 * chats with 2–6 messages each, over about a year, for a few thousand products and a pool of
 * customers with repeat buyers and orders shared between a review and a chat (work for linking).
 *
 * Items go through the core's real write path: WB-shaped payloads -> `normalise*` (priority,
 * intent, SLA due time) -> `InteractionWriter` (FTS triggers, products), in bulk transactions
 * like a sync. Chat priority is assessed the way chat sync does after its events.
 */
import type { SqlRunner } from '../../src-main/core/db/sql-runner';
import {
  normaliseChat,
  normaliseChatEvent,
  normaliseFeedback,
  normaliseQuestion,
} from '../../src-main/core/inbox/normalise';
import type { NormalisedInteraction } from '../../src-main/core/inbox/normalise';
import type { SlaSettings } from '../../src-main/core/inbox/priority';
import { reprioritiseChats } from '../../src-main/core/sync/chat-sync';
import { readSlaSettings } from '../../src-main/core/settings';
import { InteractionWriter } from '../../src-main/core/sync/interaction-writer';
import { bulkTransaction, indexSlice } from '../../src-main/core/sync/job-context';
import type { WbChat, WbChatEvent, WbFeedback, WbQuestion } from '../../src-main/core/wb/schemas';
import { Rng } from '../wb-sim/rand';
import {
  CHAT_CLIENT_FOLLOWUPS,
  CHAT_CLIENT_OPENERS,
  CHAT_SELLER_REPLIES,
  CHAT_WB_NOTICES,
  CONS,
  FEEDBACK_ANSWERS,
  NAMES,
  PRODUCTS,
  PROS,
  QUESTIONS,
  QUESTION_ANSWERS,
  REVIEW_TEXT,
  type Category,
  type QuestionIntent,
} from '../wb-sim/texts';

const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** Items per transaction: big enough to amortise the commit, small enough to keep memory flat. */
const CHUNK = 2_000;
const INTENTS = Object.keys(QUESTIONS) as QuestionIntent[];
const INITIALS = 'АБВГДЕЖЗИКЛМНОПРСТУФХЧШЭЮЯ';
/** Extra sentences that make texts varied and give search some rarer words. */
const EXTRA = [
  'Курьер привёз вовремя.',
  'Доставка заняла неделю.',
  'Упаковка была помята.',
  'Цвет чуть темнее, чем на фото.',
  'Качество на уровне.',
  'Брала в подарок маме.',
  'Спасибо продавцу за быструю отправку.',
  'Ткань плотная, но колется.',
  'Маломерит, берите на размер больше.',
  'Пришёл с дыркой, оформила возврат.',
  'Запах резины выветрился за пару дней.',
  'Заказываю повторно.',
];

interface Product {
  nmId: number;
  name: string;
  article: string;
  brand: string;
  category: Category;
  sizes: string[];
}

interface Order {
  orderId: number;
  customer: string;
  product: Product;
  at: number;
}

export interface GenerateOptions {
  /** Interactions to create, over all accounts. */
  items: number;
  /** The accounts to fill; the first gets 90 % when there are two or more. */
  accountIds: number[];
  now: Date;
  seed?: number;
}

export interface Generated {
  reviews: number;
  questions: number;
  chats: number;
  messages: number;
  products: number;
  seconds: number;
}

/**
 * Fills the accounts with `items` interactions; the same seed and `now` give the same data.
 * The shops are returned so a caller can write more items later (a "sync" of new ones).
 */
export function generateInbox(db: SqlRunner, options: GenerateOptions): Generated & { shops: ShopGenerator[] } {
  const started = performance.now();
  const total = {
    reviews: 0,
    questions: 0,
    chats: 0,
    messages: 0,
    products: 0,
    seconds: 0,
    shops: [] as ShopGenerator[],
  };
  const shares = options.accountIds.map((_, i) =>
    options.accountIds.length === 1 ? 1 : i === 0 ? 0.9 : 0.1 / (options.accountIds.length - 1),
  );
  let left = options.items;
  options.accountIds.forEach((accountId, i) => {
    const n = i === options.accountIds.length - 1 ? left : Math.round(options.items * shares[i]!);
    left -= n;
    const shop = new ShopGenerator(db, accountId, options.now, (options.seed ?? 1) + accountId);
    const made = shop.write(n, options.now.getTime() - YEAR, options.now.getTime());
    total.reviews += made.reviews;
    total.questions += made.questions;
    total.chats += made.chats;
    total.messages += made.messages;
    total.products += shop.products.length;
    total.shops.push(shop);
  });
  total.seconds = (performance.now() - started) / 1000;
  return total;
}

/** One account's shop: products, customers and their orders, written through the sync's writer. */
export class ShopGenerator {
  readonly products: Product[];
  private readonly rng: Rng;
  private readonly writer: InteractionWriter;
  private readonly sla: SlaSettings;
  private readonly customers: string[];
  /** Recent review orders, so a later chat can be about the same order (a deterministic link). */
  private readonly orders: Order[] = [];
  private seq = 0;
  private orderSeq: number;

  constructor(
    private readonly db: SqlRunner,
    private readonly accountId: number,
    private readonly now: Date,
    seed: number,
    productCount = 3_000,
  ) {
    this.rng = new Rng(seed);
    this.writer = new InteractionWriter(db, accountId);
    this.sla = readSlaSettings(db, accountId);
    const r = this.rng;
    this.products = Array.from({ length: productCount }, (_, i) => {
      const seedProduct = PRODUCTS[i % PRODUCTS.length]!;
      const color = r.pick(seedProduct.colors);
      return {
        nmId: 100_000_000 + accountId * 10_000_000 + i,
        name: i < PRODUCTS.length ? seedProduct.name : `${seedProduct.name}, ${color}`,
        article: `${seedProduct.brand.slice(0, 2).toUpperCase()}${String(i + 1).padStart(5, '0')}/${color}`,
        brand: seedProduct.brand,
        category: seedProduct.category,
        sizes: seedProduct.sizes,
      };
    });
    this.customers = Array.from({ length: 40_000 }, () =>
      r.chance(0.6) ? `${r.pick(NAMES)} ${r.pick([...INITIALS])}.` : r.pick(NAMES),
    );
    this.orderSeq = 1_000_000_000 + accountId * 100_000_000;
  }

  /** Popular products get most of the traffic (a long tail, like a real shop). */
  private product(): Product {
    const x = this.rng.next();
    return this.products[Math.floor(x * x * x * this.products.length)]!;
  }

  /** A fifth of the buyers write a third of the items (repeat buyers). */
  private customer(): string {
    const r = this.rng;
    const pool = r.chance(0.33) ? this.customers.length / 5 : this.customers.length;
    return this.customers[Math.floor(r.next() * pool)]!;
  }

  private sentences(pool: string[], extra: number): string {
    const r = this.rng;
    const parts = [r.pick(pool)];
    for (let i = 0; i < extra; i += 1) if (r.chance(0.45)) parts.push(r.pick(EXTRA));
    return parts.join(' ');
  }

  /**
   * Writes `count` interactions dated in [from, to): 70 % reviews, 20 % questions, 10 % chats.
   * Returns the counts and the ids created (the bench links these after a "sync").
   */
  write(count: number, from: number, to: number): Generated & { ids: number[] } {
    const made = { reviews: 0, questions: 0, chats: 0, messages: 0, products: 0, seconds: 0, ids: [] as number[] };
    const stamp = this.now.toISOString();
    const firstId = this.maxId();
    for (let done = 0; done < count;) {
      const size = Math.min(CHUNK, count - done);
      bulkTransaction(this.db, () => {
        const reviewsAndQuestions: NormalisedInteraction[] = [];
        for (let i = 0; i < size; i += 1) {
          const at = from + Math.floor(this.rng.next() * (to - from));
          const kind = this.rng.next();
          if (kind < 0.7) {
            reviewsAndQuestions.push(this.review(at));
            made.reviews += 1;
          } else if (kind < 0.9) {
            reviewsAndQuestions.push(this.question(at));
            made.questions += 1;
          } else {
            made.messages += this.chat(at, stamp);
            made.chats += 1;
          }
        }
        this.writer.upsert(reviewsAndQuestions, stamp);
      });
      // As the sync does after each slice: stem and index what it wrote (migration 0009).
      indexSlice(this.db, size);
      done += size;
    }
    made.ids = this.db
      .all(
        this.db.build
          .selectFrom('interactions')
          .select('id')
          .where('account_id', '=', this.accountId)
          .where('id', '>', firstId),
      )
      .map((row) => row.id);
    return made;
  }

  private maxId(): number {
    const row = this.db.get(this.db.build.selectFrom('interactions').select((eb) => eb.fn.max<number>('id').as('id')));
    return Number(row?.id ?? 0);
  }

  private review(at: number): NormalisedInteraction {
    const r = this.rng;
    const product = this.product();
    const rating = r.weighted([5, 4, 3, 2, 1], [62, 15, 8, 5, 10]);
    const tone = rating >= 4 ? 'good' : rating === 3 ? 'mixed' : 'bad';
    const ratingOnly = r.chance(0.06);
    const pool = r.chance(0.6) ? REVIEW_TEXT[tone][product.category] : REVIEW_TEXT[tone].any;
    const customer = this.customer();
    const orderId = (this.orderSeq += 1);
    this.remember({ orderId, customer, product, at });
    const age = this.now.getTime() - at;
    const answered = r.chance(age > 30 * DAY ? 0.96 : 0.4);
    const archived = !answered && age > 30 * DAY;
    const item: WbFeedback = {
      id: `fb${this.accountId}x${(this.seq += 1).toString(36)}`,
      text: ratingOnly ? '' : this.sentences(pool, 2),
      pros: ratingOnly || r.chance(0.3) ? '' : r.pick(PROS[product.category]),
      cons: ratingOnly || r.chance(rating >= 4 ? 0.7 : 0.2) ? '' : r.pick(CONS[product.category]),
      productValuation: rating,
      createdDate: new Date(at).toISOString(),
      answer: answered ? { text: r.pick(FEEDBACK_ANSWERS), state: 'wbRu', editable: age < 60 * DAY } : null,
      state: answered || archived ? 'wbRu' : 'none',
      productDetails: {
        nmId: product.nmId,
        productName: product.name,
        supplierArticle: product.article,
        brandName: product.brand,
        size: r.pick(product.sizes),
      },
      wasViewed: answered || r.chance(0.5),
      userName: customer,
      lastOrderShkId: orderId,
    };
    return normaliseFeedback(item, item, answered || archived, this.now, this.sla);
  }

  private question(at: number): NormalisedInteraction {
    const r = this.rng;
    const product = this.product();
    const intent = r.pick(INTENTS);
    const pool = r.chance(0.6) ? QUESTIONS[intent][product.category] : QUESTIONS[intent].any;
    const age = this.now.getTime() - at;
    const answered = r.chance(age > 30 * DAY ? 0.9 : 0.5);
    const item: WbQuestion = {
      id: `q${this.accountId}x${(this.seq += 1).toString(36)}`,
      text: this.sentences(pool, 1),
      createdDate: new Date(at).toISOString(),
      state: answered ? 'wbRu' : r.chance(0.03) ? 'none' : 'suppliersPortalSynch',
      answer: answered
        ? { text: r.pick(QUESTION_ANSWERS), editable: false, createDate: new Date(at + 3 * 3_600_000).toISOString() }
        : null,
      productDetails: {
        nmId: product.nmId,
        productName: product.name,
        supplierArticle: product.article,
        brandName: product.brand,
      },
      wasViewed: answered || r.chance(0.5),
    };
    return normaliseQuestion(item, item, answered, this.now, this.sla);
  }

  private remember(order: Order) {
    if (this.orders.length < 5_000) this.orders.push(order);
    else this.orders[Math.floor(this.rng.next() * this.orders.length)] = order;
  }

  /** A chat and its 2–6 messages; half the chats are about an order the buyer also reviewed. */
  private chat(at: number, stamp: string): number {
    const r = this.rng;
    const shared = this.orders.length > 0 && r.chance(0.5) ? r.pick(this.orders) : null;
    const product = shared?.product ?? this.product();
    const customer = shared?.customer ?? this.customer();
    const orderId = shared?.orderId ?? (this.orderSeq += 1);
    let time = shared ? Math.min(this.now.getTime() - 60_000, shared.at + r.int(0, 5 * DAY)) : at;
    const chatId = `1:${this.accountId}-${(this.seq += 1).toString(36)}`;
    const count = r.int(2, 6);
    const events: WbChatEvent[] = [];
    for (let i = 0; i < count; i += 1) {
      // Buyer first; then mostly alternating; sometimes WB's own notice; the buyer may write last,
      // though in chats older than two weeks the seller almost always had the last word.
      const settled = i === count - 1 && this.now.getTime() - time > 14 * DAY && r.chance(0.95);
      const sender: WbChatEvent['sender'] = settled
        ? 'seller'
        : i === 0
          ? 'client'
          : r.chance(0.08)
            ? 'wb'
            : i % 2 === 1
              ? r.chance(0.85)
                ? 'seller'
                : 'client'
              : 'client';
      const text =
        sender === 'wb'
          ? r.pick(CHAT_WB_NOTICES)
          : sender === 'seller'
            ? r.pick(CHAT_SELLER_REPLIES)
            : i === 0
              ? r.pick(CHAT_CLIENT_OPENERS)
              : r.pick(CHAT_CLIENT_FOLLOWUPS);
      events.push({
        chatID: chatId,
        eventID: `${chatId}/${i}`,
        eventType: 'message',
        isNewChat: i === 0,
        message: {
          text,
          attachments: i === 0 ? { goodCard: { nmID: product.nmId, rid: String(orderId) } } : null,
        },
        source: sender === 'client' ? 'android' : 'seller-portal',
        addTimestamp: time,
        replySign: i === 0 ? `sign-${chatId}` : null,
        sender,
        clientName: customer,
      });
      time = Math.min(this.now.getTime() - 1_000, time + r.int(60_000, 20 * 3_600_000));
    }
    const last = events.at(-1)!;
    const chat: WbChat = {
      chatID: chatId,
      replySign: `sign-${chatId}`,
      clientName: customer,
      goodCard: { nmID: product.nmId, rid: String(orderId) },
      lastMessage: { text: last.message?.text ?? '', addTimestamp: last.addTimestamp },
    };
    this.writer.upsertChats([normaliseChat(chat, chat, this.now)], stamp);
    const result = this.writer.addMessages(
      events.map((event) => normaliseChatEvent(event, event)),
      stamp,
      () => {
        throw new Error('the chat row is written first');
      },
    );
    reprioritiseChats(this.db, result.chatIds, this.now, this.sla);
    return result.created;
  }
}
