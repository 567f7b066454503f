import type { ReviewSignal } from '../../../src-shared/domain/interaction';
import { sql } from 'kysely';
import {
  AGE_BUCKETS,
  type AgeBucket,
  type AnalyticsSource,
  type BacklogFigures,
  type ChannelFigures,
  type DayPoint,
  type ProductSignals,
  type Rate,
  type RatingPoint,
  type ReplyFigures,
} from '../../../src-shared/domain/analytics';
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../../../src-shared/domain/interaction';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { dayIndex, type ResolvedPeriod } from './period';
import { sourceOf, type ResponseRow } from './response-rows';
import { UNDONE_REPLY } from './undone-replies';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How many products the «top problem signals» list shows. */
export const TOP_PRODUCTS = 10;

/** Event types the outbox records per reply the seller sends (ai/quality.ts classifySentReply). */
export const REPLY_QUALITY_EVENTS = ['draft_accepted', 'draft_edited', 'reply_manual'] as const;
/** Recorded by the outbox when the guardrails refuse a send; payload `{category}`. */
export const GUARDRAIL_BLOCK_EVENT = 'reply_blocked';

export const rate = (count: number, of: number): Rate => ({ count, of, rate: of === 0 ? null : count / of });

/** Sorted distinct sources (wb_api before demo). */
export const sourcesOf = (set: Iterable<AnalyticsSource>): AnalyticsSource[] =>
  [...new Set(set)].sort((a, b) => (a === b ? 0 : a === 'wb_api' ? -1 : 1));

/** Median (the mean of the middle two for an even count) of sorted values. */
export function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p % of values at or below it. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Response figures per channel over the rows of the period (response-rows.ts defines the rows):
 * - within24h: answered at most 24 h after arriving, over the rows whose outcome is known —
 *   answered at a known time, or unanswered and 24 h old; rows still inside their 24 h and rows
 *   answered at an unknown time are left out.
 * - firstResponse: median and p90 (nearest rank) of the minutes from arriving to the answer.
 * - slaHit: answered at or before the SLA due time, over rows answered at a known time or
 *   unanswered and already past due.
 */
export function channelFigures(rows: ResponseRow[], now: number): Record<Channel, ChannelFigures> {
  const result = {} as Record<Channel, ChannelFigures>;
  for (const channel of CHANNELS) {
    const mine = rows.filter((row) => row.channel === channel);
    const minutes: number[] = [];
    let answered = 0;
    let unknown = 0;
    let within = 0;
    let withinOf = 0;
    let hit = 0;
    let hitOf = 0;
    let received = 0;
    for (const row of mine) {
      const n = row.count ?? 1;
      received += n;
      if (row.answered) answered += n;
      if (row.answered && row.answeredMs === null) {
        unknown += n;
        continue;
      }
      if (row.answeredMs !== null) {
        const wait = Math.max(0, row.answeredMs - row.arrivedMs);
        for (let i = 0; i < n; i += 1) minutes.push(wait / 60_000);
        withinOf += n;
        if (wait <= DAY_MS) within += n;
        if (row.dueMs !== null) {
          hitOf += n;
          if (row.answeredMs <= row.dueMs) hit += n;
        }
      } else {
        if (now - row.arrivedMs >= DAY_MS) withinOf += n;
        if (row.dueMs !== null && now > row.dueMs) hitOf += n;
      }
    }
    minutes.sort((a, b) => a - b);
    result[channel] = {
      sources: sourcesOf(mine.map((row) => row.source)),
      received,
      answered,
      answeredTimeUnknown: unknown,
      within24h: rate(within, withinOf),
      firstResponse: {
        measured: minutes.length,
        medianMinutes: roundMinutes(median(minutes)),
        p90Minutes: roundMinutes(percentile(minutes, 90)),
      },
      slaHit: rate(hit, hitOf),
    };
  }
  return result;
}

const roundMinutes = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export function ageBucket(ageMs: number): AgeBucket {
  if (ageMs < DAY_MS) return 'under_1d';
  if (ageMs < 3 * DAY_MS) return 'd1_3';
  if (ageMs < 7 * DAY_MS) return 'd3_7';
  return 'over_7d';
}

/**
 * What waits for an answer now (not bound to the period): by priority, by channel, and by how long
 * it has waited (a chat from its last buyer message, other items from their arrival).
 */
