import type { ReviewSignal } from '../../../src-shared/domain/interaction';
import { sql } from 'kysely';
import type { AnalyticsSource } from '../../../src-shared/domain/analytics';
import type { Channel, QuestionIntent } from '../../../src-shared/domain/interaction';
import { allDayEveryDay, DEFAULT_WORKING_HOURS } from '../../../src-shared/domain/working-hours';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import {
  assessPriority,
  DEFAULT_SLA_HOURS,
  REVIEW_SIGNALS_VERSION,
  reviewSignals,
  type SlaSettings,
} from '../inbox/priority';
import { readSlaSettings } from '../settings';
import { dueTimes } from './due-times';
import type { ResolvedPeriod } from './period';

/**
 * One thing a seller had to answer, with when it arrived and when (if) it was answered: the rows
 * behind every response figure and the interactions CSV.
 *
 * What "first response time" means per channel:
 * - review / question: `occurred_at` (WB's createdDate) -> the earlier of our reply leaving the app
 *   (an answer or a question rejection in the outbox that reached `sent_pending` / `confirmed`: its
 *   send time) and the answer date WB shows (`last_reply_at`: questions' answer.createDate). An item
 *   answered outside the app whose answer has no date on WB (WB gives reviews' answers none) counts
 *   as answered, with the time unknown: it is left out of the time figures, never guessed.
 * - chat: per buyer turn: the first buyer message after a seller message (or the chat's first
 *   message) -> the next seller message, whether sent from the app (outbox send time, also before
 *   the next sync brings it back) or from WB's portal (chat_messages from the events feed). Further
 *   buyer messages of the same turn do not start new waits; WB's own system messages are ignored.
 */
export interface ResponseRow {
  interactionId: number;
  accountId: number;
  channel: Channel;
  externalId: string;
  source: AnalyticsSource;
  arrivedMs: number;
  answered: boolean;
  /** Null when unanswered or answered at an unknown time. */
  answeredMs: number | null;
  /** The SLA due time of the wait, counted in the shop's working hours like the inbox does. */
  dueMs: number | null;
  nmId: number | null;
  /** Null without `detail`: the figures look up the names of the products they show (productNames). */
  productName: string | null;
  rating: number | null;
  status: string;
  text: string;
  /** Reviews: the problem signals the text names. */
  signals: ReviewSignal[];
  /** figureRows / productRows: how many items this row stands for (1 when absent). */
  count?: number;
}

export const sourceOf = (account: Pick<Account, 'is_demo'>, rowSource: string): AnalyticsSource =>
  account.is_demo === 1 || rowSource === 'demo' ? 'demo' : 'wb_api';

const parse = (iso: string | null) => (iso ? Date.parse(iso) : null);

/** Every review and question that arrived in [fromAt, toAt), and every chat buyer turn that started in it. */
export function responseRows(db: SqlRunner, accounts: Account[], fromAt: string, toAt: string): ResponseRow[] {
  const rows: ResponseRow[] = [];
  for (const account of accounts) {
    const sla = readSlaSettings(db, account.id);
    const dueAt = dueTimes(sla.workingHours ?? DEFAULT_WORKING_HOURS, Date.parse(fromAt));
    itemRows(db, account, sla, dueAt, fromAt, toAt, true, rows);
    chatTurnRows(db, account, sla, dueAt, Date.parse(fromAt), fromAt, toAt, true, rows);
  }
  return rows;
}

/**
 * The rows the figures need, as cheaply as the figures allow (analytics.get over 200 000 items):
 * - without texts, external ids, statuses and product names (rows carry '' and null there), so the
 *   item scan is index-only (interactions_analytics, migration 0013);
 * - items the figures only count come counted per local day (countedRows), not one by one;
 * - no product rows: problemProducts reads productRows.
 * Call keepReviewSignals for the period first. The figures over these rows equal the figures over
 * responseRows (a test compares them).
 */
export function figureRows(db: SqlRunner, accounts: Account[], period: ResolvedPeriod, now: number): ResponseRow[] {
  const rows: ResponseRow[] = [];
  for (const account of accounts) {
    const sla = readSlaSettings(db, account.id);
    const dueAt = dueTimes(sla.workingHours ?? DEFAULT_WORKING_HOURS, period.fromMs);
    itemRows(db, account, sla, dueAt, period.fromAt, period.toAt, false, rows);
    countedRows(db, account, period, now, rows);
    chatTurnRows(db, account, sla, dueAt, period.fromMs, period.fromAt, period.toAt, false, rows);
  }
  return rows;
}

