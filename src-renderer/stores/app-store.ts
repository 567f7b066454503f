import { create } from 'zustand';
import type { AccountView } from '../../src-shared/domain/account';
import type { AppInfo } from '../../src-shared/ipc/contract';
import { bridge, type ConnectionState } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';
import { useInboxStore } from './inbox-store';
import { useSyncStore } from './sync-store';

export type Screen = 'inbox' | 'analytics' | 'settings';
/** `loading` until accounts.list answers; `onboarding` when there is no shop yet. */
export type Phase = 'loading' | 'onboarding' | 'ready' | 'failed';

/** The seller's explicit pick in the account switcher; survives reloads. */
const CHOICE_KEY = 'agentiq.accountId';

const readChoice = (): number | null => {
  try {
    const value = Number(window.localStorage.getItem(CHOICE_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
};

const writeChoice = (id: number) => {
  try {
    window.localStorage.setItem(CHOICE_KEY, String(id));
  } catch {
    // Storage may be disabled; the choice then lasts for this session only.
  }
};

/** An explicit pick wins; otherwise a real shop is preferred over the demo one. */
function pickAccount(accounts: AccountView[], previousId: number | undefined): AccountView | null {
  const byId = (id: number | null | undefined) => (id ? accounts.find((candidate) => candidate.id === id) : undefined);
  const chosen = byId(readChoice());
  if (chosen) return chosen;
  const previous = byId(previousId);
  if (previous && !previous.isDemo) return previous;
  return accounts.find((candidate) => !candidate.isDemo) ?? previous ?? accounts[0] ?? null;
}

/** Status of every connected shop: the sidebar and settings show each one's last sync. */
const loadSyncStatuses = (accounts: AccountView[]) =>
  useSyncStore.getState().loadAll(accounts.filter((account) => !account.isDemo).map((account) => account.id));

interface AppState {
  phase: Phase;
  screen: Screen;
  accounts: AccountView[];
  /** The shop whose inbox is shown: the seller's pick, else the real shop, else the demo one. */
  account: AccountView | null;
  error: UiError | null;
  seeding: boolean;
  seedError: UiError | null;
  info: AppInfo | null;
  infoError: UiError | null;
  connection: ConnectionState;

  loadAccounts(): Promise<void>;
  skipOnboarding(): Promise<void>;
  setScreen(screen: Screen): void;
  loadInfo(): Promise<void>;
  setConnection(state: ConnectionState): void;
  /** Switches the shown shop (account switcher, a freshly connected shop). */
  selectAccount(id: number): Promise<void>;
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

  async loadAccounts() {
    const outcome = await settle(bridge['accounts.list']({}));
    if (!outcome.ok) {
      // Keep a shop that is already on screen; only the first load turns into a full-page error.
      set((state) => (state.account ? { error: outcome.error } : { phase: 'failed', error: outcome.error }));
      return;
    }
    const accounts = outcome.value;
    const previous = get().account;
    const account = pickAccount(accounts, previous?.id);
    set({ accounts, account, error: null, phase: account ? 'ready' : 'onboarding' });
    if (account && account.id !== previous?.id) void useInboxStore.getState().open(account.id);
    void loadSyncStatuses(accounts);
  },

  async selectAccount(id) {
    writeChoice(id);
    // Always reload: a reconnected shop keeps its id but its token facts may have changed.
    await get().loadAccounts();
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
    if (screen === 'settings') {
      void get().loadInfo();
      void loadSyncStatuses(get().accounts);
    }
  },

  async loadInfo() {
    const outcome = await settle(bridge['app.info']({}));
    set(outcome.ok ? { info: outcome.value, infoError: null } : { infoError: outcome.error });
  },

  setConnection(connection) {
    set({ connection });
  },
}));
