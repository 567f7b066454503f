import type { FqListPage, FqListQuery } from '../wb/feedbacks-api';
import { FEEDBACKS_MAX_SKIP, FEEDBACKS_MAX_TAKE } from '../wb/feedbacks-api';
import { QUESTIONS_MAX_WINDOW } from '../wb/questions-api';
import { WbApiError } from '../wb/http';
import type { z } from 'zod';
import { feedbackSchema, parseItems, questionSchema, wbDateToUtc, type WbFeedback, type WbQuestion } from '../wb/schemas';
import { normaliseFeedback, normaliseQuestion, type NormalisedInteraction } from '../inbox/normalise';
import { bulkTransaction, mergeSearchIndex, yieldToLoop, type JobContext } from './job-context';

/** Re-read this much before the watermark: WB's clock and indexing are not ours. */
export const WATERMARK_OVERLAP_SECONDS = 10 * 60;
/** Items that left the unanswered list are checked one by one; the rest wait for the next run. */
export const MAX_VANISHED_CHECKS_PER_RUN = 300;

interface FqSpec<T extends { id: string; createdDate: string }> {
  channel: 'review' | 'question';
  list(query: FqListQuery): Promise<FqListPage>;
  get(id: string): Promise<{ value: T; raw: unknown } | null>;
  schema: z.ZodType<T>;
  normalise(item: T, raw: unknown, processed: boolean, now: Date): NormalisedInteraction;
  /** Largest page WB serves for this list. */
  maxTake: number;
  /** Whether this take/skip pair is inside WB's paging limits (CONTRACT §3, §4). */
  fits(take: number, skip: number): boolean;
}

export const reviewSpec = (ctx: JobContext): FqSpec<WbFeedback> => ({
  channel: 'review',
  list: (q) => ctx.client.feedbacks.list(q),
  get: (id) => ctx.client.feedbacks.get(id),
  schema: feedbackSchema,
  normalise: normaliseFeedback,
  maxTake: FEEDBACKS_MAX_TAKE,
  fits: (take, skip) => take <= FEEDBACKS_MAX_TAKE && skip <= FEEDBACKS_MAX_SKIP,
});

export const questionSpec = (ctx: JobContext): FqSpec<WbQuestion> => ({
  channel: 'question',
  list: (q) => ctx.client.questions.list(q),
  get: (id) => ctx.client.questions.get(id),
  schema: questionSchema,
  normalise: normaliseQuestion,
  maxTake: QUESTIONS_MAX_WINDOW,
  fits: (take, skip) => take + skip <= QUESTIONS_MAX_WINDOW,
});

/** The newest valid createdDate of a page (pages are oldest-first), as unix seconds. */
function lastSecondOf<T extends { createdDate: string }>(spec: FqSpec<T & { id: string }>, rawItems: unknown[]): number | null {
  for (let i = rawItems.length - 1; i >= 0; i -= 1) {
    const parsed = spec.schema.safeParse(rawItems[i]);
    if (parsed.success) return Math.floor(Date.parse(wbDateToUtc(parsed.data.createdDate)) / 1000);
  }
  return null;
}

/**
 * Pages one list oldest-first. Past WB's skip limit the next window starts at the last item's
 * second (dateFrom is in seconds), so the boundary second is read twice and deduplicated by the
 * upsert — never skipped.
 */
