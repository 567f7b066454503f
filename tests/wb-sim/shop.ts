// Deterministic generator of the simulated shop (reviews, questions, chats), seeded by `seed`.
import { mskOffsetDate, nanoUtcDate } from './format';
import { Rng } from './rand';
import {
  BABLES,
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
  type QuestionIntent,
} from './texts';
import type {
  Chat,
  ChatEvent,
  ChatFile,
  ChatImage,
  EventSource,
  FeedbackRec,
  Product,
  QuestionRec,
  StoredFile,
} from './types';

const DAY = 86_400_000;
const INTENTS: QuestionIntent[] = ['размер', 'наличие', 'характеристики', 'до покупки', 'после покупки'];
const CLIENT_SOURCES: EventSource[] = ['rusite', 'ios', 'android', 'global'];

/** `n` unique whole-second timestamps in [from, to), ascending. */
export function sortedSeconds(rng: Rng, n: number, from: number, to: number): number[] {
  const span = Math.max(1, Math.floor((to - from) / 1000));
  const secs = new Float64Array(n);
  for (let i = 0; i < n; i++) secs[i] = Math.floor(from / 1000) + Math.floor(rng.next() * span);
  secs.sort();
  const out = new Array<number>(n);
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = Math.max(secs[i] ?? 0, prev + 1);
    out[i] = s * 1000;
    prev = s;
  }
  return out;
}

export class ShopFactory {
  readonly products: Product[];
  private feedbackSeq = 0;
  private questionSeq = 0;
  private fileSeq = 0;

  constructor(readonly rng: Rng) {
    this.products = PRODUCTS.map((p, i) => ({
      ...p,
      nmId: rng.int(10_000_000, 299_999_999),
      imtId: rng.int(10_000_000, 199_999_999),
      supplierArticle: `${p.brand.slice(0, 2).toUpperCase()}${String(i + 1).padStart(3, '0')}/${p.colors[0] ?? ''}`,
    }));
  }

  /**
   * F&Q dates mix formats like the contract examples: feedbacks mostly `+03:00` offsets, questions
   * mostly UTC nanoseconds. Offset-format timestamps stay on whole seconds so the string and `ts` agree.
   */
  private fqDate(secondMs: number, offsetShare: number): { ts: number; createdDate: string } {
    if (this.rng.chance(offsetShare)) return { ts: secondMs, createdDate: mskOffsetDate(secondMs) };
    const ts = secondMs + this.rng.int(0, 999);
    return { ts, createdDate: nanoUtcDate(ts, this.rng.int(0, 999_999)) };
  }

  feedback(secondMs: number, now: number, fresh = false): FeedbackRec {
    const r = this.rng;
    const product = r.pick(this.products);
    const valuation = r.weighted([5, 4, 3, 2, 1], [62, 15, 8, 5, 10]);
    const tone = valuation >= 4 ? 'good' : valuation === 3 ? 'mixed' : 'bad';
    const pool = REVIEW_TEXT[tone];
    const ratingOnly = r.chance(0.06);
    const text = ratingOnly
      ? ''
      : [r.pick(pool[product.category]), ...(r.chance(0.5) ? [r.pick(pool.any)] : [])].join(' ');
    const photos = ratingOnly ? 0 : r.chance(0.2) ? r.int(1, 3) : 0;
    const { ts, createdDate } = this.fqDate(secondMs, 0.8);
    const age = now - ts;
    const rec: FeedbackRec = {
      seq: this.feedbackSeq++,
      id: r.esId(),
      ts,
      createdDate,
      product,
      size: r.pick(product.sizes),
      color: r.pick(product.colors),
      valuation,
      text,
      pros: ratingOnly || r.chance(0.3) ? '' : r.pick(PROS[product.category]),
      cons: ratingOnly || r.chance(valuation >= 4 ? 0.7 : 0.2) ? '' : r.pick(CONS[product.category]),
      userName: r.pick(NAMES),
      state: 'none',
      answer: null,
      answeredAt: null,
      editsUsed: 0,
      wasViewed: false,
      photos,
      video: !ratingOnly && r.chance(0.03),
      orderStatus: r.weighted(['buyout', 'returned', 'rejected', 'notSpecified'] as const, [85, 8, 2, 5]),
      matchingSize:
        product.sizes[0] === '0' ? '' : r.weighted(['ok', 'smaller', 'bigger', ''] as const, [70, 15, 10, 5]),
      bables: r.chance(0.3) ? [r.pick(BABLES)] : null,
    };
    if (fresh) return rec;
    // "Processed" quirk: a feedback is archived once answered, after 30 days without an answer,
    // or when it has neither text nor photo -> state wbRu with answer null.
    const answerP = age > 30 * DAY ? 0.96 : 0.4;
    if (r.chance(answerP)) {
      const answeredAt = Math.min(now - 60_000, ts + r.int(3600_000, 3 * DAY));
      const edited = r.chance(0.2);
      rec.answer = {
        text: r.pick(FEEDBACK_ANSWERS),
        state: now - answeredAt < DAY && r.chance(0.2) ? 'reviewRequired' : 'wbRu',
        editable: !edited && now - answeredAt <= 60 * DAY,
      };
      rec.answeredAt = answeredAt;
      rec.editsUsed = edited ? 1 : 0;
      rec.state = 'wbRu';
      rec.wasViewed = true;
    } else if (age > 30 * DAY || (ratingOnly && photos === 0)) {
      rec.state = 'wbRu';
      rec.wasViewed = r.chance(0.5);
    } else {
      rec.wasViewed = r.chance(0.3);
    }
    return rec;
  }