export function backlogFigures(db: SqlRunner, accounts: Account[], now: number): BacklogFigures {
  const figures: BacklogFigures = {
    sources: [],
    total: 0,
    byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>,
    byAge: Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>,
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>,
  };
  const sources = new Set<AnalyticsSource>();
  for (const account of accounts) {
    // interactions_backlog (migration 0013): the needs-response part of the shop, from the index alone.
    const rows = db.all(
      db.build
        .selectFrom('interactions')
        .select([
          'channel',
          'priority',
          'source',
          sql<string>`CASE WHEN channel = 'chat' THEN coalesce(last_message_at, occurred_at) ELSE occurred_at END`.as(
            'waiting_since',
          ),
        ])
        .where('account_id', '=', account.id)
        // A literal, not a parameter: SQLite uses the partial index only when it can see the term.
        .where(sql<boolean>`needs_response = 1`),
    );
    for (const row of rows) {
      figures.total += 1;
      figures.byPriority[row.priority] += 1;
      figures.byChannel[row.channel] += 1;
      figures.byAge[ageBucket(now - Date.parse(row.waiting_since))] += 1;
      sources.add(sourceOf(account, row.source));
    }
  }
  figures.sources = sourcesOf(sources);
  return figures;
}

/**
 * Events of the given types in [fromAt, toAt), per type, source and (for guardrail blocks) category;
 * those of a reply that was undone or otherwise never sent are left out (UNDONE_REPLY).
 */
