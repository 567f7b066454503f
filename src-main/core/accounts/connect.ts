import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { coveredChannels, type AccountView } from '../../../src-shared/domain/account';
import { normaliseToken } from '../../../src-shared/domain/token';
import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import type { Account, AccountsTable } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { accountRow, toAccountView } from '../inbox/accounts';
import { rememberSecret } from '../redact';
import type { SecretStore } from '../secrets';
import { tokenWarning } from '../sync/sync-service';
import { assertTokenUsable, decodeWbToken, tokenScopes, type WbTokenFacts } from '../wb/token';

/** token_ref of the account whose token comes from AGENTIQ_WB_TOKEN instead of the keychain. */
export const ENV_TOKEN_REF = 'env:AGENTIQ_WB_TOKEN';

/**
 * Connects a WB shop: the token is checked locally (malformed, expired or without the needed
 * categories is refused before anything is written), goes to the keychain, and the account row
 * keeps only the reference name and the token's decoded facts.
 */
export async function connectAccount(
  db: SqlRunner,
  secrets: SecretStore,
  input: { token: string; name?: string },
  now: Date,
): Promise<{ account: AccountView; warnings: CoreMessage[] }> {
  // Masked from every error text from here on, even if it turns out not to be a usable token.
  rememberSecret(input.token);
  const token = normaliseToken(input.token);
  const facts = decodeWbToken(token);
  assertTokenUsable(facts, now);
  const existing = facts.sellerId
    ? db.get(
        db.build
          .selectFrom('accounts')
          .selectAll()
          .where('seller_id', '=', facts.sellerId)
          .where('is_demo', '=', 0)
          .where('token_ref', '!=', ENV_TOKEN_REF),
      )
    : undefined;
  const ref = existing?.token_ref ?? `wb-token:${randomUUID()}`;
  // Keychain first: if it is unavailable the seller gets the reason and nothing is written.
  await secrets.set(ref, token);
  const account = upsertAccount(db, {
    ref,
    facts,
    name: input.name ?? existing?.name ?? defaultName(facts),
    existingId: existing?.id ?? null,
    now,
  });
  return { account: toAccountView(account), warnings: tokenWarnings(facts, now) };
}

/** The default account of AGENTIQ_WB_TOKEN (tests, automation): facts refreshed on every start. */
/** The id of the AGENTIQ_WB_TOKEN account, if one was ever made. */
export function envAccountId(db: SqlRunner): number | null {
  return db.get(db.build.selectFrom('accounts').select('id').where('token_ref', '=', ENV_TOKEN_REF))?.id ?? null;
}

export function ensureEnvAccount(db: SqlRunner, token: string, now: Date): Account {
  const facts = decodeWbToken(token);
  const existing = db.get(db.build.selectFrom('accounts').selectAll().where('token_ref', '=', ENV_TOKEN_REF));
  return upsertAccount(db, {
    ref: ENV_TOKEN_REF,
    facts,
    name: existing?.name ?? defaultName(facts),
    existingId: existing?.id ?? null,
    now,
  });
}

function upsertAccount(
  db: SqlRunner,
  args: { ref: string; facts: WbTokenFacts; name: string; existingId: number | null; now: Date },
): Account {
  const stamp = args.now.toISOString();
  const values = {
    name: args.name,
    token_ref: args.ref,
    token_expires_at: args.facts.expiresAt?.toISOString() ?? null,
    token_scopes: JSON.stringify(tokenScopes(args.facts)),
    token_type: args.facts.type,
    token_read_only: args.facts.readOnly ? 1 : 0,
    token_sandbox: args.facts.sandbox ? 1 : 0,
    seller_id: args.facts.sellerId,
    updated_at: stamp,
  } satisfies Partial<Insertable<AccountsTable>>;
  if (args.existingId !== null) {
    db.run(db.build.updateTable('accounts').set(values).where('id', '=', args.existingId));
    return accountRow(db, args.existingId);
  }
  const id = db.run(
    db.build.insertInto('accounts').values({ ...values, is_demo: 0, created_at: stamp }),
  ).lastInsertRowid;
  return accountRow(db, Number(id));
}

function defaultName(facts: WbTokenFacts): string {
  // eslint-disable-next-line no-restricted-syntax -- the account's name is data the seller may rename, not a message
  return facts.sellerId ? `Магазин WB ${facts.sellerId.slice(0, 8)}` : 'Магазин WB';
}

export function tokenWarnings(facts: WbTokenFacts, now: Date): CoreMessage[] {
  const warnings: CoreMessage[] = [];
  const expiry = tokenWarning(facts.expiresAt, now);
  if (expiry) warnings.push(expiry);
  const covered = coveredChannels({ isDemo: false, tokenScopes: tokenScopes(facts) });
  if (facts.readOnly) warnings.push(coreMessage('token_note_read_only'));
  if (!covered.includes('review')) warnings.push(coreMessage('token_note_no_feedbacks_questions'));
  if (!covered.includes('chat')) warnings.push(coreMessage('token_note_no_buyer_chat'));
  if (facts.type === 'base') warnings.push(coreMessage('token_note_base'));
  if (facts.sandbox) warnings.push(coreMessage('token_note_sandbox'));
  return warnings;
}
