import type { IpcErrorCode } from '../../src-shared/ipc/errors';

/** An expected failure with a seller-facing message; crosses IPC as `{code, message, retryable}`. */
export class CoreError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
