import { sql } from 'kysely';
import { CHANNELS, type Channel, type QuestionIntent } from '../../../src-shared/domain/interaction';
import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import type { Logger } from '../logger';
import { readSlaSettings } from '../settings';
import { priorityFields } from './normalise';
import { assessPriority } from './priority';
import { preparePriorityWrite } from './priority-write';

/** Rows per transaction of a recompute; the event loop gets a turn between chunks. */
export const RECOMPUTE_CHUNK = 2_000;
/** The clock looks again at least this often (a sync may have written earlier boundaries meanwhile). */
const MAX_WAIT_MS = 60_000;
/** …and never sooner than this after a run (no busy loop on a boundary a tick could not move). */
const MIN_WAIT_MS = 500;

export interface SlaClockDeps {
  db: SqlRunner;
  bus: PushBus;
  clock: () => Date;
  logger: Logger;
}

/** Both partial indexes of migration 0008 are chosen only when the WHERE says exactly what they hold. */
const DUE_PENDING = sql<boolean>`needs_response = 1 AND sla_state IN ('ok', 'due_soon')`;
const SOON_PENDING = sql<boolean>`needs_response = 1 AND sla_state = 'ok'`;
const STALE = sql<boolean>`sla_state IS NULL`;

type Recount = { rows: number };
interface Job {
  promise: Promise<Recount>;
  /** Another pass is wanted after the running one (the settings changed while it ran). */
  again: boolean;
  /** Every row, not only those never assessed (a settings change); otherwise only `sla_state IS NULL`. */
  full: boolean;
}

/**
 * SLA state that follows the clock (issue 9 item 1, DESIGN §6). Each open item stores the two
 * moments it changes state (`sla_soon_at`, `sla_due_at`); `tick()` moves only the items whose
 * moment has passed, found through the partial indexes `interactions_sla_soon` / `_sla_due`, in
 * one transaction, and raises an overdue item's priority one step above its base priority. The
 * timer runs at the next boundary (at most a minute away); `inbox.list` and `inbox.counts` tick
 * first, so order and counts are right at any moment.
 *
 * `recompute(accountId)` re-assesses every item of an account from its stored source fields
 * (after the SLA settings changed), in chunks of RECOMPUTE_CHUNK rows with a turn of the event
 * loop between them; at start the same job rewrites rows never assessed (`sla_state` NULL: rows
 * from before migration 0008, whose reasons were Russian text).
 */
export class SlaClock {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private started = false;
  private readonly jobs = new Map<number, Job>();
  private readonly statements;

  constructor(private readonly deps: SlaClockDeps) {
    const { db } = deps;
    const escalated = sql<'urgent' | 'high' | 'normal' | 'low'>`CASE base_priority
      WHEN 'low' THEN 'normal' WHEN 'normal' THEN 'high' ELSE 'urgent' END`;
    this.statements = {
      overdue: db.prepare((p: { now: string }) =>
        db.build
          .updateTable('interactions')
          .set({ sla_state: 'overdue', priority: escalated })
          .where(DUE_PENDING)
          .where('sla_due_at', '<=', p.now)
          .returning(['account_id', 'channel']),
      ),
      dueSoon: db.prepare((p: { now: string }) =>
        db.build
          .updateTable('interactions')
          .set({ sla_state: 'due_soon' })
          .where(SOON_PENDING)
          .where('sla_soon_at', '<=', p.now)
          .returning(['account_id', 'channel']),
      ),
      nextDue: db.prepare(() =>
        db.build
          .selectFrom('interactions')
          .select((eb) => eb.fn.min<string | null>('sla_due_at').as('at'))
          .where(DUE_PENDING),
      ),
      nextSoon: db.prepare(() =>
        db.build
          .selectFrom('interactions')
          .select((eb) => eb.fn.min<string | null>('sla_soon_at').as('at'))
          .where(SOON_PENDING),
      ),
      write: preparePriorityWrite(db),
      staleAccount: db.prepare(() => db.build.selectFrom('interactions').select('account_id').where(STALE).limit(1)),
    };
  }

  /** Starts the timer and rewrites rows never assessed, in the background. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.recomputeStale();
    this.schedule();
  }

  /** Stops the timer and lets a running recompute end at its next chunk. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.jobs.values()].map((job) => job.promise.catch(() => undefined)));
  }

  /** Applies every boundary crossed by now, in one transaction; returns the rows changed. */
  tick(): number {
    if (!this.deps.db.open) return 0;
    const now = this.deps.clock().toISOString();
    const changed = this.deps.db.transaction(() => [
      // Overdue first: an item past both moments goes straight to overdue.
      ...this.statements.overdue.all({ now }),
      ...this.statements.dueSoon.all({ now }),
    ]);
    const byAccount = new Map<number, Set<Channel>>();
    for (const row of changed) {
      const channels = byAccount.get(row.account_id) ?? new Set<Channel>();
      channels.add(row.channel);
      byAccount.set(row.account_id, channels);
    }
    for (const [accountId, channels] of byAccount)
      this.deps.bus.emit('inbox.changed', { accountId, channels: [...channels] });
    return changed.length;
  }

