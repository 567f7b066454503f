import { bridge } from '../bridge';
import { routeMenuCommand } from '../lib/menu-command';
import { useAppStore } from './app-store';

/** The DOM event the app menu's other commands ('search', 'shortcuts') arrive as, for the keyboard layer. */
export const MENU_COMMAND_EVENT = 'agentiq:menu-command';

/**
 * The desktop app menu (Electron's `app.menuCommand`; the host never sends it): screen items switch
 * the screen here; 'search' and 'shortcuts' are re-dispatched on `window` as a CustomEvent
 * (`detail: {command}`) for whoever owns the search box and the shortcuts overlay.
 */
export function wireMenuCommands(): () => void {
  return bridge.events['app.menuCommand'](({ command }) =>
    routeMenuCommand(
      command,
      (screen) => useAppStore.getState().setScreen(screen),
      (other) => window.dispatchEvent(new CustomEvent(MENU_COMMAND_EVENT, { detail: { command: other } })),
    ),
  );
}
