import { create } from 'zustand';
import type { IpcOutput } from '../../src-shared/ipc/contract';
import type { AccountSettings } from '../../src-shared/domain/settings';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

export type SettingsView = IpcOutput<'settings.get'>;
export type AutoReplyRun = IpcOutput<'autoReply.run'>;
type Section = keyof AccountSettings;

/** One shop's settings document, as core validated it; each section saves on its own. */
interface SettingsState {
  accountId: number | null;
  settings: SettingsView | null;
  loadError: UiError | null;
  /** Per section: the last save's error (null after a success). */
  saveError: Partial<Record<Section | 'apiKey' | 'autoReplyRun', UiError | null>>;
  savedAt: Partial<Record<Section | 'apiKey', number>>;
  saving: boolean;
  dryRun: AutoReplyRun | null;
  dryRunning: boolean;

  load(accountId: number): Promise<void>;
  update<K extends Section>(section: K, value: AccountSettings[K]): Promise<boolean>;
  setApiKey(apiKey: string | null): Promise<boolean>;
  runAutoReplyDry(): Promise<void>;
}

let ticket = 0;

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  accountId: null,
  settings: null,
  loadError: null,
  saveError: {},
  savedAt: {},
  saving: false,
  dryRun: null,
  dryRunning: false,

  async load(accountId) {
    if (accountId !== get().accountId)
      set({ accountId, settings: null, loadError: null, saveError: {}, savedAt: {}, dryRun: null });
    const mine = ++ticket;
    const outcome = await settle(bridge['settings.get']({ accountId }));
    if (mine !== ticket) return;
    set(outcome.ok ? { settings: outcome.value, loadError: null } : { loadError: outcome.error });
  },

  async update(section, value) {
    const { accountId } = get();
    if (accountId === null) return false;
    set({ saving: true });
    // Workaround: the patch schema (accountSettingsSchema.partial(), zod 4) fills every omitted
    // section with its default, so a one-section patch would reset the rest — the seller's
    // templates and auto-reply rules included. Send the whole, freshly read document instead.
    const fresh = await settle(bridge['settings.get']({ accountId }));
    if (!fresh.ok) {
      set((state) => ({ saving: false, saveError: { ...state.saveError, [section]: fresh.error } }));
      return false;
    }
    const { aiKeyStored: _stored, aiKeyReason: _reason, ...document } = fresh.value;
    const outcome = await settle(bridge['settings.update']({ accountId, patch: { ...document, [section]: value } }));
    set((state) => ({
      saving: false,
      saveError: { ...state.saveError, [section]: outcome.ok ? null : outcome.error },
      ...(outcome.ok ? { settings: outcome.value, savedAt: { ...state.savedAt, [section]: Date.now() } } : {}),
    }));
    return outcome.ok;
  },

  async setApiKey(apiKey) {
    const { accountId } = get();
    if (accountId === null) return false;
    set({ saving: true });
    const outcome = await settle(bridge['ai.setApiKey']({ accountId, apiKey }));
    set((state) => ({
      saving: false,
      saveError: { ...state.saveError, apiKey: outcome.ok ? null : outcome.error },
      ...(outcome.ok && state.settings
        ? {
            settings: { ...state.settings, aiKeyStored: outcome.value.stored, aiKeyReason: null },
            savedAt: { ...state.savedAt, apiKey: Date.now() },
          }
        : {}),
    }));
    return outcome.ok;
  },

  async runAutoReplyDry() {
    const { accountId } = get();
    if (accountId === null) return;
    set({ dryRunning: true });
    const outcome = await settle(bridge['autoReply.run']({ accountId, dryRun: true }));
    set((state) => ({
      dryRunning: false,
      dryRun: outcome.ok ? outcome.value : null,
      saveError: { ...state.saveError, autoReplyRun: outcome.ok ? null : outcome.error },
    }));
  },
}));
