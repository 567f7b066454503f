import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src-main/core/wb/limits';

/** WB's F&Q row: burst 6, one request every 334 ms (ours 2 % slower). */
function bucket() {
  let now = 0;
  const b = new TokenBucket({ burst: 6, intervalMs: 334 }, () => now);
  return { b, advance: (ms: number) => (now += ms) };
}

describe('the client token bucket and WB’s X-Ratelimit-Remaining', () => {
  it('keeps the fraction it has refilled when WB’s whole count agrees, so the next request waits only what is left of the interval', () => {
    const { b, advance } = bucket();
    expect(b.tryTake()).toBe(0);
    // The response came 200 ms later; WB's bucket is below one request.
    advance(200);
    b.observeRemaining(0);
    // Only the rest of the interval (334 × 1.02 ≈ 341 ms in all), not a whole one from the response.
    const wait = b.tryTake();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(152);
  });

  it('takes WB’s count when ours is outside it, up or down', () => {
    const { b } = bucket();
    expect(b.tryTake()).toBe(0);
    // WB says 5 remain: ours (0) rises to them (one kept back as headroom: capacity 5).
    b.observeRemaining(5);
    for (let i = 0; i < 5; i += 1) expect(b.tryTake()).toBe(0);
    expect(b.tryTake()).toBeGreaterThan(0);
    // Someone else spent WB's bucket: ours drops to its count.
    const other = bucket();
    other.advance(10_000);
    other.b.observeRemaining(0);
    expect(other.b.tryTake()).toBeGreaterThan(300);
  });
});
