import type { IpcResult } from '../../../src-shared/ipc/errors';
import { cliText } from '../describe';

/** CLI commands run core calls whose failure is an error to report: the IPC error code, and its Russian. */
export class CommandFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function expectOk<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new CommandFailed(result.error.code, cliText(result.error));
  return result.value as T;
}
