import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent, errors as undiciErrors, request, type Dispatcher, type FormData } from 'undici';
import PQueue from 'p-queue';
import { excerpt, redact, rememberSecret } from '../redact';
import { backoffMs, type BackoffSpec } from '../../../src-shared/backoff';
import { bucketFor, TokenBucket, type WbLimitGroup } from './limits';
import type { WbTokenType } from './token';

/** Longest excerpt of a server's error body kept in an error (it ends up in the outbox, the log, the UI). */
const MAX_DETAIL = 200;
/** Our own words plus, at most, that excerpt (F&Q `errorText` can be the whole message). */
const MAX_MESSAGE = 400;

export type WbErrorKind =
  'auth' | 'forbidden' | 'rate_limited' | 'server' | 'network' | 'timeout' | 'client' | 'contract';

/**
 * A failed WB call. Its message and detail never contain a secret: the token is only ever a header,
 * and a server (or a proxy) that echoes the request back gets every known secret masked here.
 */
export class WbApiError extends Error {
  /** True when the request provably never reached WB's handler (429, connection refused). */
  notSent = false;
  /** rate_limited: when WB takes requests of this group again (known from X-Ratelimit-Retry). */
  retryAt: Date | null = null;
  /** The server's own words (problem+json `detail`, F&Q `errorText`), masked and bounded. */
  readonly detail: string | null;
  constructor(
    readonly kind: WbErrorKind,
    readonly status: number | null,
    message: string,
    detail: string | null = null,
  ) {
    const masked = redact(message);
    super(masked.length > MAX_MESSAGE ? `${masked.slice(0, MAX_MESSAGE)}…` : masked);
    this.name = 'WbApiError';
    this.detail = detail === null ? null : excerpt(detail, MAX_DETAIL);
  }
  get retryable() {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

export interface WbResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface WbRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: FormData;
  /**
   * False for sends (answers, chat messages): after the request may have reached WB we do not
   * resend blindly — the outbox checks WB first (DESIGN §5). Only refusals that provably never
   * reached the handler (429, connection refused) are retried.
   */
  idempotent?: boolean;
  /** Statuses the caller handles itself (e.g. 202 / 451 on downloads, 422 on get-by-id). */
  accept?: number[];
}

export interface WbHttpStats {
  requests: number;
  rateLimited: number;
  retries: number;
}

/**
 * Rate-limit state that outlives the process (SQLite): per limit group, the time before which
 * no request may go — after a 429 (`retryAt`) or by pacing (`paceAt`, the next free slot).
 */
export interface WbLimitState {
  retryAt: number | null;
  paceAt: number | null;
}
export interface WbLimitStore {
  load(group: WbLimitGroup): WbLimitState | null;
  save(group: WbLimitGroup, state: Partial<WbLimitState>): void;
}

/** Requests of one limit group waiting for their slot or in flight at once (never more than its burst). */
const MAX_IN_FLIGHT = 3;
/** How often a request waiting for its slot looks again while another of its group is in flight. */
const IN_FLIGHT_POLL_MS = 20;

type Outcome =
  | { ok: true; response: WbResponse }
  | { ok: false; error: WbApiError; notSent: boolean; status?: number; final?: boolean };

/** A 429 wait longer than this fails the call at once (rate_limited with retryAt) instead of blocking. */
export const LONG_429_WAIT_MS = 120_000;

export interface WbHttpOptions {
  token: string;
  tokenType: WbTokenType;
  /** Origin per API group; AGENTIQ_WB_BASE_URL points all of them at one origin. */
  origins: Record<'feedbacks' | 'chat', string>;
  timeoutMs?: number;
  maxRetries?: number;
  max429Retries?: number;
  /** Off only for benchmarks against a simulator running without limits; 429 waits are honoured anyway. */
  pacing?: boolean;
  /** Persisted limit state of this account (see WbLimitStore). */
  limitStore?: WbLimitStore;
  /** Default LONG_429_WAIT_MS. */
  longWaitMs?: number;
  /** Told before a pacing wait longer than 10 s (Base tokens: minutes to an hour), so a shell can say so. */
  onLongWait?: (group: WbLimitGroup, until: Date) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  userAgent?: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Retries of 5xx, timeouts and resets: 0.5 s, 1 s, 2 s … up to 30 s. */
const RETRY_BACKOFF: BackoffSpec = { baseMs: 500, capMs: 30_000 };

/**
 * HTTP to WB with the contract's rules (CONTRACT §1, DESIGN §4): one p-queue + token bucket per
 * limit group; 429 honoured via X-Ratelimit-Retry / -Reset; exponential backoff with jitter (src-shared/backoff.ts)
 * on 5xx, timeouts and resets; 401/403 never retried.
 */
export class WbHttp {
  /** Totals, and per limit group. */
  readonly stats: WbHttpStats = { requests: 0, rateLimited: 0, retries: 0 };
  private readonly groupStats = new Map<WbLimitGroup, WbHttpStats>();
  /** The tally of the job whose async context made the call (see `tally`). */
  private readonly tallies = new AsyncLocalStorage<WbHttpStats>();
  /** Requests sent and not yet answered, per group. */
  private readonly flying = new Map<WbLimitGroup, number>();
  private readonly queues = new Map<WbLimitGroup, PQueue>();
  private readonly buckets = new Map<WbLimitGroup, TokenBucket>();
  private readonly dispatcher: Dispatcher;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: WbHttpOptions) {
    rememberSecret(options.token);
    this.sleep = options.sleep ?? realSleep;
    // The limiter's timer, not core's clock: WB's buckets refill in real time, which `sleep` waits
    // out and other processes (the app and the CLI) share as epoch ms in wb_limit_state; a test's
    // frozen or shifted business clock must not stall it. Like performance.now for durations.
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 8 });
  }

  get tokenType(): WbTokenType {
    return this.options.tokenType;
  }

  async call(group: WbLimitGroup, req: WbRequest): Promise<WbResponse> {
    const maxRetries = this.options.maxRetries ?? 5;
    const max429 = this.options.max429Retries ?? 8;
    let failures = 0;
    let limited = 0;
    // Read here, in the caller's async context: the queue runs the request from its own.
    const tally = this.tallies.getStore();
    for (;;) {
      const outcome = await this.queue(group).add(() => this.once(group, req, tally));
      if (outcome.ok) return outcome.response;
      const error = outcome.error;
      if (error.kind === 'rate_limited') {
        if (outcome.status === 429) this.count(group, 'rateLimited', tally);
        error.notSent = true;
        // A long wait (a Base token's hour) fails at once with the time; the next run waits for it.
        if (outcome.final || ++limited > max429) throw error;
        continue; // the bucket already holds the queue for the server's retry time
      }
      error.notSent = outcome.notSent;
      const mayRetry = error.retryable && (req.idempotent !== false || outcome.notSent);
      if (!mayRetry || ++failures > maxRetries) throw error;
      this.count(group, 'retries', tally);
      await this.sleep(backoffMs(failures, RETRY_BACKOFF, this.random));
    }
  }

  /**
   * How long a request of this group would wait right now (pacing, or a 429's block), without
   * taking a slot: the outbox defers a reply instead of holding it in `sending` for that long.
   */
  waitMs(group: WbLimitGroup): number {
    this.queue(group);
    const bucket = this.buckets.get(group)!;
    const pacing = this.options.pacing !== false ? Math.max(0, bucket.nextSlotAt() - this.now()) : 0;
    return Math.max(bucket.blockedMs(), pacing);
  }

  statsFor(group: WbLimitGroup): WbHttpStats {
    let stats = this.groupStats.get(group);
    if (!stats) this.groupStats.set(group, (stats = { requests: 0, rateLimited: 0, retries: 0 }));
    return stats;
  }

  /**
   * Runs `job` with its own tally: every call made from its async context (prefetches too) is
   * counted in `into` as well, so jobs that share a limit group and run at once (reviews and
   * questions) each count their own requests.
   */
  tally<T>(into: WbHttpStats, job: () => Promise<T>): Promise<T> {
    return this.tallies.run(into, job);
  }

  private count(group: WbLimitGroup, key: keyof WbHttpStats, tally?: WbHttpStats) {
    this.stats[key] += 1;
    this.statsFor(group)[key] += 1;
    if (tally) tally[key] += 1;
  }

  /** Resolves once no request of any group is queued or in flight (a replaced client drains first). */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.onIdle()));
  }

  async close(): Promise<void> {
    // The next process starts where this one stopped: WB's bucket does not refill by restarting.
    for (const [group, bucket] of this.buckets) this.persist(group, { paceAt: bucket.nextSlotAt() });
    await this.dispatcher.close();
  }

  private persist(group: WbLimitGroup, state: Partial<WbLimitState>) {
    try {
      this.options.limitStore?.save(group, state);
    } catch {
      // Best effort: the server's headers correct a lost state.
    }
  }

  private queue(group: WbLimitGroup): PQueue {
    let queue = this.queues.get(group);
    if (!queue) {
      const spec = bucketFor(group, this.options.tokenType);
      // The bucket paces; the queue only bounds how many wait or fly at once. More than one in
      // flight keeps the bucket busy when a response takes longer than WB's interval (a 1000-item
      // page can), and lets reviews and questions, which share the group, overlap.
      queue = new PQueue({ concurrency: Math.min(MAX_IN_FLIGHT, spec.burst) });
      this.queues.set(group, queue);
      const bucket = new TokenBucket(spec, this.now);
      this.buckets.set(group, bucket);
      this.applySaved(group, bucket);
    }
    return queue;
  }

  /** What another process (or an earlier one) saved: a 429's block, or the next pacing slot. */
  private applySaved(group: WbLimitGroup, bucket: TokenBucket) {
    let saved: WbLimitState | null = null;
    try {
      saved = this.options.limitStore?.load(group) ?? null;
    } catch {
      saved = null;
    }
    if (saved?.retryAt) bucket.blockUntil(saved.retryAt);
    if (saved?.paceAt) bucket.deferUntil(saved.paceAt);
  }

  private async once(group: WbLimitGroup, req: WbRequest, tally: WbHttpStats | undefined): Promise<Outcome> {
    const bucket = this.buckets.get(group)!;
    // Base tokens: one request per minutes or an hour, so another process (the app and the CLI)
    // may have spent the slot meanwhile; the stored state is re-read before each request.
    if (this.options.tokenType === 'base') this.applySaved(group, bucket);
    const longWait = this.options.longWaitMs ?? LONG_429_WAIT_MS;
    for (;;) {
      // A 429's wait holds even with pacing off; one too long for a call ends it (no request made).
      const blocked = bucket.blockedMs();
      if (blocked > longWait)
        return { ok: false, error: limitedUntil(group, req, this.now() + blocked), notSent: true, final: true };
      const wait = this.options.pacing !== false ? bucket.tryTake() : blocked;
      if (wait <= 0) break;
      if (wait > 10_000) this.options.onLongWait?.(group, new Date(this.now() + wait));
      // A response of this group on its way may tell a fuller bucket (the first one does: ours
      // starts with one request): look again soon instead of sleeping the whole interval.
      const soon = this.inFlight(group) > 0 && blocked === 0 && wait <= 10_000;
      await this.sleep(soon ? Math.min(wait, IN_FLIGHT_POLL_MS) : wait);
    }
    const origin = group === 'feedbacks_questions' ? this.options.origins.feedbacks : this.options.origins.chat;
    // Joined, not resolved: a base URL with a path (a proxy, a test server under /wb) keeps it.
    const url = new URL(origin.replace(/\/+$/, '') + req.path);
    for (const [key, value] of Object.entries(req.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = {
      authorization: this.options.token,
      'user-agent': this.options.userAgent ?? 'AgentIQ-Desktop',
    };
    let body: string | FormData | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) body = req.form;

    this.count(group, 'requests', tally);
    this.flying.set(group, this.inFlight(group) + 1);
    try {
      return await this.send(group, bucket, req, url, headers, body, longWait);
    } finally {
      this.flying.set(group, this.inFlight(group) - 1);
    }
  }

  private inFlight(group: WbLimitGroup): number {
    return this.flying.get(group) ?? 0;
  }

  private async send(
    group: WbLimitGroup,
    bucket: TokenBucket,
    req: WbRequest,
    url: URL,
    headers: Record<string, string>,
    body: string | FormData | undefined,
    longWait: number,
  ): Promise<Outcome> {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs + 1_000),
      });
    } catch (error) {
      return { ok: false, error: transportError(error, url), notSent: isConnectRefused(error) };
    }
    let raw: Buffer;
    try {
      raw = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      return { ok: false, error: transportError(error, url), notSent: false };
    }
    const remainingHeader = header(response.headers, 'x-ratelimit-remaining');
    const remaining = remainingHeader === undefined || remainingHeader === '' ? NaN : Number(remainingHeader);
    // /ping has a bucket of its own on WB: its Remaining says nothing about the group's.
    // Requests of ours still in flight may not have reached WB's bucket yet: they count as taken.
    if (Number.isFinite(remaining) && response.statusCode !== 429 && req.path !== '/ping')
      bucket.observeRemaining(remaining - (this.inFlight(group) - 1));
    // Base tokens wait minutes to an hour between requests: keep the next slot for the next process.
    if (this.options.tokenType === 'base' && response.statusCode !== 429)
      this.persist(group, { paceAt: bucket.nextSlotAt() });
    const result: WbResponse = { status: response.statusCode, headers: response.headers, body: raw };
    if (response.statusCode < 300 || req.accept?.includes(response.statusCode)) return { ok: true, response: result };

    const detail = problemDetail(raw);
    const where = `${req.method} ${url.pathname}`;
    switch (true) {
      case response.statusCode === 429: {
        const retry = Number(
          header(response.headers, 'x-ratelimit-retry') ?? header(response.headers, 'x-ratelimit-reset') ?? 1,
        );
        const retryMs = Math.max(1, Number.isFinite(retry) ? retry : 1) * 1000;
        bucket.blockFor(retryMs);
        const retryAt = this.now() + retryMs;
        this.persist(group, { retryAt });
        const error = new WbApiError('rate_limited', 429, `WB limited ${where}; retry in ${retry}s`, detail);
        error.retryAt = new Date(retryAt);
        return { ok: false, error, notSent: true, status: 429, final: retryMs > longWait };
      }
      case response.statusCode === 401:
        return {
          ok: false,
          error: new WbApiError('auth', 401, `WB rejected the token for ${where}`, detail),
          notSent: false,
        };
      case response.statusCode === 403:
        return {
          ok: false,
          error: new WbApiError('forbidden', 403, `WB denied access to ${where}`, detail),
          notSent: false,
        };
      case response.statusCode >= 500:
        return {
          ok: false,
          error: new WbApiError(
            'server',
            response.statusCode,
            `WB server error ${response.statusCode} on ${where}`,
            detail,
          ),
          notSent: false,
        };
      default:
        return {
          ok: false,
          error: new WbApiError(
            'client',
            response.statusCode,
            `WB refused ${where} with ${response.statusCode}${detail ? `: ${detail}` : ''}`,
            detail,
          ),
          notSent: false,
        };
    }
  }
}

