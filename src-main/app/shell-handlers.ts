import type { BrowserWindow, Shell } from 'electron';
import type { IpcChannel, IpcOutput, IpcParsedInput } from '../../src-shared/ipc/contract';
import { CoreError } from '../core/errors';
import type { LoginItems } from './autostart';
import { focusWindow } from './window';

/** The contract channels Electron's main answers itself: things only the desktop shell can do. */
export const SHELL_CHANNELS = [
  'app.getLoginItem',
  'app.setLoginItem',
  'app.focusWindow',
  'app.openDataFolder',
] as const;
export type ShellChannel = (typeof SHELL_CHANNELS)[number] & IpcChannel;
export type ShellHandlers = { [C in ShellChannel]: (input: IpcParsedInput<C>) => Promise<IpcOutput<C>> };

export interface ShellHandlerDeps {
  /** Start at login, the platform's way (autostart.ts). */
  loginItems: LoginItems;
  window: () => BrowserWindow | null;
  shell: Pick<Shell, 'openPath'>;
  /** The folder «Открыть папку» shows: the one the core was opened on. */
  dataDir: string;
}

/**
 * Start at login is kept by the OS itself (macOS login items, the Windows Run key, the XDG autostart
 * folder), not in a file of ours: the seller may switch it off in the OS settings, and the switch
 * then shows the truth.
 */
export function shellHandlers(deps: ShellHandlerDeps): ShellHandlers {
  return {
    'app.getLoginItem': async () => deps.loginItems.read(),
    'app.setLoginItem': async ({ openAtLogin }) => deps.loginItems.set(openAtLogin),
    'app.focusWindow': async () => {
      const target = deps.window();
      if (!target || target.isDestroyed()) return { focused: false };
      focusWindow(target);
      return { focused: true };
    },
    'app.openDataFolder': async () => {
      // shell.openPath answers '' on success and the OS's reason otherwise; it does not throw.
      const failed = await deps.shell.openPath(deps.dataDir);
      if (failed) throw new CoreError('open_folder_failed', { reason: failed });
      return { opened: true };
    },
  };
}
