import type { FqListPage, FqListQuery } from '../wb/feedbacks-api';
import { FEEDBACKS_MAX_SKIP, FEEDBACKS_MAX_TAKE } from '../wb/feedbacks-api';
import { QUESTIONS_MAX_WINDOW } from '../wb/questions-api';
import { WbApiError } from '../wb/http';
import { sql } from 'kysely';
import type { z } from 'zod';
import {
  feedbackSchema,
  parseItems,
  questionSchema,
  wbDateToUtc,
  type WbFeedback,
  type WbQuestion,
} from '../wb/schemas';
import type { SqlRunner } from '../db/sql-runner';
import { normaliseFeedback, normaliseQuestion, type NormalisedInteraction } from '../inbox/normalise';
import { resurfaceSnoozed } from '../inbox/snooze';
import { bulkTransaction, indexSlice, sliceSizer, yieldToLoop, type JobContext } from './job-context';

/** Re-read this much before the watermark: WB's clock and indexing are not ours. */
export const WATERMARK_OVERLAP_SECONDS = 10 * 60;
/** Items that left the unanswered list are checked one by one; the rest wait for the next run. */
export const MAX_VANISHED_CHECKS_PER_RUN = 300;
/** Fewer vanished items than this are always looked up one by one (cheaper than any full pass). */
export const MIN_VANISHED_FOR_FULL_PASS = 50;

interface FqSpec<T extends { id: string; createdDate: string }> {
  channel: 'review' | 'question';
  list(query: FqListQuery): Promise<FqListPage>;
  get(id: string): Promise<{ value: T; raw: unknown } | null>;
  schema: z.ZodType<T>;
  normalise(item: T, raw: unknown, processed: boolean, now: Date): NormalisedInteraction;
  /** Whether WB counts the item as processed (its `isAnswered=true` list), read from the item itself. */
  processed(item: T): boolean;
  /** Largest page WB serves for this list. */
  maxTake: number;
  /** The largest take inside WB's paging limits at this skip (CONTRACT §3, §4); 0 past them. */
  takeAt(take: number, skip: number): number;
}

const hasAnswer = (answer: { text?: string | null } | null | undefined) => Boolean(answer?.text?.trim());

export const reviewSpec = (ctx: JobContext): FqSpec<WbFeedback> => ({
  channel: 'review',
  list: (q) => ctx.client.feedbacks.list(q),
  get: (id) => ctx.client.feedbacks.get(id),
  schema: feedbackSchema,
  normalise: (item, raw, processed, now) => normaliseFeedback(item, raw, processed, now, ctx.sla),
  // `state`: `none` not processed, `wbRu` processed (CONTRACT §4).
  processed: (item) => item.state === 'wbRu' || hasAnswer(item.answer),
  maxTake: FEEDBACKS_MAX_TAKE,
  takeAt: (take, skip) => (skip <= FEEDBACKS_MAX_SKIP ? Math.min(take, FEEDBACKS_MAX_TAKE) : 0),
});

export const questionSpec = (ctx: JobContext): FqSpec<WbQuestion> => ({
  channel: 'question',
  list: (q) => ctx.client.questions.list(q),
  get: (id) => ctx.client.questions.get(id),
  schema: questionSchema,
  normalise: (item, raw, processed, now) => normaliseQuestion(item, raw, processed, now, ctx.sla),
  // `state`: `suppliersPortalSynch` new, `wbRu` answered, `none` rejected (CONTRACT §3).
  processed: (item) => item.state !== 'suppliersPortalSynch' || hasAnswer(item.answer),
  maxTake: QUESTIONS_MAX_WINDOW,
  takeAt: (take, skip) => Math.max(0, Math.min(take, QUESTIONS_MAX_WINDOW - skip)),
});

/** The newest valid createdDate of a page (pages are oldest-first), as unix seconds. */
function lastSecondOf<T extends { createdDate: string }>(
  spec: FqSpec<T & { id: string }>,
  rawItems: unknown[],
): number | null {
  for (let i = rawItems.length - 1; i >= 0; i -= 1) {
    const parsed = spec.schema.safeParse(rawItems[i]);
    if (parsed.success) return Math.floor(Date.parse(wbDateToUtc(parsed.data.createdDate)) / 1000);
  }
  return null;
}

