import PQueue from 'p-queue';

/** Who is waiting: the seller's own action (send, read, open a chat) or the background sync. */
export type AvitoPriority = 'user' | 'background';

export interface AvitoPacerOptions {
  /** Spacing of background requests (default 1000 ms). */
  intervalMs?: number;
  /** Off: no spacing (benchmarks); a 429's block still holds. */
  pacing?: boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Remaining at or below this: background spacing grows (LOW_FACTOR ×). */
const LOW_REMAINING = 2;
const LOW_FACTOR = 5;
/** X-RateLimit-Limit is per minute (the spec's header description, CONTRACT §3): the window we wait out at 0. */
const WINDOW_MS = 60_000;

/**
 * Per-account pacing. Avito publishes no Messenger limits (CONTRACT §3), so this is a conservative
 * guess [INF]: background requests start at most one per `intervalMs`, one after another (a p-queue
 * of one); the seller's actions skip that queue and go at once, pushing the background back by one
 * interval. A 429 blocks both until its time. When Avito sends X-RateLimit-Remaining (most answers
 * carry none), a low count widens the spacing and 0 holds the background for the rest of the window.
 */
export class AvitoPacer {
  private readonly queue = new PQueue({ concurrency: 1 });
  private nextBackgroundAt = 0;
  private blockedUntil = 0;
  private factor = 1;
  private readonly intervalMs: number;

  constructor(private readonly options: AvitoPacerOptions) {
    this.intervalMs = options.intervalMs ?? 1_000;
  }

  /** Resolves when a request of this priority may start. */
  async slot(priority: AvitoPriority): Promise<void> {
    if (priority === 'user') {
      await this.waitUntil(() => this.blockedUntil);
      this.nextBackgroundAt = Math.max(this.nextBackgroundAt, this.options.now() + this.spacing());
      return;
    }
    await this.queue.add(async () => {
      await this.waitUntil(() => Math.max(this.blockedUntil, this.nextBackgroundAt));
      this.nextBackgroundAt = this.options.now() + this.spacing();
    });
  }

  /** Avito refused with 429 (or said the window is spent): nothing starts for `ms`. */
  blockFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.options.now() + ms);
  }

  /** Milliseconds left of a block, 0 when none (the outbox may defer rather than wait). */
  blockedMs(): number {
    return Math.max(0, this.blockedUntil - this.options.now());
  }

  /**
   * Reads X-RateLimit-Remaining / -Reset when Avito sends them. Not on a 429: its own wait
   * (Retry-After or backoff) decides, and its Remaining of 0 says nothing more.
   */
  observe(status: number, headers: Record<string, string | string[] | undefined>): void {
    if (status === 429 || this.options.pacing === false) return;
    const remaining = numberHeader(headers, 'x-ratelimit-remaining');
    if (remaining === null) return;
    this.factor = remaining <= LOW_REMAINING ? LOW_FACTOR : 1;
    const now = this.options.now();
    if (remaining <= 0) {
      const reset = numberHeader(headers, 'x-ratelimit-reset');
      // Reset may be seconds to wait or an epoch time: a value larger than a day is read as epoch seconds [INF].
      const ms = reset === null ? WINDOW_MS : reset > 86_400 ? reset * 1000 - now : Math.max(1, reset) * 1000;
      this.nextBackgroundAt = Math.max(this.nextBackgroundAt, now + Math.min(ms, WINDOW_MS));
    } else this.nextBackgroundAt = Math.max(this.nextBackgroundAt, now + this.spacing());
  }

  private spacing(): number {
    return this.options.pacing === false ? 0 : this.intervalMs * this.factor;
  }

  private async waitUntil(at: () => number): Promise<void> {
    for (;;) {
      const wait = at() - this.options.now();
      if (wait <= 0) return;
      await this.options.sleep(wait);
    }
  }
}

export function numberHeader(headers: Record<string, string | string[] | undefined>, name: string): number | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
