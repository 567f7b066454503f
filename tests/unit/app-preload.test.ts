import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from './app-fake-electron';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract';
import { PUSH_EVENTS } from '../../src-shared/ipc/events';
import type { AgentiqBridge } from '../../src-shared/ipc/bridge';

vi.mock('electron', async () => (await import('./app-fake-electron')).fakeElectron);

let bridge: AgentiqBridge;
beforeAll(async () => {
  await import('../../src-main/app/preload');
  bridge = contextBridge.exposed.get('agentiq') as AgentiqBridge;
});

describe('preload', () => {
  it('exposes only window.agentiq', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['agentiq']);
  });

  it('has exactly one function per contract channel plus events, and no generic send or invoke', () => {
    expect(Object.keys(bridge).sort()).toEqual([...IPC_CHANNELS, 'events'].sort());
    for (const channel of IPC_CHANNELS) expect(typeof bridge[channel]).toBe('function');
    expect(bridge).not.toHaveProperty('send');
    expect(bridge).not.toHaveProperty('invoke');
  });

  it('has exactly one subscriber per push event', () => {
    expect(Object.keys(bridge.events).sort()).toEqual([...PUSH_EVENTS].sort());
  });

  it('invokes the channel of the function called, with the input as given', async () => {
    const result = await bridge['inbox.counts']({ accountId: 3 });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('inbox.counts', { accountId: 3 });
    expect(result).toEqual({ ok: true, value: { channel: 'inbox.counts', input: { accountId: 3 } } });
  });

  it('delivers only the payload of a push event to the page, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.events['sync.progress'](listener);
    const payload = { accountId: 1, channel: 'chat', status: 'syncing', fetched: 5, total: null, reason: null };
    ipcRenderer.emit('push:sync.progress', { sender: 'the IpcRendererEvent must not leak' }, payload);
    expect(listener).toHaveBeenCalledExactlyOnceWith(payload);

    unsubscribe();
    expect(ipcRenderer.listenerCount('push:sync.progress')).toBe(0);
    ipcRenderer.emit('push:sync.progress', {}, payload);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