function limitedUntil(group: WbLimitGroup, req: WbRequest, at: number): WbApiError {
  const error = new WbApiError(
    'rate_limited',
    null,
    `WB limits ${group} until ${new Date(at).toISOString()}; ${req.method} ${req.path} not sent`,
  );
  error.retryAt = new Date(at);
  return error;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The human part of WB's error bodies: problem+json `detail`, or the F&Q envelope's `errorText`;
 * else the start of the body. Masked before it is cut (a proxy may echo the request, token and
 * all, and a cut inside the token would leave a piece that no longer matches it).
 */
function problemDetail(raw: Buffer): string | null {
  const body = raw.toString('utf8');
  let text: unknown = body;
  try {
    const json = JSON.parse(body) as Record<string, unknown> | null;
    text = json?.detail ?? json?.errorText ?? json?.title ?? json?.error;
  } catch {
    // Not JSON: a proxy's HTML or text page.
  }
  return typeof text === 'string' && text.trim() ? excerpt(text, MAX_DETAIL) : null;
}

/** Failures before a connection existed: the request cannot have reached WB. */
function isConnectRefused(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'ENETUNREACH' ||
    code === 'EHOSTUNREACH'
  );
}

function transportError(error: unknown, url: URL): WbApiError {
  const code = (error as { code?: string }).code ?? '';
  const name = (error as { name?: string }).name ?? '';
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    name === 'TimeoutError' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return new WbApiError('timeout', null, `WB did not answer in time (${url.host}${url.pathname})`);
  return new WbApiError(
    'network',
    null,
    `No connection to WB (${url.host}): ${code || (error instanceof Error ? error.message : String(error))}`,
  );
}
