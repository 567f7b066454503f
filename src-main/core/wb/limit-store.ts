import { sql } from 'kysely';
import type { SqlRunner } from '../db/sql-runner';
import type { WbLimitStore } from './http';

/**
 * The account's WB limit state in SQLite (the later time wins: another process may have saved a
 * later slot or block than this one knows about) (table wb_limit_state, migration 0005), so a new process
 * (the next CLI call, the app after a restart) does not start with a full bucket WB does not have.
 */
export function sqliteLimitStore(db: SqlRunner, accountId: number, now: () => Date): WbLimitStore {
  const read = db.prepare((p: { group: string }) =>
    db.build
      .selectFrom('wb_limit_state')
      .select(['retry_at', 'pace_at'])
      .where('account_id', '=', accountId)
      .where('limit_group', '=', p.group),
  );
  // A stored time only moves later; null clears it.
  const upsert = (column: 'retry_at' | 'pace_at') =>
    db.prepare((p: { group: string; value: number | null; stamp: string }) =>
      db.build
        .insertInto('wb_limit_state')
        .values({ account_id: accountId, limit_group: p.group, [column]: p.value, updated_at: p.stamp })
        .onConflict((oc) =>
          oc.columns(['account_id', 'limit_group']).doUpdateSet((eb) => {
            const [stored, saved] = [eb.ref(`wb_limit_state.${column}`), eb.ref(`excluded.${column}`)];
            return {
              [column]: sql<
                number | null
              >`CASE WHEN ${saved} IS NULL THEN NULL ELSE max(coalesce(${stored}, 0), ${saved}) END`,
              updated_at: eb.ref('excluded.updated_at'),
            };
          }),
        ),
    );
  const writes = { retryAt: upsert('retry_at'), paceAt: upsert('pace_at') };
  return {
    load(group) {
      const row = read.get({ group });
      return row ? { retryAt: row.retry_at ?? null, paceAt: row.pace_at ?? null } : null;
    },
    save(group, state) {
      const stamp = now().toISOString();
      for (const key of ['retryAt', 'paceAt'] as const) {
        if (!(key in state)) continue;
        const value = state[key];
        writes[key].run({
          group,
          value: typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null,
          stamp,
        });
      }
    },
  };
}