/** Our reply's send time (the earliest of the sent answers and rejections), as itemRows selects it. */
const OUR_REPLY_AT = sql<string | null>`(SELECT min(coalesce(o.sent_at, o.wb_sent_at, o.confirmed_at)) FROM outbox o
  WHERE o.interaction_id = i.id AND o.kind IN ('answer', 'reject') AND o.state IN ('sent_pending', 'confirmed'))`;
/**
 * Answered with no known time: a reply text, no WB answer date and no send time of ours ('' reads
 * as none, see parse). `(… IS NOT NULL) = 1`: written so, SQLite reads it from interactions_analytics.
 */
const UNKNOWN_TIME = sql<boolean>`((i.last_reply_text IS NOT NULL) = 1 AND coalesce(i.last_reply_at, '') = ''
  AND coalesce(${OUR_REPLY_AT}, '') = '')`;
/** Unanswered (no reply text, no send of ours, no WB answer date) with a stored due time. */
const WAITING = sql<boolean>`((i.last_reply_text IS NOT NULL) = 0 AND coalesce(i.last_reply_at, '') = ''
  AND coalesce(i.sla_due_at, '') != '' AND coalesce(${OUR_REPLY_AT}, '') = '')`;
/** The items countedRows counts; itemRows without `detail` lists the others. */
const COUNTED = sql<boolean>`(${UNKNOWN_TIME} OR ${WAITING})`;

/**
 * The items the figures only count, per local day (a range of interactions_analytics each), in
 * groups whose rows the figures treat alike:
 * - answered at an unknown time: counted as received and answered, left out of the time figures;
 * - unanswered with a stored due time: what the figures ask is whether it is 24 h old and whether
 *   it is past due, both at `now`: the group holds that, and its row carries its earliest arrival
 *   and due time, which answer both questions as every item of the group does (ISO strings in UTC
 *   sort as their instants do).
 */
