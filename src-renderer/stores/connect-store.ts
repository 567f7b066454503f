import { create } from 'zustand';
import { normaliseToken } from '../../src-shared/domain/token';
import { bridge } from '../bridge';
import type { CoreMessage } from '../../src-shared/messages/catalog';
import type { UiError } from '../lib/ui-error';
import { useAppStore } from './app-store';
import { settle } from './call';
import { useSyncStore } from './sync-store';

/** Limits of the accounts.connect contract, checked here so the seller gets Russian, not a schema message. */
export const TOKEN_MAX = 4096;
export const NAME_MAX = 80;

interface ConnectState {
  /** The «Подключить WB» dialog inside the app (settings, the demo inbox). */
  dialogOpen: boolean;
  connecting: boolean;
  error: UiError | null;
  /** Warnings about the last connected token, shown with its first sync. */
  warnings: { accountId: number; items: CoreMessage[] } | null;

  openDialog(): void;
  closeDialog(): void;
  clearError(): void;
  /** Resolves true once the shop is connected; the token itself is never kept in a store. */
  connect(input: { token: string; name: string }): Promise<boolean>;
  dismissWarnings(): void;
}

const localError = (message: string): UiError => ({ message, retryable: false, code: null });

export const useConnectStore = create<ConnectState>()((set, get) => ({
  dialogOpen: false,
  connecting: false,
  error: null,
  warnings: null,

  openDialog() {
    set({ dialogOpen: true, error: null });
  },

  closeDialog() {
    if (!get().connecting) set({ dialogOpen: false, error: null });
  },

  clearError() {
    if (get().error) set({ error: null });
  },

  async connect(input) {
    if (get().connecting) return false;
    const token = normaliseToken(input.token);
    const name = input.name.trim();
    if (!token) {
      set({ error: localError('Вставьте API-токен WB из личного кабинета продавца.') });
      return false;
    }
    if (token.length > TOKEN_MAX) {
      set({ error: localError('Токен слишком длинный — скопируйте только сам токен, без лишнего текста.') });
      return false;
    }
    set({ connecting: true, error: null });
    const outcome = await settle(
      bridge['accounts.connect']({ token, ...(name ? { name: name.slice(0, NAME_MAX) } : {}) }),
    );
    if (!outcome.ok) {
      set({ connecting: false, error: outcome.error });
      return false;
    }
    const { account, warnings } = outcome.value;
    set({
      connecting: false,
      dialogOpen: false,
      warnings: warnings.length ? { accountId: account.id, items: warnings } : null,
    });

    const app = useAppStore.getState();
    await app.selectAccount(account.id);
    app.setScreen('inbox');
    // The first sync starts at once; its progress view stays until the seller hides it.
    const sync = useSyncStore.getState();
    sync.showProgressView(account.id);
    void sync.run(account.id, { full: true });
    return true;
  },

  dismissWarnings() {
    set({ warnings: null });
  },
}));