  /** The next moment an item changes state, or null when no open item waits. */
  nextBoundary(): Date | null {
    const due = this.statements.nextDue.get({})?.at ?? null;
    const soon = this.statements.nextSoon.get({})?.at ?? null;
    const next = [due, soon].filter((at): at is string => at !== null).sort()[0];
    return next ? new Date(next) : null;
  }

  /**
   * Re-assesses every item of the account from its stored fields with the current settings, in
   * the background; resolves when done (a call while one runs makes it run once more after).
   */
  recompute(accountId: number, options: { staleOnly?: boolean } = {}): Promise<Recount> {
    const running = this.jobs.get(accountId);
    if (running) {
      running.again = true;
      running.full ||= !options.staleOnly;
      return running.promise;
    }
    const job: Job = { promise: Promise.resolve({ rows: 0 }), again: false, full: !options.staleOnly };
    this.jobs.set(accountId, job);
    job.promise = this.runJob(accountId, job);
    return job.promise;
  }

  private async runJob(accountId: number, job: Job): Promise<Recount> {
    let rows = 0;
    try {
      do {
        job.again = false;
        rows += await this.pass(accountId, job.full);
      } while (job.again && !this.stopped);
    } finally {
      this.jobs.delete(accountId);
    }
    if (!this.stopped) this.deps.bus.emit('inbox.changed', { accountId, channels: [...CHANNELS] });
    return { rows };
  }

  /** One walk over the account's rows by id, RECOMPUTE_CHUNK per transaction; returns the rows rewritten. */
  private async pass(accountId: number, full: boolean): Promise<number> {
    const { db, clock, logger } = this.deps;
    const settings = readSlaSettings(db, accountId, logger);
    let afterId = 0;
    let rewritten = 0;
    for (;;) {
      if (this.stopped || !db.open) break;
      const now = clock();
      let query = db.build
        .selectFrom('interactions')
        .select([
          'id',
          'channel',
          'rating',
          'text',
          'cons',
          'intent',
          'occurred_at',
          'sla_started_at',
          'needs_response',
          'priority',
          'base_priority',
          'priority_reason',
          'sla_due_at',
          'sla_soon_at',
          'sla_state',
        ])
        .where('account_id', '=', accountId)
        .where('id', '>', afterId);
      if (!full) query = query.where(STALE);
      const batch = db.transaction(
        () => {
          const found = db.all(query.orderBy('id').limit(RECOMPUTE_CHUNK));
          for (const row of found) {
            const fields = priorityFields(
              assessPriority({
                channel: row.channel,
                rating: row.rating,
                text: row.channel === 'review' ? `${row.text} ${row.cons ?? ''}` : row.text,
                intent: row.intent as QuestionIntent | null,
                occurredAt: new Date(row.sla_started_at ?? row.occurred_at),
                needsResponse: row.needs_response === 1,
                now,
                ...settings,
              }),
            );
            if (
              fields.priority === row.priority &&
              fields.base_priority === row.base_priority &&
              fields.priority_reason === row.priority_reason &&
              fields.sla_due_at === row.sla_due_at &&
              fields.sla_soon_at === row.sla_soon_at &&
              fields.sla_state === row.sla_state
            )
              continue;
            this.statements.write.run({ id: row.id, ...fields });
            rewritten += 1;
          }
          return found;
        },
        // Derived data: recomputable from the row itself after a power cut.
        { fsync: false },
      );
      if (batch.length < RECOMPUTE_CHUNK) break;
      afterId = batch.at(-1)!.id;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return rewritten;
  }
  /** Rows never assessed (old rows, rows written by something that does not assess) get assessed in the background. */
  private recomputeStale() {
    const stale = this.statements.staleAccount.get({});
    if (!stale || this.jobs.has(stale.account_id)) return;
    this.recompute(stale.account_id, { staleOnly: true })
      .then(() => {
        // The next account with stale rows, if any.
        if (!this.stopped) this.recomputeStale();
      })
      .catch((error: unknown) =>
        this.deps.logger.warn('sla.recompute_failed', {
          accountId: stale.account_id,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }

  private schedule() {
    if (this.stopped) return;
    const next = this.nextBoundary();
    const wait = next ? next.getTime() - this.deps.clock().getTime() : MAX_WAIT_MS;
    this.timer = setTimeout(
      () => {
        try {
          this.tick();
          this.recomputeStale();
        } catch (error) {
          this.deps.logger.warn('sla.tick_failed', { error: error instanceof Error ? error.message : String(error) });
        }
        this.schedule();
      },
      Math.min(Math.max(wait, MIN_WAIT_MS), MAX_WAIT_MS),
    );
    this.timer.unref();
  }
}
