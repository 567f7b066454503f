import { sql } from 'kysely';
import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import type { Logger } from '../logger';

/** The waker looks again at least this often (the machine may have slept past a timer). */
const MAX_WAIT_MS = 60_000;
/** …and never sooner than this after a run. */
const MIN_WAIT_MS = 200;

/** Only the partial index interactions_snoozed holds rows with a snooze: the WHERE names it. */
const HAS_SNOOZE = sql<boolean>`snoozed_until IS NOT NULL`;

export interface SnoozeWakerDeps {
  db: SqlRunner;
  bus: PushBus;
  clock: () => Date;
  logger: Logger;
}

/**
 * Snoozes running out (issue 11 item 4). Nothing is rewritten when a snooze ends: an item whose
 * `snoozed_until` has passed is resurfaced by the list's own reading of the column. The waker
 * only tells the window, with `inbox.changed` for each account whose snooze ran out since its
 * last look, so the list reloads at that moment. Its timer runs at the next snooze's end (at most
 * a minute away); `interaction.snooze` reschedules it.
 */
export class SnoozeWaker {
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  /** Snoozes ending at or before this moment were told already. */
  private toldUpTo: string;

  constructor(private readonly deps: SnoozeWakerDeps) {
    this.toldUpTo = deps.clock().toISOString();
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A snooze was set or changed: the next end may be sooner than the timer's. */
  reschedule(): void {
    if (!this.started || this.stopped) return;
    clearTimeout(this.timer);
    this.schedule();
  }

  /** Emits `inbox.changed` for every account with a snooze that ended since the last look; returns those accounts. */
  tick(): number[] {
    const { db, bus, clock } = this.deps;
    const now = clock().toISOString();
    if (now <= this.toldUpTo) return [];
    const accounts = db
      .all(
        db.build
          .selectFrom('interactions')
          .select('account_id')
          .distinct()
          .where(HAS_SNOOZE)
          .where('snoozed_until', '>', this.toldUpTo)
          .where('snoozed_until', '<=', now),
      )
      .map((row) => row.account_id);
    this.toldUpTo = now;
    for (const accountId of accounts) bus.emit('inbox.changed', { accountId, channels: [] });
    return accounts;
  }

  /** The soonest snooze end still ahead, or null. */
  nextEnd(): Date | null {
    const { db, clock } = this.deps;
    const row = db.get(
      db.build
        .selectFrom('interactions')
        .select((eb) => eb.fn.min<string | null>('snoozed_until').as('at'))
        .where(HAS_SNOOZE)
        .where('snoozed_until', '>', clock().toISOString()),
    );
    return row?.at ? new Date(row.at) : null;
  }

  private schedule() {
    if (this.stopped) return;
    const next = this.nextEnd();
    const wait = next ? next.getTime() - this.deps.clock().getTime() : MAX_WAIT_MS;
    this.timer = setTimeout(
      () => {
        try {
          this.tick();
        } catch (error) {
          this.deps.logger.warn('snooze.tick_failed', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
        this.schedule();
      },
      Math.min(Math.max(wait, MIN_WAIT_MS), MAX_WAIT_MS),
    );
    this.timer.unref();
  }
}
