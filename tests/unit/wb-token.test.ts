import { describe, expect, it } from 'vitest';
import { assertTokenUsable, decodeWbToken, tokenScopes } from '../../src-main/core/wb/token';
import { bucketFor } from '../../src-main/core/wb/limits';
import { makeWbToken } from '../wb-sim';

describe('WB token decoding (CONTRACT §0.1)', () => {
  it('reads scopes from the s bits, type from acc, sandbox from t and expiry from exp', () => {
    const expiresAt = new Date('2027-03-01T00:00:00Z');
    const facts = decodeWbToken(
      makeWbToken({ scopes: ['feedbacks'], type: 'personal', expiresAt, sellerId: 'seller-1' }),
    );
    expect(facts).toMatchObject({
      feedbacksAndQuestions: true,
      buyerChat: false,
      readOnly: false,
      type: 'personal',
      sandbox: false,
      sellerId: 'seller-1',
    });
    expect(facts.expiresAt?.toISOString()).toBe(expiresAt.toISOString());
    expect(decodeWbToken(makeWbToken({ scopes: ['chat'], readOnly: true })).readOnly).toBe(true);
    expect(tokenScopes(decodeWbToken(makeWbToken({ readOnly: true })))).toEqual([
      'feedbacks_questions',
      'buyer_chat',
      'read_only',
    ]);
    expect(decodeWbToken(makeWbToken({ type: 'test' }))).toMatchObject({ type: 'test', sandbox: true });
    expect(decodeWbToken(makeWbToken({ type: 'base' })).type).toBe('base');
  });

  it('accepts a Bearer prefix and surrounding spaces', () => {
    expect(decodeWbToken(`  Bearer ${makeWbToken()}  `).buyerChat).toBe(true);
  });

  it('refuses malformed tokens with a code saying what is wrong and no secret in it', () => {
    const cases = [
      ['', 'not_jwt'],
      ['abc', 'not_jwt'],
      ['a.b', 'not_jwt'],
      ['a.b.c.d', 'not_jwt'],
      ['a.!!.c', 'not_jwt'],
      [`x.${Buffer.from('not json').toString('base64url')}.y`, 'unreadable'],
      [`x.${Buffer.from('{"id":1}').toString('base64url')}.y`, 'no_scopes'],
    ] as const;
    for (const [bad, problem] of cases) {
      expect(() => decodeWbToken(bad)).toThrow(
        expect.objectContaining({ code: 'wb_token_malformed', params: { problem } }),
      );
    }
    const error: unknown = (() => {
      try {
        return decodeWbToken(`secret-part.${Buffer.from('not json').toString('base64url')}.y`);
      } catch (caught) {
        return caught;
      }
    })();
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('secret-part');
  });

  it('refuses an expired token and one without the needed categories', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    expect(() =>
      assertTokenUsable(decodeWbToken(makeWbToken({ expiresAt: new Date('2026-11-21T00:00:00Z') })), now),
    ).toThrow(expect.objectContaining({ code: 'wb_token_expired', params: { expiredAt: '2026-11-21T00:00:00.000Z' } }));
    const noScopes = decodeWbToken(makeWbToken({ scopes: [] }));
    expect(() => assertTokenUsable(noScopes, now)).toThrow(expect.objectContaining({ code: 'wb_token_no_channels' }));
  });

  it('base tokens get WB’s reduced limits (CONTRACT §1.2)', () => {
    expect(bucketFor('feedbacks_questions', 'personal')).toEqual({ burst: 6, intervalMs: 334 });
    expect(bucketFor('feedbacks_questions', 'base')).toEqual({ burst: 1, intervalMs: 12 * 60_000 });
    expect(bucketFor('chat', 'base')).toEqual({ burst: 1, intervalMs: 60 * 60_000 });
  });
});
