import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import { CoreError } from '../errors';
import { excerpt, redact } from '../redact';

/** Longest excerpt of Avito's error body kept in an error (it reaches the outbox, the log, the UI). */
const MAX_DETAIL = 200;
const MAX_MESSAGE = 400;

/**
 * What went wrong with an Avito call, in the seller's terms (issue 12 item 1):
 * - `bad_credentials`: /token refused client_id / client_secret (400/401).
 * - `tier_denied`: 402 "Payment required" (spec schema, CONTRACT §0), or a 403 that a fresh token
 *   still gets on the chat list — the seller's tier lacks the Messenger API [INF].
 * - `employee_key`: a fresh token that lists chats is refused (403) on one chat: Avito documents that
 *   an employee's key fails on company items [DOC]; that the failure is a 403 is [INF].
 * - `token_expired`: 401/403 again right after a fresh token (Avito keeps refusing our tokens).
 * - `rate_limited`: 429 (retryAt from Retry-After when given).
 * - `unavailable`: 5xx, a reset, a timeout, no network.
 * - `bad_request`: 400 (validation: limits, text length…); `not_found`: 404 (a chat, or Kong's "no Route").
 * - `contract`: a 2xx whose body we cannot read.
 */
export type AvitoErrorKind =
  | 'bad_credentials'
  | 'tier_denied'
  | 'employee_key'
  | 'token_expired'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_request'
  | 'not_found'
  | 'contract';

/** A failed Avito call. Message and detail never hold a secret: the client secret and tokens are masked (redact.ts). */
export class AvitoApiError extends Error {
  /** True when the request provably was not handled by Avito (429, auth refusal, connection refused). */
  notSent = false;
  /** rate_limited: when Avito takes requests again, when it said so. */
  retryAt: Date | null = null;
  /** Avito's own words from the error body, masked and bounded. */
  readonly detail: string | null;

  constructor(
    readonly kind: AvitoErrorKind,
    readonly status: number | null,
    message: string,
    detail: string | null = null,
  ) {
    const masked = redact(message);
    super(masked.length > MAX_MESSAGE ? `${masked.slice(0, MAX_MESSAGE)}…` : masked);
    this.name = 'AvitoApiError';
    this.detail = detail === null ? null : excerpt(detail, MAX_DETAIL);
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable';
  }
}

/**
 * The human part of an Avito error body. Avito's bodies vary (CONTRACT §3, §5.16): the spec's
 * `{error: {code, message}}`, `{errors: […]}`, `{result: {status: "error", messages: […]}}`,
 * `{message, code}` (Kong's 404 too), OAuth's `{error, error_description}` [INF]; else raw text.
 */
export function errorDetail(raw: Buffer): string | null {
  const text = raw.toString('utf8');
  let found: unknown = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown> | null;
    if (json && typeof json === 'object') {
      const error = json.error as Record<string, unknown> | string | undefined;
      const result = json.result as { messages?: unknown } | undefined;
      found =
        (typeof error === 'object' && error !== null ? error.message : undefined) ??
        json.error_description ??
        (typeof error === 'string' ? error : undefined) ??
        (Array.isArray(json.errors) ? json.errors.map(String).join('; ') : undefined) ??
        (Array.isArray(result?.messages) ? result.messages.map(String).join('; ') : undefined) ??
        json.message ??
        text;
    }
  } catch {
    // Not JSON: a proxy's HTML or text page; its start is the detail.
  }
  return typeof found === 'string' && found.trim() ? excerpt(found, MAX_DETAIL) : null;
}

/** What a failed Avito call means for the seller, as a message code (the sync, the outbox, connecting). */
export function avitoErrorMessage(error: AvitoApiError): CoreMessage {
  switch (error.kind) {
    case 'bad_credentials':
      return coreMessage('avito_bad_credentials');
    case 'tier_denied':
      return coreMessage('avito_tier_denied');
    case 'employee_key':
      return coreMessage('avito_employee_key');
    case 'token_expired':
      return coreMessage('avito_token_rejected');
    case 'rate_limited':
      return coreMessage('avito_rate_limited', { retryAt: error.retryAt?.toISOString() ?? null });
    case 'unavailable':
      return coreMessage('avito_unavailable', { status: error.status });
    case 'not_found':
      return coreMessage('avito_not_found');
    case 'bad_request':
      return coreMessage('avito_refused', { detail: (error.detail ?? error.message).slice(0, 300) });
    case 'contract':
      return coreMessage('avito_contract', { detail: error.message.slice(0, 300) });
  }
}

/** The coded error that crosses IPC (`{code, params, retryable}`); the AvitoApiError stays as its `cause`. */
export function avitoCoreError(error: AvitoApiError): CoreError {
  const message = avitoErrorMessage(error);
  const coded = new (CoreError as new (code: string, params: unknown, retryable: boolean) => CoreError)(
    message.code,
    message.params,
    error.retryable,
  );
  (coded as { cause?: unknown }).cause = error;
  return coded;
}
