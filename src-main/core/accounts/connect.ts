import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { coveredChannels, type AccountView } from '../../../src-shared/domain/account';
import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import type { Account } from '../db/schema';
import { toAccountView } from '../inbox/accounts';
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
  sqlite: BetterSqlite3.Database,
  secrets: SecretStore,
  input: { token: string; name?: string },
  now: Date,
): Promise<{ account: AccountView; warnings: CoreMessage[] }> {
  const token = input.token.trim().replace(/^Bearer\s+/i, '');
  const facts = decodeWbToken(token);
  assertTokenUsable(facts, now);
  const existing = facts.sellerId
    ? (sqlite.prepare('SELECT * FROM accounts WHERE seller_id = ? AND is_demo = 0 AND token_ref != ?').get(facts.sellerId, ENV_TOKEN_REF) as Account | undefined)
    : undefined;
  const ref = existing?.token_ref ?? `wb-token:${randomUUID()}`;
  // Keychain first: if it is unavailable the seller gets the reason and nothing is written.
  await secrets.set(ref, token);
  const account = upsertAccount(sqlite, { ref, facts, name: input.name ?? existing?.name ?? defaultName(facts), existingId: existing?.id ?? null, now });
  return { account: toAccountView(account), warnings: tokenWarnings(facts, now) };
}

/** The default account of AGENTIQ_WB_TOKEN (tests, automation): facts refreshed on every start. */
export function ensureEnvAccount(sqlite: BetterSqlite3.Database, token: string, now: Date): Account {
  const facts = decodeWbToken(token);
  const existing = sqlite.prepare('SELECT * FROM accounts WHERE token_ref = ?').get(ENV_TOKEN_REF) as Account | undefined;
  const account = upsertAccount(sqlite, { ref: ENV_TOKEN_REF, facts, name: existing?.name ?? defaultName(facts), existingId: existing?.id ?? null, now });
  return sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(account.id) as Account;
}

function upsertAccount(
  sqlite: BetterSqlite3.Database,
  args: { ref: string; facts: WbTokenFacts; name: string; existingId: number | null; now: Date },
): Account {
  const stamp = args.now.toISOString();
  const values = {
    name: args.name,
    ref: args.ref,
    expires: args.facts.expiresAt?.toISOString() ?? null,
    scopes: JSON.stringify(tokenScopes(args.facts)),
    type: args.facts.type,
    readOnly: args.facts.readOnly ? 1 : 0,
    sandbox: args.facts.sandbox ? 1 : 0,
    seller: args.facts.sellerId,
    stamp,
  };
  if (args.existingId !== null) {
    sqlite
      .prepare(
        `UPDATE accounts SET name = @name, token_ref = @ref, token_expires_at = @expires, token_scopes = @scopes, token_type = @type,
         token_read_only = @readOnly, token_sandbox = @sandbox, seller_id = @seller, updated_at = @stamp WHERE id = @id`,
      )
      .run({ ...values, id: args.existingId });
    return sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(args.existingId) as Account;
  }
  const id = sqlite
    .prepare(
      `INSERT INTO accounts (name, is_demo, token_ref, token_expires_at, token_scopes, token_type, token_read_only, token_sandbox, seller_id, created_at, updated_at)
       VALUES (@name, 0, @ref, @expires, @scopes, @type, @readOnly, @sandbox, @seller, @stamp, @stamp)`,
    )
    .run(values).lastInsertRowid;
  return sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Account;
}

function defaultName(facts: WbTokenFacts): string {
  // eslint-disable-next-line no-restricted-syntax -- the account's name is data the seller may rename, not a message
  return facts.sellerId ? `Магазин WB ${facts.sellerId.slice(0, 8)}` : 'Магазин WB';
}

function tokenWarnings(facts: WbTokenFacts, now: Date): CoreMessage[] {
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
