import type { WbTokenType } from './token';

/** The WB limit groups (CONTRACT §1.2): one queue and one token bucket each. */
export type WbLimitGroup = 'feedbacks_questions' | 'chat' | 'chat_download';

export interface BucketSpec {
  /** Requests that may go at once. */
  burst: number;
  /** Milliseconds for one request's worth to refill (WB's "interval"). */
  intervalMs: number;
}

/**
 * Published limits (spec of 2026-07-22). Personal, Service and Test tokens get the normal row;
 * Base tokens the reduced one phased in from 2026-04-16 (WB forum topic 2150).
 */
const NORMAL: Record<WbLimitGroup, BucketSpec> = {
  feedbacks_questions: { burst: 6, intervalMs: 334 },
  chat: { burst: 10, intervalMs: 1_000 },
  chat_download: { burst: 10, intervalMs: 1_000 },
};
const BASE: Record<WbLimitGroup, BucketSpec> = {
  feedbacks_questions: { burst: 1, intervalMs: 12 * 60_000 },
  chat: { burst: 1, intervalMs: 60 * 60_000 },
  chat_download: { burst: 1, intervalMs: 6 * 60_000 },
};

export function bucketFor(group: WbLimitGroup, type: WbTokenType): BucketSpec {
  return (type === 'base' ? BASE : NORMAL)[group];
}

/**
 * A client-side token bucket mirroring WB's, slightly slower than the server's (the clocks
 * differ), so a sync never earns a 429 by itself: it refills no faster than WB's and, told WB's
 * `Remaining`, never rises above it (minus our requests still on their way), so it never counts
 * a request WB's bucket does not hold, however late or early each request arrives. It starts with one token, not a full burst
 * (another process, or the previous run, may have drained the server's bucket); the server's
 * `X-Ratelimit-Remaining` then sets it (up and down), and a 429's retry time blocks it.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  /** Nothing may go before this (a 429's X-Ratelimit-Retry); honoured even with pacing off. */
  private blockedUntil = 0;
  private readonly capacity: number;
  private readonly intervalMs: number;

  constructor(
    spec: BucketSpec,
    private readonly now: () => number,
    safety = 1.02,
  ) {
    // One token of headroom when the burst allows it: a request in flight when we start counts too.
    this.capacity = Math.max(1, spec.burst - (spec.burst > 2 ? 1 : 0));
    this.intervalMs = spec.intervalMs * safety;
    this.tokens = 1;
    this.updatedAt = now();
  }

  /** Milliseconds to wait before a request may go (0 = now); takes the token when it returns 0. */
  tryTake(): number {
    const blocked = this.blockedMs();
    if (blocked > 0) return blocked;
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * this.intervalMs);
  }

  /** Milliseconds left of a server-imposed block (429), 0 when none. */
  blockedMs(): number {
    return Math.max(0, this.blockedUntil - this.now());
  }

  /**
   * The server said how many whole requests remain: its bucket holds between `remaining` and
   * `remaining + 1`. A count of ours inside that range is kept with its fraction (it refills
   * slower than the server's, so it stays at or below the server's); one outside it is set to
   * `remaining`, up or down. Setting it always (the fraction dropped after every response) would
   * add a response's latency to every interval: the sync would run well below WB's rate.
   */
  observeRemaining(remaining: number): void {
    this.refill();
    const whole = Math.max(0, Math.floor(remaining));
    if (this.tokens < whole || this.tokens >= whole + 1) this.tokens = Math.min(this.capacity, whole);
  }

  /** The server answered 429: nothing may go for `retryMs`, and then one request. */
  blockFor(retryMs: number): void {
    this.blockUntil(this.now() + retryMs);
  }

  blockUntil(at: number): void {
    const ms = at - this.now();
    if (ms <= 0) return;
    this.refill();
    this.blockedUntil = Math.max(this.blockedUntil, at);
    this.tokens = Math.min(this.tokens, 1 - ms / this.intervalMs);
  }

  /** A pacing slot known from before (a previous process): no token until `at`. */
  deferUntil(at: number): void {
    const ms = at - this.now();
    if (ms <= 0) return;
    this.refill();
    this.tokens = Math.min(this.tokens, 1 - ms / this.intervalMs);
  }

  /** When the next request could go by pacing alone (now, if a token is there). */
  nextSlotAt(): number {
    this.refill();
    return this.now() + Math.max(0, Math.ceil((1 - this.tokens) * this.intervalMs));
  }

  /** When the server's block ends, or null. */
  blockedUntilAt(): number | null {
    return this.blockedMs() > 0 ? this.blockedUntil : null;
  }

  private refill() {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) / this.intervalMs);
    this.updatedAt = now;
  }
}
