import type { SqlRunner } from '../db/sql-runner';
import { listAccounts } from '../inbox/accounts';
import type { CoreHandlers } from '../ipc-dispatch';
import type { SecretStore } from '../secrets';
import { connectAccount } from './connect';

export interface AccountsHandlerDeps {
  db: SqlRunner;
  secrets: SecretStore;
  clock: () => Date;
  /** The AGENTIQ_WB_TOKEN account of this process; null without the env token. */
  envAccountId(): number | null;
}

export function accountsHandlers({
  db,
  secrets,
  clock,
  envAccountId,
}: AccountsHandlerDeps): Pick<CoreHandlers, 'accounts.list' | 'accounts.connect'> {
  return {
    'accounts.list': async () => listAccounts(db, envAccountId()),
    'accounts.connect': (input) => connectAccount(db, secrets, input, clock()),
  };
}
