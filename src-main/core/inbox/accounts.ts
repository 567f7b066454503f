import type { AccountView } from '../../../src-shared/domain/account';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';

/** Row -> view in one place (STYLE habit 7). The token reference never leaves main. */
export function toAccountView(row: Account, envAccountId: number | null = null): AccountView {
  return {
    id: row.id,
    name: row.name,
    isDemo: row.is_demo === 1,
    tokenExpiresAt: row.token_expires_at,
    tokenScopes: JSON.parse(row.token_scopes) as string[],
    tokenReadOnly: row.token_read_only === 1,
    createdAt: row.created_at,
    fromEnv: row.id === envAccountId || row.avito_client_secret_ref?.startsWith('env:') === true,
    // An Avito account keeps token_ref null (migration 0018): connected while it has its pair.
    connected: row.is_demo === 1 || row.token_ref !== null || row.avito_client_secret_ref !== null,
    marketplace: row.marketplace,
  };
}

/** Real shops first, then the demo; `envAccountId` marks the account of this process's AGENTIQ_WB_TOKEN. */
export function listAccounts(db: SqlRunner, envAccountId: number | null = null): AccountView[] {
  return db
    .all(db.build.selectFrom('accounts').selectAll().orderBy('is_demo', 'asc').orderBy('id', 'asc'))
    .map((row) => toAccountView(row, envAccountId));
}

export function accountRow(db: SqlRunner, id: number): Account {
  const row = db.get(db.build.selectFrom('accounts').selectAll().where('id', '=', id));
  if (!row) throw new CoreError('not_found', { entity: 'account', id });
  return row;
}
