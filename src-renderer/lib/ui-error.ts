import type { IpcError } from '../../src-shared/ipc/errors';
import type { MessageCode } from '../../src-shared/messages/catalog';
import { messageText } from './message-text';

/** What the seller sees when a call fails: always Russian, never an empty line. */
export interface UiError {
  message: string;
  retryable: boolean;
  /** Core's code, for the few places that treat one differently (null: a check of the renderer's own). */
  code: MessageCode | null;
}

export const toUiError = (error: IpcError | undefined): UiError => ({
  message: (error && messageText(error).trim()) || 'Что-то пошло не так',
  retryable: error?.retryable ?? true,
  code: error?.code ?? null,
});
