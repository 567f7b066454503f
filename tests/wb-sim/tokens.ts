// WB API tokens (CONTRACT §0.1): a JWT whose payload carries id, s (access bitmask), sid, exp,
// acc (token type), for, t. The real gateway verifies an ES256 signature; the simulator only
// requires the signature part to be present and valid base64url.
import { randomBytes, randomUUID } from 'node:crypto';

export type WbScope = 'feedbacks' | 'chat';
export type WbTokenType = 'base' | 'test' | 'personal' | 'service';

/** Bit positions from the WB doc, tested as `s & (1 << pos)` (bit 7 = mask 128, bit 9 = 512). */
export const SCOPE_BIT = { feedbacks: 7, chat: 9, readOnly: 30 } as const;

const ACC: Record<WbTokenType, number> = { base: 1, test: 2, personal: 3, service: 4 };
const TYPE_BY_ACC: Record<number, WbTokenType> = { 1: 'base', 2: 'test', 3: 'personal', 4: 'service' };

/** Default seller: tokens minted without `sellerId` share one rate-limit bucket, like one real account. */
export const DEFAULT_SELLER_ID = '3f1c2a9e-7b4d-4e8a-9c61-0d5e2b7a4f10';

export interface MakeWbTokenOptions {
  sellerId?: string;
  scopes?: WbScope[];
  readOnly?: boolean;
  type?: WbTokenType;
  expiresAt?: Date;
  id?: string;
  /** Service tokens carry `for: "asid:<serviceId>"`. */
  serviceId?: number;
}

export interface WbTokenPayload {
  id: string;
  s: number;
  sid: string;
  exp: number;
  acc: number;
  for?: string;
  t?: boolean;
}

export interface WbTokenInfo {
  payload: WbTokenPayload;
  type: WbTokenType;
  sellerId: string;
  readOnly: boolean;
  has(scope: WbScope): boolean;
}

const b64url = (v: Buffer | string): string => Buffer.from(v).toString('base64url');

/** Mints a realistic 3-part token. Default: personal, both scopes, expires in 120 days. */
export function makeWbToken(options: MakeWbTokenOptions = {}): string {
  const type = options.type ?? 'personal';
  const scopes = options.scopes ?? ['feedbacks', 'chat'];
  let s = 0;
  for (const scope of scopes) s |= 1 << SCOPE_BIT[scope];
  if (options.readOnly) s |= 1 << SCOPE_BIT.readOnly;
  const exp = options.expiresAt ?? new Date(Date.now() + 120 * 86_400_000);
  const payload: WbTokenPayload = {
    id: options.id ?? randomUUID(),
    s,
    sid: options.sellerId ?? DEFAULT_SELLER_ID,
    exp: Math.floor(exp.getTime() / 1000),
    acc: ACC[type],
  };
  if (type === 'personal') payload.for = 'self';
  if (type === 'service') payload.for = `asid:${options.serviceId ?? 100542}`;
  if (type === 'test') payload.t = true;
  const header = { alg: 'ES256', kid: '20250201v1', typ: 'JWT' };
  // ES256 signatures are 64 raw bytes -> 86 base64url chars.
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${b64url(randomBytes(64))}`;
}

export type TokenCheck = { ok: true; token: WbTokenInfo } | { ok: false; detail: string };

const B64URL_RE = /^[A-Za-z0-9_-]+$/;

function decodePart(part: string, what: string): { ok: true; value: unknown } | { ok: false; detail: string } {
  if (!B64URL_RE.test(part)) return { ok: false, detail: `token is malformed: could not base64 decode ${what}` };
  try {
    return { ok: true, value: JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) };
  } catch {
    return { ok: false, detail: `token is malformed: could not JSON decode ${what}` };
  }
}

/**
 * Parses the Authorization header value. Accepts a raw token and `Bearer <token>`
 * (CONTRACT §0: the KB shows Bearer, many clients send the raw token).
 */
export function checkWbToken(authorization: string | undefined, nowMs: number): TokenCheck {
  if (!authorization || !authorization.trim()) return { ok: false, detail: 'empty Authorization header' };
  const raw = authorization.trim().replace(/^Bearer\s+/i, '');
  const parts = raw.split('.');
  if (parts.length !== 3)
    return { ok: false, detail: 'token problem; token is malformed: token contains an invalid number of segments' };
  const [h, p, sig] = parts as [string, string, string];
  if (!sig || !B64URL_RE.test(sig)) {
    const at = sig ? [...sig].findIndex((c) => !B64URL_RE.test(c)) : 0;
    return {
      ok: false,
      detail: `token problem; token is malformed: could not base64 decode signature: illegal base64 data at input byte ${Math.max(at, 0)}`,
    };
  }
  const header = decodePart(h, 'header');
  if (!header.ok) return { ok: false, detail: `token problem; ${header.detail}` };
  const body = decodePart(p, 'payload');
  if (!body.ok) return { ok: false, detail: `token problem; ${body.detail}` };
  const pl = body.value as Partial<WbTokenPayload> | null;
  if (
    !pl ||
    typeof pl !== 'object' ||
    typeof pl.s !== 'number' ||
    typeof pl.sid !== 'string' ||
    typeof pl.exp !== 'number'
  ) {
    return { ok: false, detail: 'token problem; token is malformed: required claims missing' };
  }
  const type = TYPE_BY_ACC[pl.acc ?? -1];
  if (!type) return { ok: false, detail: 'token problem; token is malformed: unknown token type' };
  if (pl.exp * 1000 <= nowMs) return { ok: false, detail: 'token problem; token is expired' };
  const s = pl.s;
  const payload = pl as WbTokenPayload;
  return {
    ok: true,
    token: {
      payload,
      type,
      sellerId: payload.sid,
      readOnly: (s & (1 << SCOPE_BIT.readOnly)) !== 0,
      has: (scope) => (s & (1 << SCOPE_BIT[scope])) !== 0,
    },
  };
}
