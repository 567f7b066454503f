import type { SqlRunner } from '../db/sql-runner';
import { accountRow } from '../inbox/accounts';
import type { CoreHandlers } from '../ipc-dispatch';
import { syncHealth } from './health-view';
import type { SyncService } from './sync-service';

export interface SyncHandlerDeps {
  db: SqlRunner;
  sync: SyncService;
  clock: () => Date;
}

export function syncHandlers({
  db,
  sync,
  clock,
}: SyncHandlerDeps): Pick<CoreHandlers, 'sync.run' | 'sync.status' | 'sync.health'> {
  return {
    'sync.run': ({ accountId, full }) => sync.syncAccount(accountRow(db, accountId).id, { full }),
    'sync.status': async ({ accountId }) => sync.status(accountRow(db, accountId)),
    'sync.health': async ({ accountId }) => syncHealth(db, accountRow(db, accountId), clock()),
  };
}
