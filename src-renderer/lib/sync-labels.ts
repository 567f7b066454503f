import type { SyncErrorReason } from '../../src-shared/domain/sync';
import { coreMessage, type CoreMessage } from '../../src-shared/messages/catalog';
import { messageText } from './message-text';

/** The message of a reason alone (a status row written without one): the reason's own general words. */
const REASON_MESSAGE: Record<SyncErrorReason, CoreMessage> = {
  wb_token_invalid: coreMessage('wb_token_invalid'),
  wb_token_expired: coreMessage('wb_token_expired', { expiredAt: null }),
  wb_token_scope: coreMessage('wb_token_no_channels'),
  wb_access_denied: coreMessage('wb_access_denied'),
  wb_rate_limited: coreMessage('wb_rate_limited', { retryAt: null }),
  wb_server_error: coreMessage('wb_server_error', { status: null }),
  wb_unreachable: coreMessage('wb_unreachable'),
  wb_timeout: coreMessage('wb_timeout'),
  wb_contract: coreMessage('wb_contract', { detail: '' }),
  sync_timeout: coreMessage('sync_timeout'),
  no_token: coreMessage('no_token'),
  avito_credentials: coreMessage('avito_token_rejected'),
  avito_tier_denied: coreMessage('avito_tier_denied'),
  avito_rate_limited: coreMessage('avito_rate_limited', { retryAt: null }),
  avito_unavailable: coreMessage('avito_unavailable', { status: null }),
  avito_contract: coreMessage('avito_contract', { detail: '' }),
  internal: coreMessage('sync_internal'),
};

/** Why a channel failed, in plain Russian: core's message, or the reason's general words without one. */
export const syncReasonText = (reason: SyncErrorReason | null, message: CoreMessage | null): string =>
  messageText(message ?? REASON_MESSAGE[reason ?? 'internal'] ?? REASON_MESSAGE.internal);
