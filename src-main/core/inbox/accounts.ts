import type { Kysely } from 'kysely';
import type { AccountView } from '../../../src-shared/domain/account';
import type { Account, Database } from '../db/schema';

/** Row -> view in one place (STYLE habit 7). The token reference never leaves main. */
export function toAccountView(row: Account): AccountView {
  return {
    id: row.id,
    name: row.name,
    isDemo: row.is_demo === 1,
    tokenExpiresAt: row.token_expires_at,
    tokenScopes: JSON.parse(row.token_scopes) as string[],
    tokenReadOnly: row.token_read_only === 1,
    createdAt: row.created_at,
  };
}

export async function listAccounts(db: Kysely<Database>): Promise<AccountView[]> {
  const rows = await db.selectFrom('accounts').selectAll().orderBy('is_demo', 'asc').orderBy('id', 'asc').execute();
  return rows.map(toAccountView);
}
