import { describe, expect, it } from 'vitest';
import { assertTokenUsable, decodeWbToken, tokenScopes } from '../../src-main/core/wb/token';
import { bucketFor } from '../../src-main/core/wb/limits';
import { makeWbToken } from '../wb-sim';

describe('WB token decoding (CONTRACT §0.1)', () => {
  it('reads scopes from the s bits, type from acc, sandbox from t and expiry from exp', () => {
    const expiresAt = new Date('2027-03-01T00:00:00Z');
    const facts = decodeWbToken(makeWbToken({ scopes: ['feedbacks'], type: 'personal', expiresAt, sellerId: 'seller-1' }));
    expect(facts).toMatchObject({ feedbacksAndQuestions: true, buyerChat: false, readOnly: false, type: 'personal', sandbox: false, sellerId: 'seller-1' });
    expect(facts.expiresAt?.toISOString()).toBe(expiresAt.toISOString());
    expect(decodeWbToken(makeWbToken({ scopes: ['chat'], readOnly: true })).readOnly).toBe(true);
    expect(tokenScopes(decodeWbToken(makeWbToken({ readOnly: true })))).toEqual(['feedbacks_questions', 'buyer_chat', 'read_only']);
    expect(decodeWbToken(makeWbToken({ type: 'test' }))).toMatchObject({ type: 'test', sandbox: true });
    expect(decodeWbToken(makeWbToken({ type: 'base' })).type).toBe('base');
  });

  it('accepts a Bearer prefix and surrounding spaces', () => {
    expect(decodeWbToken(`  Bearer ${makeWbToken()}  `).buyerChat).toBe(true);
  });

  it('refuses malformed tokens with a clear message and no secret in it', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'a.!!.c', `x.${Buffer.from('not json').toString('base64url')}.y`, `x.${Buffer.from('{"id":1}').toString('base64url')}.y`]) {
      expect(() => decodeWbToken(bad)).toThrow(/не похоже на токен WB API/);
    }
  });

  it('refuses an expired token and one without the needed categories', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    expect(() => assertTokenUsable(decodeWbToken(makeWbToken({ expiresAt: new Date('2026-11-21T00:00:00Z') })), now)).toThrow(/истёк/);
    const noScopes = decodeWbToken(makeWbToken({ scopes: [] }));
    expect(() => assertTokenUsable(noScopes, now)).toThrow(/нет доступа/);
  });

  it('base tokens get WB’s reduced limits (CONTRACT §1.2)', () => {
    expect(bucketFor('feedbacks_questions', 'personal')).toEqual({ burst: 6, intervalMs: 334 });
    expect(bucketFor('feedbacks_questions', 'base')).toEqual({ burst: 1, intervalMs: 12 * 60_000 });
    expect(bucketFor('chat', 'base')).toEqual({ burst: 1, intervalMs: 60 * 60_000 });
  });
});
