/** Errors cross every process boundary as data, never as thrown objects (STYLE habit 2). */
export interface IpcError {
  code: IpcErrorCode;
  message: string;
  retryable: boolean;
}

export type IpcErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'forbidden_sender'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'wb_token_invalid'
  | 'wb_token_scope'
  | 'wb_token_expired'
  | 'wb_token_malformed'
  | 'reply_blocked'
  | 'internal';

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: IpcErrorCode, message: string, retryable = false): IpcResult<never> => ({
  ok: false,
  error: { code, message, retryable },
});
