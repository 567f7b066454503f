import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract';
import { fail } from '../../src-shared/ipc/errors';
import { coreMessage } from '../../src-shared/messages/catalog';
import { pushChannelName } from '../../src-shared/ipc/bridge';
import type { PushEventName, PushEvents } from '../../src-shared/ipc/events';
import { isAppUrl } from './app-origin';
import type { Core } from '../core/core';
import { dispatch, type CoreHandlers } from '../core/ipc-dispatch';
import { silentLogger, type Logger } from '../core/logger';
import type { ShellHandlers } from './shell-handlers';

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
 * `core.call` validates the input with the channel's schema and never throws. The shell-only
 * channels (`shell`, see shell-handlers.ts) are answered here, through the same validating
 * dispatch, and never reach the core. Returns a disposer.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<Core, 'call'>,
  window: WindowRef,
  shell: { handlers: Partial<ShellHandlers>; logger?: Logger } = { handlers: {} },
): () => void {
  for (const channel of IPC_CHANNELS) {
    const own = Object.hasOwn(shell.handlers, channel);
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event, window())) return fail(coreMessage('forbidden_sender'));
      if (own) return dispatch(shell.handlers as CoreHandlers, channel, input, shell.logger ?? silentLogger);
      return core.call(channel, input);
    });
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Sends the window a push event of the shell's own (the app menu's commands). */
export function pushToWindow<E extends PushEventName>(window: WindowRef, event: E, payload: PushEvents[E]): void {
  const target = window();
  if (target && !target.isDestroyed()) target.webContents.send(pushChannelName(event), payload);
}

/** Forwards core's push events to the window (whichever window is current, e.g. re-opened on macOS). */
export function forwardPushEvents(core: Pick<Core, 'events'>, window: WindowRef): () => void {
  return core.events.subscribe((event, payload) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(pushChannelName(event), payload);
  });
}
