import { useEffect, useRef, useState } from 'react';
import * as actions from '../../lib/keyboard-actions';
import {
  isMacPlatform,
  isTypingTarget,
  keyName,
  SCOPE_TITLE,
  sequenceLabel,
  ShortcutMatcher,
  SHORTCUTS,
  type Shortcut,
  type ShortcutScope,
} from '../../lib/shortcuts';
import { useAppStore } from '../../stores/app-store';
import { useOutboxStore } from '../../stores/outbox-store';
import { useUndoStore } from '../../stores/undo-store';
import { UndoToast } from './UndoToast';
import '../../styles/keyboard.css';

const IS_MAC = isMacPlatform(typeof navigator === 'undefined' ? undefined : navigator.platform);
/** Shortcuts about the list and the open item act on the inbox screen only. */
const INBOX_ONLY = new Set<ShortcutScope>(['list', 'item']);
/** Keys that keep their own meaning on a focused control (a button's Enter, a link's Enter). */
const OWN_ENTER = 'button, a[href], select, summary, [role="button"], [role="option"], [role="tab"]';

/** The key handler over the shortcut registry, the «?» overlay and the undo-send toast. */
export function KeyboardLayer() {
  const [helpOpen, setHelpOpen] = useState(false);
  const helpRef = useRef(helpOpen);
  helpRef.current = helpOpen;

  useEffect(() => {
    const matcher = new ShortcutMatcher();
    const onKeyDown = (event: KeyboardEvent) => {
      // A control handled it already (the list's own arrows, the composer's Ctrl+Enter).
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      // Another modal dialog (connecting a shop) owns the keyboard while open.
      const modal = document.querySelector('[aria-modal="true"]');
      if (modal && !modal.matches('[data-testid="shortcuts-help"]')) return;
      const key = keyName(event, IS_MAC);
      if (!key) return;
      const typing = isTypingTarget(target);
      const result = matcher.feed(key, typing, performance.now());
      if (result.kind === 'pending') {
        event.preventDefault();
        return;
      }
      if (result.kind !== 'match') return;
      const shortcut = result.shortcut;
      if (helpRef.current) {
        if (shortcut.id === 'back' || shortcut.id === 'help') {
          event.preventDefault();
          setHelpOpen(false);
        }
        return;
      }
      if (act(shortcut, event, target, typing)) event.preventDefault();
    };
    const act = (shortcut: Shortcut, event: KeyboardEvent, target: HTMLElement | null, typing: boolean): boolean => {
      if (shortcut.external) return false;
      if (INBOX_ONLY.has(shortcut.scope) && useAppStore.getState().screen !== 'inbox') return false;
      const inDetail = !!target?.closest('[data-testid="detail"]');
      switch (shortcut.id) {
        case 'next':
        case 'prev':
          // Arrows scroll the open item's pane; j / k move through the list from anywhere.
          if (event.key.startsWith('Arrow') && inDetail) return false;
          actions.move(shortcut.id === 'next' ? 1 : -1);
          return true;
        case 'open':
          if (target?.closest(OWN_ENTER) && !target.matches('[role="listbox"]')) return false;
          void actions.open();
          return true;
        case 'reply':
          void actions.reply();
          return true;
        case 'acceptDraft':
          void actions.acceptDraft();
          return true;
        case 'edit':
          void actions.edit();
          return true;
        case 'templates':
          void actions.templates();
          return true;
        case 'search':
          void actions.search();
          return true;
        case 'goInbox':
          void actions.go('inbox');
          return true;
        case 'goAnalytics':
          void actions.go('analytics');
          return true;
        case 'goSettings':
          void actions.go('settings');
          return true;
        case 'back':
          actions.back(target);
          return true;
        case 'help':
          setHelpOpen(true);
          return true;
        case 'undoSend': {
          // In a field with text Ctrl+Z is the text's own undo; in an empty composer it takes the send back.
          if (!useUndoStore.getState().pending) return false;
          if (typing && (target as HTMLTextAreaElement | HTMLInputElement).value !== '') return false;
          void actions.undoSend();
          return true;
        }
        case 'send':
          // The composer sends by itself (ReplyBox); elsewhere Ctrl+Enter means nothing.
          return false;
        default:
          return false;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // The held reply left the queue another way (its «Отменить» in the item, an edit, the send itself): no undo then.
  useEffect(
    () =>
      useOutboxStore.subscribe(({ entries }) => {
        const pending = useUndoStore.getState().pending;
        const entry = pending && entries.find((candidate) => candidate.id === pending.outboxId);
        if (entry && entry.state !== 'queued' && !useUndoStore.getState().cancelling) useUndoStore.getState().dismiss();
      }),
    [],
  );

  return (
    <>
      <UndoToast />
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </>
  );
}

const SCOPES: ShortcutScope[] = ['list', 'item', 'composer', 'navigation', 'general'];

/** «?»: every shortcut of the registry, by scope. Esc, «?» or the button closes it; focus returns. */
function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => {
      if (previous && previous.isConnected && previous !== document.body) previous.focus();
      else actions.focusList();
    };
  }, []);

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal shortcuts-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-help-title"
        data-testid="shortcuts-help"
        onClick={(event) => event.stopPropagation()}
      >
        <h2 id="shortcuts-help-title">Сочетания клавиш</h2>
        <div className="shortcuts-groups">
          {SCOPES.map((scope) => (
            <section key={scope}>
              <h3>{SCOPE_TITLE[scope]}</h3>
              <dl>
                {SHORTCUTS.filter((shortcut) => shortcut.scope === scope).map((shortcut) => (
                  <div key={shortcut.id} className="shortcut-row" data-testid="shortcut-row">
                    <dt>
                      {shortcut.keys.map((keys, index) => (
                        <kbd key={index}>{sequenceLabel(keys, IS_MAC)}</kbd>
                      ))}
                    </dt>
                    <dd>{shortcut.description}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted">Клавиши не действуют, пока вы печатаете в поле, — кроме Esc и Ctrl+Enter.</p>
        <div className="modal-actions">
          <button ref={closeRef} type="button" className="btn" data-testid="shortcuts-help-close" onClick={onClose}>
            Закрыть
          </button>
        </div>
      </div>
    </div>
  );
}
