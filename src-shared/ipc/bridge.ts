import type { IpcChannel, IpcInput, IpcOutput } from './contract';
import type { IpcResult } from './errors';
import type { PushEventName, PushSubscriber } from './events';

/** The API the preload (Electron) or the WebSocket client (host) puts on `window.agentiq`. */
export type AgentiqBridge = {
  [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>;
} & {
  events: { [E in PushEventName]: PushSubscriber<E> };
};

/** Electron channel name used for push events (one name per event, derived, never typed twice). */
export const pushChannelName = (event: PushEventName): string => `push:${event}`;
