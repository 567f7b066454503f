import { create } from 'zustand';
import type { SyncHealthView } from '../../src-shared/domain/sync';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

/** sync.health per connected shop (runs, WB limits, outbox counts) and whether the health panel is open. */
interface HealthState {
  health: Record<number, SyncHealthView>;
  error: Record<number, UiError | null>;
  panelOpen: boolean;
  load(accountId: number): Promise<void>;
  loadAll(accountIds: number[]): Promise<void>;
  setPanelOpen(open: boolean): void;
}

const tickets = new Map<number, number>();

export const useHealthStore = create<HealthState>()((set, get) => ({
  health: {},
  error: {},
  panelOpen: false,

  async load(accountId) {
    const ticket = (tickets.get(accountId) ?? 0) + 1;
    tickets.set(accountId, ticket);
    const outcome = await settle(bridge['sync.health']({ accountId }));
    if (tickets.get(accountId) !== ticket) return;
    set((state) =>
      outcome.ok
        ? { health: { ...state.health, [accountId]: outcome.value }, error: { ...state.error, [accountId]: null } }
        : { error: { ...state.error, [accountId]: outcome.error } },
    );
  },

  async loadAll(accountIds) {
    await Promise.all(accountIds.map((id) => get().load(id)));
  },

  setPanelOpen(panelOpen) {
    set({ panelOpen });
  },
}));
