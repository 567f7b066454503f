import type { SyncErrorReason } from '../../src-shared/domain/sync';

/** Plain-Russian explanation of why a channel failed; core's own `message` wins when it sends one. */
export const SYNC_REASON_LABEL: Record<SyncErrorReason, string> = {
  wb_token_invalid: 'WB не принял токен. Проверьте токен или создайте новый в личном кабинете продавца.',
  wb_token_expired: 'Срок действия токена WB истёк. Создайте новый токен и подключите его заново.',
  wb_token_scope: 'У токена нет доступа к нужным разделам WB. Создайте токен с категориями «Вопросы и отзывы» и «Чат с покупателями».',
  wb_access_denied: 'WB запретил доступ: пользователь токена удалён или метод недоступен.',
  wb_rate_limited: 'WB временно ограничил частоту запросов. Повторим позже.',
  wb_server_error: 'Сервер WB ответил ошибкой. Повторим позже.',
  wb_unreachable: 'Нет связи с WB. Синхронизация продолжится, когда сеть появится.',
  wb_timeout: 'WB не ответил вовремя. Повторим позже.',
  wb_contract: 'WB прислал неожиданный ответ. Часть данных могла не загрузиться.',
  sync_timeout: 'Синхронизация длилась слишком долго и была прервана.',
  no_token: 'Токен WB для этого магазина не найден. Подключите WB заново.',
  internal: 'Внутренняя ошибка синхронизации.',
};

export const syncReasonText = (reason: SyncErrorReason | null, message: string | null): string =>
  message?.trim() || (reason ? SYNC_REASON_LABEL[reason] : SYNC_REASON_LABEL.internal);

/** What a seller pastes: surrounding spaces and a leading «Bearer » are not part of the token. */
export const normaliseToken = (raw: string): string => raw.trim().replace(/^Bearer\s+/i, '').trim();