function countedRows(db: SqlRunner, account: Account, period: ResolvedPeriod, now: number, out: ResponseRow[]) {
  // One statement per kind: the kind in the WHERE clause, where SQLite still reads the index alone.
  const counter = (kind: typeof UNKNOWN_TIME) =>
    db.prepare((p: { from: string; to: string; old: string; now: string }) =>
      db.build
        .selectFrom('interactions as i')
        .select([
          'i.channel',
          'i.source',
          'i.rating',
          sql<number>`i.occurred_at <= ${p.old}`.as('old'),
          sql<number>`i.sla_due_at < ${p.now}`.as('overdue'),
          sql<string>`min(i.occurred_at)`.as('arrived'),
          sql<string | null>`min(i.sla_due_at)`.as('due'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .where('i.account_id', '=', account.id)
        .where('i.occurred_at', '>=', p.from)
        .where('i.occurred_at', '<', p.to)
        .where('i.channel', 'in', ['review', 'question'])
        .where(kind)
        .groupBy(['i.channel', 'i.source', 'i.rating', 'old', 'overdue']),
    );
  const kinds = [
    { unknown: true, count: counter(UNKNOWN_TIME) },
    { unknown: false, count: counter(WAITING) },
  ];
  const bounds = period.dayStarts.map((ms) => new Date(ms).toISOString());
  const old = new Date(now - 86_400_000).toISOString();
  const nowAt = new Date(now).toISOString();
  for (let day = 0; day < period.days; day += 1)
    for (const { unknown, count } of kinds)
      for (const group of count.all({ from: bounds[day]!, to: bounds[day + 1]!, old, now: nowAt }))
        out.push({
          interactionId: 0,
          accountId: account.id,
          channel: group.channel,
          externalId: '',
          source: sourceOf(account, group.source),
          arrivedMs: unknown ? period.dayStarts[day]! : Date.parse(group.arrived),
          answered: unknown,
          answeredMs: null,
          dueMs: unknown ? null : Date.parse(group.due!),
          nmId: null,
          productName: null,
          rating: group.rating,
          status: '',
          text: '',
          signals: [],
          count: group.n,
        });
}

/**
 * The reviews of the period with a product, counted per product, source and signals: what
 * problemProducts reads (names null: withProductNames looks up the listed ones). Call
 * keepReviewSignals for the period first.
 */
export function productRows(db: SqlRunner, accounts: Account[], fromAt: string, toAt: string): ResponseRow[] {
  const rows: ResponseRow[] = [];
  for (const account of accounts) {
    for (const group of db.all(
      db.build
        .selectFrom('interactions as i')
        .innerJoin('review_signals as s', 's.interaction_id', 'i.id')
        .select(['i.nm_id', 'i.source', 's.signals', (eb) => eb.fn.countAll<number>().as('n')])
        .where('s.version', '=', REVIEW_SIGNALS_VERSION)
        .where('i.account_id', '=', account.id)
        .where('i.occurred_at', '>=', fromAt)
        .where('i.occurred_at', '<', toAt)
        .where('i.channel', '=', 'review')
        .where('i.nm_id', 'is not', null)
        .groupBy(['i.nm_id', 'i.source', 's.signals']),
    ))
      rows.push({
        interactionId: 0,
        accountId: account.id,
        channel: 'review',
        externalId: '',
        source: sourceOf(account, group.source),
        arrivedMs: 0,
        answered: false,
        answeredMs: null,
        dueMs: null,
        nmId: group.nm_id,
        productName: null,
        rating: null,
        status: '',
        text: '',
        signals: decodeSignals(group.signals),
        count: group.n,
      });
  }
  return rows;
}

/**
 * Computes and keeps the signals of the period's reviews that have none kept for the current
 * patterns: figureRows and productRows read the kept ones (call this first).
 */
export function keepReviewSignals(db: SqlRunner, accounts: Account[], fromAt: string, toAt: string) {
  for (const account of accounts) keepSignals(db, account, fromAt, toAt);
}

function keepSignals(db: SqlRunner, account: Account, fromAt: string, toAt: string) {
  const missing = db.all(
    db.build
      .selectFrom('interactions as i')
      .leftJoin('review_signals as s', (join) =>
        join.onRef('s.interaction_id', '=', 'i.id').on('s.version', '=', REVIEW_SIGNALS_VERSION),
      )
      .select(['i.id', 's.signals'])
      .where('i.account_id', '=', account.id)
      .where('i.occurred_at', '>=', fromAt)
      .where('i.occurred_at', '<', toAt)
      .where('i.channel', '=', 'review')
      .where('s.interaction_id', 'is', null),
  );
  if (missing.length > 0) reviewSignalsOf(db, missing);
}

type DueAt = ReturnType<typeof dueTimes>;

/** A review's text as the signal patterns read it: the text and its cons. */
const reviewText = (row: { text: string; cons: string | null }) => `${row.text} ${row.cons ?? ''}`;

function itemRows(
  db: SqlRunner,
  account: Account,
  sla: SlaSettings,
  dueAt: DueAt,
  fromAt: string,
  toAt: string,
  detail: boolean,
  out: ResponseRow[],
) {
  const hoursOf = slaHoursOf(sla);
  // One range scan of interactions_analytics (index-only without `detail`); per row an index probe
  // into the outbox (outbox_interaction) and one into review_signals (its primary key).
  const items = db.all(
    db.build
      .selectFrom('interactions as i')
      .leftJoin('review_signals as s', (join) =>
        join.onRef('s.interaction_id', '=', 'i.id').on('s.version', '=', REVIEW_SIGNALS_VERSION),
      )
      .select([
        'i.id',
        'i.channel',
        'i.source',
        'i.occurred_at',
        'i.rating',
        'i.intent',
        'i.nm_id',
        'i.last_reply_at',
        'i.sla_due_at',
        sql<number>`i.last_reply_text IS NOT NULL`.as('replied'),
        's.signals',
      ])
      .$if(detail, (query) => query.select(['i.external_id', 'i.text', 'i.cons', 'i.status', 'i.product_name']))
      .$if(!detail, (query) => query.where(sql<boolean>`NOT ${COUNTED}`))
      .select((eb) =>
        eb
          .selectFrom('outbox as o')
          .select(sql<string | null>`min(coalesce(o.sent_at, o.wb_sent_at, o.confirmed_at))`.as('at'))
          .whereRef('o.interaction_id', '=', 'i.id')
          .where('o.kind', 'in', ['answer', 'reject'])
          .where('o.state', 'in', ['sent_pending', 'confirmed'])
          .as('our_reply_at'),
      )
      .where('i.account_id', '=', account.id)
      .where('i.occurred_at', '>=', fromAt)
      .where('i.occurred_at', '<', toAt)
      .where('i.channel', 'in', ['review', 'question']),
  );
  const signalsOf = reviewSignalsOf(
    db,
    items.filter((item) => item.channel === 'review'),
  );
  for (const item of items) {
    const arrivedMs = Date.parse(item.occurred_at);
    const ours = parse(item.our_reply_at);
    const wbs = parse(item.last_reply_at);
    const answeredMs = ours !== null && wbs !== null ? Math.min(ours, wbs) : (ours ?? wbs);
    const signals = item.channel === 'review' ? signalsOf.get(item.id)! : [];
    const textOf = () =>
      item.channel !== 'review'
        ? (item.text ?? '')
        : reviewText(item.text === undefined ? textRow(db, item.id) : { text: item.text, cons: item.cons ?? null });
    out.push({
      interactionId: item.id,
      accountId: account.id,
      channel: item.channel,
      externalId: item.external_id ?? '',
      source: sourceOf(account, item.source),
      arrivedMs,
      answered: item.replied === 1 || ours !== null,
      answeredMs,
      dueMs: item.sla_due_at
        ? Date.parse(item.sla_due_at)
        : dueAt(arrivedMs, hoursOf(item, textOf, signals.length > 0)),
      nmId: item.nm_id,
      productName: item.product_name ?? null,
      rating: item.rating,
      status: item.status ?? '',
      text: item.text ?? '',
      signals,
    });
  }
}

const textRow = (db: SqlRunner, id: number) =>
  db.get(db.build.selectFrom('interactions').select(['text', 'cons']).where('id', '=', id))!;

/** review_signals.signals: the names joined by commas, '' for none. */
const decodeSignals = (kept: string): ReviewSignal[] => (kept === '' ? [] : (kept.split(',') as ReviewSignal[]));

/** Texts fetched per statement when signals are missing. */
const TEXT_BATCH = 500;

/**
 * The signals of each review: kept ones (review_signals, for the current patterns) as they are;
 * the others from the text (fetched unless in hand), then kept for the next call.
 */
function reviewSignalsOf(
  db: SqlRunner,
  reviews: { id: number; signals: string | null; text?: string; cons?: string | null }[],
): Map<number, ReviewSignal[]> {
  const result = new Map<number, ReviewSignal[]>();
  const missing: number[] = [];
  const fresh: { id: number; signals: ReviewSignal[] }[] = [];
  for (const review of reviews) {
    if (review.signals !== null) result.set(review.id, decodeSignals(review.signals));
    else if (review.text !== undefined)
      fresh.push({
        id: review.id,
        signals: reviewSignals(reviewText({ text: review.text, cons: review.cons ?? null })),
      });
    else missing.push(review.id);
  }
  for (let i = 0; i < missing.length; i += TEXT_BATCH)
    for (const row of db.all(
      db.build
        .selectFrom('interactions')
        .select(['id', 'text', 'cons'])
        .where('id', 'in', missing.slice(i, i + TEXT_BATCH)),
    ))
      fresh.push({ id: row.id, signals: reviewSignals(reviewText(row)) });
  if (fresh.length > 0) {
    const keep = db.prepare((p: { id: number; signals: string }) =>
      db.build
        .insertInto('review_signals')
        .values({ interaction_id: p.id, version: REVIEW_SIGNALS_VERSION, signals: p.signals })
        .onConflict((oc) =>
          oc.column('interaction_id').doUpdateSet({ version: REVIEW_SIGNALS_VERSION, signals: p.signals }),
        ),
    );
    db.transaction(() => {
      for (const row of fresh) {
        keep.run({ id: row.id, signals: row.signals.join(',') });
        result.set(row.id, row.signals);
      }
    });
  }
  return result;
}

/**
 * The SLA target in working hours the inbox gives an item. The stored `sla_due_at` is cleared once
 * an item is answered, so for those the due time is worked out again from the same function and
 * settings (assessPriority). Its target depends only on channel, rating, intent and whether the text
 * names a problem signal: asked once per combination (with the text of its first item), around the
 * clock from the epoch, where the due time in ms is the target itself.
 */
function slaHoursOf(sla: SlaSettings) {
  const cache = new Map<string, number>();
  const clock = allDayEveryDay('UTC');
  return (
    item: { channel: Channel; rating: number | null; intent: string | null },
    textOf: () => string,
    signal: boolean,
  ): number => {
    const key = `${item.channel}|${item.rating}|${item.intent}|${signal}`;
    let hours = cache.get(key);
    if (hours === undefined) {
      const due = assessPriority({
        channel: item.channel,
        rating: item.rating,
        // The first item of its kind stands for all: the key holds whether its text names a signal.
        text: textOf(),
        intent: (item.intent as QuestionIntent | null) ?? null,
        occurredAt: new Date(0),
        needsResponse: true,
        now: new Date(0),
        slaHours: sla.slaHours,
        workingHours: clock,
      }).slaDueAt;
      hours = Date.parse(due!) / 3_600_000;
      cache.set(key, hours);
    }
    return hours;
  };
}

function chatTurnRows(
  db: SqlRunner,
  account: Account,
  sla: SlaSettings,
  dueAt: DueAt,
  fromMs: number,
  fromAt: string,
  toAt: string,
  detail: boolean,
  out: ResponseRow[],
) {
  // Chats with a message in the period (interactions_chat_activity), each with its whole history
  // (chat_messages_timeline): a turn that started before the period needs its earlier messages.
  const messages = db.all(
    db.build
      .selectFrom('interactions as i')
      .innerJoin('chat_messages as m', 'm.interaction_id', 'i.id')
      .select(['i.id', 'i.source', 'm.sender', 'm.sent_at'])
      .$if(detail, (query) => query.select(['i.external_id', 'i.status', 'i.nm_id', 'i.product_name', 'm.text']))
      .where('i.account_id', '=', account.id)
      // A literal, not a parameter: SQLite uses the partial index only when it can see the term.
      .where(sql<boolean>`i.channel = 'chat'`)
      .where('i.last_message_at', '>=', fromAt)
      // The CSV lists turns by chat and takes a turn's text from its first message: in this order.
      // The figures only need each chat's messages together (grouped below), not sorted by SQLite.
      .$if(detail, (query) => query.orderBy('i.id').orderBy('m.sent_at').orderBy('m.id')),
  );
  if (messages.length === 0) return;
  // Our chat sends count as the seller's answer from the moment they left, before a sync brings them back.
  const sends = new Map<number, number[]>();
  for (const send of db.all(
    db.build
      .selectFrom('outbox')
      .select(['interaction_id', sql<string>`coalesce(sent_at, wb_sent_at)`.as('at')])
      .where('account_id', '=', account.id)
      .where('kind', '=', 'chat_message')
      .where('state', 'in', ['sent_pending', 'confirmed'])
      .where(sql<boolean>`coalesce(sent_at, wb_sent_at) IS NOT NULL`),
  )) {
    const list = sends.get(send.interaction_id) ?? [];
    list.push(Date.parse(send.at));
    sends.set(send.interaction_id, list);
  }
  const toMs = Date.parse(toAt);
  const chatHours = sla.slaHours?.chat ?? DEFAULT_SLA_HOURS.chat;
  const byChat = new Map<number, typeof messages>();
  for (const message of messages) {
    const list = byChat.get(message.id);
    if (list) list.push(message);
    else byChat.set(message.id, [message]);
  }
  for (const list of byChat.values()) {
    const chat = list[0]!;
    const events: { ms: number; buyer: boolean; text: string }[] = [];
    for (const message of list) {
      if (message.sender === 'wb') continue;
      events.push({ ms: Date.parse(message.sent_at), buyer: message.sender === 'client', text: message.text ?? '' });
    }
    for (const ms of sends.get(chat.id) ?? []) events.push({ ms, buyer: false, text: '' });
    events.sort((a, b) => a.ms - b.ms || Number(a.buyer) - Number(b.buyer));
    let waiting: { ms: number; text: string } | null = null;
    const turns: { ms: number; text: string; answeredMs: number | null }[] = [];
    for (const event of events) {
      if (event.buyer) {
        if (!waiting) waiting = { ms: event.ms, text: event.text };
      } else if (waiting) {
        turns.push({ ...waiting, answeredMs: event.ms });
        waiting = null;
      }
    }
    if (waiting) turns.push({ ...waiting, answeredMs: null });
    for (const turn of turns) {
      if (turn.ms < fromMs || turn.ms >= toMs) continue;
      out.push({
        interactionId: chat.id,
        accountId: account.id,
        channel: 'chat',
        externalId: chat.external_id ?? '',
        source: sourceOf(account, chat.source),
        arrivedMs: turn.ms,
        answered: turn.answeredMs !== null,
        answeredMs: turn.answeredMs,
        dueMs: dueAt(turn.ms, chatHours),
        nmId: chat.nm_id ?? null,
        productName: chat.product_name ?? null,
        rating: null,
        status: chat.status ?? '',
        text: turn.text,
        signals: [],
      });
    }
  }
}
