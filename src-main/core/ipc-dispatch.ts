import { ipcContract, type IpcChannel, type IpcOutput, type IpcParsedInput } from '../../src-shared/ipc/contract';
import { fail, ok, type IpcResult } from '../../src-shared/ipc/errors';
import { coreMessage } from '../../src-shared/messages/catalog';
import { CoreError } from './errors';
import type { Logger } from './logger';

export type CoreHandlers = {
  [C in IpcChannel]: (input: IpcParsedInput<C>) => Promise<IpcOutput<C>>;
};

const isChannel = (name: unknown): name is IpcChannel => typeof name === 'string' && Object.hasOwn(ipcContract, name);

/**
 * The boundary every IPC call crosses, whatever the transport (Electron ipcMain or the host's
 * WebSocket): unknown channel and invalid input are refused before any handler runs, so a bad
 * payload writes nothing; handler failures come back as data, never as a thrown object.
 */
export async function dispatch(handlers: CoreHandlers, channel: unknown, rawInput: unknown, logger: Logger): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) return fail(coreMessage('unknown_channel', { channel: String(channel).slice(0, 64) }));
  const parsed = ipcContract[channel].input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'input';
    return fail(coreMessage('invalid_input', { path: where, issue: issue?.message ?? 'invalid' }));
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof CoreError) return fail(error.coreMessage, error.retryable);
    logger.error('ipc.handler_failed', { channel, error: error instanceof Error ? error.message : String(error) });
    return fail(coreMessage('internal'), true);
  }
}
