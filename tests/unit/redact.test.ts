import { describe, expect, it } from 'vitest';
import { redactingLogger, type Logger } from '../../src-main/core/logger';
import { excerpt, REDACTED, redact, redactValue, rememberSecret } from '../../src-main/core/redact';

// The registry is process-wide: each test remembers secrets of its own.
const secret = (label: string) => `${label}-Ab/Cd+Ef=Gh"Ij\\Kl_${Math.random().toString(36).slice(2)}`;

describe('redact: every known secret masked, in the forms an echo returns it', () => {
  it('as sent, after «Bearer », URL-encoded (either hex case), JSON-escaped (once, twice, solidus too), base64', () => {
    const key = secret('key');
    rememberSecret(key);
    const json = JSON.stringify(key).slice(1, -1);
    const forms = [
      key,
      `Bearer ${key}`,
      encodeURIComponent(key),
      encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
      json,
      json.replaceAll('/', '\\/'),
      JSON.stringify(json).slice(1, -1),
      Buffer.from(key).toString('base64'),
      Buffer.from(key).toString('base64url'),
    ];
    for (const form of forms) {
      const text = redact(`proxy says: authorization=${form}; bye`);
      expect(text, form).toBe(
        `proxy says: authorization=${form.startsWith('Bearer ') ? 'Bearer ' : ''}${REDACTED}; bye`,
      );
    }
  });

  it('a token remembered with its «Bearer » prefix and spaces is masked as the raw token', () => {
    const token = secret('tok');
    rememberSecret(`  Bearer ${token} `);
    expect(redact(`authorization: ${token}`)).toBe(`authorization: ${REDACTED}`);
  });

  it('text without a known secret, and strings too short to be a secret, stay as they are', () => {
    rememberSecret('short');
    rememberSecret(null);
    expect(redact('a short reply, nothing secret')).toBe('a short reply, nothing secret');
  });

  it('an excerpt masks before it cuts, so it never ends in a piece of the secret', () => {
    const token = secret('cut').repeat(4);
    rememberSecret(token);
    const cut = excerpt(`header: ${token}\n\nrest`, 20);
    expect(cut).toBe(`header: ${REDACTED} res…`);
    expect(cut).not.toContain(token.slice(0, 8));
  });

  it('log fields are masked however deep, errors reduced to name and masked message', () => {
    const key = secret('log');
    rememberSecret(key);
    const entries: unknown[] = [];
    const sink: Logger = {
      debug: () => {},
      info: () => {},
      warn: (message, fields) => void entries.push({ message, fields }),
      error: () => {},
    };
    const cyclic: Record<string, unknown> = { token: key };
    cyclic.self = cyclic;
    redactingLogger(sink).warn(`failed for ${key}`, {
      error: new Error(`echo ${key}`),
      nested: [{ body: `{"auth":"${key}"}` }],
      cyclic,
      count: 3,
    });
    expect(JSON.stringify(entries)).not.toContain(key.slice(0, 10));
    expect(entries[0]).toMatchObject({
      message: `failed for ${REDACTED}`,
      fields: { error: { name: 'Error', message: `echo ${REDACTED}` }, count: 3 },
    });
    expect(redactValue({ at: new Date(0) })).toEqual({ at: new Date(0) });
  });
});