/**
 * Pages one list oldest-first until an empty page, or until `done(page)` says everything is read.
 * WB states only maximums, so a page shorter than `take` is not the end: the next skip moves on
 * by what came. Past WB's skip limit the next window starts one second before the newest item
 * read (dateFrom is in seconds, and a server may read it as inclusive or exclusive), so the
 * boundary is read again and deduplicated by the upsert, never skipped. Each window must reach
 * a later second than the one before, so paging always ends.
 *
 * One page ahead: the next page is requested (it waits for its slot in the limit bucket) before
 * this one is handed over to be written, so the bucket, not the writes, sets the pace. At most
 * two pages are held; a page is only ever handed over after the one before it, and a failure of
 * the prefetched request surfaces only once the page before it was taken (and written).
 */
async function* pagesByDate<T extends { id: string; createdDate: string }>(
  spec: FqSpec<T>,
  isAnswered: boolean,
  dateFrom: number | undefined,
  take: number,
  done?: (page: FqListPage) => boolean,
): AsyncGenerator<FqListPage> {
  let from = dateFrom;
  let skip = 0;
  let boundary = dateFrom ?? null;
  let newest: number | null = null;
  const fetchPage = () => {
    const request = spec.list({ isAnswered, take: spec.takeAt(take, skip), skip, order: 'dateAsc', dateFrom: from });
    // Not awaited when the consumer stops early (a failed write, shutdown): never an unhandled rejection.
    request.catch(() => undefined);
    return request;
  };
  /** Where the page after `page` starts: the same window further on, or the next date window. */
  const nextWindow = (page: FqListPage) => {
    const last = lastSecondOf(spec, page.rawItems);
    if (last !== null) newest = Math.max(newest ?? last, last);
    skip += page.rawItems.length;
    if (spec.takeAt(take, skip) > 0) return;
    if (newest === null) throw new WbApiError('contract', null, `${skip} items without one valid createdDate`);
    // A window that ends no later than where it began (more items within two seconds than a
    // window holds) would loop forever: refuse instead.
    if (boundary !== null && newest <= boundary)
      throw new WbApiError('contract', null, `more than ${skip} items within two seconds`);
    boundary = newest;
    from = newest - 1;
    skip = 0;
    newest = null;
  };
  let next: Promise<FqListPage> | null = fetchPage();
  while (next) {
    const page = await next;
    next = null;
    const finished = done?.(page) ?? false;
    if (page.rawItems.length > 0 && !finished) {
      try {
        nextWindow(page);
        next = fetchPage();
      } catch (error) {
        // Refused after this page is written, as the request it stands for would be.
        next = Promise.reject(error as Error);
        next.catch(() => undefined);
      }
    }
    yield page;
  }
}

/**
 * Validates, normalises and writes one page in bounded slices — one short transaction per
 * slice, the event loop free in between. `afterWrite` runs inside each slice's transaction.
 */
async function ingestPage<T extends { id: string; createdDate: string }>(
  ctx: JobContext,
  spec: FqSpec<T>,
  rawItems: unknown[],
  processed: boolean,
  afterWrite?: (rows: NormalisedInteraction[]) => void,
): Promise<string[]> {
  const ids: string[] = [];
  const sizer = sliceSizer(ctx);
  // The page was just decoded in one go; let the loop breathe before the first slice.
  await yieldToLoop();
  for (let start = 0; start < rawItems.length;) {
    ctx.signal.throwIfAborted();
    const slice = rawItems.slice(start, start + sizer.next());
    start += slice.length;
    const now = ctx.clock();
    const rows = sizer.timed(slice.length, () => {
      const parsed = parseItems(spec.schema, slice);
      ctx.counters.errors += parsed.contractErrors;
      return parsed.items.map(({ value, raw }) => {
        ids.push(value.id);
        return spec.normalise(value, raw, processed, now);
      });
    });
    // Validation, the write and the indexing (stems + merge) each fit the slice budget: the loop
    // runs between them, so no two add up to one stall.
    await yieldToLoop();
    sizer.timed(slice.length, () =>
      bulkTransaction(ctx.db, () => {
        apply(ctx, rows, now);
        afterWrite?.(rows);
      }),
    );
    await yieldToLoop();
    sizer.timed(rows.length, () => indexSlice(ctx.db, rows.length));
    await yieldToLoop();
  }
  return ids;
}

