// The simulator's mutable state: records sorted by date (never re-sorted per request), id maps,
// counters kept in step with every mutation, and the log of what the simulator received.
import { nanoUtcDate, startOfMskDay, utcSeconds } from './format';
import { Rng } from './rand';
import { generateLinkCases, type LinkTruth } from './link-cases';
import { ShopFactory, sortedSeconds } from './shop';
import type { Chat, ChatEvent, FeedbackRec, QuestionRec, StoredFile } from './types';

const DAY = 86_400_000;
export const EDIT_WINDOW_MS = 60 * DAY;

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  time: number;
}
export interface Recorded {
  feedbackAnswers: { id: string; text: string; at: number; known: boolean; applied: boolean }[];
  feedbackEdits: { id: string; text: string; at: number; applied: boolean; reason?: string }[];
  questionAnswers: { id: string; text: string; at: number }[];
  questionEdits: { id: string; text: string; at: number; applied: boolean }[];
  questionRejections: { id: string; text: string; at: number }[];
  questionViews: { id: string; wasViewed: boolean; at: number }[];
  chatMessages: {
    replySign: string;
    chatID: string | null;
    text: string;
    files: { name: string; contentType: string; size: number }[];
    at: number;
  }[];
  requests: RequestLogEntry[];
}

const emptyRecorded = (): Recorded => ({
  feedbackAnswers: [],
  feedbackEdits: [],
  questionAnswers: [],
  questionEdits: [],
  questionRejections: [],
  questionViews: [],
  chatMessages: [],
  requests: [],
});

type Dated = { ts: number };

