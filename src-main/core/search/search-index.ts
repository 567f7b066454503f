import type { PreparedQuery, SqlRunner } from '../db/sql-runner';
import type { Logger } from '../logger';
import { stemmedText } from './stem';

/**
 * Keeps the stemmed index (`search_fts`, migration 0009) in step with the interactions. Triggers
 * put every interaction whose searchable text or chat messages changed into `search_pending`;
 * `indexPending` stems those rows and writes them. The sync calls it inside each slice's
 * transaction (written and indexed together), `SearchIndexer` drains whatever else is pending
 * (the first backfill, demo seeding, replies) in bounded steps between other work.
 */
interface PendingRow {
  id: number;
  fresh: 0 | 1;
  channel: string;
  text: string;
  pros: string | null;
  cons: string | null;
  product_name: string | null;
  product_article: string | null;
  nm_id: number | null;
  customer_name: string | null;
}

interface Statements {
  /** The id of the `limit`-th pending interaction: the batch is every pending id up to it. */
  lastOfBatch: PreparedQuery<{ limit: number }, { id: number }>;
  rows: PreparedQuery<{ last: number }, PendingRow>;
  messages: PreparedQuery<{ last: number }, { interaction_id: number; text: string }>;
  write: PreparedQuery<{ id: number; body: string; meta: string }, unknown>;
  add: PreparedQuery<{ id: number; body: string; meta: string }, unknown>;
  done: PreparedQuery<{ last: number }, unknown>;
}

const compiled = new WeakMap<SqlRunner, Statements>();

function statements(db: SqlRunner): Statements {
  let cached = compiled.get(db);
  if (cached) return cached;
  cached = {
    lastOfBatch: db.prepare((p: { limit: number }) =>
      db.build
        .selectFrom((eb) =>
          eb
            .selectFrom('search_pending')
            .select('interaction_id as id')
            .orderBy('interaction_id')
            .limit(p.limit)
            .as('batch'),
        )
        .select((eb) => eb.fn.max<number>('id').as('id')),
    ),
    rows: db.prepare((p: { last: number }) =>
      db.build
        .selectFrom('search_pending')
        // CROSS JOIN keeps the pending rows outside: the planner otherwise walks every
        // interaction below `last` (the whole table during a sync) for each batch.
        .crossJoin('interactions')
        .whereRef('interactions.id', '=', 'search_pending.interaction_id')
        .select([
          'interactions.id',
          'search_pending.fresh',
          'channel',
          'text',
          'pros',
          'cons',
          'product_name',
          'product_article',
          'nm_id',
          'customer_name',
        ])
        .where('search_pending.interaction_id', '<=', p.last),
    ),
    messages: db.prepare((p: { last: number }) =>
      db.build
        .selectFrom('search_pending')
        .crossJoin('chat_messages')
        .whereRef('chat_messages.interaction_id', '=', 'search_pending.interaction_id')
        .select(['chat_messages.interaction_id', 'chat_messages.text'])
        .where('search_pending.interaction_id', '<=', p.last)
        .orderBy('chat_messages.interaction_id')
        .orderBy('chat_messages.sent_at')
        .orderBy('chat_messages.id'),
    ),
    // Contentless with contentless_delete=1: REPLACE drops the row's old stems without needing them.
    write: db.prepare((p: { id: number; body: string; meta: string }) =>
      db.build.replaceInto('search_fts').values({ rowid: p.id, body: p.body, meta: p.meta }),
    ),
    // Never indexed: a plain INSERT, whose cost does not grow with the index.
    add: db.prepare((p: { id: number; body: string; meta: string }) =>
      db.build.insertInto('search_fts').values({ rowid: p.id, body: p.body, meta: p.meta }),
    ),
    done: db.prepare((p: { last: number }) =>
      db.build.deleteFrom('search_pending').where('interaction_id', '<=', p.last),
    ),
  };
  compiled.set(db, cached);
  return cached;
}

/**
 * Indexes up to `limit` pending interactions in one transaction; returns how many it took.
 * Without fsync: a power cut loses the stems together with the removal from `search_pending`,
 * so the rows are simply indexed again.
 */
export function indexPending(db: SqlRunner, limit: number): number {
  const s = statements(db);
  return db.transaction(
    () => {
      const last = s.lastOfBatch.get({ limit })?.id;
      if (last == null) return 0;
      const messages = new Map<number, string[]>();
      for (const message of s.messages.all({ last })) {
        const texts = messages.get(message.interaction_id);
        if (texts) texts.push(message.text);
        else messages.set(message.interaction_id, [message.text]);
      }
      const rows = s.rows.all({ last });
      for (const row of rows) {
        const chat = messages.get(row.id);
        // A chat's `text` is its last buyer message, already among its messages.
        const texts = chat ? chat : [row.text];
        const body = [...texts, row.pros, row.cons].map(stemmedText).join(' ');
        const meta = [
          row.product_name,
          row.product_article,
          row.nm_id == null ? null : String(row.nm_id),
          row.customer_name,
        ]
          .map(stemmedText)
          .join(' ');
        (row.fresh === 1 ? s.add : s.write).run({ id: row.id, body, meta });
      }
      s.done.run({ last });
      return rows.length;
    },
    { fsync: false },
  );
}

/** Pages of index merging per step: a few milliseconds, enough to keep segments merged. */
const MERGE_PAGES_PER_STEP = 64;

/**
 * A bounded step of FTS5 segment merging (automerge is off, migration 0009): run after each
 * indexed slice so merging happens in small pieces instead of one long stall inside an INSERT.
 */
export function mergeSearchIndex(db: SqlRunner): void {
  db.transaction(
    () => void db.run(db.build.insertInto('search_fts').values({ search_fts: 'merge', rank: MERGE_PAGES_PER_STEP })),
    { fsync: false },
  );
}

/** Interactions one background step indexes: tens of milliseconds of stemming at most. */
const BACKGROUND_BATCH = 200;

/** Time a search may spend indexing what is still pending before it runs (the CLI has no background). */
const CATCH_UP_MS = 50;

/** Indexes pending interactions for at most `budgetMs`: a search sees what was just written. */
export function catchUpIndex(db: SqlRunner, budgetMs = CATCH_UP_MS): void {
  const until = performance.now() + budgetMs;
  while (indexPending(db, BACKGROUND_BATCH) > 0 && performance.now() < until);
}

/**
 * Drains `search_pending` in the background, a bounded batch at a time with the event loop free
 * in between: the first backfill after migration 0009 (resumable, the pending table is the
 * progress), and rows written outside the sync (demo seeding, chat product names).
 */
export class SearchIndexer {
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: SqlRunner,
    private readonly logger: Logger,
  ) {}

  /** Starts draining unless it already is; returns when the pending rows are indexed. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return (this.running ??= this.drain().finally(() => (this.running = null)));
  }

  /** Stops between batches (shutdown). */
  stop(): Promise<void> {
    this.stopped = true;
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      let indexed = 0;
      for (;;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.stopped || !this.db.open) return;
        const count = indexPending(this.db, BACKGROUND_BATCH);
        if (count === 0) break;
        indexed += count;
        mergeSearchIndex(this.db);
      }
      if (indexed > 0) this.logger.info('search.indexed', { interactions: indexed });
    } catch (error) {
      this.logger.warn('search.index_failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** True while some interaction waits for indexing (a search may then miss it). */
export function indexBehind(db: SqlRunner): boolean {
  return db.get(db.build.selectFrom('search_pending').select('interaction_id').limit(1)) !== undefined;
}
