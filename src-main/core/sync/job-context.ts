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

/** Runs `write` over `items` in bounded transactions, yielding to the event loop between them. */
export async function writeInChunks<T>(ctx: JobContext, items: T[], write: (chunk: T[]) => void): Promise<void> {
  for (let start = 0; start < items.length; start += ctx.chunkSize) {
    ctx.signal.throwIfAborted();
    bulkTransaction(ctx.db, () => write(items.slice(start, start + ctx.chunkSize)));
    indexSlice(ctx.db, ctx.chunkSize);
    await yieldToLoop();
  }
}

/**
 * Stems and indexes what a slice just wrote (its rows are pending through the triggers of
 * migration 0009), then merges a bounded step of the index: search sees synced items at once.
 */
export function indexSlice(db: SqlRunner, limit: number): void {
  indexPending(db, limit);
  mergeSearchIndex(db);
}
