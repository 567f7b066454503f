import type { AgentiqBridge } from '../../src-shared/ipc/bridge';
import { createWsBridge, hostSocketUrl, type ConnectionState } from './ws-bridge';

declare global {
  interface Window {
    /** Provided by the Electron preload; absent when the headless host serves the page. */
    agentiq?: AgentiqBridge;
  }
}

export type { ConnectionState };

export interface Transport {
  bridge: AgentiqBridge;
  /** Electron's IPC cannot drop, so it reports `online` once; the WebSocket reports every change. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

function resolveTransport(): Transport {
  if (window.agentiq) {
    return { bridge: window.agentiq, onConnectionChange: () => () => undefined };
  }
  const ws = createWsBridge({ url: hostSocketUrl(window.location) });
  return { bridge: ws.bridge, onConnectionChange: ws.onConnectionChange };
}

/** The one transport of this window; only stores use it (STYLE habit 8). */
export const transport: Transport = resolveTransport();
export const bridge: AgentiqBridge = transport.bridge;
