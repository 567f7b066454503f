import type { RawData, WebSocket } from 'ws';
import type { Core } from '../core/core';
import type { Logger } from '../core/logger';
import { fail, type IpcResult } from '../../src-shared/ipc/errors';
import { coreMessage } from '../../src-shared/messages/catalog';

/**
 * One renderer's WebSocket: the frames of src-renderer/bridge/ws-bridge.ts — request
 * `{id, channel, input}`, response `{id, result}`, push `{event, payload}`. The socket is
 * authenticated but its frames are still untrusted (STYLE habit 2): whatever arrives is answered
 * with a result, an error as data when the frame is not a request, and nothing it sends can throw
 * out of here.
 */
export function serveIpcSocket(ws: WebSocket, core: Pick<Core, 'call' | 'events'>, logger: Logger): void {
  const send = (frame: object) => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      ws.send(JSON.stringify(frame));
    } catch (error) {
      logger.warn('host.socket_send_failed', { error: describe(error) });
    }
  };
  const unsubscribe = core.events.subscribe((event, payload) => send({ event, payload }));
  ws.on('close', unsubscribe);
  // ws reports protocol violations here (a frame over maxPayload closes with 1009, invalid UTF-8
  // with 1007, a broken frame with 1002) and closes the socket itself. Without a listener the
  // 'error' event would throw and end the process.
  ws.on('error', (error) => logger.warn('host.socket_error', { error: describe(error) }));
  ws.on('message', (data, isBinary) => {
    answer(core, logger, data, isBinary).then(send, (error: unknown) => {
      logger.error('host.ipc_failed', { error: describe(error) });
      send({ id: null, result: INTERNAL });
    });
  });
}

const INTERNAL = fail(coreMessage('internal'), true);

interface IpcRequest {
  id: number;
  channel: string;
  input: unknown;
}

async function answer(
  core: Pick<Core, 'call'>,
  logger: Logger,
  data: RawData,
  isBinary: boolean,
): Promise<{ id: number | null; result: IpcResult<unknown> }> {
  const request = parseRequest(data, isBinary);
  if ('refused' in request)
    return { id: request.id, result: fail(coreMessage('invalid_input', { path: 'frame', issue: request.refused })) };
  try {
    return { id: request.id, result: await core.call(request.channel, request.input) };
  } catch (error) {
    // core.call never throws by contract; this keeps a broken handler from ending the process.
    logger.error('host.ipc_failed', { channel: request.channel, error: describe(error) });
    return { id: request.id, result: INTERNAL };
  }
}

function parseRequest(data: RawData, isBinary: boolean): IpcRequest | { id: number | null; refused: string } {
  if (isBinary) return { id: null, refused: 'a text frame with JSON is expected' };
  let frame: unknown;
  try {
    frame = JSON.parse(textOf(data));
  } catch {
    return { id: null, refused: 'invalid JSON' };
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return { id: null, refused: 'an object {id, channel, input} is expected' };
  }
  const { id, channel, input } = frame as Record<string, unknown>;
  // Only an id the bridge could have sent is echoed back; anything else could not be matched.
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    return { id: null, refused: 'the request id must be an integer' };
  if (typeof channel !== 'string') return { id, refused: 'the channel must be a string' };
  return { id, channel, input };
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
