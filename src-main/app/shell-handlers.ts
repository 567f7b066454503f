import type { App, BrowserWindow } from 'electron';
import type { IpcChannel, IpcOutput, IpcParsedInput, LoginItemView } from '../../src-shared/ipc/contract';
import { coreMessage } from '../../src-shared/messages/catalog';
import { CoreError } from '../core/errors';
import { focusWindow } from './window';

/** The contract channels Electron's main answers itself: things only the desktop shell can do. */
export const SHELL_CHANNELS = ['app.getLoginItem', 'app.setLoginItem', 'app.focusWindow'] as const;
export type ShellChannel = (typeof SHELL_CHANNELS)[number] & IpcChannel;
export type ShellHandlers = { [C in ShellChannel]: (input: IpcParsedInput<C>) => Promise<IpcOutput<C>> };

type LoginItemApp = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;

/** Electron sets login items on macOS and Windows only (app.setLoginItemSettings, @platform darwin,win32). */
export const loginItemSupported = (platform: NodeJS.Platform) => platform === 'darwin' || platform === 'win32';

/**
 * Start at login is kept by the OS itself (macOS login items, the Windows Run key), not in a file
 * of ours: the seller may switch it off in the OS settings, and the switch then shows the truth.
 */
export function shellHandlers(
  app: LoginItemApp,
  platform: NodeJS.Platform,
  window: () => BrowserWindow | null,
): ShellHandlers {
  const read = (): LoginItemView =>
    loginItemSupported(platform)
      ? { supported: true, openAtLogin: app.getLoginItemSettings().openAtLogin }
      : { supported: false, openAtLogin: false, reason: coreMessage('login_item_unsupported', { where: 'linux' }) };
  return {
    'app.getLoginItem': async () => read(),
    'app.setLoginItem': async ({ openAtLogin }) => {
      if (!loginItemSupported(platform)) throw new CoreError('login_item_unsupported', { where: 'linux' });
      app.setLoginItemSettings({ openAtLogin });
      return read();
    },
    'app.focusWindow': async () => {
      const target = window();
      if (!target || target.isDestroyed()) return { focused: false };
      focusWindow(target);
      return { focused: true };
    },
  };
}
