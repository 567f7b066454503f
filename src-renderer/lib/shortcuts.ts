/**
 * The renderer's side of the keyboard shortcuts: the key handler's matcher and key naming. The
 * table itself (keys, descriptions, labels) is src-shared/shortcuts.ts, which the app menu shares.
 * Pure functions: no DOM, no React, so they are unit-tested.
 */
import { SHORTCUTS, type KeyName, type Shortcut } from '../../src-shared/shortcuts';

export {
  keyLabel,
  menuAccelerator,
  SCOPE_TITLE,
  sequenceLabel,
  shortcutById,
  SHORTCUTS,
  type KeyName,
  type Shortcut,
  type ShortcutId,
  type ShortcutScope,
} from '../../src-shared/shortcuts';

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

export const isMacPlatform = (platform: string | undefined) => !!platform && /mac|iphone|ipad/i.test(platform);
