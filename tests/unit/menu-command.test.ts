import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../src-shared/ipc/events';
import { routeMenuCommand, type MenuScreen } from '../../src-renderer/lib/menu-command';

describe('the renderer routes app menu commands', () => {
  it('switches the screen for the «Перейти» items and hands search and shortcuts on', () => {
    const screens: MenuScreen[] = [];
    const handedOn: MenuCommand[] = [];
    for (const command of MENU_COMMANDS)
      routeMenuCommand(
        command,
        (screen) => screens.push(screen),
        (other) => handedOn.push(other),
      );
    expect(screens).toEqual(['inbox', 'analytics', 'settings']);
    expect(handedOn).toEqual(['search', 'shortcuts']);
  });
});
