import { coveredChannels } from '../../../src-shared/domain/account';
import { normaliseToken } from '../../../src-shared/domain/token';
import { CoreError } from '../errors';

/** Token type from the JWT `acc` field (CONTRACT §0.1). Base tokens get much lower limits (§1.2). */
export type WbTokenType = 'base' | 'test' | 'personal' | 'service' | 'unknown';

export interface WbTokenFacts {
  tokenId: string | null;
  sellerId: string | null;
  expiresAt: Date | null;
  type: WbTokenType;
  /** Test tokens (`t: true`) talk to the sandbox host. */
  sandbox: boolean;
  feedbacksAndQuestions: boolean;
  buyerChat: boolean;
  readOnly: boolean;
}

/** `s` bit positions (CONTRACT §0.1), tested as `s & (1 << pos)` like independent clients do. */
const BIT_FEEDBACKS_QUESTIONS = 7;
const BIT_BUYER_CHAT = 9;
const BIT_READ_ONLY = 30;
const TYPES: Record<number, WbTokenType> = { 1: 'base', 2: 'test', 3: 'personal', 4: 'service' };

export const EXPIRY_WARNING_DAYS = 14;

const malformed = (problem: 'not_jwt' | 'unreadable' | 'no_scopes') => new CoreError('wb_token_malformed', { problem });

/**
 * Decodes a WB API token locally (WB no longer offers introspection, CONTRACT §0.1). The
 * signature is WB's to check; we only need the payload, and a malformed token is refused
 * before any request is made.
 */
export function decodeWbToken(raw: string): WbTokenFacts {
  const token = normaliseToken(raw);
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) throw malformed('not_jwt');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw malformed('unreadable');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw malformed('unreadable');
  const s = typeof payload.s === 'number' && Number.isInteger(payload.s) ? payload.s : null;
  if (s === null) throw malformed('no_scopes');
  const has = (bit: number) => Math.floor(s / 2 ** bit) % 2 === 1; // s can exceed 2^31: no bitwise ops
  const exp = typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null;
  return {
    tokenId: typeof payload.id === 'string' ? payload.id : null,
    sellerId: typeof payload.sid === 'string' ? payload.sid : null,
    expiresAt: exp,
    type: typeof payload.acc === 'number' ? (TYPES[payload.acc] ?? 'unknown') : 'unknown',
    sandbox: payload.t === true,
    feedbacksAndQuestions: has(BIT_FEEDBACKS_QUESTIONS),
    buyerChat: has(BIT_BUYER_CHAT),
    readOnly: has(BIT_READ_ONLY),
  };
}

export function tokenScopes(facts: WbTokenFacts): string[] {
  return [
    ...(facts.feedbacksAndQuestions ? ['feedbacks_questions'] : []),
    ...(facts.buyerChat ? ['buyer_chat'] : []),
    ...(facts.readOnly ? ['read_only'] : []),
  ];
}

export function assertTokenUsable(facts: WbTokenFacts, now: Date): void {
  if (facts.expiresAt && facts.expiresAt.getTime() <= now.getTime())
    throw new CoreError('wb_token_expired', { expiredAt: facts.expiresAt.toISOString() });
  if (coveredChannels({ isDemo: false, tokenScopes: tokenScopes(facts) }).length === 0)
    throw new CoreError('wb_token_no_channels');
}

export function daysUntilExpiry(facts: Pick<WbTokenFacts, 'expiresAt'>, now: Date): number | null {
  return facts.expiresAt ? Math.floor((facts.expiresAt.getTime() - now.getTime()) / 86_400_000) : null;
}
