import { ipcContract, type IpcChannel, type IpcOutput, type IpcParsedInput } from '../../src-shared/ipc/contract';
import { fail, ok, type IpcResult } from '../../src-shared/ipc/errors';
import { coreMessage, type CoreMessage } from '../../src-shared/messages/catalog';
import { CoreError } from './errors';
import type { Logger } from './logger';
import { redactValue } from './redact';

/** A message's params may quote a server that echoed a secret: every known one is masked. */
const masked = (message: CoreMessage) => redactValue(message) as CoreMessage;

export type CoreHandlers = {
  [C in IpcChannel]: (input: IpcParsedInput<C>) => Promise<IpcOutput<C>>;
};

const isChannel = (name: unknown): name is IpcChannel => typeof name === 'string' && Object.hasOwn(ipcContract, name);

/**
 * The boundary every IPC call crosses, whatever the transport (Electron ipcMain or the host's
 * WebSocket): unknown channel and invalid input are refused before any handler runs, so a bad
 * payload writes nothing; handler failures come back as data, never as a thrown object, and
 * with every known secret masked (an error text may quote a server that echoed one).
 */
export async function dispatch(
  handlers: CoreHandlers,
  channel: unknown,
  rawInput: unknown,
  logger: Logger,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel))
    return fail(
      coreMessage('unknown_channel', { channel: typeof channel === 'string' ? channel.slice(0, 64) : typeof channel }),
    );
  const parsed = ipcContract[channel].input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'input';
    return fail(masked(coreMessage('invalid_input', { path: where, issue: issue?.message ?? 'invalid' })));
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof CoreError) return fail(masked(error.coreMessage), error.retryable);
    logger.error('ipc.handler_failed', { channel, error: error instanceof Error ? error.message : String(error) });
    return fail(coreMessage('internal'), true);
  }
}