  question(secondMs: number, now: number, fresh = false): QuestionRec {
    const r = this.rng;
    const product = r.pick(this.products);
    const intent = r.pick(INTENTS);
    const pool = QUESTIONS[intent];
    const text = r.chance(0.6) ? r.pick(pool[product.category]) : r.pick(pool.any);
    const { ts, createdDate } = this.fqDate(secondMs, 0.2);
    const rec: QuestionRec = {
      seq: this.questionSeq++,
      id: r.esId(),
      ts,
      createdDate,
      product,
      intent,
      text,
      state: 'suppliersPortalSynch',
      answer: null,
      answeredAt: null,
      editsUsed: 0,
      wasViewed: false,
      isWarned: r.chance(0.02),
    };
    if (fresh) return rec;
    const old = now - ts > 14 * DAY;
    const roll = r.next();
    if (roll < (old ? 0.85 : 0.45)) {
      const answeredAt = Math.min(now - 60_000, ts + r.int(600_000, 2 * DAY));
      const edited = r.chance(0.15);
      rec.answer = {
        text: r.pick(QUESTION_ANSWERS),
        editable: !edited && now - answeredAt <= 60 * DAY,
        createDate: nanoUtcDate(answeredAt, r.int(0, 999_999)),
      };
      rec.answeredAt = answeredAt;
      rec.editsUsed = edited ? 1 : 0;
      rec.state = 'wbRu';
      rec.wasViewed = true;
    } else if (roll < (old ? 0.9 : 0.5)) {
      rec.answer = { text: 'Вопрос не относится к товару', editable: false, createDate: nanoUtcDate(ts + 3600_000, 0) };
      rec.answeredAt = ts + 3600_000;
      rec.state = 'none';
      rec.wasViewed = true;
    } else {
      rec.wasViewed = r.chance(0.4);
    }
    return rec;
  }

  newChat(): Chat {
    const r = this.rng;
    const uuid = r.uuid();
    const product = r.pick(this.products);
    return {
      chatID: `1:${uuid}`,
      // replySign is NOT the chatID (CONTRACT §8): `1:<uuid>:<digits>:<128 hex>`.
      replySign: `1:${uuid}:${r.digits(8)}:${r.hex(128)}`,
      clientName: r.pick(NAMES),
      goodCard: {
        nmID: product.nmId,
        price: r.int(product.price[0], product.price[1]),
        priceCurrency: 'RUB',
        rid: r.hex(32),
        size: r.pick(product.sizes),
      },
    };
  }

