import type { SqlRunner } from '../db/sql-runner';
import { accountRow } from '../inbox/accounts';
import type { CoreHandlers } from '../ipc-dispatch';
import type { SyncService } from '../sync/sync-service';
import { analyticsAlerts } from './alerts';
import { computeAnalytics, exportCsv, type AnalyticsDeps } from './analytics';

export interface AnalyticsHandlerDeps {
  db: SqlRunner;
  clock: () => Date;
  sync: SyncService;
}

type AnalyticsChannels = 'analytics.get' | 'analytics.export' | 'analytics.alerts';

/** Analytics from the local database, on request; sync health comes from the sync service's status. */
export function analyticsHandlers({ db, clock, sync }: AnalyticsHandlerDeps): Pick<CoreHandlers, AnalyticsChannels> {
  const deps: AnalyticsDeps = { db, clock, healthOf: (account) => sync.status(account).alerts };
  return {
    'analytics.get': async (input) => computeAnalytics(deps, input),
    'analytics.export': async (input) => exportCsv(deps, input),
    'analytics.alerts': async ({ accountId }) =>
      analyticsAlerts(
        { db, now: clock(), healthOf: deps.healthOf },
        accountId === undefined
          ? db.all(db.build.selectFrom('accounts').selectAll().orderBy('is_demo').orderBy('id'))
          : [accountRow(db, accountId)],
      ),
  };
}
