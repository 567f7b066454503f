import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../src-shared/ipc/events';

/**
 * The app menu (Russian, like the UI). Global shortcuts are real accelerators (Ctrl/⌘+, settings,
 * Ctrl/⌘+F search); the renderer's single-key shortcuts are listed under «Справка» and reached
 * with «Горячие клавиши» (the renderer's overlay). Every action reaches the renderer as one push
 * event, `app.menuCommand`.
 *
 * TODO(integrator): the renderer's shortcut registry (src-renderer/lib/shortcuts.ts, ui-keys)
 * should become the one source of KEYBOARD_SHORTCUTS below.
 */
export interface KeyboardShortcut {
  keys: string;
  label: string;
}

/** The renderer's shortcuts as issue 11 names them, for the menu's list. */
export const KEYBOARD_SHORTCUTS: readonly KeyboardShortcut[] = [
  { keys: 'j / k, ↓ / ↑', label: 'Следующее / предыдущее обращение' },
  { keys: 'Enter', label: 'Открыть' },
  { keys: 'r', label: 'Ответить' },
  { keys: 'a', label: 'Принять черновик' },
  { keys: 'e', label: 'Изменить' },
  { keys: 't', label: 'Шаблоны' },
  { keys: 's', label: 'Отложить' },
  { keys: 'x', label: 'Выбрать' },
  { keys: '/', label: 'Поиск' },
  { keys: 'g, i / g, a / g, s', label: 'Входящие / Аналитика / Настройки' },
  { keys: 'Ctrl+Enter', label: 'Отправить' },
  { keys: 'Esc', label: 'Назад' },
  { keys: '?', label: 'Список горячих клавиш' },
];

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
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => options.send(name),
  });
  const settings = command('Настройки…', 'go_settings', 'CmdOrCtrl+,');
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
      command('Найти', 'search', 'CmdOrCtrl+F'),
    ],
  };
  const goMenu: MenuItemConstructorOptions = {
    label: 'Перейти',
    submenu: [
      command('Входящие (g, i)', 'go_inbox'),
      command('Аналитика (g, a)', 'go_analytics'),
      command('Настройки (g, s)', 'go_settings'),
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
      command('Горячие клавиши', 'shortcuts'),
      separator,
      ...KEYBOARD_SHORTCUTS.map((shortcut) => ({ label: `${shortcut.keys} — ${shortcut.label}`, enabled: false })),
    ],
  };
  return [...(mac ? [appMenu] : []), fileMenu, editMenu, goMenu, viewMenu, windowMenu, helpMenu];
}
