/**
 * Sandboxed preload (STYLE habit 3): exposes exactly one function per contract channel and one
 * subscriber per push event on `window.agentiq`; no generic send/invoke, no ipcRenderer, and the
 * IpcRendererEvent (which carries `sender`) never reaches the page. Bundled to one CJS file
 * because a sandboxed preload cannot load other files.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract';
import { PUSH_EVENTS, type PushEventName, type PushEvents } from '../../src-shared/ipc/events';
import { pushChannelName, type AgentiqBridge } from '../../src-shared/ipc/bridge';

const calls = Object.fromEntries(
  IPC_CHANNELS.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
);

const subscribe =
  <E extends PushEventName>(event: E) =>
  (listener: (payload: PushEvents[E]) => void) => {
    const name = pushChannelName(event);
    const forward = (_event: IpcRendererEvent, payload: PushEvents[E]) => listener(payload);
    ipcRenderer.on(name, forward);
    return () => {
      ipcRenderer.removeListener(name, forward);
    };
  };

const events = Object.fromEntries(PUSH_EVENTS.map((event) => [event, subscribe(event)]));

// The object shape is built from the contract tables, so TypeScript cannot see it key by key;
// the preload test checks that it has exactly the contract's channels and events.
const bridge = { ...calls, events } as unknown as AgentiqBridge;

contextBridge.exposeInMainWorld('agentiq', bridge);
