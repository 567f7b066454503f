import type { SqlRunner } from '../db/sql-runner';
import { accountRow } from '../inbox/accounts';
import type { CoreHandlers } from '../ipc-dispatch';
import type { SyncService } from './sync-service';

export interface SyncHandlerDeps {
  db: SqlRunner;
  sync: SyncService;
}

export function syncHandlers({ db, sync }: SyncHandlerDeps): Pick<CoreHandlers, 'sync.run' | 'sync.status'> {
  return {
    'sync.run': ({ accountId, full }) => sync.syncAccount(accountRow(db, accountId).id, { full }),
    'sync.status': async ({ accountId }) => sync.status(accountRow(db, accountId)),
  };
}