/**
 * Reviews and questions (DESIGN §4): unanswered fully (small, changes state often), answered
 * since the watermark minus an overlap, then items that left the unanswered list are looked up
 * by id — they were answered elsewhere (the WB portal) or archived unanswered.
 *
 * The watermark misses items that appear already processed with an older createdDate (archived
 * at once, published late), and one-by-one lookups are slow for a big backlog. So the local
 * total is compared with WB's (countUnanswered + countArchive of the first unanswered page):
 * when items are missing, or more have vanished than lookups are worth, the answered list is
 * read again from the start in the same run — a bounded, logged repair pass.
 */
export async function syncFqChannel<T extends { id: string; createdDate: string }>(
  ctx: JobContext,
  spec: FqSpec<T>,
): Promise<void> {
  const take = Math.min(ctx.pageSize, spec.maxTake);
  const seenUnanswered = new Set<string>();
  const seenAnswered = new Set<string>();
  let fetched = 0;
  let total: number | null = null;
  // Set as the first unanswered page arrives (in `allUnanswered`).
  let wb = null as { unanswered: number; archive: number | null } | null;
  const state = ctx.store.state(ctx.accountId, spec.channel);
  // The total is known only when everything is read (first or full sync): unanswered + archive.
  const readsAll = ctx.full || !state?.watermark;

  // Done once everything WB counts as unanswered has come: a server may serve pages below `take`.
  // Decided as a page arrives (the next one is requested before this one is written), from the
  // ids it lists; the written ones (`seenUnanswered`) are those that passed validation.
  const listed = new Set<string>();
  const allUnanswered = (page: FqListPage) => {
    if (wb === null && page.countUnanswered !== null)
      wb = { unanswered: page.countUnanswered, archive: page.countArchive };
    for (const raw of page.rawItems) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string') listed.add(id);
    }
    return wb !== null && listed.size >= wb.unanswered;
  };
  for await (const page of pagesByDate(spec, false, undefined, take, allUnanswered)) {
    if (total === null && readsAll && page.countUnanswered !== null)
      total = page.countUnanswered + (page.countArchive ?? 0);
    for (const id of await ingestPage(ctx, spec, page.rawItems, false)) seenUnanswered.add(id);
    fetched += page.rawItems.length;
    ctx.progress(fetched, total);
  }

  let watermark = state?.watermark ?? '';
  const answeredPass = async (dateFrom: number | undefined) => {
    for await (const page of pagesByDate(spec, true, dateFrom, take)) {
      const ids = await ingestPage(ctx, spec, page.rawItems, true, (rows) => {
        // Oldest-first paging: everything up to this slice's newest date is stored with it.
        for (const row of rows) if (row.occurred_at > watermark) watermark = row.occurred_at;
        if (watermark) ctx.store.setWatermark(ctx.accountId, spec.channel, watermark);
      });
      for (const id of ids) seenAnswered.add(id);
      fetched += page.rawItems.length;
      ctx.progress(fetched, total);
    }
  };
  const dateFrom = readsAll ? undefined : Math.floor(Date.parse(state!.watermark!) / 1000) - WATERMARK_OVERLAP_SECONDS;
  await answeredPass(dateFrom);

  let vanished = vanishedIds(ctx, spec.channel, seenUnanswered, seenAnswered);
  const wbTotal = wb !== null && wb.archive !== null ? wb.unanswered + wb.archive : null;
  const stored = ctx.store.unfetchable(ctx.accountId, spec.channel);
  const known = readsAll ? 0 : stored;
  let complete = dateFrom === undefined;
  if (!complete) {
    const local = localTotal(ctx, spec.channel);
    // A full pass is ~2 requests' worth per page (the page and its local work) against one GET per item.
    const worthIt = Math.min(
      MAX_VANISHED_CHECKS_PER_RUN,
      Math.max(MIN_VANISHED_FOR_FULL_PASS, wb?.archive != null ? 2 * Math.ceil(wb.archive / take) : Infinity),
    );
    const why =
      wbTotal !== null && local < wbTotal - known
        ? 'missing_items'
        : vanished.length > worthIt
          ? 'vanished_backlog'
          : null;
    if (why) {
      ctx.logger.info('sync.repair_pass', {
        accountId: ctx.accountId,
        channel: spec.channel,
        why,
        local,
        wbTotal,
        vanished: vanished.length,
      });
      await answeredPass(undefined);
      complete = true;
      vanished = vanished.filter((id) => !seenAnswered.has(id));
    }
  }
  await checkVanished(ctx, spec, vanished.slice(0, MAX_VANISHED_CHECKS_PER_RUN));

  if (wbTotal !== null) {
    // What a complete pass could not fetch (broken items): a known gap does not repair every run.
    const gap = Math.max(0, wbTotal - localTotal(ctx, spec.channel));
    if (complete ? gap !== stored : gap < stored) ctx.store.setUnfetchable(ctx.accountId, spec.channel, gap);
    if (gap > 0)
      ctx.logger.warn('sync.total_short', {
        accountId: ctx.accountId,
        channel: spec.channel,
        gap,
        wbTotal,
        repaired: complete,
      });
  }
}

