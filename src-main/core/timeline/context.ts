import type {
  BuyerContext,
  ContextItem,
  ProductContext,
  RatingWeek,
  SignalShare,
} from '../../../src-shared/domain/context';
import type { Interaction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { REVIEW_SIGNALS, type ReviewSignal } from '../../../src-shared/domain/interaction';
import { reviewSignals } from '../inbox/priority';

const WEEK_MS = 7 * 24 * 3_600_000;
/** Newest complaints and questions shown next to an item: enough to see a pattern, short enough to read. */
const CONTEXT_LIST_LIMIT = 10;
const BUYER_HISTORY_LIMIT = 50;
/** Reviews with this many stars or fewer are complaints (DESIGN §6: 1–2★ urgent, 3★ high). */
const COMPLAINT_MAX_RATING = 3;

const ITEM_COLUMNS = [
  'id',
  'channel',
  'external_id',
  'occurred_at',
  'text',
  'rating',
  'nm_id',
  'product_name',
  'last_reply_text',
] as const;

type ItemRow = Pick<Interaction, (typeof ITEM_COLUMNS)[number]>;

function toContextItem(row: ItemRow): ContextItem {
  return {
    id: row.id,
    channel: row.channel,
    externalId: row.external_id,
    occurredAt: row.occurred_at,
    text: row.text,
    rating: row.rating,
    nmId: row.nm_id,
    productName: row.product_name,
    answerText: row.last_reply_text,
  };
}

/**
 * A product's context: its newest complaints and questions (with the seller's answers), the share of
 * its reviews in the last `weeks` weeks that carry each problem signal (the patterns that raise a
 * review's priority, over text and cons as a sync passes them), and the average stars per week.
 * Every query walks `interactions_product` (account_id, nm_id, occurred_at).
 */
export function productContext(
  db: SqlRunner,
  input: { accountId: number; nmId: number; weeks: number },
  now: Date,
): ProductContext {
  const { accountId, nmId, weeks } = input;
  const ofProduct = () =>
    db.build
      .selectFrom('interactions')
      .select(ITEM_COLUMNS)
      .where('account_id', '=', accountId)
      .where('nm_id', '=', nmId);
  const complaints = db.all(
    ofProduct()
      .where('channel', '=', 'review')
      .where('rating', '<=', COMPLAINT_MAX_RATING)
      .orderBy('occurred_at', 'desc')
      .limit(CONTEXT_LIST_LIMIT),
  );
  const questions = db.all(
    ofProduct().where('channel', '=', 'question').orderBy('occurred_at', 'desc').limit(CONTEXT_LIST_LIMIT),
  );

  const periodStart = now.getTime() - weeks * WEEK_MS;
  const reviews = db.all(productReviewsQuery(db, accountId, nmId, new Date(periodStart), now));

  const signalCounts = new Map<ReviewSignal, number>(REVIEW_SIGNALS.map((name) => [name, 0]));
  const weekSums = Array.from({ length: weeks }, () => ({ count: 0, stars: 0 }));
  for (const review of reviews) {
    for (const signal of reviewSignals(`${review.text} ${review.cons ?? ''}`))
      signalCounts.set(signal, (signalCounts.get(signal) ?? 0) + 1);
    const week = Math.floor((Date.parse(review.occurred_at) - periodStart) / WEEK_MS);
    const sums = weekSums[Math.min(Math.max(week, 0), weeks - 1)]!;
    sums.count += 1;
    sums.stars += review.rating!;
  }
  const signals: SignalShare[] = [...signalCounts]
    .map(([signal, count]) => ({ signal, count, share: reviews.length ? count / reviews.length : 0 }))
    .sort((x, y) => y.count - x.count);
  const ratingTrend: RatingWeek[] = weekSums.map((sums, i) => ({
    weekStart: new Date(periodStart + i * WEEK_MS).toISOString(),
    weekEnd: new Date(periodStart + (i + 1) * WEEK_MS).toISOString(),
    count: sums.count,
    average: sums.count ? sums.stars / sums.count : null,
  }));

  const product = db.get(
    db.build.selectFrom('products').select('name').where('account_id', '=', accountId).where('nm_id', '=', nmId),
  );
  return {
    accountId,
    nmId,
    productName: product?.name ?? complaints[0]?.product_name ?? questions[0]?.product_name ?? null,
    weeks,
    reviewCount: reviews.length,
    complaints: complaints.map(toContextItem),
    questions: questions.map(toContextItem),
    signals,
    ratingTrend,
  };
}

/** A product's reviews with stars in [from, to): a range on `interactions_product`. */
export function productReviewsQuery(db: SqlRunner, accountId: number, nmId: number, from: Date, to: Date) {
  return db.build
    .selectFrom('interactions')
    .select(['rating', 'text', 'cons', 'occurred_at'])
    .where('account_id', '=', accountId)
    .where('nm_id', '=', nmId)
    .where('occurred_at', '>=', from.toISOString())
    .where('occurred_at', '<', to.toISOString())
    .where('channel', '=', 'review')
    .where('rating', 'is not', null);
}

/**
 * The buyer's other items: by WB's buyer id when the item has one, else by its order id. A name is
 * never identity (two «Анна» are two people), so an item with neither has no history here.
 */
export function buyerContext(db: SqlRunner, interactionId: number): BuyerContext {
  const self = db.get(
    db.build
      .selectFrom('interactions')
      .select(['account_id', 'customer_id', 'order_id'])
      .where('id', '=', interactionId),
  );
  if (!self) throw new CoreError('not_found', { entity: 'interaction', id: interactionId });
  const [scope, column, value] = self.customer_id
    ? (['customer', 'customer_id', self.customer_id] as const)
    : self.order_id
      ? (['order', 'order_id', self.order_id] as const)
      : (['none', null, null] as const);
  if (column === null) return { interactionId, scope, items: [] };
  const rows = db.all(
    db.build
      .selectFrom('interactions')
      .select(ITEM_COLUMNS)
      .where('account_id', '=', self.account_id)
      .where(column, '=', value)
      .where('id', '!=', interactionId)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(BUYER_HISTORY_LIMIT),
  );
  return { interactionId, scope, items: rows.map(toContextItem) };
}
