import { normaliseToken } from '../../src-shared/domain/token';

/** What a secret becomes in any text this process stores, logs, prints or returns. */
// eslint-disable-next-line no-restricted-syntax -- the mask stands where a secret was, inside texts the seller reads
export const REDACTED = '[скрыто]';

/**
 * Shorter strings are not treated as secrets: masking them would garble ordinary text. WB tokens
 * are JWTs of a few hundred characters; the IPC contract takes AI keys of 8 characters and more.
 */
const MIN_SECRET_LENGTH = 8;

/**
 * Every secret this process has seen (WB tokens from the keychain or AGENTIQ_WB_TOKEN, AI keys),
 * in every form it is masked in, longest first. Process-wide on purpose, unlike the rest of core
 * (DESIGN §1 passes dependencies in): a secret must be masked on every way out of the process —
 * core's logger and stores, the shells' own loggers, the CLI's stderr — and not all of those hold
 * a core. It only grows: a key the seller removed is still a secret if a server echoes it later.
 */
let forms: string[] = [];

/** Called wherever core reads or receives a secret: connect, tokenFor, the env token, AI key get/set, the WB client. */
export function rememberSecret(secret: string | null | undefined): void {
  if (!secret) return;
  const known = new Set(forms);
  for (const candidate of [secret.trim(), normaliseToken(secret)]) {
    if (candidate.length < MIN_SECRET_LENGTH) continue;
    for (const form of encodingsOf(candidate)) known.add(form);
  }
  if (known.size !== forms.length) forms = [...known].sort((a, b) => b.length - a.length);
}

/**
 * The shapes in which a server that echoes a request returns a secret: as sent, URL-encoded (upper
 * or lower-case hex), JSON-escaped (with the solidus escaped too, as some serialisers do, and twice
 * when the echo is itself embedded in JSON), and base64 / base64url. A «Bearer » prefix needs no
 * form of its own: the secret after it is masked, leaving «Bearer [скрыто]».
 */
function encodingsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  return [
    secret,
    url,
    url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    json,
    json.replaceAll('/', '\\/'),
    JSON.stringify(json).slice(1, -1),
    Buffer.from(secret, 'utf8').toString('base64'),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
}

/** The text with every known secret masked. Call it on the whole text, before any cut: an excerpt may end inside a secret. */
export function redact(text: string): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** A one-line, bounded excerpt of text from outside (a server's error body), secrets masked first. */
export function excerpt(text: string, max: number): string {
  const line = redact(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** A value with every string inside masked (log fields): objects and arrays walked, errors reduced to name and message. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (seen.has(value) || depth > 8) return '[…]';
  seen.add(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, depth + 1, seen)]));
}
