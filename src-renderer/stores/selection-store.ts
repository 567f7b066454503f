import { create } from 'zustand';
import { useInboxStore } from './inbox-store';

/**
 * The bulk selection of the inbox (issue 11 item 4): item ids in the order they were picked.
 * `x` toggles the open item, a row's checkbox toggles its item, shift+click picks the range
 * from the last picked row. Cleared when the shop changes and after a bulk action.
 */
interface SelectionState {
  ids: number[];
  /** The last row picked by click or `x`: a shift+click extends from it. */
  anchor: number | null;
  toggle(id: number): void;
  /** Shift+click: every row of `visible` between the anchor and `id` is picked (the anchor's own state kept). */
  extendTo(id: number, visible: readonly number[]): void;
  clear(): void;
}

export const useSelectionStore = create<SelectionState>()((set, get) => ({
  ids: [],
  anchor: null,

  toggle(id) {
    const { ids } = get();
    set({ ids: ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id], anchor: id });
  },

  extendTo(id, visible) {
    const { anchor, ids } = get();
    const from = anchor === null ? -1 : visible.indexOf(anchor);
    const to = visible.indexOf(id);
    if (from === -1 || to === -1) {
      get().toggle(id);
      return;
    }
    const range = visible.slice(Math.min(from, to), Math.max(from, to) + 1);
    const known = new Set(ids);
    set({ ids: [...ids, ...range.filter((other) => !known.has(other))], anchor: id });
  },

  clear() {
    if (get().ids.length || get().anchor !== null) set({ ids: [], anchor: null });
  },
}));

// Another shop's inbox: its ids mean nothing there.
useInboxStore.subscribe((state, previous) => {
  if (state.accountId !== previous.accountId) useSelectionStore.getState().clear();
});
