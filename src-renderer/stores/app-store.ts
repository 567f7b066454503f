import { create } from 'zustand';
import type { AccountView } from '../../src-shared/domain/account';
import type { Channel } from '../../src-shared/domain/interaction';
import type { AppInfo } from '../../src-shared/ipc/contract';
import type { PushEvents } from '../../src-shared/ipc/events';
import { bridge, type ConnectionState } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';
import { useInboxStore } from './inbox-store';

export type Screen = 'inbox' | 'analytics' | 'settings';
/** `loading` until accounts.list answers; `onboarding` when there is no shop yet. */
export type Phase = 'loading' | 'onboarding' | 'ready' | 'failed';

type SyncProgress = PushEvents['sync.progress'];

interface AppState {
  phase: Phase;
  screen: Screen;
  accounts: AccountView[];
  /** The shop whose inbox is shown: for now the first connected one. */
  account: AccountView | null;
  error: UiError | null;
  seeding: boolean;
  seedError: UiError | null;
  info: AppInfo | null;
  infoError: UiError | null;
  connection: ConnectionState;
  /** Latest sync.progress per channel of the shown account. */
  sync: Partial<Record<Channel, SyncProgress>>;

  loadAccounts(): Promise<void>;
  skipOnboarding(): Promise<void>;
  setScreen(screen: Screen): void;
  loadInfo(): Promise<void>;
  setConnection(state: ConnectionState): void;
  applySyncProgress(progress: SyncProgress): void;
}

export const useAppStore = create<AppState>()((set, get) => ({
  phase: 'loading',
  screen: 'inbox',
  accounts: [],
  account: null,
  error: null,
  seeding: false,
  seedError: null,
  info: null,
  infoError: null,
  connection: 'connecting',
  sync: {},

  async loadAccounts() {
    const outcome = await settle(bridge['accounts.list']({}));
    if (!outcome.ok) {
      // Keep a shop that is already on screen; only the first load turns into a full-page error.
      set((state) => (state.account ? { error: outcome.error } : { phase: 'failed', error: outcome.error }));
      return;
    }
    const accounts = outcome.value;
    const previous = get().account;
    const account = accounts.find((candidate) => candidate.id === previous?.id) ?? accounts[0] ?? null;
    set({ accounts, account, error: null, phase: account ? 'ready' : 'onboarding' });
    if (account && account.id !== previous?.id) void useInboxStore.getState().open(account.id);
  },

  async skipOnboarding() {
    set({ seeding: true, seedError: null });
    const outcome = await settle(bridge['demo.seed']({}));
    if (!outcome.ok) {
      set({ seeding: false, seedError: outcome.error });
      return;
    }
    const listed = await settle(bridge['accounts.list']({}));
    if (!listed.ok) {
      set({ seeding: false, seedError: listed.error });
      return;
    }
    const accounts = listed.value;
    const account = accounts.find((candidate) => candidate.id === outcome.value.accountId) ?? accounts[0] ?? null;
    set({ seeding: false, accounts, account, phase: account ? 'ready' : 'onboarding', screen: 'inbox' });
    if (account) void useInboxStore.getState().open(account.id);
  },

  setScreen(screen) {
    set({ screen });
    if (screen === 'settings') void get().loadInfo();
    // Counts are kept fresh by inbox.changed; a reload on entry also recovers from a failed one.
    if (screen === 'analytics') void useInboxStore.getState().loadCounts();
  },

  async loadInfo() {
    const outcome = await settle(bridge['app.info']({}));
    set(outcome.ok ? { info: outcome.value, infoError: null } : { infoError: outcome.error });
  },

  setConnection(connection) {
    set({ connection });
  },

  applySyncProgress(progress) {
    if (progress.accountId !== get().account?.id) return;
    set((state) => ({ sync: { ...state.sync, [progress.channel]: progress } }));
  },
}));
