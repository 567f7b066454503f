import { randomUUID } from 'node:crypto';
import type { AccountView } from '../../../src-shared/domain/account';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { accountRow, toAccountView } from '../inbox/accounts';
import { rememberSecret } from '../redact';
import type { SecretStore } from '../secrets';

/** An Avito account's API pair (Avito Pro cabinet → API): both are kept in the keychain only. */
export interface AvitoCredentials {
  clientId: string;
  clientSecret: string;
}

/** Who the credentials belong to: `GET /core/v1/accounts/self` (CONTRACT §1.3). */
export interface AvitoIdentity {
  /** The numeric Avito user id (the `{user_id}` of every Messenger path), as text. */
  userId: string;
  name: string;
}

/**
 * The connector's check of a pair (token + self, core/avito): resolves with the account's
 * identity or throws a CoreError saying why (wrong pair, no Messenger tier, an employee key,
 * Avito unreachable). Injected: it is the process edge.
 */
export type VerifyAvito = (credentials: AvitoCredentials) => Promise<{ userId: string | number; name: string }>;

/** Keychain references of the account whose pair comes from AGENTIQ_AVITO_CLIENT_ID / _SECRET. */
export const AVITO_ENV_CLIENT_ID_REF = 'env:AGENTIQ_AVITO_CLIENT_ID';
export const AVITO_ENV_CLIENT_SECRET_REF = 'env:AGENTIQ_AVITO_CLIENT_SECRET';

/**
 * Connects an Avito account. The pair is checked first (nothing is written for a refused one),
 * then goes to the keychain under fresh reference names, then the row: created, or the existing
 * row of the same Avito user (no duplicate) pointed at the new references. Atomic: if a keychain
 * write or the row write fails, the entries this call wrote are deleted and the row is as it was;
 * the old entries of a reconnected account go only once the row points at the new ones.
 */
export async function connectAvitoAccount(
  db: SqlRunner,
  secrets: SecretStore,
  verify: VerifyAvito,
  input: AvitoCredentials & { name?: string },
  now: Date,
): Promise<{ account: AccountView; created: boolean }> {
  const credentials = { clientId: input.clientId.trim(), clientSecret: input.clientSecret.trim() };
  // Masked from every log line and error text from here on, whatever the check says.
  rememberSecret(credentials.clientSecret);
  rememberSecret(credentials.clientId);
  const identity = normaliseIdentity(await verify(credentials));
  const existing = avitoAccountByUser(db, identity.userId);
  if (existing && isEnvAvitoAccount(existing)) throw new CoreError('account_from_env');

  const refs = {
    clientId: `avito-client-id:${randomUUID()}`,
    clientSecret: `avito-client-secret:${randomUUID()}`,
  };
  const written: string[] = [];
  let account: Account;
  try {
    await secrets.set(refs.clientId, credentials.clientId);
    written.push(refs.clientId);
    await secrets.set(refs.clientSecret, credentials.clientSecret);
    written.push(refs.clientSecret);
    account = upsertAvitoAccount(db, {
      identity,
      name: input.name ?? existing?.name ?? identity.name,
      refs,
      existingId: existing?.id ?? null,
      now,
    });
  } catch (error) {
    // Nothing half-way: the entries this call wrote go; the row was not written or rolled back.
    for (const ref of written) await secrets.delete(ref).catch(() => undefined);
    throw error;
  }
  // The reconnected account's old pair: the row no longer points at it.
  for (const ref of [existing?.avito_client_id_ref, existing?.avito_client_secret_ref])
    if (ref && !ref.startsWith('env:')) await secrets.delete(ref).catch(() => undefined);
  return { account: toAccountView(account), created: existing === undefined };
}

/**
 * The default Avito account of AGENTIQ_AVITO_CLIENT_ID / AGENTIQ_AVITO_CLIENT_SECRET (tests,
 * automation), as WB's AGENTIQ_WB_TOKEN one: the pair stays in the environment (the row keeps
 * `env:` references), the identity is checked on every start.
 */
