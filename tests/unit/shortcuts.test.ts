import { describe, expect, it } from 'vitest';
import {
  isTypingTarget,
  keyLabel,
  keyName,
  menuAccelerator,
  SEQUENCE_TIMEOUT_MS,
  sequenceLabel,
  shortcutById,
  ShortcutMatcher,
  SHORTCUTS,
} from '../../src-renderer/lib/shortcuts';

const matched = (result: ReturnType<ShortcutMatcher['feed']>) =>
  result.kind === 'match' ? result.shortcut.id : result.kind;

describe('the shortcut registry', () => {
  it('binds every key of issue 11 once, each with a Russian description', () => {
    const bound = SHORTCUTS.flatMap((s) => s.keys.map((keys) => keys.join(' ')));
    expect(new Set(bound).size).toBe(bound.length);
    expect(bound.sort()).toEqual(
      [
        'j',
        'k',
        'ArrowDown',
        'ArrowUp',
        'Enter',
        'r',
        'a',
        'e',
        't',
        's',
        'x',
        '/',
        'g i',
        'g a',
        'g s',
        'Escape',
        '?',
        'Mod+Enter',
        'Mod+z',
      ].sort(),
    );
    for (const shortcut of SHORTCUTS) expect(shortcut.description).toMatch(/[А-Яа-я]/);
    // Snooze and bulk select are listed but handled by their own hook.
    expect(SHORTCUTS.filter((s) => s.external).map((s) => s.id)).toEqual(['snooze', 'select']);
  });

  it('names keys the same in the Latin and the Russian layout, with Mod for Ctrl (⌘ on macOS)', () => {
    expect(keyName({ key: 'j', code: 'KeyJ' })).toBe('j');
    expect(keyName({ key: 'о', code: 'KeyJ' })).toBe('j');
    expect(keyName({ key: 'J', code: 'KeyJ', shiftKey: true })).toBe('j');
    expect(keyName({ key: '.', code: 'Slash' })).toBe('/');
    expect(keyName({ key: ',', code: 'Slash', shiftKey: true })).toBe('?');
    expect(keyName({ key: '?', code: 'Slash', shiftKey: true })).toBe('?');
    expect(keyName({ key: 'Enter', ctrlKey: true })).toBe('Mod+Enter');
    expect(keyName({ key: 'Enter', metaKey: true }, true)).toBe('Mod+Enter');
    expect(keyName({ key: 'Enter', metaKey: true }, false)).toBe('Alt+Enter');
    expect(keyName({ key: 'я', code: 'KeyZ', ctrlKey: true })).toBe('Mod+z');
    expect(keyName({ key: 'Control', ctrlKey: true })).toBeNull();
  });

  it('tells typing targets from others', () => {
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'DIV' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('the matcher', () => {
  it('matches single keys, and ignores them while typing except Esc and Ctrl+Enter', () => {
    const matcher = new ShortcutMatcher();
    expect(matched(matcher.feed('j', false, 0))).toBe('next');
    expect(matched(matcher.feed('ArrowUp', false, 0))).toBe('prev');
    expect(matched(matcher.feed('?', false, 0))).toBe('help');
    expect(matched(matcher.feed('j', true, 0))).toBe('none');
    expect(matched(matcher.feed('/', true, 0))).toBe('none');
    expect(matched(matcher.feed('Escape', true, 0))).toBe('back');
    expect(matched(matcher.feed('Mod+Enter', true, 0))).toBe('send');
    expect(matched(matcher.feed('q', false, 0))).toBe('none');
  });

  it('matches sequences: g then i / a / s, within the timeout, never while typing', () => {
    const matcher = new ShortcutMatcher();
    expect(matched(matcher.feed('g', false, 0))).toBe('pending');
    expect(matched(matcher.feed('i', false, 100))).toBe('goInbox');
    expect(matched(matcher.feed('g', false, 200))).toBe('pending');
    expect(matched(matcher.feed('s', false, 300))).toBe('goSettings');
    // `a` alone accepts the draft; after `g` it goes to analytics.
    expect(matched(matcher.feed('a', false, 400))).toBe('acceptDraft');
    expect(matched(matcher.feed('g', false, 500))).toBe('pending');
    expect(matched(matcher.feed('a', false, 600))).toBe('goAnalytics');
    // Too late: the second key counts on its own.
    expect(matched(matcher.feed('g', false, 1000))).toBe('pending');
    expect(matched(matcher.feed('s', false, 1000 + SEQUENCE_TIMEOUT_MS + 1))).toBe('snooze');
    // A key that does not continue the sequence starts afresh.
    expect(matched(matcher.feed('g', false, 5000))).toBe('pending');
    expect(matched(matcher.feed('j', false, 5100))).toBe('next');
    expect(matched(matcher.feed('i', false, 5200))).toBe('none');
    // Typing: `g` is a letter of the text.
    expect(matched(matcher.feed('g', true, 6000))).toBe('none');
    expect(matched(matcher.feed('i', false, 6100))).toBe('none');
  });
});

describe('labels for the overlay and the app menu', () => {
  it('shows keys as the seller presses them', () => {
    expect(keyLabel('Mod+Enter')).toBe('Ctrl+Enter');
    expect(keyLabel('Mod+Enter', true)).toBe('⌘+Enter');
    expect(keyLabel('Mod+z')).toBe('Ctrl+Z');
    expect(keyLabel('ArrowDown')).toBe('↓');
    expect(keyLabel('Escape')).toBe('Esc');
    expect(keyLabel('j')).toBe('j');
    expect(sequenceLabel(['g', 'i'])).toBe('g затем i');
  });

  it('gives Electron accelerators for one-key shortcuts, none for sequences', () => {
    expect(menuAccelerator(shortcutById('send'))).toBe('CmdOrCtrl+Enter');
    expect(menuAccelerator(shortcutById('undoSend'))).toBe('CmdOrCtrl+Z');
    expect(menuAccelerator(shortcutById('next'))).toBe('J');
    expect(menuAccelerator(shortcutById('help'))).toBe('Shift+/');
    expect(menuAccelerator(shortcutById('goInbox'))).toBeNull();
  });
});
