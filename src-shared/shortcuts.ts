/**
 * The one table of keyboard shortcuts (issue 11 item 3): the renderer's key handler matches against
 * it, its «?» overlay lists it, and the Electron app menu (src-main/app/menu.ts) lists it and takes
 * its accelerators from it. Pure data and pure functions, so both sides import it. The descriptions
 * are Russian: they are the UI's words (src-shared is where the seller-facing Russian lives).
 */

export type ShortcutScope = 'list' | 'item' | 'navigation' | 'composer' | 'general';

export type ShortcutId =
  | 'next'
  | 'prev'
  | 'open'
  | 'reply'
  | 'acceptDraft'
  | 'edit'
  | 'templates'
  | 'snooze'
  | 'select'
  | 'search'
  | 'goInbox'
  | 'goAnalytics'
  | 'goSettings'
  | 'back'
  | 'help'
  | 'send'
  | 'undoSend';

/**
 * A key as the matcher names it: a printable key in lower case (`j`, `/`, `?`), a named key
 * (`Enter`, `Escape`, `ArrowDown`), with `Mod+` for Ctrl (⌘ on macOS).
 */
export type KeyName = string;

export interface Shortcut {
  id: ShortcutId;
  /** Alternatives; each is a sequence of keys pressed one after another (`['g', 'i']`). */
  keys: KeyName[][];
  /** What it does, for the «?» overlay and the menu (Russian: the UI's language). */
  description: string;
  scope: ShortcutScope;
  /** Also while typing in an input or a textarea (Esc, Ctrl+Enter). */
  inInputs?: boolean;
  /**
   * Bound elsewhere (the snooze and bulk-select hook): listed in the overlay and the menu, but
   * this module's key handler does not act on it.
   */
  external?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'next', keys: [['j'], ['ArrowDown']], description: 'Следующее обращение', scope: 'list' },
  { id: 'prev', keys: [['k'], ['ArrowUp']], description: 'Предыдущее обращение', scope: 'list' },
  { id: 'open', keys: [['Enter']], description: 'Открыть обращение', scope: 'list' },
  { id: 'reply', keys: [['r']], description: 'Ответить (перейти к полю ответа)', scope: 'item' },
  { id: 'acceptDraft', keys: [['a']], description: 'Взять черновик ИИ в ответ', scope: 'item' },
  { id: 'edit', keys: [['e']], description: 'Изменить ответ в очереди или опубликованный', scope: 'item' },
  { id: 'templates', keys: [['t']], description: 'Шаблоны ответов', scope: 'item' },
  { id: 'snooze', keys: [['s']], description: 'Отложить', scope: 'item', external: true },
  { id: 'select', keys: [['x']], description: 'Выбрать для массовых действий', scope: 'list', external: true },
  { id: 'search', keys: [['/']], description: 'Поиск', scope: 'navigation' },
  { id: 'goInbox', keys: [['g', 'i']], description: 'Перейти к сообщениям', scope: 'navigation' },
  { id: 'goAnalytics', keys: [['g', 'a']], description: 'Перейти к аналитике', scope: 'navigation' },
  { id: 'goSettings', keys: [['g', 's']], description: 'Перейти к настройкам', scope: 'navigation' },
  {
    id: 'back',
    keys: [['Escape']],
    description: 'Назад: закрыть окно, из поля ответа — к списку, очистить поиск',
    scope: 'general',
    inInputs: true,
  },
  { id: 'help', keys: [['?']], description: 'Список сочетаний клавиш', scope: 'general' },
  { id: 'send', keys: [['Mod+Enter']], description: 'Отправить ответ', scope: 'composer', inInputs: true },
  { id: 'undoSend', keys: [['Mod+z']], description: 'Отменить отправку (10 секунд)', scope: 'composer' },
];

export const SCOPE_TITLE: Record<ShortcutScope, string> = {
  list: 'Список',
  item: 'Обращение',
  navigation: 'Переходы',
  composer: 'Ответ',
  general: 'Общие',
};

export const shortcutById = (id: ShortcutId): Shortcut => {
  const found = SHORTCUTS.find((shortcut) => shortcut.id === id);
  if (!found) throw new Error(`no shortcut ${id}`);
  return found;
};

/** A key as the overlay shows it: `Ctrl+Enter` (⌘+Enter on macOS), `↓`, `g затем i`. */
export function keyLabel(key: KeyName, isMac = false): string {
  const names: Record<string, string> = {
    ArrowDown: '↓',
    ArrowUp: '↑',
    Enter: 'Enter',
    Escape: 'Esc',
  };
  const [mod, rest] = key.startsWith('Mod+') ? [isMac ? '⌘+' : 'Ctrl+', key.slice(4)] : ['', key];
  // A single letter reads as typed (`j`); after a modifier as on the key cap (`Ctrl+Z`).
  const base = names[rest] ?? (rest.length === 1 && mod ? rest.toUpperCase() : rest);
  return mod + base;
}

export const sequenceLabel = (keys: KeyName[], isMac = false) =>
  keys.map((key) => keyLabel(key, isMac)).join(' затем ');

/**
 * For the Electron menu: an accelerator for a one-key shortcut (`CmdOrCtrl+Enter`, `J`), null for
 * a sequence (`g i`), which a menu cannot bind; the menu then shows `sequenceLabel` in its label.
 * A plain-key accelerator (`J`, `/`) must be shown only (`registerAccelerator: false`): registered,
 * it would take the letter from every text field. The renderer's key handler does the work.
 */
export function menuAccelerator(shortcut: Shortcut): string | null {
  const keys = shortcut.keys[0];
  if (!keys || keys.length !== 1) return null;
  const key = keys[0]!;
  const electronNames: Record<string, string> = {
    ArrowDown: 'Down',
    ArrowUp: 'Up',
    Enter: 'Enter',
    Escape: 'Escape',
    '/': '/',
    '?': 'Shift+/',
  };
  const [mod, rest] = key.startsWith('Mod+') ? ['CmdOrCtrl+', key.slice(4)] : ['', key];
  return mod + (electronNames[rest] ?? rest.toUpperCase());
}

/**
 * The app menu's own commands with a Ctrl/⌘ combination (desktop only: in a browser Ctrl+F is the
 * browser's find). The renderer's keys above reach the page by themselves; these are registered.
 */
export const MENU_ACCELERATORS = {
  settings: 'CmdOrCtrl+,',
  search: 'CmdOrCtrl+F',
} as const;

/**
 * Whether the menu may register an accelerator with Electron: only a Ctrl/⌘ combination. A plain
 * key (`J`, `/`, `Shift+/`) registered by the menu would be taken from every text field (j, k, r
 * typed into the composer would never arrive), so the menu only shows it.
 */
export const registersAccelerator = (accelerator: string): boolean =>
  /^(CmdOrCtrl|CommandOrControl|Ctrl|Cmd)\+/.test(accelerator);