function eventCounts(db: SqlRunner, accounts: Account[], types: string[], fromAt: string, toAt: string) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  // interaction_events_type (type, created_at): one range per type.
  const rows = db.all(
    db.build
      .selectFrom('interaction_events as e')
      .innerJoin('interactions as i', 'i.id', 'e.interaction_id')
      .select([
        'e.type',
        'i.account_id',
        'i.source',
        sql<string | null>`json_extract(e.payload_json, '$.category')`.as('category'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('e.type', 'in', types)
      .where(sql<boolean>`NOT ${UNDONE_REPLY}`)
      .where('e.created_at', '>=', fromAt)
      .where('e.created_at', '<', toAt)
      .where(
        'i.account_id',
        'in',
        accounts.map((a) => a.id),
      )
      .groupBy(['e.type', 'i.account_id', 'i.source', 'category']),
  );
  return rows.map((row) => ({ ...row, source: sourceOf(byId.get(row.account_id)!, row.source) }));
}

/** Draft quality of the replies queued in the period, auto-replies, and sends the guardrails refused. */
export function replyFigures(db: SqlRunner, accounts: Account[], fromAt: string, toAt: string): ReplyFigures {
  const figures: ReplyFigures = {
    sources: [],
    draftAccepted: 0,
    draftEdited: 0,
    manual: 0,
    acceptedRate: null,
    editedRate: null,
    manualRate: null,
    autoReplies: 0,
    guardrailBlocks: {},
  };
  if (accounts.length === 0) return figures;
  const sources = new Set<AnalyticsSource>();
  for (const row of eventCounts(
    db,
    accounts,
    [...REPLY_QUALITY_EVENTS, 'auto_reply', GUARDRAIL_BLOCK_EVENT],
    fromAt,
    toAt,
  )) {
    sources.add(row.source);
    if (row.type === 'draft_accepted') figures.draftAccepted += row.n;
    else if (row.type === 'draft_edited') figures.draftEdited += row.n;
    else if (row.type === 'reply_manual') figures.manual += row.n;
    else if (row.type === 'auto_reply') figures.autoReplies += row.n;
    else {
      const category = row.category ?? 'unknown';
      figures.guardrailBlocks[category] = (figures.guardrailBlocks[category] ?? 0) + row.n;
    }
  }
  const total = figures.draftAccepted + figures.draftEdited + figures.manual;
  if (total > 0) {
    figures.acceptedRate = figures.draftAccepted / total;
    figures.editedRate = figures.draftEdited / total;
    figures.manualRate = figures.manual / total;
  }
  figures.sources = sourcesOf(sources);
  return figures;
}

/** The share of manual replies among the replies queued in [fromAt, toAt) (alerts: week over week). */
export function manualShare(db: SqlRunner, accounts: Account[], fromAt: string, toAt: string): Rate {
  if (accounts.length === 0) return rate(0, 0);
  let manual = 0;
  let all = 0;
  for (const row of eventCounts(db, accounts, [...REPLY_QUALITY_EVENTS], fromAt, toAt)) {
    all += row.n;
    if (row.type === 'reply_manual') manual += row.n;
  }
  return rate(manual, all);
}

/** Per local day of the period: arrivals and answers per channel, reviews and their average rating. */
export function daySeries(rows: ResponseRow[], period: ResolvedPeriod): DayPoint[] {
  const zero = () => Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  const points = period.dates.map((date) => ({
    date,
    received: zero(),
    answered: zero(),
    reviews: 0,
    ratingSum: 0,
  }));
  for (const row of rows) {
    const n = row.count ?? 1;
    const arrived = dayIndex(period, row.arrivedMs);
    if (arrived >= 0) {
      const point = points[arrived]!;
      point.received[row.channel] += n;
      if (row.channel === 'review' && row.rating !== null) {
        point.reviews += n;
        point.ratingSum += row.rating * n;
      }
    }
    if (row.answeredMs !== null) {
      const answered = dayIndex(period, row.answeredMs);
      if (answered >= 0) points[answered]!.answered[row.channel] += n;
    }
  }
  return points.map(({ ratingSum, ...point }) => ({
    ...point,
    averageRating: point.reviews === 0 ? null : round2(ratingSum / point.reviews),
  }));
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Average rating per day (from the series) and per week (weeks start on Monday; a partial week at either end counts). */
export function ratingPoints(series: DayPoint[]): { daily: RatingPoint[]; weekly: RatingPoint[] } {
  const daily = series.map((point) => ({ date: point.date, reviews: point.reviews, average: point.averageRating }));
  const weeks = new Map<string, { reviews: number; sum: number }>();
  for (const point of series) {
    const day = new Date(`${point.date}T00:00:00Z`);
    const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
    const week = weeks.get(monday) ?? { reviews: 0, sum: 0 };
    week.reviews += point.reviews;
    week.sum += (point.averageRating ?? 0) * point.reviews;
    weeks.set(monday, week);
  }
  const weekly = [...weeks].map(([date, week]) => ({
    date,
    reviews: week.reviews,
    average: week.reviews === 0 ? null : round2(week.sum / week.reviews),
  }));
  return { daily, weekly };
}

/** Products whose reviews in the period name problem signals most often, with the signals by frequency. */
export function problemProducts(rows: ResponseRow[]): ProductSignals[] {
  const products = new Map<
    number,
    {
      name: string | null;
      reviews: number;
      flagged: number;
      signals: Map<ReviewSignal, number>;
      sources: Set<AnalyticsSource>;
    }
  >();
  for (const row of rows) {
    if (row.channel !== 'review' || row.nmId === null) continue;
    const product = products.get(row.nmId) ?? {
      name: row.productName,
      reviews: 0,
      flagged: 0,
      signals: new Map<ReviewSignal, number>(),
      sources: new Set<AnalyticsSource>(),
    };
    const n = row.count ?? 1;
    product.reviews += n;
    product.sources.add(row.source);
    if (row.signals.length > 0) product.flagged += n;
    for (const signal of row.signals) product.signals.set(signal, (product.signals.get(signal) ?? 0) + n);
    products.set(row.nmId, product);
  }
  return [...products]
    .filter(([, product]) => product.flagged > 0)
    .sort(([a, x], [b, y]) => y.flagged - x.flagged || a - b)
    .slice(0, TOP_PRODUCTS)
    .map(([nmId, product]) => ({
      nmId,
      productName: product.name,
      reviews: product.reviews,
      signals: [...product.signals]
        .map(([signal, reviews]) => ({ signal, reviews }))
        .sort((a, b) => b.reviews - a.reviews || a.signal.localeCompare(b.signal)),
      sources: sourcesOf(product.sources),
    }));
}

/**
 * The product name problemProducts would take from the rows with their names: that of the
 * product's first review of the period (shops in scope order, then by arrival). Rows without
 * `detail` carry no names, so only the listed products are looked up (interactions_product).
 */
export function withProductNames(
  db: SqlRunner,
  accounts: Account[],
  products: ProductSignals[],
  fromAt: string,
  toAt: string,
): ProductSignals[] {
  const first = db.prepare((p: { accountId: number; nmId: number }) =>
    db.build
      .selectFrom('interactions')
      .select('product_name')
      .where('account_id', '=', p.accountId)
      .where('nm_id', '=', p.nmId)
      .where('occurred_at', '>=', fromAt)
      .where('occurred_at', '<', toAt)
      .where('channel', '=', 'review')
      .orderBy('occurred_at')
      .orderBy('id')
      .limit(1),
  );
  return products.map((product) => {
    for (const account of accounts) {
      const row = first.get({ accountId: account.id, nmId: product.nmId });
      if (row) return { ...product, productName: row.product_name };
    }
    return product;
  });
}