function localTotal(ctx: JobContext, channel: 'review' | 'question'): number {
  const { db } = ctx;
  const row = db.get(
    db.build
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', ctx.accountId)
      .where('channel', '=', channel),
  );
  return row?.n ?? 0;
}

/**
 * External ids of the open items, and of the items whose reply we wait to see on WB (sent or
 * queued by us): two indexed lookups (a single OR would scan the whole table; checked by EXPLAIN
 * QUERY PLAN in tests). The states are literals, not bound values: only then can SQLite use the
 * partial index on them (migration 0002).
 */
export function openOrWaitingQuery(db: SqlRunner, accountId: number, channel: 'review' | 'question') {
  const ofChannel = db.build
    .selectFrom('interactions')
    .select('external_id')
    .where('account_id', '=', accountId)
    .where('channel', '=', channel);
  return ofChannel
    .where('needs_response', '=', 1)
    .union(ofChannel.where(sql<boolean>`reply_state IN ('queued', 'sending', 'sent_pending')`));
}

/** Open and waiting items that no pass of this run saw. */
function vanishedIds(ctx: JobContext, channel: 'review' | 'question', ...seen: Set<string>[]): string[] {
  const open = ctx.db.all(openOrWaitingQuery(ctx.db, ctx.accountId, channel));
  return open.map((row) => row.external_id).filter((id) => !seen.some((set) => set.has(id)));
}

/** Looks the items up one by one; WB's own state on each decides whether it still needs an answer. */
async function checkVanished<T extends { id: string; createdDate: string }>(
  ctx: JobContext,
  spec: FqSpec<T>,
  ids: string[],
) {
  for (const id of ids) {
    ctx.signal.throwIfAborted();
    const found = await spec.get(id);
    const now = ctx.clock();
    ctx.db.transaction(() => {
      if (found) apply(ctx, [spec.normalise(found.value, found.raw, spec.processed(found.value), now)], now);
      // WB no longer knows the item (deleted by WB): nothing left to answer.
      else
        ctx.db.run(
          ctx.db.build
            .updateTable('interactions')
            .set({ needs_response: 0, status: 'closed', sla_due_at: null, updated_at: now.toISOString() })
            .where('account_id', '=', ctx.accountId)
            .where('channel', '=', spec.channel)
            .where('external_id', '=', id),
        );
    });
  }
}

function apply(ctx: JobContext, rows: NormalisedInteraction[], now: Date) {
  const counts = ctx.writer.upsert(rows, now.toISOString(), ctx.observed);
  // A buyer who changed their text while the item was snoozed brings it back now (issue 11).
  resurfaceSnoozed(ctx.db, ctx.writer.takeBuyerWrote(), now.toISOString());
  ctx.counters.fetched += rows.length;
  ctx.counters.created += counts.created;
  ctx.counters.updated += counts.updated;
  ctx.counters.skipped += counts.unchanged;
}