/** First index whose ts >= `ts` (or > `ts` when `strict`). */
export function bound(arr: readonly Dated[], ts: number, strict = false): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = (arr[mid] as Dated).ts;
    if (v < ts || (strict && v === ts)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface RangeQuery<T> {
  fromMs?: number;
  toMs?: number;
  desc?: boolean;
  skip: number;
  take: number;
  pred: (r: T) => boolean;
}

/** Walks only the date window, in the requested order, stopping after skip+take matches. */
export function pageOf<T extends Dated>(arr: readonly T[], q: RangeQuery<T>): T[] {
  const lo = q.fromMs === undefined ? 0 : bound(arr, q.fromMs);
  const hi = q.toMs === undefined ? arr.length : bound(arr, q.toMs, true);
  const out: T[] = [];
  let skipped = 0;
  for (let k = 0; k < hi - lo && out.length < q.take; k++) {
    const r = arr[q.desc ? hi - 1 - k : lo + k] as T;
    if (!q.pred(r)) continue;
    if (skipped < q.skip) skipped++;
    else out.push(r);
  }
  return out;
}

export function countOf<T extends Dated>(
  arr: readonly T[],
  fromMs: number | undefined,
  toMs: number | undefined,
  pred: (r: T) => boolean,
): number {
  const lo = fromMs === undefined ? 0 : bound(arr, fromMs);
  const hi = toMs === undefined ? arr.length : bound(arr, toMs, true);
  let n = 0;
  for (let i = lo; i < hi; i++) if (pred(arr[i] as T)) n++;
  return n;
}

function insertSorted<T extends Dated>(arr: T[], rec: T): void {
  const last = arr[arr.length - 1];
  if (!last || last.ts <= rec.ts) arr.push(rec);
  else arr.splice(bound(arr, rec.ts, true), 0, rec);
}

export interface StateOptions {
  seed: number | string;
  reviews: number;
  questions: number;
  chats: number;
  /** Cross-channel cases with ground truth for the linking test (link-cases.ts); 0 = none. */
  linkCases?: number;
  now: () => number;
}

/**
 * Behaviours the contract allows but does not pin down, so clients can be tested against them:
 * `pageCap` serves at most this many F&Q list items per page whatever `take` asks (the spec
 * gives only maximums); `dateFromExclusive` reads `dateFrom` as "created after that second".
 */
export interface SimQuirks {
  pageCap?: number;
  dateFromExclusive?: boolean;
  /** Events per `/seller/events` page (default EVENTS_PAGE). */
  eventsPage?: number;
  /** A broken feed: a call with `next` answers with the same `next` (the cursor never advances). */
  eventsCursorStuck?: boolean;
  /** A lagging feed: `/seller/events` serves an event only this many ms after its addTimestamp. */
  eventsLagMs?: number;
}

export class SimState {
  readonly feedbacks: FeedbackRec[] = [];
  readonly feedbackById = new Map<string, FeedbackRec>();
  readonly questions: QuestionRec[] = [];
  readonly questionById = new Map<string, QuestionRec>();
  readonly chats: Chat[] = [];
  readonly chatBySign = new Map<string, Chat>();
  readonly chatById = new Map<string, Chat>();
  /** All chat events, addTimestamp strictly increasing (unique ms, so the `next` cursor never skips). */
  readonly events: ChatEvent[] = [];
  readonly files = new Map<string, StoredFile>();
  readonly stats = { requests: 0, rateLimited: 0 };
  recorded: Recorded = emptyRecorded();
  readonly counters = { fbUnanswered: 0, fbProcessed: 0, qUnanswered: 0, qProcessed: 0 };
  readonly quirks: SimQuirks = {};
  /** Wire-only changes to single events by eventID (undefined drops a field), e.g. a missing addTimestamp. */
  readonly eventWire = new Map<string, Partial<Record<keyof ChatEvent, unknown>>>();
  /** F&Q ids the list methods leave out (a lagging index) while get-by-id and the counts still know them. */
  readonly hiddenFromLists = new Set<string>();
  readonly factory: ShopFactory;
  /** Which items belong together (linkCases): kept off the wire, read through SimControl.linkTruth(). */
  readonly linkTruth: LinkTruth[] = [];

  constructor(private readonly opts: StateOptions) {
    const now = opts.now();
    const rng = new Rng(opts.seed);
    this.factory = new ShopFactory(rng);
    for (const s of sortedSeconds(rng, opts.reviews, now - 365 * DAY, now - 3600_000))
      this.putFeedback(this.factory.feedback(s, now));
    for (const s of sortedSeconds(rng, opts.questions, now - 180 * DAY, now - 600_000))
      this.putQuestion(this.factory.question(s, now));
    const evs: ChatEvent[] = [];
    for (let i = 0; i < opts.chats; i++) {
      const chat = this.factory.newChat();
      this.putChat(chat);
      evs.push(...this.factory.chatHistory(chat, now - rng.int(3600_000, 30 * DAY), now - 1000, this.files));
    }
    if (opts.linkCases) {
      const cases = generateLinkCases(this.factory, opts.seed, opts.linkCases, now, this.files);
      for (const f of cases.feedbacks) this.putFeedback(f);
      for (const q of cases.questions) this.putQuestion(q);
      for (const c of cases.chats) this.putChat(c);
      evs.push(...cases.events);
      this.linkTruth.push(...cases.truth);
    }
    evs.sort((a, b) => a.addTimestamp - b.addTimestamp);
    for (const ev of evs) this.putEvent(ev, ev.addTimestamp);
  }

  now(): number {
    return this.opts.now();
  }

  private putFeedback(f: FeedbackRec): void {
    insertSorted(this.feedbacks, f);
    this.feedbackById.set(f.id, f);
    if (f.state === 'none') this.counters.fbUnanswered++;
    else this.counters.fbProcessed++;
  }

  private putQuestion(q: QuestionRec): void {
    insertSorted(this.questions, q);
    this.questionById.set(q.id, q);
    if (q.state === 'suppliersPortalSynch') this.counters.qUnanswered++;
    else this.counters.qProcessed++;
  }

  private putChat(c: Chat): void {
    this.chats.push(c);
    this.chatBySign.set(c.replySign, c);
    this.chatById.set(c.chatID, c);
  }

  /** Highest cursor handed out on an empty feed; later events must sort after it. */
  private cursorFloor = 0;

  issueCursor(): number {
    const last = this.events[this.events.length - 1];
    this.cursorFloor = Math.max(this.cursorFloor, this.now(), last?.addTimestamp ?? 0);
    return this.cursorFloor;
  }

  /** Appends with a unique, strictly increasing ms timestamp >= `at` (and after any issued cursor). */
  putEvent(ev: ChatEvent, at: number): ChatEvent {
    const last = this.events[this.events.length - 1];
    ev.addTimestamp = Math.max(at, last ? last.addTimestamp + 1 : at, this.cursorFloor + 1);
    ev.addTime = utcSeconds(ev.addTimestamp);
    this.events.push(ev);
    const text = ev.message?.text;
    const chat = this.chatById.get(ev.chatID);
    if (chat && text) chat.lastMessage = { text, addTimestamp: ev.addTimestamp };
    return ev;
  }

  addReviews(n: number): FeedbackRec[] {
    const now = this.now();
    const out: FeedbackRec[] = [];
    for (let i = 0; i < n; i++) {
      // One second back so the nanosecond-format variant (ts + up to 999 ms) never lands in the future.
      const f = this.factory.feedback(Math.floor(now / 1000) * 1000 - 1000, now, true);
      this.putFeedback(f);
      out.push(f);
    }
    return out;
  }

  addQuestions(n: number): QuestionRec[] {
    const now = this.now();
    const out: QuestionRec[] = [];
    for (let i = 0; i < n; i++) {
      const q = this.factory.question(Math.floor(now / 1000) * 1000 - 1000, now, true);
      this.putQuestion(q);
      out.push(q);
    }
    return out;
  }

  /**
   * Items that show up on WB already processed with an old createdDate (archived at once,
   * published late): `agoMs` before now; answered with `answer`, or archived without one (reviews)
   * / answered (questions: `answer` is required there).
   */
  addLateProcessed(kind: 'feedback' | 'question', agoMs: number, answer: string | null): string {
    const now = this.now();
    const at = Math.floor((now - agoMs) / 1000) * 1000;
    if (kind === 'feedback') {
      const f = this.factory.feedback(at, now, true);
      this.putFeedback(f);
      if (answer === null) this.archiveFeedback(f);
      else this.answerFeedback(f, answer);
      return f.id;
    }
    const q = this.factory.question(at, now, true);
    this.putQuestion(q);
    this.answerQuestion(q, answer ?? 'Ответ продавца', 'wbRu');
    return q.id;
  }

  /** New client messages: `perChat` in each of `chatCount` chats; beyond the existing chats, new chats open. */
  addChatMessages(chatCount: number, perChat: number): ChatEvent[] {
    const out: ChatEvent[] = [];
    const existing = [...this.chats].sort(
      (a, b) => (a.lastMessage?.addTimestamp ?? 0) - (b.lastMessage?.addTimestamp ?? 0),
    );
    for (let c = 0; c < chatCount; c++) {
      let chat = existing[c];
      const isNew = !chat;
      if (!chat) {
        chat = this.factory.newChat();
        this.putChat(chat);
      }
      for (let m = 0; m < perChat; m++) {
        out.push(
          this.putEvent(this.factory.event(chat, this.now(), 'client', isNew && m === 0, this.files), this.now()),
        );
      }
    }
    return out;
  }

  answerFeedback(f: FeedbackRec, text: string, editable = true): void {
    if (f.state === 'none') {
      this.counters.fbUnanswered--;
      this.counters.fbProcessed++;
    }
    f.answer = { text, state: 'wbRu', editable };
    f.answeredAt = this.now();
    f.editsUsed = 0;
    f.state = 'wbRu';
    f.wasViewed = true;
  }

  /** Archive without an answer: the "processed but answer null" case of isAnswered=true. */
  archiveFeedback(f: FeedbackRec): boolean {
    if (f.state !== 'none') return false;
    f.state = 'wbRu';
    this.counters.fbUnanswered--;
    this.counters.fbProcessed++;
    return true;
  }

  /** Edit is allowed once, within 60 days of the answer (CONTRACT §4 PATCH answer). */
  canEdit(rec: { answeredAt: number | null; editsUsed: number }): boolean {
    return rec.answeredAt !== null && rec.editsUsed === 0 && this.now() - rec.answeredAt <= EDIT_WINDOW_MS;
  }

  answerQuestion(q: QuestionRec, text: string, state: 'wbRu' | 'none'): void {
    if (q.state === 'suppliersPortalSynch') {
      this.counters.qUnanswered--;
      this.counters.qProcessed++;
    }
    const now = this.now();
    q.answer = { text, editable: state === 'wbRu', createDate: nanoUtcDate(now, 0) };
    q.answeredAt = now;
    q.editsUsed = 0;
    q.state = state;
    q.wasViewed = true;
  }

  counts() {
    const now = this.now();
    const todayFrom = startOfMskDay(now);
    return {
      reviews: {
        total: this.feedbacks.length,
        unanswered: this.counters.fbUnanswered,
        processed: this.counters.fbProcessed,
        answered: countOf(this.feedbacks, undefined, undefined, (f) => f.answer !== null),
        archivedWithoutAnswer: countOf(
          this.feedbacks,
          undefined,
          undefined,
          (f) => f.state === 'wbRu' && f.answer === null,
        ),
        unansweredToday: countOf(this.feedbacks, todayFrom, undefined, (f) => f.state === 'none'),
      },
      questions: {
        total: this.questions.length,
        unanswered: this.counters.qUnanswered,
        answered: countOf(this.questions, undefined, undefined, (q) => q.state === 'wbRu'),
        rejected: countOf(this.questions, undefined, undefined, (q) => q.state === 'none'),
      },
      chats: { total: this.chats.length },
      chatEvents: { total: this.events.length },
      rateLimited: this.stats.rateLimited,
      requests: this.stats.requests,
    };
  }

  resetRecorded(): void {
    this.recorded = emptyRecorded();
  }
}

export type SimCounts = ReturnType<SimState['counts']>;
