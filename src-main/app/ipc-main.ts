import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract';
import { fail } from '../../src-shared/ipc/errors';
import { coreMessage } from '../../src-shared/messages/catalog';
import { pushChannelName } from '../../src-shared/ipc/bridge';
import { isAppUrl } from './app-origin';
import type { Core } from '../core/core';

type WindowRef = () => BrowserWindow | null;

/**
 * Main checks who is calling before anything else (STYLE habit 2, VS Code habit): only the main
 * frame of our window, showing our renderer. An iframe, a <webview>, a page that navigated away
 * or another window gets `forbidden_sender` and core is never reached.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  window: BrowserWindow | null,
): boolean {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame) return false;
  return event.sender === window.webContents && frame.parent === null && isAppUrl(frame.url);
}

/**
 * One `ipcMain.handle` per contract channel (names come from the contract, never typed here).
 * `core.call` validates the input with the channel's schema and never throws. Returns a disposer.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<Core, 'call'>,
  window: WindowRef,
): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event, window())) return fail(coreMessage('forbidden_sender'));
      return core.call(channel, input);
    });
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Forwards core's push events to the window (whichever window is current, e.g. re-opened on macOS). */
export function forwardPushEvents(core: Pick<Core, 'events'>, window: WindowRef): () => void {
  return core.events.subscribe((event, payload) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(pushChannelName(event), payload);
  });
}
