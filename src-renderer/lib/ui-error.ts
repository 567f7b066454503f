import type { IpcError, IpcErrorCode } from '../../src-shared/ipc/errors';

/** What the seller sees when a call fails: always Russian, never an empty line. */
export interface UiError {
  message: string;
  retryable: boolean;
}

// Core already writes Russian messages; these cover errors that arrive without one.
const FALLBACK: Partial<Record<IpcErrorCode, string>> = {
  unavailable: 'Нет связи с приложением',
  not_found: 'Не найдено — возможно, запись удалена',
  invalid_input: 'Некорректный запрос',
  internal: 'Внутренняя ошибка. Попробуйте ещё раз.',
};

export const toUiError = (error: IpcError | undefined): UiError => ({
  message: error?.message?.trim() || (error && FALLBACK[error.code]) || 'Что-то пошло не так',
  retryable: error?.retryable ?? true,
});
