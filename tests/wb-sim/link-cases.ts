// Cross-channel cases with ground truth for the linking test (issue 9 item 3). Only identifiers the
// real WB API carries go on the wire (CONTRACT §3-§5): a review has `userName`, `productDetails`
// (nmId, size) and `lastOrderShkId`; a chat has `clientName` and `goodCard` (nmID, size, rid); a
// question has no buyer at all. Which items belong together is kept here, never on the wire.
import { Rng } from './rand';
import type { ShopFactory } from './shop';
import { NAMES } from './texts';
import type { Chat, ChatEvent, FeedbackRec, Product, QuestionRec, StoredFile } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type LinkCaseKind = 'chat_review_order' | 'question_then_review' | 'followup_review';
export type TruthChannel = 'review' | 'question' | 'chat';

/** One pair that belongs together; `externalId` is the WB id (feedback id, question id, chatID). */
export interface LinkTruth {
  kind: LinkCaseKind;
  a: { channel: TruthChannel; externalId: string };
  b: { channel: TruthChannel; externalId: string };
}

type Topic = 'size' | 'defect' | 'smell' | 'wrong_color' | 'damage';
const TOPICS: Topic[] = ['size', 'defect', 'smell', 'wrong_color', 'damage'];

const CHAT_OPENERS: Record<Topic, string[]> = {
  size: [
    'Здравствуйте! Не подошёл размер, маломерит. Как обменять?',
    'Добрый день, размер оказался мал, можно вернуть?',
  ],
  defect: ['Здравствуйте, товар пришёл с браком, прикладываю фото.', 'Добрый день! Сломался через два дня, это брак?'],
  smell: ['Добрый день, от товара сильный запах, это нормально?', 'Здравствуйте, вещь очень пахнет химией.'],
  wrong_color: [
    'Добрый день! Пришёл не тот цвет. Можно вернуть и заказать другой?',
    'Здравствуйте, перепутали цвет в заказе.',
  ],
  damage: ['Здравствуйте, посылка пришла повреждённой, товар поцарапан.', 'Добрый день, коробка помята, товар разбит.'],
};
const CHAT_FOLLOWUPS = ['Фото приложила.', 'Хорошо, жду.', 'Спасибо, оформлю возврат.'];
const SELLER_REPLIES = [
  'Здравствуйте! Приносим извинения, оформите возврат, деньги вернутся.',
  'Добрый день! Пришлите, пожалуйста, фото.',
];

const REVIEW_TEXTS: Record<Topic, string[]> = {
  size: ['Маломерит на размер, пришлось оформить возврат.', 'Размер не соответствует таблице, мала в плечах.'],
  defect: ['Пришло с браком: шов разошёлся, продавец долго отвечал.', 'Брак, сломалось почти сразу.'],
  smell: ['Сильный запах химии, не выветривается.', 'Пахнет резиной, проветривала неделю.'],
  wrong_color: ['Прислали не тот цвет, заказывала белый.', 'Цвет другой, перепутали при сборке.'],
  damage: ['Коробка пришла помятая, товар поцарапан.', 'Доставили разбитым, упаковка повреждена.'],
};
const UNRELATED_REVIEWS = ['Качество нормальное за свою цену.', 'В целом неплохо.', ''];

const QUESTIONS: Record<Topic, string[]> = {
  size: ['Подскажите, маломерит или в размер? Рост 170.', 'Какой размер взять на 46, не будет мал?'],
  defect: ['Не ломается ли застёжка? Часто ли бывает брак?', 'Швы крепкие, не расходятся?'],
  smell: ['Есть ли запах у изделия?', 'Не пахнет химией?'],
  wrong_color: ['Цвет как на фото?', 'Белый цвет не отдаёт в желтизну?'],
  damage: ['Как упаковано, не помнётся при доставке?', 'Не разобьётся при доставке?'],
};

export interface LinkCaseRecords {
  feedbacks: FeedbackRec[];
  questions: QuestionRec[];
  chats: Chat[];
  events: ChatEvent[];
  truth: LinkTruth[];
}

/**
 * `n` cases, in turn: a chat and a review about the same order by the same buyer; the same buyer
 * asking a question and reviewing days later; a review and its supplement (WB's
 * parentFeedbackId/childFeedbackId chain, one purchase: the same lastOrderShkId). Each case brings
 * distractors: another buyer's item on the same product hours apart (often the same complaint), and
 * the same first name on another product, or on the same product outside the 7-day window.
 */
