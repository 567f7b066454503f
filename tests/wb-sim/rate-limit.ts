// Token buckets per (seller, group), sized per token type (CONTRACT §1.2). Each bucket holds
// `burst` tokens and refills one token every `intervalMs`.
import type { WbTokenType } from './tokens';

export type LimitGroup = 'fq' | 'chat' | 'download' | 'ping';

export interface BucketSpec {
  intervalMs: number;
  burst: number;
}

const S = 1000;
const H = 3600 * S;

/** §1.2: Personal/Service (and Test, not listed: treated as personal) vs Base. */
export function bucketSpec(group: LimitGroup, type: WbTokenType): BucketSpec {
  const base = type === 'base';
  switch (group) {
    case 'fq': // one bucket "for all methods of the category": 1 s / 3 req / burst 6; base 1 h / 5 / burst 1
      return base ? { intervalMs: 12 * 60 * S, burst: 1 } : { intervalMs: S / 3, burst: 6 };
    case 'chat': // chats + events + message: 10 s / 10 / burst 10; base 1 h / 1 / burst 1
      return base ? { intervalMs: H, burst: 1 } : { intervalMs: S, burst: 10 };
    case 'download': // own table: 10 s / 10 / burst 10; base 1 h / 10 / burst 1
      return base ? { intervalMs: 6 * 60 * S, burst: 1 } : { intervalMs: S, burst: 10 };
    case 'ping': // "max 3 requests per 30 s", whatever the token type
      return { intervalMs: 10 * S, burst: 3 };
  }
}

export type TakeResult =
  { allowed: true; remaining: number } | { allowed: false; retrySec: number; limit: number; resetSec: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number) {}

  private refill(key: string, spec: BucketSpec): Bucket {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: spec.burst, at: t };
      this.buckets.set(key, b);
    }
    if (t > b.at) {
      b.tokens = Math.min(spec.burst, b.tokens + (t - b.at) / spec.intervalMs);
      b.at = t;
    }
    return b;
  }

  take(key: string, spec: BucketSpec): TakeResult {
    const b = this.refill(key, spec);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, remaining: Math.floor(b.tokens) };
    }
    return {
      allowed: false,
      retrySec: Math.max(1, Math.ceil(((1 - b.tokens) * spec.intervalMs) / 1000)),
      limit: spec.burst,
      resetSec: Math.max(1, Math.ceil(((spec.burst - b.tokens) * spec.intervalMs) / 1000)),
    };
  }

  /** Remaining without consuming (for responses that do not count, e.g. 401). */
  peek(key: string, spec: BucketSpec): number {
    return Math.floor(this.refill(key, spec).tokens);
  }

  reset(): void {
    this.buckets.clear();
  }
}