  private file(kind: 'image' | 'pdf', at: number, files: Map<string, StoredFile>): ChatFile {
    const r = this.rng;
    const downloadID = r.uuid();
    const n = ++this.fileSeq;
    // Some attachments are still under moderation (202) or failed it (451), CONTRACT §5 download.
    const moderation = n % 17 === 0 ? 'pending' : n % 29 === 0 ? 'rejected' : 'ok';
    const isPdf = kind === 'pdf';
    const name = isPdf ? r.pick(['Чек.pdf', 'Акт_возврата.pdf', 'Гарантийный талон.pdf']) : `photo_${n}.jpg`;
    const size = isPdf ? r.int(30_000, 1_200_000) : r.int(40_000, 400_000);
    const contentType = isPdf ? 'application/pdf' : 'image/jpeg';
    files.set(downloadID, { downloadID, contentType, name, size, moderation });
    const ext = isPdf ? 'pdf' : 'jpg';
    return {
      contentType,
      date: new Date(at).toISOString(),
      downloadID,
      name,
      size,
      url: `https://chat-basket-01.wbbasket.ru/vol0/part${r.int(1000, 9999)}/${r.uuid()}/${ext}/${downloadID}.${ext}`,
    };
  }

  /** One event of `chat` at `at`; the caller assigns the final unique addTimestamp. */
  event(
    chat: Chat,
    at: number,
    sender: ChatEvent['sender'],
    first: boolean,
    files: Map<string, StoredFile>,
  ): ChatEvent {
    const r = this.rng;
    const ev: ChatEvent = {
      chatID: chat.chatID,
      eventID: r.uuid(),
      eventType: 'message',
      addTimestamp: at,
      addTime: '',
      sender,
    };
    if (first) {
      ev.isNewChat = true;
      ev.replySign = chat.replySign; // replySign only on isNewChat events
    }
    if (sender === 'client') {
      ev.clientName = chat.clientName;
      ev.source = r.pick(CLIENT_SOURCES);
      const text = first ? r.pick(CHAT_CLIENT_OPENERS) : r.pick(CHAT_CLIENT_FOLLOWUPS);
      ev.message = { text };
      const images: ChatImage[] = [];
      const pdfs: ChatFile[] = [];
      if (/фото|брак/i.test(text) || r.chance(0.08)) {
        for (let i = r.int(1, 2); i > 0; i--) {
          const f = this.file('image', at, files);
          images.push({ date: f.date, downloadID: f.downloadID, url: f.url });
        }
      }
      if (/[Чч]ек/.test(text) || r.chance(0.03)) pdfs.push(this.file('pdf', at, files));
      if (first || images.length || pdfs.length) {
        ev.message.attachments = {
          ...(first ? { goodCard: chat.goodCard } : {}),
          ...(pdfs.length ? { files: pdfs } : {}),
          ...(images.length ? { images } : {}),
        };
      }
    } else if (sender === 'seller') {
      // The contract's last example event is a seller event with no `message` (and no source).
      if (r.chance(0.08)) return ev;
      ev.source = r.chance(0.6) ? 'seller-portal' : 'seller-public-api';
      ev.message = { text: r.pick(CHAT_SELLER_REPLIES) };
      if (r.chance(0.05)) ev.message.attachments = { files: [this.file('pdf', at, files)] };
    } else {
      ev.source = 'seller-portal';
      ev.message = { text: r.pick(CHAT_WB_NOTICES) };
    }
    return ev;
  }

  /** Generates a chat history: 2..8 events, alternating mostly client/seller, within [from, now). */
  chatHistory(chat: Chat, from: number, now: number, files: Map<string, StoredFile>): ChatEvent[] {
    const r = this.rng;
    const out: ChatEvent[] = [];
    let at = from;
    const n = r.int(2, 8);
    let sender: ChatEvent['sender'] = 'client';
    for (let i = 0; i < n && at < now; i++) {
      out.push(this.event(chat, at, sender, i === 0, files));
      at += r.int(120_000, DAY);
      sender = r.chance(0.06) ? 'wb' : sender === 'client' ? (r.chance(0.75) ? 'seller' : 'client') : 'client';
    }
    return out;
  }
}
