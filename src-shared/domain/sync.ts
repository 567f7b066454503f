import type { InboxChannel } from './interaction';
import type { SyncStatus } from './account';
import type { CoreMessage } from '../messages/catalog';

/** Why a channel is in `error` (DESIGN §4): the kind of failure; its `message` says it in detail. */
export type SyncErrorReason =
  | 'wb_token_invalid'
  | 'wb_token_scope'
  | 'wb_token_expired'
  | 'wb_access_denied'
  | 'wb_rate_limited'
  | 'wb_server_error'
  | 'wb_unreachable'
  | 'wb_timeout'
  | 'wb_contract'
  | 'sync_timeout'
  | 'no_token'
  // Avito (issue 12): the key is refused (wrong pair, an employee key, tokens refused again after a refresh),
  // the tier lacks the Messenger API, 429s past what a run waits out, 5xx/network, an unreadable answer.
  | 'avito_credentials'
  | 'avito_tier_denied'
  | 'avito_rate_limited'
  | 'avito_unavailable'
  | 'avito_contract'
  | 'internal';

export interface ChannelSyncView {
  channel: InboxChannel;
  /** false when the token does not cover this channel: it is not synced at all. */
  covered: boolean;
  status: SyncStatus;
  reason: SyncErrorReason | null;
  message: CoreMessage | null;
  fetched: number;
  total: number | null;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
}

export type HealthAlertKind = 'stale' | 'error_rate' | 'repeated_429' | 'zero_fetch_streak';

export interface HealthAlert {
  kind: HealthAlertKind;
  channel: InboxChannel;
  message: CoreMessage;
}

export interface SyncStatusView {
  accountId: number;
  channels: ChannelSyncView[];
  alerts: HealthAlert[];
  tokenExpiresAt: string | null;
  /** Set within 14 days of expiry (and after it). */
  tokenWarning: CoreMessage | null;
  readOnly: boolean;
}

export interface ChannelSyncResult {
  channel: InboxChannel;
  ok: boolean;
  skipped: boolean;
  reason: SyncErrorReason | null;
  message: CoreMessage | null;
  fetched: number;
  created: number;
  updated: number;
  contractErrors: number;
  requests: number;
  rateLimited: number;
  /** Chat: the events feed was read to its end (`totalEvents == 0`) in this run. */
  eventsCaughtUp?: boolean;
}

export interface SyncReport {
  accountId: number;
  ok: boolean;
  channels: ChannelSyncResult[];
}

/** One channel's newest finished (or running) sync run, from sync_runs. */
export interface SyncRunView {
  channel: InboxChannel;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'ok' | 'error';
  fetched: number;
  created: number;
  updated: number;
  /** Items WB sent that did not fit the contract. */
  errors: number;
  requests: number;
  rateLimited: number;
  reason: SyncErrorReason | null;
}

/** A WB limit group of the account (CONTRACT §1.2): its rate and when the next request may go. */
export interface WbLimitView {
  group: 'feedbacks_questions' | 'chat' | 'chat_download';
  /** Requests that may go at once, and one request's refill time: the rate WB grants this token. */
  burst: number;
  intervalMs: number;
  /** Set while no request may go: after a 429 (`blocked`) or until the bucket's next slot. */
  nextRequestAt: string | null;
  blocked: boolean;
}

/** Replies in the outbox, by state (WB's «viewed» marks are not replies and are not counted). */
export interface OutboxCounts {
  queued: number;
  sending: number;
  sentPending: number;
  failed: number;
  conflict: number;
}

/** What the status bar and the health panel show besides sync.status: runs, limits, the outbox. */
export interface SyncHealthView {
  accountId: number;
  runs: SyncRunView[];
  limits: WbLimitView[];
  outbox: OutboxCounts;
}
