import { randomUUID } from 'node:crypto';
import type { AccountView } from '../../../src-shared/domain/account';
import { normaliseToken } from '../../../src-shared/domain/token';
import type { CoreMessage } from '../../../src-shared/messages/catalog';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { accountRow, toAccountView } from '../inbox/accounts';
import { rememberSecret } from '../redact';
import type { SecretStore } from '../secrets';
import { assertTokenUsable, decodeWbToken, tokenScopes } from '../wb/token';
import { isEnvAvitoAccount } from './avito-connect';
import { ENV_TOKEN_REF, tokenWarnings } from './connect';

/** The demo shop has no token; the AGENTIQ_WB_TOKEN shop's token lives in the environment, not the keychain. */
function assertKeychainAccount(account: { is_demo: number; token_ref: string | null; marketplace: string }): void {
  if (account.is_demo) throw new CoreError('demo_no_token');
  // An Avito account has no WB token: it is reconnected with its pair (accounts.connectAvito).
  if (account.marketplace === 'avito') throw new CoreError('no_token');
  if (account.token_ref === ENV_TOKEN_REF) throw new CoreError('account_from_env');
}

/**
 * «Заменить токен»: the new token is checked like `accounts.connect` checks one (malformed, expired,
 * no channels) and must belong to the same seller; only then it replaces the keychain entry (a
 * disconnected shop gets a new one) and the row's decoded facts. A refused token changes nothing.
 */
export async function replaceToken(
  db: SqlRunner,
  secrets: SecretStore,
  input: { accountId: number; token: string },
  now: Date,
): Promise<{ account: AccountView; warnings: CoreMessage[] }> {
  rememberSecret(input.token);
  const account = accountRow(db, input.accountId);
  assertKeychainAccount(account);
  const token = normaliseToken(input.token);
  const facts = decodeWbToken(token);
  assertTokenUsable(facts, now);
  if (account.seller_id && facts.sellerId !== account.seller_id) throw new CoreError('token_other_seller');
  const ref = account.token_ref ?? `wb-token:${randomUUID()}`;
  // Keychain first: if it is unavailable the seller gets the reason and the row is left as it was.
  await secrets.set(ref, token);
  db.run(
    db.build
      .updateTable('accounts')
      .set({
        token_ref: ref,
        token_expires_at: facts.expiresAt?.toISOString() ?? null,
        token_scopes: JSON.stringify(tokenScopes(facts)),
        token_type: facts.type,
        token_read_only: facts.readOnly ? 1 : 0,
        token_sandbox: facts.sandbox ? 1 : 0,
        seller_id: facts.sellerId,
        updated_at: now.toISOString(),
      })
      .where('id', '=', account.id),
  );
  return { account: toAccountView(accountRow(db, account.id)), warnings: tokenWarnings(facts, now) };
}

export interface RemoveAccountDeps {
  db: SqlRunner;
  secrets: SecretStore;
  /** Removes the shop's AI key (only with its data: a disconnected shop keeps its settings). */
  removeAiKey(accountId: number): Promise<void>;
  /** Resolves once no sync is writing (a sync of the removed shop must not write into deleted rows). */
  syncIdle(): Promise<void>;
  now: Date;
}

/**
 * «Удалить магазин». The keychain entry is always deleted and the row forgets it (`token_ref` null):
 * the scheduler and the dispatcher skip such a shop, and it stays in the list as disconnected with
 * its history readable («Отключён»; a token of the same seller connects it again). With `deleteData`
 * the shop's row goes too, and with it, by the schema's ON DELETE CASCADE and the interactions'
 * triggers, everything local to it — interactions, messages, events, links, outbox, inbox_counts,
 * settings, sync state, limits, the search index rows — in one transaction.
 */
export async function removeAccount(
  deps: RemoveAccountDeps,
  input: { accountId: number; deleteData: boolean },
): Promise<{ removed: 'disconnected' | 'deleted' }> {
  const { db, secrets } = deps;
  const account = accountRow(db, input.accountId);
  if (account.token_ref === ENV_TOKEN_REF) throw new CoreError('account_from_env');
  if (account.is_demo && !input.deleteData) throw new CoreError('demo_no_token');
  if (isEnvAvitoAccount(account)) throw new CoreError('account_from_env');
  if (account.token_ref) await secrets.delete(account.token_ref);
  // An Avito account's pair: both entries go (migration 0018 keeps their names only).
  for (const ref of [account.avito_client_id_ref, account.avito_client_secret_ref]) if (ref) await secrets.delete(ref);
  db.run(
    db.build
      .updateTable('accounts')
      .set({
        token_ref: null,
        avito_client_id_ref: null,
        avito_client_secret_ref: null,
        updated_at: deps.now.toISOString(),
      })
      .where('id', '=', account.id),
  );
  if (!input.deleteData) return { removed: 'disconnected' };
  await deps.removeAiKey(account.id);
  await deps.syncIdle();
  db.transaction(() => {
    db.run(db.build.deleteFrom('accounts').where('id', '=', account.id));
  });
  return { removed: 'deleted' };
}
