import type { Channel } from '../../../src-shared/domain/interaction';
import type { SqlRunner } from '../db/sql-runner';
import { indexPending, mergeSearchIndex } from '../search/search-index';
import type { Logger } from '../logger';
import type { SlaSettings } from '../inbox/priority';
import type { WbClient } from '../wb/wb-client';
import type { AnswerObserved, InteractionWriter } from './interaction-writer';
import type { RunCounters, SyncStore } from './sync-store';

/** What one channel job gets: the DB, the WB client, counters, and a way to report progress. */
export interface JobContext {
  db: SqlRunner;
  accountId: number;
  channel: Channel;
  client: WbClient;
  writer: InteractionWriter;
  store: SyncStore;
  counters: RunCounters;
  clock: () => Date;
  logger: Logger;
  /** The account's SLA targets and working hours, read once per job; defaults when absent. */
  sla?: SlaSettings;
  full: boolean;
  /**
   * A bulk load (a full sync, or the first one of the channel): slices are sized by BULK_SLICE_BUDGET_MS
   * and BULK_MAX_SLICE_ROWS, so a 100 000-item history pays a few hundred commits, not thousands.
   */
  bulk?: boolean;
  pageSize: number;
  /** Rows per write transaction: bounded so the event loop never stalls long (STYLE habit 5). */
  chunkSize: number;
  progress(fetched: number, total: number | null): void;
  /** Chat: set by the job when the events walk reached `totalEvents == 0` (not a stuck cursor, not a page cap). */
  eventsCaughtUp?: boolean;
  /** Chat: events pages one run reads at most (default chat-sync MAX_EVENT_PAGES_PER_RUN). */
  maxEventPages?: number;
  observed: AnswerObserved[];
  /** Aborted at shutdown: jobs stop between chunks, never inside a transaction. */
  signal: AbortSignal;
}

/** Lets timers, IPC and the UI run between write chunks. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One bounded transaction of synced rows, committed without fsync (synchronous = NORMAL).
 * Still atomic and crash-safe (WAL); only a power cut could lose the last slices, and those
 * are re-fetched from WB with their watermark or cursor, which is in the same transaction.
 * Replies keep the default FULL: a queued reply must survive a power cut.
 */
export function bulkTransaction(db: SqlRunner, write: () => void): void {
  db.transaction(write, { fsync: false });
}

/** Longest a single step of a slice (validate + normalise, write, index) should keep the event loop. */
export const SLICE_BUDGET_MS = 20;
/** Most rows in one slice, however fast the machine: a WB page at most. */
export const MAX_SLICE_ROWS = 1000;
/**
 * A bulk load's step budget and slice cap. The core runs in its own thread (core-worker), so a
 * longer step delays the core's next answer by at most this much, never the window's thread; in
 * exchange each slice's commit (and its share of WAL checkpointing) is paid for ~10× more rows.
 */
export const BULK_SLICE_BUDGET_MS = 100;
export const BULK_MAX_SLICE_ROWS = 2000;

/**
 * Rows per slice, sized by time: as many as the slowest step of the last slices did in
 * SLICE_BUDGET_MS, never fewer than the job's `chunkSize` nor more than MAX_SLICE_ROWS. Small
 * slices are cheap to keep short but pay a commit, a WAL checkpoint share and an index segment
 * each; on a fast machine the slices grow until a step takes about the budget.
 */
export class SliceSizer {
  /** Milliseconds per row of the slowest step, smoothed over the last slices; null before the first. */
  private msPerRow: number | null = null;

  constructor(
    private readonly min: number,
    private readonly budgetMs = SLICE_BUDGET_MS,
    private readonly maxRows = MAX_SLICE_ROWS,
  ) {}

  next(): number {
    if (this.msPerRow === null) return this.min;
    const fit = Math.floor(this.budgetMs / Math.max(this.msPerRow, 1e-3));
    return Math.max(this.min, Math.min(this.maxRows, fit));
  }

  /** One step of `rows` rows took `ms`. */
  observe(rows: number, ms: number): void {
    if (rows <= 0) return;
    const rate = ms / rows;
    // A slow step counts at once (the next slice shrinks), a fast one only a quarter (it grows gently).
    this.msPerRow = this.msPerRow === null || rate > this.msPerRow ? rate : this.msPerRow * 0.75 + rate * 0.25;
  }

  /** Runs `step` over `rows` rows and observes how long it took. */
  timed<T>(rows: number, step: () => T): T {
    const started = performance.now();
    try {
      return step();
    } finally {
      this.observe(rows, performance.now() - started);
    }
  }
}

const sizers = new WeakMap<JobContext, SliceSizer>();

/** The job's slice sizer (one per job: its rows are alike); a bulk load's slices are bigger. */
export function sliceSizer(ctx: JobContext): SliceSizer {
  let sizer = sizers.get(ctx);
  if (!sizer)
    sizers.set(
      ctx,
      (sizer = ctx.bulk
        ? new SliceSizer(ctx.chunkSize, BULK_SLICE_BUDGET_MS, BULK_MAX_SLICE_ROWS)
        : new SliceSizer(ctx.chunkSize)),
    );
  return sizer;
}

/** Runs `write` over `items` in bounded transactions, yielding to the event loop between them. */
export async function writeInChunks<T>(ctx: JobContext, items: T[], write: (chunk: T[]) => void): Promise<void> {
  const sizer = sliceSizer(ctx);
  for (let start = 0; start < items.length;) {
    ctx.signal.throwIfAborted();
    const chunk = items.slice(start, start + sizer.next());
    start += chunk.length;
    sizer.timed(chunk.length, () => bulkTransaction(ctx.db, () => write(chunk)));
    await yieldToLoop();
    sizer.timed(chunk.length, () => indexSlice(ctx.db, chunk.length));
    await yieldToLoop();
  }
}

/**
 * Stems and indexes what a slice just wrote (its rows are pending through the triggers of
 * migration 0009), then merges a bounded step of the index: search sees synced items at once.
 */
export function indexSlice(db: SqlRunner, limit: number): void {
  // One commit for both (each alone would be a transaction of its own).
  bulkTransaction(db, () => {
    indexPending(db, limit);
    mergeSearchIndex(db);
  });
}
