import { Agent, errors as undiciErrors, request, type Dispatcher, type FormData } from 'undici';
import type { z } from 'zod';
import { backoffMs, type BackoffSpec } from '../../../src-shared/backoff';
import { rememberSecret } from '../redact';
import { AvitoApiError, errorDetail } from './errors';
import { AvitoPacer, numberHeader, type AvitoPriority } from './pacing';
import { tokenResponseSchema } from './schemas';
import { AvitoTokenSource, type AvitoAccessToken, type AvitoCredentials } from './token';

export const AVITO_ORIGIN = 'https://api.avito.ru';

/**
 * What a path is about, to name a 403 that a fresh token still gets (see AvitoErrorKind):
 * `self` /core/v1/accounts/self; `chat_list` the chat list; `chat` a path naming one chat;
 * `account` other messenger paths of the account (voice files, uploads).
 */
export type AvitoScope = 'self' | 'chat_list' | 'chat' | 'account';

export interface AvitoRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: FormData;
  scope: AvitoScope;
  priority?: AvitoPriority;
  /**
   * False for sends: once a request may have reached Avito it is never repeated — Avito has no
   * idempotency key (CONTRACT §2.4), so the outbox searches the chat before sending again. Refusals
   * that provably were not handled (401/403 at the gateway, 429, connection refused) carry `notSent`.
   */
  idempotent?: boolean;
}

export interface AvitoResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface AvitoHttpStats {
  requests: number;
  tokenRequests: number;
  rateLimited: number;
  retries: number;
}

