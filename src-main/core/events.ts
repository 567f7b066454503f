import type { PushEventName, PushEvents } from '../../src-shared/ipc/events';

export type PushListener = <E extends PushEventName>(event: E, payload: PushEvents[E]) => void;

/** A tiny typed bus: core emits, each shell (Electron window, host WebSocket) forwards. */
export class PushBus {
  private readonly listeners = new Set<PushListener>();
  subscribe(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit<E extends PushEventName>(event: E, payload: PushEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
