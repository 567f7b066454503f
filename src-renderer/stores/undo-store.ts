import { create } from 'zustand';
import type { Channel } from '../../src-shared/domain/interaction';
import type { OutboxEntryView } from '../../src-shared/domain/outbox';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

/** How long a reply sent from the UI is held in the outbox, cancellable (core accepts 0..30). */
export const UNDO_SECONDS = 10;

/** The last reply sent from the UI while it can still be taken back, with what to restore. */
export interface PendingUndo {
  outboxId: number;
  interactionId: number;
  channel: Channel;
  text: string;
  origin: 'manual' | 'draft' | 'template';
  baseText: string | null;
  /** Local time (ms) the hold ends: the core's hold length, counted from when the answer came. */
  until: number;
}

interface UndoState {
  pending: PendingUndo | null;
  cancelling: boolean;
  /** Cancelling failed (the reply had already started to go out): shown in the toast. */
  error: UiError | null;
  offer(entry: OutboxEntryView, restore: Omit<PendingUndo, 'outboxId' | 'interactionId' | 'channel' | 'until'>): void;
  /** outbox.cancel within the hold; the pending undo, or null when there was none or it failed. */
  cancel(): Promise<PendingUndo | null>;
  dismiss(): void;
}

let expiry: ReturnType<typeof setTimeout> | null = null;

export const useUndoStore = create<UndoState>()((set, get) => ({
  pending: null,
  cancelling: false,
  error: null,

  offer(entry, restore) {
    if (!entry.heldUntil) return;
    const holdMs = Math.max(0, Date.parse(entry.heldUntil) - Date.parse(entry.createdAt));
    const until = Date.now() + holdMs;
    set({
      pending: { outboxId: entry.id, interactionId: entry.interactionId, channel: entry.channel, until, ...restore },
      cancelling: false,
      error: null,
    });
    if (expiry) clearTimeout(expiry);
    // The toast goes when the hold ends (the core sends then); a failed cancel's message stays a little.
    expiry = setTimeout(() => {
      expiry = null;
      if (get().pending?.outboxId === entry.id && !get().cancelling) set({ pending: null, error: null });
    }, holdMs);
  },

  async cancel() {
    const { pending, cancelling } = get();
    if (!pending || cancelling) return null;
    set({ cancelling: true, error: null });
    const outcome = await settle(bridge['outbox.cancel']({ outboxId: pending.outboxId }));
    if (!outcome.ok) {
      set({ cancelling: false, error: outcome.error });
      if (expiry) clearTimeout(expiry);
      expiry = setTimeout(() => set({ pending: null, error: null }), 5_000);
      return null;
    }
    if (expiry) clearTimeout(expiry);
    set({ pending: null, cancelling: false, error: null });
    return pending;
  },

  dismiss() {
    if (expiry) clearTimeout(expiry);
    set({ pending: null, cancelling: false, error: null });
  },
}));
