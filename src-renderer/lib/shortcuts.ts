/**
 * The one registry of keyboard shortcuts (issue 11 item 3): the key handler matches against it,
 * the «?» overlay lists it, and the Electron app menu can show it (`menuAccelerator`). Pure data
 * and pure functions: no DOM, no React, so it can be imported anywhere and unit-tested.
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

/** The subset of a KeyboardEvent the matcher reads (a plain object in tests). */
export interface KeyInput {
  key: string;
  code?: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

const CYRILLIC = /^[а-яё]$/i;

/**
 * The key's name for matching, or null for a lone modifier. With a Russian layout `j` types «о»:
 * a Cyrillic letter is read by its physical key (`KeyJ` → `j`), so the shortcuts work in either layout.
 */
export function keyName(input: KeyInput, isMac = false): KeyName | null {
  if (['Control', 'Meta', 'Shift', 'Alt', 'AltGraph', 'CapsLock'].includes(input.key)) return null;
  let key = input.key;
  if (CYRILLIC.test(key) && input.code?.startsWith('Key')) key = input.code.slice(3);
  else if (input.code === 'Slash' && !/^[/?]$/.test(key)) key = input.shiftKey ? '?' : '/';
  if (key.length === 1) key = key.toLowerCase();
  const mod = isMac ? input.metaKey : input.ctrlKey;
  const otherMod = isMac ? input.ctrlKey : input.metaKey;
  if (input.altKey || otherMod) return `Alt+${key}`; // never one of ours
  return mod ? `Mod+${key}` : key;
}

/** Where typing happens: the keys then belong to the text (except `inInputs` shortcuts). */
export interface TargetInput {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

export function isTypingTarget(target: TargetInput | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
}

/** How long the second key of a sequence (`g` then `i`) may come after the first. */
export const SEQUENCE_TIMEOUT_MS = 1500;

export type MatchResult = { kind: 'match'; shortcut: Shortcut } | { kind: 'pending' } | { kind: 'none' };

/**
 * Turns key presses into shortcuts, keeping the started sequence between calls. `feed` is given
 * the key's name, whether the seller is typing, and the time (for the sequence timeout).
 */
export class ShortcutMatcher {
  private pending: KeyName[] = [];
  private pendingAt = 0;

  constructor(private readonly shortcuts: readonly Shortcut[] = SHORTCUTS) {}

  feed(key: KeyName, typing: boolean, now: number): MatchResult {
    if (this.pending.length > 0 && now - this.pendingAt > SEQUENCE_TIMEOUT_MS) this.pending = [];
    const candidates = this.shortcuts.filter((shortcut) => !typing || shortcut.inInputs);
    // A started sequence first; a key that does not continue it starts afresh.
    if (this.pending.length > 0 && !typing) {
      const sequence = [...this.pending, key];
      const result = this.lookup(candidates, sequence);
      if (result.kind !== 'none') return this.remember(result, sequence, now);
    }
    this.pending = [];
    return this.remember(this.lookup(candidates, [key]), [key], now);
  }

  reset(): void {
    this.pending = [];
  }

  private lookup(candidates: readonly Shortcut[], sequence: KeyName[]): MatchResult {
    let prefix = false;
    for (const shortcut of candidates)
      for (const keys of shortcut.keys) {
        if (keys.length === sequence.length && keys.every((k, i) => k === sequence[i]))
          return { kind: 'match', shortcut };
        if (keys.length > sequence.length && sequence.every((k, i) => k === keys[i])) prefix = true;
      }
    return prefix ? { kind: 'pending' } : { kind: 'none' };
  }

  private remember(result: MatchResult, sequence: KeyName[], now: number): MatchResult {
    if (result.kind === 'pending') {
      this.pending = sequence;
      this.pendingAt = now;
    } else this.pending = [];
    return result;
  }
}

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

export const isMacPlatform = (platform: string | undefined) => !!platform && /mac|iphone|ipad/i.test(platform);
