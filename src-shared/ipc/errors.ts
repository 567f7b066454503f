import type { CoreMessage, MessageCode } from '../messages/catalog';

/**
 * Errors cross every process boundary as data, never as thrown objects (STYLE habit 2): a message
 * code with its params (src-shared/messages) and whether trying again may help. There is no text:
 * the renderer and the CLI describe() the code in Russian, so one table says everything.
 */
export type IpcError = CoreMessage & { retryable: boolean };
export type IpcErrorCode = MessageCode;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (message: CoreMessage, retryable = false): IpcResult<never> => ({
  ok: false,
  error: { ...message, retryable } as IpcError,
});
