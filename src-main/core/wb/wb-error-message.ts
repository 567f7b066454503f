import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import type { WbApiError } from './http';

/**
 * What a failed WB call means for the seller, as a message code: one mapping for the sync and
 * the outbox. A refusal of another kind (4xx, a body we cannot read) is `wb_contract` for a
 * read and `wb_refused` for a send. WbApiError texts never carry the token.
 */
export function wbErrorMessage(error: WbApiError, onRefusal: 'wb_contract' | 'wb_refused'): CoreMessage {
  switch (error.kind) {
    case 'auth':
      return coreMessage('wb_token_invalid');
    case 'forbidden':
      return coreMessage('wb_access_denied');
    case 'rate_limited':
      return coreMessage('wb_rate_limited', { retryAt: error.retryAt?.toISOString() ?? null });
    case 'server':
      return coreMessage('wb_server_error', { status: error.status });
    case 'timeout':
      return coreMessage('wb_timeout');
    case 'network':
      return coreMessage('wb_unreachable');
    case 'contract':
    case 'client':
      return onRefusal === 'wb_refused'
        ? coreMessage('wb_refused', { detail: (error.detail ?? error.message).slice(0, 300) })
        : coreMessage('wb_contract', { detail: error.message.slice(0, 300) });
  }
}
