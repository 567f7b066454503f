import type { IpcResult } from '../../../src-shared/ipc/errors';

/** CLI commands run core calls whose failure is an error to report, carrying the IPC error code. */
export class CommandFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function expectOk<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new CommandFailed(result.error.code, result.error.message);
  return result.value as T;
}
