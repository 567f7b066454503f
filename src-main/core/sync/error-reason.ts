import type { SyncErrorReason } from '../../../src-shared/domain/sync';
import { coreMessage, type CoreMessage, type MessageCode } from '../../../src-shared/messages/catalog';
import { CoreError } from '../errors';
import { WbApiError } from '../wb/http';
import { AvitoApiError, avitoErrorMessage, type AvitoErrorKind } from '../avito/errors';
import { wbErrorMessage } from '../wb/wb-error-message';
import { redactValue } from '../redact';

/** A run stopped at its own bound before it caught up: the position is kept, the next run goes on. */
export class SyncIncomplete extends Error {
  constructor(readonly reason: CoreMessage) {
    super(`sync incomplete: ${reason.code}`);
  }
}

/** The WB error kinds as channel reasons (DESIGN §4); the message says the rest. */
const WB_REASON: Record<WbApiError['kind'], SyncErrorReason> = {
  auth: 'wb_token_invalid',
  forbidden: 'wb_access_denied',
  rate_limited: 'wb_rate_limited',
  server: 'wb_server_error',
  timeout: 'wb_timeout',
  network: 'wb_unreachable',
  contract: 'wb_contract',
  client: 'wb_contract',
};

/** The Avito error kinds as channel reasons (issue 12); the message (avito_* codes) says which refusal it was. */
const AVITO_REASON: Record<AvitoErrorKind, SyncErrorReason> = {
  bad_credentials: 'avito_credentials',
  employee_key: 'avito_credentials',
  token_expired: 'avito_credentials',
  tier_denied: 'avito_tier_denied',
  rate_limited: 'avito_rate_limited',
  unavailable: 'avito_unavailable',
  bad_request: 'avito_contract',
  not_found: 'avito_contract',
  contract: 'avito_contract',
};

/** Token refusals of core (wb/token.ts, sync-service) as channel reasons. */
const TOKEN_REASON: Partial<Record<MessageCode, SyncErrorReason>> = {
  wb_token_expired: 'wb_token_expired',
  wb_token_no_channels: 'wb_token_scope',
  wb_token_invalid: 'wb_token_invalid',
  no_token: 'no_token',
};

/** Why a channel failed: its reason, and the message core stores and returns (codes, never text), every known secret masked. */
export function syncErrorOf(error: unknown): { reason: SyncErrorReason; message: CoreMessage } {
  const { reason, message } = describeFailure(error);
  return { reason, message: redactValue(message) as CoreMessage };
}

function describeFailure(error: unknown): { reason: SyncErrorReason; message: CoreMessage } {
  if (error instanceof WbApiError)
    return { reason: WB_REASON[error.kind], message: wbErrorMessage(error, 'wb_contract') };
  if (error instanceof AvitoApiError) return { reason: AVITO_REASON[error.kind], message: avitoErrorMessage(error) };
  if (error instanceof SyncIncomplete) return { reason: 'sync_timeout', message: error.reason };
  if (error instanceof CoreError) {
    const tokenReason = TOKEN_REASON[error.code as MessageCode];
    if (tokenReason) return { reason: tokenReason, message: error.coreMessage };
  }
  return { reason: 'internal', message: coreMessage('sync_internal') };
}
