import { create } from 'zustand';
import type { Template } from '../../src-shared/domain/settings';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

/** Built-in and the seller's own reply templates of one shop (the picker and «Настройки»). */
interface TemplatesState {
  accountId: number | null;
  builtin: Template[];
  custom: Template[];
  loaded: boolean;
  error: UiError | null;
  load(accountId: number): Promise<void>;
  save(accountId: number, template: Template): Promise<UiError | null>;
  remove(accountId: number, templateId: string): Promise<UiError | null>;
}

let ticket = 0;

export const useTemplatesStore = create<TemplatesState>()((set, get) => ({
  accountId: null,
  builtin: [],
  custom: [],
  loaded: false,
  error: null,

  async load(accountId) {
    if (accountId !== get().accountId) set({ accountId, builtin: [], custom: [], loaded: false, error: null });
    const mine = ++ticket;
    const outcome = await settle(bridge['templates.list']({ accountId }));
    if (mine !== ticket) return;
    set(outcome.ok ? { ...outcome.value, loaded: true, error: null } : { loaded: true, error: outcome.error });
  },

  async save(accountId, template) {
    const outcome = await settle(bridge['templates.save']({ accountId, template }));
    if (!outcome.ok) return outcome.error;
    if (get().accountId === accountId) set({ custom: outcome.value });
    return null;
  },

  async remove(accountId, templateId) {
    const outcome = await settle(bridge['templates.delete']({ accountId, templateId }));
    if (!outcome.ok) return outcome.error;
    if (get().accountId === accountId) set({ custom: outcome.value });
    return null;
  },
}));
