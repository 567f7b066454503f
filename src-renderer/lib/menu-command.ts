import type { MenuCommand } from '../../src-shared/ipc/events';

export type MenuScreen = 'inbox' | 'analytics' | 'settings';

const SCREENS: Partial<Record<MenuCommand, MenuScreen>> = {
  go_inbox: 'inbox',
  go_analytics: 'analytics',
  go_settings: 'settings',
};

/** An app menu command: a screen switch, or handed on ('search', 'shortcuts') to the keyboard layer. */
export function routeMenuCommand(
  command: MenuCommand,
  setScreen: (screen: MenuScreen) => void,
  handOn: (command: MenuCommand) => void,
): void {
  const screen = SCREENS[command];
  if (screen) setScreen(screen);
  else handOn(command);
}