export interface AvitoHttpOptions {
  /** AGENTIQ_AVITO_BASE_URL (simulator, tests); default https://api.avito.ru. A path prefix is kept. */
  baseUrl?: string | null;
  /** Background spacing (default 1000 ms, [INF]). */
  intervalMs?: number;
  /** Off only for benchmarks against the simulator; a 429's wait is honoured anyway. */
  pacing?: boolean;
  /** Retries of a GET after 429 / 5xx / network (default 3). */
  maxRetries?: number;
  /** The longest Retry-After waited out inside a call (default 30 s); a longer one fails with retryAt. */
  retryAfterCapMs?: number;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  userAgent?: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Without Retry-After: 1 s · 2^n with jitter (CONTRACT §3, as the avito-mcp client does). */
const BACKOFF: BackoffSpec = { baseMs: 1_000, capMs: 30_000 };

type Outcome = { ok: true; response: AvitoResponse } | { ok: false; error: AvitoApiError; response?: AvitoResponse };

/**
 * HTTP to Avito for one account: the token (cached, refreshed once on 401/403), pacing, retries of
 * GETs on 429 (Retry-After honoured, capped) and 5xx/network with backoff. A POST that is not
 * idempotent is never retried once it may have been handled.
 */
export class AvitoHttp {
  readonly stats: AvitoHttpStats = { requests: 0, tokenRequests: 0, rateLimited: 0, retries: 0 };
  readonly pacer: AvitoPacer;
  readonly tokens: AvitoTokenSource;
  private readonly dispatcher: Dispatcher;
  private readonly origin: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    credentials: AvitoCredentials,
    private readonly options: AvitoHttpOptions = {},
  ) {
    rememberSecret(credentials.clientSecret);
    this.origin = (options.baseUrl?.trim() || AVITO_ORIGIN).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 4 });
    this.pacer = new AvitoPacer({
      intervalMs: options.intervalMs,
      pacing: options.pacing,
      now: this.now,
      sleep: this.sleep,
    });
    this.tokens = new AvitoTokenSource(() => this.requestToken(credentials), this.now);
  }

  /** One call; the body is the caller's to parse (see `json`). */
  async call(req: AvitoRequest): Promise<AvitoResponse> {
    const maxRetries = this.options.maxRetries ?? 3;
    const idempotent = req.idempotent ?? req.method === 'GET';
    let refreshed = false;
    let failures = 0;
    for (;;) {
      await this.pacer.slot(req.priority ?? 'background');
      const token = await this.tokens.get();
      const outcome = await this.once(req, { authorization: `Bearer ${token}` });
      if (outcome.ok) return outcome.response;
      const { error } = outcome;
      const status = error.status;
      if (status === 401 || status === 403) {
        // Refused at the gateway, not handled: a POST is as safe to repeat as a GET here. The doc
        // says 403 for an expired token, clients see 401 (CONTRACT §1.2): one refresh either way.
        if (!refreshed) {
          refreshed = true;
          this.tokens.invalidate(token);
          continue;
        }
        throw refusedWithFreshToken(req, status, error.detail);
      }
      if (error.kind === 'rate_limited') {
        this.stats.rateLimited += 1;
        const wait = this.retryWait(outcome.response, failures + 1);
        if (wait === null || !idempotent || failures >= maxRetries) {
          const until = this.now() + (wait ?? this.retryAfterMs(outcome.response) ?? 0);
          if (until > this.now()) error.retryAt = new Date(until);
          this.pacer.blockFor(until - this.now());
          throw error;
        }
        this.pacer.blockFor(wait);
        failures += 1;
        this.stats.retries += 1;
        continue;
      }
      if (error.kind === 'unavailable' && (idempotent || error.notSent) && failures < maxRetries) {
        failures += 1;
        this.stats.retries += 1;
        await this.sleep(backoffMs(failures, BACKOFF, this.random));
        continue;
      }
      throw error;
    }
  }

  /** A GET (or idempotent POST) whose body must match `schema`; anything else is a `contract` error. */
  async json<S extends z.ZodTypeAny>(req: AvitoRequest, schema: S): Promise<z.output<S>> {
    const response = await this.call(req);
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new AvitoApiError('contract', response.status, `Avito sent a body that is not JSON for ${where(req)}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new AvitoApiError(
        'contract',
        response.status,
        `Avito sent an unexpected response to ${where(req)}: ${parsed.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')
          .slice(0, 200)}`,
      );
    return parsed.data as z.output<S>;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** How long to wait before retrying a 429, or null when it is longer than we wait inside a call. */
  private retryWait(response: AvitoResponse | undefined, attempt: number): number | null {
    const cap = this.options.retryAfterCapMs ?? 30_000;
    const said = this.retryAfterMs(response);
    if (said !== null) return said > cap ? null : said;
    return backoffMs(attempt, BACKOFF, this.random);
  }

  private retryAfterMs(response: AvitoResponse | undefined): number | null {
    if (!response) return null;
    const seconds = numberHeader(response.headers, 'retry-after');
    if (seconds !== null) return Math.max(0, seconds) * 1000;
    const date = response.headers['retry-after'];
    const at = typeof date === 'string' ? Date.parse(date) : NaN;
    return Number.isFinite(at) ? Math.max(0, at - this.now()) : null;
  }

  /** POST /token, form body (CONTRACT §1.1). 400/401 mean the pair is wrong; 5xx and network retried like a GET. */
  private async requestToken(credentials: AvitoCredentials): Promise<AvitoAccessToken> {
    const req: AvitoRequest = { method: 'POST', path: '/token', scope: 'self', idempotent: true };
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }).toString();
    for (let failures = 0; ;) {
      this.stats.tokenRequests += 1;
      const outcome = await this.once(req, { 'content-type': 'application/x-www-form-urlencoded' }, form);
      if (outcome.ok) {
        let body: unknown;
        try {
          body = JSON.parse(outcome.response.body.toString('utf8'));
        } catch {
          body = null;
        }
        const parsed = tokenResponseSchema.safeParse(body);
        if (!parsed.success)
          throw new AvitoApiError('contract', outcome.response.status, 'Avito sent an unexpected token response');
        return { token: parsed.data.access_token, expiresAt: this.now() + parsed.data.expires_in * 1000 };
      }
      const status = outcome.error.status;
      if (status === 400 || status === 401 || status === 403)
        throw new AvitoApiError(
          'bad_credentials',
          status,
          `Avito refused the client_id / client_secret (${status})`,
          outcome.error.detail,
        );
      if (outcome.error.retryable && failures < (this.options.maxRetries ?? 3)) {
        failures += 1;
        await this.sleep(backoffMs(failures, BACKOFF, this.random));
        continue;
      }
      throw outcome.error;
    }
  }

  private async once(req: AvitoRequest, headers: Record<string, string>, rawBody?: string): Promise<Outcome> {
    // Joined, not resolved: a base URL with a path (a proxy) keeps it.
    const url = new URL(this.origin + req.path);
    // Commas stay literal: Avito's examples join arrays as `u2i,u2u` (CONTRACT §5.17).
    url.search = Object.entries(req.query ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value)).replace(/%2C/g, ',')}`)
      .join('&');
    const allHeaders: Record<string, string> = {
      'user-agent': this.options.userAgent ?? 'AgentIQ-Desktop',
      ...headers,
    };
    let body: string | FormData | undefined = rawBody;
    if (req.json !== undefined) {
      allHeaders['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) body = req.form;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    this.stats.requests += 1;
    let response: Dispatcher.ResponseData;
    let raw: Buffer;
    try {
      response = await request(url, {
        method: req.method,
        headers: allHeaders,
        body,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs + 1_000),
      });
      raw = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      return { ok: false, error: transportError(error, req) };
    }
    const result: AvitoResponse = { status: response.statusCode, headers: response.headers, body: raw };
    this.pacer.observe(response.statusCode, response.headers);
    if (response.statusCode < 300) return { ok: true, response: result };
    return { ok: false, error: statusError(req, response.statusCode, raw), response: result };
  }
}

