import { create } from 'zustand';
import type { OutboxEntryView } from '../../src-shared/domain/outbox';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

/**
 * The outbox rows of the open item (newest first): what the reply state panel shows and acts
 * on. Reloaded when the selection changes and on every `outbox.changed` for that item.
 */
interface OutboxStoreState {
  accountId: number | null;
  interactionId: number | null;
  entries: OutboxEntryView[];
  loaded: boolean;
  loadError: UiError | null;
  /** The last failed action (cancel, retry, edit, resolve, reject), shown next to the state. */
  actionError: UiError | null;
  busy: boolean;

  show(accountId: number | null, interactionId: number | null): Promise<void>;
  reload(): Promise<void>;
  cancel(outboxId: number): Promise<boolean>;
  retry(outboxId: number): Promise<boolean>;
  update(outboxId: number, text: string): Promise<boolean>;
  resolveConflict(outboxId: number, action: 'edit_wb' | 'discard'): Promise<boolean>;
  editAnswer(interactionId: number, text: string): Promise<boolean>;
  rejectQuestion(interactionId: number, text: string): Promise<boolean>;
  clearActionError(): void;
}

let ticket = 0;

export const useOutboxStore = create<OutboxStoreState>()((set, get) => {
  /** One action: refuse a second while one runs, keep core's message on failure, reload after. */
  const act = async (call: () => Promise<IpcResult<OutboxEntryView>>): Promise<boolean> => {
    if (get().busy) return false;
    set({ busy: true, actionError: null });
    const outcome = await settle(call());
    set({ busy: false, actionError: outcome.ok ? null : outcome.error });
    await get().reload();
    return outcome.ok;
  };

  return {
    accountId: null,
    interactionId: null,
    entries: [],
    loaded: false,
    loadError: null,
    actionError: null,
    busy: false,

    async show(accountId, interactionId) {
      const same = accountId === get().accountId && interactionId === get().interactionId;
      if (!same) set({ accountId, interactionId, entries: [], loaded: false, loadError: null, actionError: null });
      await get().reload();
    },

    async reload() {
      const { accountId, interactionId } = get();
      if (accountId === null || interactionId === null) return;
      const mine = ++ticket;
      const outcome = await settle(bridge['outbox.list']({ accountId, interactionId }));
      if (mine !== ticket) return;
      set(
        outcome.ok
          ? { entries: outcome.value, loaded: true, loadError: null }
          : { loaded: true, loadError: outcome.error },
      );
    },

    cancel: (outboxId) => act(() => bridge['outbox.cancel']({ outboxId })),
    retry: (outboxId) => act(() => bridge['outbox.retry']({ outboxId })),
    update: (outboxId, text) => act(() => bridge['outbox.update']({ outboxId, text })),
    resolveConflict: (outboxId, action) => act(() => bridge['outbox.resolveConflict']({ outboxId, action })),
    editAnswer: (interactionId, text) => act(() => bridge['reply.edit']({ interactionId, text })),
    rejectQuestion: (interactionId, text) => act(() => bridge['question.reject']({ interactionId, text })),
    clearActionError: () => set({ actionError: null }),
  };
});

/** The row the item's state is about: the newest one the seller did not withdraw. */
export const currentEntry = (entries: OutboxEntryView[]): OutboxEntryView | null =>
  entries.find((entry) => entry.state !== 'cancelled') ?? null;
