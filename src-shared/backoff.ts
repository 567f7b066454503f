/** How a retry schedule grows: the first retry waits up to `baseMs`, each next one twice that, never more than `capMs`. */
export interface BackoffSpec {
  baseMs: number;
  capMs: number;
}

/**
 * The one backoff formula (the WB client's retries, the outbox's, the renderer's reconnects to
 * the host): exponential with equal jitter.
 * The `attempt`-th retry (1-based) waits between half and all of min(cap, base · 2^(attempt−1)):
 * the fixed half keeps a retry from firing at once, the random half spreads clients apart.
 */
export function backoffMs(attempt: number, spec: BackoffSpec, random: () => number): number {
  const ceiling = Math.min(spec.capMs, spec.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