async function* pagesByDate<T extends { id: string; createdDate: string }>(spec: FqSpec<T>, isAnswered: boolean, dateFrom: number | undefined, take: number) {
  let from = dateFrom;
  let skip = 0;
  for (;;) {
    const page = await spec.list({ isAnswered, take, skip, order: 'dateAsc', dateFrom: from });
    yield page;
    if (page.rawItems.length < take) return;
    skip += take;
    if (!spec.fits(take, skip)) {
      const lastSecond = lastSecondOf(spec, page.rawItems);
      if (lastSecond === null) throw new WbApiError('contract', null, 'a full page without one valid item');
      // More items in one second than one window holds would loop forever: refuse instead.
      if (from !== undefined && lastSecond <= from) throw new WbApiError('contract', null, `more than ${skip} items within one second`);
      from = lastSecond;
      skip = 0;
    }
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
  // The page was just decoded in one go; let the loop breathe before the first slice.
  await yieldToLoop();
  for (let start = 0; start < rawItems.length; start += ctx.chunkSize) {
    ctx.signal.throwIfAborted();
    const parsed = parseItems(spec.schema, rawItems.slice(start, start + ctx.chunkSize));
    ctx.counters.errors += parsed.contractErrors;
    const now = ctx.clock();
    const rows = parsed.items.map(({ value, raw }) => {
      ids.push(value.id);
      return spec.normalise(value, raw, processed, now);
    });
    bulkTransaction(ctx.sqlite, () => {
      apply(ctx, rows, now);
      afterWrite?.(rows);
    });
    mergeSearchIndex(ctx.sqlite, 'interactions_fts');
    await yieldToLoop();
  }
  return ids;
}

/**
 * Reviews and questions (DESIGN §4): unanswered fully (small, changes state often), answered
 * since the watermark minus an overlap, then items that left the unanswered list are looked up
 * by id — they were answered elsewhere (the WB portal) or archived unanswered.
 */
export async function syncFqChannel<T extends { id: string; createdDate: string }>(ctx: JobContext, spec: FqSpec<T>): Promise<void> {
  const take = Math.min(ctx.pageSize, spec.maxTake);
  const seenUnanswered = new Set<string>();
  let fetched = 0;
  let total: number | null = null;
  const state = ctx.store.state(ctx.accountId, spec.channel);
  // The total is known only when everything is read (first or full sync): unanswered + archive.
  const readsAll = ctx.full || !state?.watermark;

  for await (const page of pagesByDate(spec, false, undefined, take)) {
    if (total === null && readsAll && page.countUnanswered !== null) total = page.countUnanswered + (page.countArchive ?? 0);
    for (const id of await ingestPage(ctx, spec, page.rawItems, false)) seenUnanswered.add(id);
    fetched += page.rawItems.length;
    ctx.progress(fetched, total);
  }

  let watermark = state?.watermark ?? '';
  const dateFrom = ctx.full || !state?.watermark ? undefined : Math.floor(Date.parse(state.watermark) / 1000) - WATERMARK_OVERLAP_SECONDS;
  for await (const page of pagesByDate(spec, true, dateFrom, take)) {
    await ingestPage(ctx, spec, page.rawItems, true, (rows) => {
      // Oldest-first paging: everything up to this slice's newest date is stored with it.
      for (const row of rows) if (row.occurred_at > watermark) watermark = row.occurred_at;
      if (watermark) ctx.store.setWatermark(ctx.accountId, spec.channel, watermark);
    });
    fetched += page.rawItems.length;
    ctx.progress(fetched, total);
  }

  await checkVanished(ctx, spec, seenUnanswered);
}

async function checkVanished<T extends { id: string; createdDate: string }>(ctx: JobContext, spec: FqSpec<T>, seen: Set<string>) {
  // Open items, and items whose reply we are waiting to see on WB (sent or queued by us);
  // two indexed lookups (a single OR would scan the whole table).
  const open = ctx.sqlite
    .prepare(
      `SELECT external_id FROM interactions WHERE account_id = @account AND channel = @channel AND needs_response = 1
       UNION
       SELECT external_id FROM interactions WHERE account_id = @account AND channel = @channel AND reply_state IN ('queued', 'sending', 'sent_pending')`,
    )
    .pluck()
    .all({ account: ctx.accountId, channel: spec.channel }) as string[];
  const vanished = open.filter((id) => !seen.has(id)).slice(0, MAX_VANISHED_CHECKS_PER_RUN);
  for (const id of vanished) {
    const found = await spec.get(id);
    const now = ctx.clock();
    ctx.sqlite.transaction(() => {
      if (found) apply(ctx, [spec.normalise(found.value, found.raw, true, now)], now);
      // WB no longer knows the item (deleted by WB): nothing left to answer.
      else
        ctx.sqlite
          .prepare(`UPDATE interactions SET needs_response = 0, status = 'closed', sla_due_at = NULL, updated_at = ? WHERE account_id = ? AND channel = ? AND external_id = ?`)
          .run(now.toISOString(), ctx.accountId, spec.channel, id);
    })();
  }
}

function apply(ctx: JobContext, rows: NormalisedInteraction[], now: Date) {
  const counts = ctx.writer.upsert(rows, now.toISOString(), ctx.observed);
  ctx.counters.fetched += rows.length;
  ctx.counters.created += counts.created;
  ctx.counters.updated += counts.updated;
  ctx.counters.skipped += counts.unchanged;
}
