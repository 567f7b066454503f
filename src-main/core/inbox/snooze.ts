import { sql } from 'kysely';
import { SNOOZE_MAX_DAYS, type BulkItemResult } from '../../../src-shared/domain/snooze';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import type { Outbox } from '../replies/outbox';
import { addEvent } from '../replies/outbox-rows';

const DAY_MS = 86_400_000;

/** What a bulk action changed: each id's outcome, and the accounts whose inbox moved. */
export interface BulkOutcome {
  results: BulkItemResult[];
  accounts: Set<number>;
}

/** The ids in the order given, each once. */
const unique = (ids: readonly number[]) => [...new Set(ids)];

/**
 * The stored form of a snooze moment: ISO-8601 UTC with milliseconds, as every time in the
 * database, so that `snoozed_until <= now` compares as text. A moment not ahead of `now`, or
 * over SNOOZE_MAX_DAYS ahead, is refused (nothing is written).
 */
export function snoozeMoment(until: string, now: Date): string {
  const at = Date.parse(until);
  if (Number.isNaN(at) || at <= now.getTime()) throw new CoreError('snooze_in_past');
  if (at - now.getTime() > SNOOZE_MAX_DAYS * DAY_MS) throw new CoreError('snooze_too_far', { days: SNOOZE_MAX_DAYS });
  return new Date(at).toISOString();
}

/**
 * `interaction.snooze`: sets (a moment) or clears (null) `snoozed_until` of each item in one
 * transaction, with a `snoozed` / `unsnoozed` event each. An unknown id fails alone; clearing an
 * item that is not snoozed changes nothing and is not an error.
 */
export function snoozeItems(db: SqlRunner, ids: readonly number[], until: string | null, now: Date): BulkOutcome {
  const stamp = until === null ? null : snoozeMoment(until, now);
  const accounts = new Set<number>();
  const results = db.transaction(() =>
    unique(ids).map((id): BulkItemResult => {
      const row = db.get(
        db.build.selectFrom('interactions').select(['id', 'account_id', 'snoozed_until']).where('id', '=', id),
      );
      if (!row) return { id, ok: false, error: { code: 'not_found', params: { entity: 'interaction', id } } };
      if (stamp === null && row.snoozed_until === null) return { id, ok: true };
      db.run(db.build.updateTable('interactions').set({ snoozed_until: stamp }).where('id', '=', id));
      if (stamp === null) addEvent(db, id, 'unsnoozed', { previous: row.snoozed_until, by: 'seller' }, now);
      else addEvent(db, id, 'snoozed', { until: stamp }, now);
      accounts.add(row.account_id);
      return { id, ok: true };
    }),
  );
  return { results, accounts };
}

/**
 * The buyer wrote again (a new chat message, a changed review or question text): each of `ids`
 * that is snoozed resurfaces now — `snoozed_until` becomes the sync's moment, so the list shows
 * it first with «вернулось», as when a snooze runs out. Inside the sync's transaction.
 */
export function resurfaceSnoozed(db: SqlRunner, ids: readonly number[], now: string): number {
  if (ids.length === 0) return 0;
  return db.run(
    db.build
      .updateTable('interactions')
      .set({ snoozed_until: now })
      .where(sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
      .where('snoozed_until', 'is not', null)
      .where('snoozed_until', '>', now),
  ).changes;
}

/**
 * The seller opened the item: a snooze (running or run out) ends. Returns the item's account
 * when a snooze was cleared (its inbox moved), else null.
 */
export function endSnoozeOnOpen(db: SqlRunner, id: number, now: Date): number | null {
  const row = db.get(
    db.build
      .selectFrom('interactions')
      .select(['account_id', 'snoozed_until'])
      .where('id', '=', id)
      .where('snoozed_until', 'is not', null),
  );
  if (!row) return null;
  db.transaction(() => {
    db.run(db.build.updateTable('interactions').set({ snoozed_until: null }).where('id', '=', id));
    addEvent(db, id, 'unsnoozed', { previous: row.snoozed_until, by: 'opened' }, now);
  });
  return row.account_id;
}

/**
 * Bulk «Отметить просмотренными», in one transaction: per item what opening it does — a question
 * of a real shop is marked viewed on WB through the outbox (Outbox.queueMarkViewed, once per
 * question) — and `was_viewed` is set locally for every item. A resurfaced item (its snooze ran
 * out) drops its «вернулось» mark; a snooze still running is left alone, so marking a selection
 * in «Отложенные» does not wake it. An unknown id fails alone (its savepoint is rolled back).
 */
export function markViewed(db: SqlRunner, outbox: Outbox, ids: readonly number[], now: Date): BulkOutcome {
  const accounts = new Set<number>();
  const stamp = now.toISOString();
  const results = db.transaction(() =>
    unique(ids).map((id): BulkItemResult => {
      try {
        return db.transaction(() => {
          outbox.queueMarkViewed(id);
          const row = db.get(
            db.build.selectFrom('interactions').select(['account_id', 'snoozed_until']).where('id', '=', id),
          );
          if (!row) throw new CoreError('not_found', { entity: 'interaction', id });
          db.run(
            db.build
              .updateTable('interactions')
              .set({ was_viewed: 1 })
              .where('id', '=', id)
              .where('was_viewed', '=', 0),
          );
          if (row.snoozed_until !== null && row.snoozed_until <= stamp) {
            db.run(db.build.updateTable('interactions').set({ snoozed_until: null }).where('id', '=', id));
            addEvent(db, id, 'unsnoozed', { previous: row.snoozed_until, by: 'viewed' }, now);
          }
          accounts.add(row.account_id);
          return { id, ok: true } as const;
        });
      } catch (error) {
        if (error instanceof CoreError) return { id, ok: false, error: error.coreMessage };
        throw error;
      }
    }),
  );
  return { results, accounts };
}
