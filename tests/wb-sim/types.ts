// Internal records of the simulated shop. Feedbacks/questions are kept compact and turned into
// wire objects per response (wire.ts), so 100 000 reviews stay cheap; chats/events are wire-shaped.
import type { Category, QuestionIntent } from './texts';

export interface Product {
  nmId: number;
  imtId: number;
  name: string;
  category: Category;
  brand: string;
  subjectId: number;
  subjectName: string;
  supplierArticle: string;
  sizes: string[];
  colors: string[];
  price: [number, number];
}

export interface FeedbackAnswer {
  text: string;
  /** `none` new, `wbRu` shown, `reviewRequired` under moderation, `rejected` */
  state: 'none' | 'wbRu' | 'reviewRequired' | 'rejected';
  editable: boolean;
}

export interface FeedbackRec {
  seq: number;
  id: string;
  /** createdDate as unix ms; the store keeps records sorted by it. */
  ts: number;
  createdDate: string;
  product: Product;
  size: string;
  color: string;
  valuation: number;
  text: string;
  pros: string;
  cons: string;
  userName: string;
  /** `none` = not processed, `wbRu` = processed (answered OR archived without an answer). */
  state: 'none' | 'wbRu';
  answer: FeedbackAnswer | null;
  answeredAt: number | null;
  editsUsed: number;
  wasViewed: boolean;
  photos: number;
  video: boolean;
  orderStatus: 'buyout' | 'rejected' | 'returned' | 'notSpecified';
  matchingSize: '' | 'ok' | 'smaller' | 'bigger';
  bables: string[] | null;
  /** `lastOrderShkId`; absent: derived from `seq`. A review and its supplement share one. */
  shkId?: number;
  /** WB's supplemented-feedback chain (CONTRACT §4). */
  parentFeedbackId?: string | null;
  childFeedbackId?: string | null;
}

export interface QuestionRec {
  seq: number;
  id: string;
  ts: number;
  createdDate: string;
  product: Product;
  intent: QuestionIntent;
  text: string;
  /** `suppliersPortalSynch` new, `wbRu` answered, `none` rejected by the seller */
  state: 'suppliersPortalSynch' | 'wbRu' | 'none';
  answer: { text: string; editable: boolean; createDate: string } | null;
  answeredAt: number | null;
  editsUsed: number;
  wasViewed: boolean;
  isWarned: boolean;
}

export interface GoodCard {
  nmID: number;
  price: number;
  priceCurrency: 'RUB';
  rid: string;
  size: string;
}

export interface Chat {
  chatID: string;
  replySign: string;
  clientName: string;
  goodCard: GoodCard;
  lastMessage?: { text: string; addTimestamp: number };
}

export interface ChatFile {
  contentType: string;
  date: string;
  downloadID: string;
  name: string;
  url: string;
  size: number;
}

export interface ChatImage {
  date: string;
  downloadID: string;
  url: string;
}

export type EventSource = 'seller-portal' | 'seller-public-api' | 'rusite' | 'global' | 'ios' | 'android';

export interface ChatEvent {
  chatID: string;
  eventID: string;
  eventType: 'message';
  isNewChat?: boolean;
  message?: { text?: string; attachments?: { goodCard?: GoodCard; files?: ChatFile[]; images?: ChatImage[] } };
  source?: EventSource;
  addTimestamp: number;
  addTime: string;
  replySign?: string;
  sender: 'client' | 'seller' | 'wb';
  clientName?: string;
}

/** A downloadable attachment; `moderation` drives the 200 / 202 / 451 answers of download/{id}. */
export interface StoredFile {
  downloadID: string;
  contentType: string;
  name: string;
  size: number;
  moderation: 'ok' | 'pending' | 'rejected';
  data?: Buffer;
}