export async function ensureAvitoEnvAccount(
  db: SqlRunner,
  verify: VerifyAvito,
  credentials: AvitoCredentials,
  now: Date,
): Promise<Account> {
  rememberSecret(credentials.clientSecret);
  rememberSecret(credentials.clientId);
  const identity = normaliseIdentity(await verify(credentials));
  const existing =
    avitoEnvAccount(db) ??
    // The same Avito user connected through the keychain before: the env pair takes that row over.
    avitoAccountByUser(db, identity.userId);
  return upsertAvitoAccount(db, {
    identity,
    name: existing?.name ?? identity.name,
    refs: { clientId: AVITO_ENV_CLIENT_ID_REF, clientSecret: AVITO_ENV_CLIENT_SECRET_REF },
    existingId: existing?.id ?? null,
    now,
  });
}

/** The AGENTIQ_AVITO_* account, if one was ever made. */
export function avitoEnvAccount(db: SqlRunner): Account | undefined {
  return db.get(
    db.build.selectFrom('accounts').selectAll().where('avito_client_secret_ref', '=', AVITO_ENV_CLIENT_SECRET_REF),
  );
}

export function isEnvAvitoAccount(account: Pick<Account, 'avito_client_secret_ref'>): boolean {
  return account.avito_client_secret_ref === AVITO_ENV_CLIENT_SECRET_REF;
}

/**
 * The pair of an Avito account for the connector: from the keychain, or from the environment for
 * the AGENTIQ_AVITO_* account; null when the account is disconnected or an entry is missing.
 */
export async function avitoCredentialsOf(
  secrets: SecretStore,
  account: Pick<Account, 'avito_client_id_ref' | 'avito_client_secret_ref'>,
  env: { clientId?: string; clientSecret?: string } = {},
): Promise<AvitoCredentials | null> {
  const idRef = account.avito_client_id_ref;
  const secretRef = account.avito_client_secret_ref;
  if (!idRef || !secretRef) return null;
  const clientId = idRef === AVITO_ENV_CLIENT_ID_REF ? (env.clientId ?? null) : await secrets.get(idRef);
  const clientSecret =
    secretRef === AVITO_ENV_CLIENT_SECRET_REF ? (env.clientSecret ?? null) : await secrets.get(secretRef);
  rememberSecret(clientId);
  rememberSecret(clientSecret);
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

function avitoAccountByUser(db: SqlRunner, userId: string): Account | undefined {
  return db.get(db.build.selectFrom('accounts').selectAll().where('avito_user_id', '=', userId));
}

function normaliseIdentity(identity: { userId: string | number; name: string }): AvitoIdentity {
  const userId = String(identity.userId).trim();
  // A pair whose self has no numeric id cannot address any Messenger path (CONTRACT §1.3).
  if (!/^\d+$/.test(userId)) throw new CoreError('avito_identity_invalid');
  return { userId, name: identity.name.trim() || `Avito ${userId}` };
}

function upsertAvitoAccount(
  db: SqlRunner,
  args: {
    identity: AvitoIdentity;
    name: string;
    refs: { clientId: string; clientSecret: string };
    existingId: number | null;
    now: Date;
  },
): Account {
  const stamp = args.now.toISOString();
  const values = {
    name: args.name,
    marketplace: 'avito' as const,
    avito_user_id: args.identity.userId,
    avito_client_id_ref: args.refs.clientId,
    avito_client_secret_ref: args.refs.clientSecret,
    // WB's token columns stay empty: WB's scheduler and dispatcher skip accounts without a token.
    token_ref: null,
    seller_id: null,
    updated_at: stamp,
  };
  return db.transaction(() => {
    if (args.existingId !== null) {
      db.run(db.build.updateTable('accounts').set(values).where('id', '=', args.existingId));
      return accountRow(db, args.existingId);
    }
    const id = db.run(
      db.build.insertInto('accounts').values({ ...values, is_demo: 0, created_at: stamp }),
    ).lastInsertRowid;
    return accountRow(db, Number(id));
  });
}
