import { useEffect } from 'react';
import { useBulkStore } from '../stores/bulk-store';
import { useInboxStore } from '../stores/inbox-store';
import { useSelectionStore } from '../stores/selection-store';

/** Typing in a field is not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Issue 11's `s` (snooze: the bulk bar's menu while items are selected, else the open item's) and
 * `x` (select / unselect the open item). Meant to move into the shortcut registry
 * (src-renderer/lib/shortcuts.ts) on merge; until then one window listener, mounted by the inbox.
 */
export function useSnoozeKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const { selectedId } = useInboxStore.getState();
      if (event.key === 's' || event.key === 'ы') {
        const selection = useSelectionStore.getState().ids;
        if (selection.length === 0 && selectedId === null) return;
        event.preventDefault();
        useBulkStore.getState().openMenu(selection.length > 0 ? 'bulk' : 'detail');
      } else if (event.key === 'x' || event.key === 'ч') {
        if (selectedId === null) return;
        event.preventDefault();
        useSelectionStore.getState().toggle(selectedId);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
