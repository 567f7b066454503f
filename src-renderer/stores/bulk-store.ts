import { create } from 'zustand';
import type { AutoReplyApproveItem, AutoReplyPreviewItem, BulkItemResult } from '../../src-shared/domain/snooze';
import { bridge } from '../bridge';
import { messageText } from '../lib/message-text';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

/** Which snooze menu is open: the open item's (detail pane) or the bulk bar's. */
export type SnoozeMenuPlace = 'detail' | 'bulk';

/** «Отложено: 3. Не удалось: 1 — Обращение #9 не найдено». */
export function bulkSummary(done: string, results: readonly (BulkItemResult | AutoReplyApproveItem)[]): string {
  const failed = results.filter((result) => !result.ok);
  const ok = results.length - failed.length;
  const first = failed[0];
  return `${done}: ${ok}.${first && !first.ok ? ` Не удалось: ${failed.length} — ${messageText(first.error)}` : ''}`;
}

/**
 * Snooze and the bulk actions (issue 11 item 4): calls core, keeps what the seller is told. The
 * list itself reloads on the `inbox.changed` core sends after each of them.
 */
interface BulkState {
  menu: SnoozeMenuPlace | null;
  busy: boolean;
  /** The last action's outcome, in Russian; null when there is nothing to say. */
  notice: string | null;
  error: UiError | null;
  /** The ids the last snooze put aside: the notice offers «Вернуть» for them. */
  lastSnoozed: number[] | null;
  /** «Одобрить автоответы»: the dry run of the selection, then what approving did. */
  preview: AutoReplyPreviewItem[] | null;
  approved: AutoReplyApproveItem[] | null;

  openMenu(place: SnoozeMenuPlace): void;
  closeMenu(): void;
  dismiss(): void;
  /** Snooze until `until` (ISO), or unsnooze (null); true when core took it. */
  snooze(ids: number[], until: string | null): Promise<boolean>;
  markViewed(ids: number[]): Promise<boolean>;
  previewAutoReplies(accountId: number, ids: number[]): Promise<void>;
  approveAutoReplies(accountId: number): Promise<boolean>;
  closePreview(): void;
}

export const useBulkStore = create<BulkState>()((set, get) => ({
  menu: null,
  busy: false,
  notice: null,
  error: null,
  lastSnoozed: null,
  preview: null,
  approved: null,

  openMenu(place) {
    set({ menu: place });
  },
  closeMenu() {
    if (get().menu !== null) set({ menu: null });
  },
  dismiss() {
    set({ notice: null, error: null, lastSnoozed: null });
  },

  async snooze(ids, until) {
    set({ busy: true, error: null, notice: null, lastSnoozed: null });
    const outcome = await settle(bridge['interaction.snooze']({ ids, until }));
    if (!outcome.ok) {
      set({ busy: false, error: outcome.error });
      return false;
    }
    set({
      busy: false,
      menu: null,
      notice: bulkSummary(until === null ? 'Возвращено' : 'Отложено', outcome.value.results),
      lastSnoozed: until === null ? null : outcome.value.results.filter((r) => r.ok).map((r) => r.id),
    });
    return true;
  },

  async markViewed(ids) {
    set({ busy: true, error: null, notice: null, lastSnoozed: null });
    const outcome = await settle(bridge['interaction.markViewed']({ ids }));
    if (!outcome.ok) {
      set({ busy: false, error: outcome.error });
      return false;
    }
    set({ busy: false, notice: bulkSummary('Отмечено просмотренными', outcome.value.results) });
    return true;
  },

  async previewAutoReplies(accountId, ids) {
    set({ busy: true, error: null, notice: null, lastSnoozed: null, preview: null, approved: null });
    const outcome = await settle(bridge['autoReply.preview']({ accountId, interactionIds: ids }));
    set(outcome.ok ? { busy: false, preview: outcome.value.results } : { busy: false, error: outcome.error });
  },

  async approveAutoReplies(accountId) {
    const ids = (get().preview ?? []).filter((item) => item.ok).map((item) => item.id);
    if (ids.length === 0) return false;
    set({ busy: true, error: null });
    const outcome = await settle(bridge['autoReply.approve']({ accountId, interactionIds: ids }));
    if (!outcome.ok) {
      set({ busy: false, error: outcome.error });
      return false;
    }
    set({
      busy: false,
      approved: outcome.value.results,
      notice: bulkSummary('Автоответов в очереди на отправку', outcome.value.results),
    });
    return true;
  },

  closePreview() {
    set({ preview: null, approved: null });
  },
}));
