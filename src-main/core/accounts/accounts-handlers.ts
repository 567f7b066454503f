import type { SqlRunner } from '../db/sql-runner';
import { listAccounts } from '../inbox/accounts';
import type { CoreHandlers } from '../ipc-dispatch';
import type { SecretStore } from '../secrets';
import { CoreError } from '../errors';
import { connectAvitoAccount, type VerifyAvito } from './avito-connect';
import { connectAccount } from './connect';
import { removeAccount, replaceToken } from './manage';

export interface AccountsHandlerDeps {
  db: SqlRunner;
  secrets: SecretStore;
  clock: () => Date;
  /** The AGENTIQ_WB_TOKEN account of this process; null without the env token. */
  envAccountId(): number | null;
  aiKeys: { remove(accountId: number): Promise<void> };
  sync: { idle(): Promise<void> };
  /** The Avito connector's check of a client_id/secret pair (core/avito); absent: Avito cannot be connected. */
  avitoVerify?: VerifyAvito;
}

export function accountsHandlers({
  db,
  secrets,
  clock,
  envAccountId,
  aiKeys,
  sync,
  avitoVerify,
}: AccountsHandlerDeps): Pick<
  CoreHandlers,
  'accounts.list' | 'accounts.connect' | 'accounts.connectAvito' | 'accounts.replaceToken' | 'accounts.remove'
> {
  return {
    'accounts.list': async () => listAccounts(db, envAccountId()),
    'accounts.connect': (input) => connectAccount(db, secrets, input, clock()),
    'accounts.connectAvito': (input) => {
      if (!avitoVerify) throw new CoreError('avito_not_wired');
      return connectAvitoAccount(db, secrets, avitoVerify, input, clock());
    },
    'accounts.replaceToken': (input) => replaceToken(db, secrets, input, clock()),
    'accounts.remove': (input) =>
      removeAccount(
        { db, secrets, now: clock(), removeAiKey: (id) => aiKeys.remove(id), syncIdle: () => sync.idle() },
        input,
      ),
  };
}
