import type { SyncErrorReason } from '../../../src-shared/domain/sync';
import { CoreError } from '../errors';
import { redact } from '../redact';
import { WbApiError } from '../wb/http';

/** A run stopped at its own bound before it caught up: the position is kept, the next run goes on. */
export class SyncIncomplete extends Error {}

/** Seller-facing reason for a failed channel; every known secret masked (WbApiError texts are already). */
export function syncErrorOf(error: unknown): { reason: SyncErrorReason; message: string } {
  const { reason, message } = describeFailure(error);
  return { reason, message: redact(message) };
}

function describeFailure(error: unknown): { reason: SyncErrorReason; message: string } {
  if (error instanceof WbApiError) {
    switch (error.kind) {
      case 'auth':
        return { reason: 'wb_token_invalid', message: 'WB не принял токен (401). Проверьте токен или создайте новый в ЛК продавца.' };
      case 'forbidden':
        return { reason: 'wb_access_denied', message: 'WB запретил доступ (403): пользователь токена удалён или метод недоступен.' };
      case 'rate_limited':
        if (error.retryAt)
          return { reason: 'wb_rate_limited', message: `Лимит WB: следующий запрос после ${hhmm(error.retryAt)}` };
        return { reason: 'wb_rate_limited', message: 'WB ограничил частоту запросов (429). Повторим позже.' };
      case 'server':
        return { reason: 'wb_server_error', message: `Сервер WB ответил ошибкой ${error.status ?? ''}. Повторим позже.`.replace('  ', ' ') };
      case 'timeout':
        return { reason: 'wb_timeout', message: 'WB не ответил вовремя. Повторим позже.' };
      case 'network':
        return { reason: 'wb_unreachable', message: 'Нет связи с WB. Синхронизация продолжится, когда сеть появится.' };
      case 'contract':
      case 'client':
        return { reason: 'wb_contract', message: `WB прислал неожиданный ответ: ${error.message}`.slice(0, 300) };
    }
  }
  if (error instanceof SyncIncomplete) return { reason: 'sync_timeout', message: error.message };
  if (error instanceof CoreError && (error.code === 'wb_token_expired' || error.code === 'wb_token_scope' || error.code === 'wb_token_invalid'))
    return { reason: error.code, message: error.message };
  return { reason: 'internal', message: 'Внутренняя ошибка синхронизации' };
}

/** Local wall-clock time, e.g. «14:05»; the date too when it is not today. */
function hhmm(at: Date): string {
  const time = at.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === new Date().toDateString() ? time : `${at.toLocaleDateString('ru-RU')} ${time}`;
}
