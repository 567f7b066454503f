import { backoffMs } from '../../src-shared/backoff';
import { IPC_CHANNELS, type IpcChannel } from '../../src-shared/ipc/contract';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { PUSH_EVENTS, type PushEventName } from '../../src-shared/ipc/events';
import type { AgentiqBridge } from '../../src-shared/ipc/bridge';

/**
 * The headless host's transport: the same contract as Electron's preload, carried over one
 * WebSocket. Frames: request `{id, channel, input}`, response `{id, result}`, push `{event, payload}`.
 */

export type ConnectionState = 'connecting' | 'online' | 'offline';

export interface WsBridgeOptions {
  url: string;
  /** Injected so the client can be exercised without a browser. */
  WebSocketImpl?: typeof WebSocket;
  /** Backoff bounds for reconnecting after a drop. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface WsBridge {
  bridge: AgentiqBridge;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

type Resolve = (result: IpcResult<unknown>) => void;

const UNAVAILABLE: IpcResult<never> = {
  ok: false,
  error: { code: 'unavailable', params: {}, retryable: true },
};

/** Host URL pattern: http://127.0.0.1:PORT/?s=SECRET -> ws://127.0.0.1:PORT/ipc?s=SECRET */
export const hostSocketUrl = (location: Pick<Location, 'host' | 'search'>): string => {
  const secret = new URLSearchParams(location.search).get('s') ?? '';
  return `ws://${location.host}/ipc?s=${encodeURIComponent(secret)}`;
};

export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;

  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let closedByUs = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  // Each pending call remembers its socket: a drop fails exactly the calls that socket carried.
  const pending = new Map<number, { resolve: Resolve; socket: WebSocket }>();
  // Calls issued while the socket is still opening; sent on open, failed on a drop.
  const queued: { frame: string; id: number }[] = [];
  const pushListeners = new Map<PushEventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const onMessage = (raw: unknown) => {
    if (typeof raw !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const record = frame as Record<string, unknown>;
    if (typeof record.id === 'number') {
      const entry = pending.get(record.id);
      if (!entry) return;
      pending.delete(record.id);
      entry.resolve(record.result as IpcResult<unknown>);
    } else if (typeof record.event === 'string') {
      const listeners = pushListeners.get(record.event as PushEventName);
      if (listeners) for (const listener of listeners) listener(record.payload);
    }
  };

  const failCallsOf = (dropped: WebSocket) => {
    for (const [id, entry] of pending) {
      if (entry.socket !== dropped) continue;
      pending.delete(id);
      entry.resolve(UNAVAILABLE);
    }
    queued.length = 0;
  };

  const scheduleReconnect = () => {
    if (closedByUs || reconnectTimer) return;
    // Exponential backoff with jitter so a restarting host is not hammered.
    attempt += 1;
    const delay = backoffMs(attempt, { baseMs: minDelay, capMs: maxDelay }, Math.random);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  };

  const connect = () => {
    const current = new Impl(options.url);
    socket = current;
    // Retries stay `offline` until one succeeds, so the seller's banner does not flicker.
    if (state !== 'offline') setState('connecting');
    current.addEventListener('open', () => {
      attempt = 0;
      for (const { frame } of queued.splice(0)) current.send(frame);
      setState('online');
    });
    current.addEventListener('message', (event) => onMessage((event as MessageEvent).data));
    current.addEventListener('close', () => {
      failCallsOf(current);
      if (socket === current) socket = null;
      setState('offline');
      scheduleReconnect();
    });
    // 'error' is always followed by 'close', where the cleanup happens.
  };

  const call = (channel: IpcChannel, input: unknown): Promise<IpcResult<unknown>> => {
    const current = socket;
    if (!current || current.readyState > Impl.OPEN) return Promise.resolve(UNAVAILABLE);
    const id = nextId++;
    const frame = JSON.stringify({ id, channel, input: input ?? {} });
    return new Promise<IpcResult<unknown>>((resolve) => {
      pending.set(id, { resolve, socket: current });
      if (current.readyState === Impl.OPEN) current.send(frame);
      else queued.push({ frame, id });
    });
  };

  const subscribe = (event: PushEventName, listener: (payload: unknown) => void) => {
    let listeners = pushListeners.get(event);
    if (!listeners) pushListeners.set(event, (listeners = new Set()));
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  // Derived from the contract tables: a channel or event name is never typed twice.
  const calls = Object.fromEntries(IPC_CHANNELS.map((channel) => [channel, (input: unknown) => call(channel, input)]));
  const events = Object.fromEntries(
    PUSH_EVENTS.map((event) => [event, (listener: (payload: unknown) => void) => subscribe(event, listener)]),
  );
  const bridge = { ...calls, events } as unknown as AgentiqBridge;

  connect();

  return {
    bridge,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => void connectionListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}
