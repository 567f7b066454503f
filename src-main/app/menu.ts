import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../src-shared/ipc/events';
import {
  MENU_ACCELERATORS,
  menuAccelerator,
  registersAccelerator,
  sequenceLabel,
  shortcutById,
  SHORTCUTS,
  type ShortcutId,
} from '../../src-shared/shortcuts';

/**
 * The app menu (Russian, like the UI), built from the one shortcut table (src-shared/shortcuts.ts)
 * the renderer's key handler and «?» overlay use. The menu's own commands have Ctrl/⌘ accelerators
 * (Ctrl/⌘+, settings, Ctrl/⌘+F search), registered with Electron; the renderer's keys are listed
 * under «Справка» and shown, never registered: a registered plain key would be taken from every text
 * field. Every action reaches the renderer as one push event, `app.menuCommand`.
 */

export const APP_NAME = 'AgentIQ Desktop';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer tools only outside an installed app. */
  packaged: boolean;
  send(command: MenuCommand): void;
}

/** The menu template: pure, so tests read it; lifecycle builds it with Menu.buildFromTemplate. */
export function appMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const command = (label: string, name: MenuCommand, accelerator?: string | null): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator, registerAccelerator: registersAccelerator(accelerator) } : {}),
    click: () => options.send(name),
  });
  /** A «Перейти» item: its key sequence (g, i) from the table, in the label (a menu cannot bind a sequence). */
  const go = (label: string, name: MenuCommand, id: ShortcutId) =>
    command(`${label} (${shortcutById(id).keys[0]!.join(', ')})`, name);
  const settings = command('Настройки…', 'go_settings', MENU_ACCELERATORS.settings);
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions = {
    label: APP_NAME,
    role: 'appMenu',
    submenu: [
      { role: 'about', label: `О программе ${APP_NAME}` },
      separator,
      settings,
      separator,
      { role: 'services', label: 'Службы' },
      separator,
      { role: 'hide', label: `Скрыть ${APP_NAME}` },
      { role: 'hideOthers', label: 'Скрыть остальные' },
      { role: 'unhide', label: 'Показать все' },
      separator,
      { role: 'quit', label: `Завершить ${APP_NAME}` },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    label: 'Файл',
    role: 'fileMenu',
    submenu: mac ? [{ role: 'close', label: 'Закрыть окно' }] : [settings, separator, { role: 'quit', label: 'Выход' }],
  };
  // The edit roles make copy / paste / select all work in every text field (on macOS only through the menu).
  const editMenu: MenuItemConstructorOptions = {
    label: 'Правка',
    role: 'editMenu',
    submenu: [
      { role: 'undo', label: 'Отменить' },
      { role: 'redo', label: 'Повторить' },
      separator,
      { role: 'cut', label: 'Вырезать' },
      { role: 'copy', label: 'Копировать' },
      { role: 'paste', label: 'Вставить' },
      { role: 'selectAll', label: 'Выделить всё' },
      separator,
      command('Найти', 'search', MENU_ACCELERATORS.search),
    ],
  };
  const goMenu: MenuItemConstructorOptions = {
    label: 'Перейти',
    submenu: [
      go('Входящие', 'go_inbox', 'goInbox'),
      go('Аналитика', 'go_analytics', 'goAnalytics'),
      go('Настройки', 'go_settings', 'goSettings'),
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    label: 'Вид',
    role: 'viewMenu',
    submenu: [
      { role: 'resetZoom', label: 'Обычный размер' },
      { role: 'zoomIn', label: 'Увеличить' },
      { role: 'zoomOut', label: 'Уменьшить' },
      separator,
      { role: 'togglefullscreen', label: 'Во весь экран' },
      ...(options.packaged
        ? []
        : [separator, { role: 'toggleDevTools', label: 'Инструменты разработчика' } as MenuItemConstructorOptions]),
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Окно',
    role: 'windowMenu',
    submenu: [
      { role: 'minimize', label: 'Свернуть' },
      ...(mac
        ? ([
            { role: 'zoom', label: 'Изменить масштаб' },
            separator,
            { role: 'front', label: 'Все окна — на передний план' },
          ] as MenuItemConstructorOptions[])
        : [{ role: 'close', label: 'Закрыть' } as MenuItemConstructorOptions]),
    ],
  };
  const helpMenu: MenuItemConstructorOptions = {
    label: 'Справка',
    role: 'help',
    submenu: [
      command('Горячие клавиши', 'shortcuts', menuAccelerator(shortcutById('help'))),
      separator,
      // The list: each shortcut's keys (every alternative) and what it does, as the «?» overlay shows them.
      ...SHORTCUTS.map((shortcut) => ({
        label: `${shortcut.keys.map((keys) => sequenceLabel(keys, mac)).join(' / ')} — ${shortcut.description}`,
        enabled: false,
      })),
    ],
  };
  return [...(mac ? [appMenu] : []), fileMenu, editMenu, goMenu, viewMenu, windowMenu, helpMenu];
}