export function generateLinkCases(
  factory: ShopFactory,
  seed: number | string,
  n: number,
  now: number,
  files: Map<string, StoredFile>,
): LinkCaseRecords {
  const r = new Rng(`${seed}:link-cases`);
  const out: LinkCaseRecords = { feedbacks: [], questions: [], chats: [], events: [], truth: [] };
  const names = NAMES.filter((name) => name !== 'Покупатель');
  const second = (ms: number) => Math.floor(Math.min(ms, now - HOUR) / 1000) * 1000;
  let shk = 50_000_000_000;

  const review = (at: number, product: Product, userName: string, text: string, size?: string): FeedbackRec => {
    const f = factory.feedback(second(at), now, true);
    f.product = product;
    f.size = size ?? r.pick(product.sizes);
    f.userName = userName;
    f.valuation = text && !UNRELATED_REVIEWS.includes(text) ? r.pick([1, 2, 3]) : r.pick([3, 4, 5]);
    f.text = text;
    f.pros = '';
    f.cons = '';
    f.shkId = shk++;
    // Older than 30 days without an answer: WB has archived it (CONTRACT §4 archive rule).
    if (now - f.ts > 30 * DAY) f.state = 'wbRu';
    out.feedbacks.push(f);
    return f;
  };
  const question = (at: number, product: Product, text: string): QuestionRec => {
    const q = factory.question(second(at), now, true);
    q.product = product;
    q.text = text;
    out.questions.push(q);
    return q;
  };
  const chat = (at: number, product: Product, clientName: string, opener: string, size: string): Chat => {
    const c = factory.newChat();
    c.clientName = clientName;
    c.goodCard = { ...c.goodCard, nmID: product.nmId, size, price: r.int(product.price[0], product.price[1]) };
    out.chats.push(c);
    let t = second(at);
    const first = factory.event(c, t, 'client', true, files);
    first.message = { ...first.message, text: opener };
    out.events.push(first);
    for (let i = r.int(1, 3); i > 0 && t + 2 * HOUR < now; i--) {
      t += r.int(20 * 60_000, 6 * HOUR);
      const sender = i % 2 === 1 ? 'seller' : 'client';
      const ev = factory.event(c, Math.min(t, now - 1000), sender, false, files);
      if (ev.message) ev.message.text = sender === 'seller' ? r.pick(SELLER_REPLIES) : r.pick(CHAT_FOLLOWUPS);
      out.events.push(ev);
    }
    return c;
  };
  // A buyer shows the same first name on both channels; sometimes spelt with ё/е or in capitals.
  const variant = (name: string) => (r.chance(0.15) ? name.replace(/ё/g, 'е').toUpperCase() : name);

  for (let i = 0; i < n; i++) {
    const kind: LinkCaseKind = (['chat_review_order', 'question_then_review', 'followup_review'] as const)[i % 3]!;
    const product = r.pick(factory.products);
    const name = r.pick(names);
    const topic = r.pick(TOPICS);
    const start = now - r.int(3 * DAY, 60 * DAY);
    let anchor = start;
    if (kind === 'chat_review_order') {
      const size = r.pick(product.sizes);
      const c = chat(start, product, name, r.pick(CHAT_OPENERS[topic]), size);
      const text = r.chance(0.85) ? r.pick(REVIEW_TEXTS[topic]) : r.pick(UNRELATED_REVIEWS);
      const f = review(start + r.int(-2 * DAY, 5 * DAY), product, variant(name), text, size);
      out.truth.push({
        kind,
        a: { channel: 'chat', externalId: c.chatID },
        b: { channel: 'review', externalId: f.id },
      });
    } else if (kind === 'question_then_review') {
      const q = question(start, product, r.pick(QUESTIONS[topic]));
      const text = r.chance(0.85) ? r.pick(REVIEW_TEXTS[topic]) : r.pick(UNRELATED_REVIEWS);
      const f = review(start + r.int(DAY / 2, 8 * DAY), product, name, text);
      out.truth.push({
        kind,
        a: { channel: 'question', externalId: q.id },
        b: { channel: 'review', externalId: f.id },
      });
    } else {
      const parent = review(start - r.int(5 * DAY, 30 * DAY), product, name, r.pick(REVIEW_TEXTS[topic]));
      const child = review(start, product, name, r.pick(UNRELATED_REVIEWS.slice(0, 2)), parent.size);
      child.shkId = parent.shkId;
      child.parentFeedbackId = parent.id;
      parent.childFeedbackId = child.id;
      out.truth.push({
        kind,
        a: { channel: 'review', externalId: parent.id },
        b: { channel: 'review', externalId: child.id },
      });
      anchor = parent.ts;
    }
    // Distractor: another buyer, the same product, hours away, often the same complaint.
    const other = r.pick(names.filter((x) => x !== name));
    const near = anchor + r.int(-12 * HOUR, 12 * HOUR);
    const complaint = r.chance(0.6) ? topic : r.pick(TOPICS);
    if (r.chance(0.5)) review(near, product, other, r.pick(REVIEW_TEXTS[complaint]));
    else chat(near, product, other, r.pick(CHAT_OPENERS[complaint]), r.pick(product.sizes));
    // Distractor: the same first name on another product close in time, or on this product weeks later.
    if (r.chance(0.5)) {
      const elsewhere = r.pick(factory.products.filter((p) => p.nmId !== product.nmId));
      chat(anchor + r.int(-6 * HOUR, 6 * HOUR), elsewhere, name, r.pick(CHAT_OPENERS[topic]), r.pick(elsewhere.sizes));
    } else {
      review(anchor - r.int(10 * DAY, 20 * DAY), product, name, r.pick(REVIEW_TEXTS[r.pick(TOPICS)]));
    }
  }
  return out;
}
