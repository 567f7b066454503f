import type { Channel } from './interaction';
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
  | 'internal';

export interface ChannelSyncView {
  channel: Channel;
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
  channel: Channel;
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
  channel: Channel;
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