function where(req: AvitoRequest): string {
  return `${req.method} ${req.path}`;
}

function statusError(req: AvitoRequest, status: number, raw: Buffer): AvitoApiError {
  const detail = errorDetail(raw);
  const suffix = detail ? `: ${detail}` : '';
  let error: AvitoApiError;
  if (status === 429) error = new AvitoApiError('rate_limited', 429, `Avito limited ${where(req)}`, detail);
  else if (status === 402)
    error = new AvitoApiError('tier_denied', 402, `Avito requires a paid tier for ${where(req)}`, detail);
  else if (status === 401 || status === 403)
    error = new AvitoApiError('token_expired', status, `Avito refused the token for ${where(req)}`, detail);
  else if (status === 404) error = new AvitoApiError('not_found', 404, `Avito has no ${where(req)}${suffix}`, detail);
  else if (status >= 500)
    error = new AvitoApiError('unavailable', status, `Avito server error ${status} on ${where(req)}`, detail);
  else error = new AvitoApiError('bad_request', status, `Avito refused ${where(req)} with ${status}${suffix}`, detail);
  // Refused before any handler ran: a 429, the gateway's auth, the tier gate.
  error.notSent = status === 429 || status === 401 || status === 403 || status === 402;
  return error;
}

/** 401/403 again with a token fetched a moment ago: what the path tells about the reason ([INF], see AvitoErrorKind). */
function refusedWithFreshToken(req: AvitoRequest, status: number, detail: string | null): AvitoApiError {
  let error: AvitoApiError;
  if (status === 403 && req.scope === 'chat_list')
    error = new AvitoApiError('tier_denied', 403, `Avito denies the Messenger API (${where(req)})`, detail);
  else if (status === 403 && req.scope === 'chat')
    error = new AvitoApiError('employee_key', 403, `Avito denies this chat to the key (${where(req)})`, detail);
  else if (status === 403 && req.scope === 'account')
    error = new AvitoApiError('tier_denied', 403, `Avito denies the Messenger API (${where(req)})`, detail);
  else error = new AvitoApiError('token_expired', status, `Avito refused a fresh token for ${where(req)}`, detail);
  error.notSent = true;
  return error;
}

function transportError(error: unknown, req: AvitoRequest): AvitoApiError {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? '';
  const name = (error as { name?: string }).name ?? '';
  const timedOut =
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    name === 'TimeoutError' ||
    code === 'UND_ERR_CONNECT_TIMEOUT';
  const result = new AvitoApiError(
    'unavailable',
    null,
    timedOut
      ? `Avito did not answer in time (${where(req)})`
      : `No connection to Avito (${where(req)}): ${code || name}`,
  );
  // Before a connection existed the request cannot have reached Avito.
  result.notSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'].includes(code);
  return result;
}
