import { bridge, transport } from '../bridge';
import { settle } from './call';
import { useAppStore } from './app-store';
import { useContextStore } from './context-store';
import { useInboxStore } from './inbox-store';
import { wireNetwork } from './network';
import { useOutboxStore } from './outbox-store';
import { useSettingsStore } from './settings-store';
import { useTemplatesStore } from './templates-store';
import { STATUS_POLL_MS, useSyncStore } from './sync-store';
import { useAnalyticsStore } from './analytics-store';
import { wireStatus } from './notifications';
import { wireMenuCommands } from './menu-commands';

/**
 * Subscribes the stores to push events and to the connection state, once per window
 * (STYLE habit 8: stores update from events; components never listen to IPC).
 */
export function wireStores(): () => void {
  // «Все магазины» shows every shop's items.
  const isShownAccount = (accountId: number) =>
    useInboxStore.getState().allShops || useInboxStore.getState().accountId === accountId;
  let wasOffline = false;

  const unsubscribers = [
    bridge.events['inbox.changed']((payload) => {
      void useAnalyticsStore.getState().loadAlerts();
      // The shop switcher's waiting counts follow every shop.
      if (!isShownAccount(payload.accountId)) void useInboxStore.getState().loadShopCounts();
      if (isShownAccount(payload.accountId)) {
        void useInboxStore.getState().refresh();
        // A sync may bring WB's answer for a conflict the dispatcher found (no outbox.changed then).
        void useOutboxStore.getState().reload();
      }
      // A shop may have appeared (e.g. the demo seeded from another window or the CLI).
      else if (useAppStore.getState().phase !== 'ready') void useAppStore.getState().loadAccounts();
    }),
    bridge.events['outbox.changed']((payload) => {
      if (!isShownAccount(payload.accountId)) return;
      void useInboxStore.getState().refresh(payload.interactionId);
      if (useOutboxStore.getState().interactionId === payload.interactionId) void useOutboxStore.getState().reload();
    }),
    wireSelection(),
    wireContext(),
    bridge.events['sync.progress']((payload) => useSyncStore.getState().applyProgress(payload)),
    // The core's thread was restarted after a crash: what it was answering failed (core_restarted); reload.
    bridge.events['app.coreRestarted']((payload) => {
      if (payload.gaveUp) return;
      void useAppStore
        .getState()
        .loadAccounts()
        .then(() => Promise.all([useInboxStore.getState().refresh(), useOutboxStore.getState().reload()]));
    }),
    wireNetwork(),
    wireMenuCommands(),
    pollSyncStatus(),
    wireStatus(),
    transport.onConnectionChange((state) => {
      useAppStore.getState().setConnection(state);
      if (state === 'offline') wasOffline = true;
      // Pushes sent while we were away are lost: reload everything once the link is back.
      if (state === 'online' && wasOffline) {
        wasOffline = false;
        void useAppStore
          .getState()
          .loadAccounts()
          .then(() => Promise.all([useInboxStore.getState().refresh(), useOutboxStore.getState().reload()]));
      }
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

/**
 * The open item's outbox rows follow the selection; opening a question tells WB it was viewed
 * (core queues that through the outbox, once per question, and skips other channels).
 */
function wireSelection(): () => void {
  return useInboxStore.subscribe((state, previous) => {
    if (state.accountId !== previous.accountId && state.accountId !== null) {
      // The reply box needs the shop's templates and its pending window.
      void useTemplatesStore.getState().load(state.accountId);
      void useSettingsStore.getState().load(state.accountId);
    }
    if (state.selectedId === previous.selectedId && state.accountId === previous.accountId) return;
    void useOutboxStore.getState().show(state.accountId, state.selectedId);
    if (state.selectedId !== null && state.selectedId !== previous.selectedId)
      void settle(bridge['interaction.open']({ id: state.selectedId }));
  });
}

/** The thread and context panels follow the open item, and reload with it (a sync may bring new links). */
function wireContext(): () => void {
  return useInboxStore.subscribe((state, previous) => {
    const { detail } = state;
    if (detail && detail !== previous.detail && detail.id === state.selectedId)
      void useContextStore.getState().load(detail);
  });
}

/** sync.status every minute for every connected shop: last-sync times age, background runs land. */
function pollSyncStatus(): () => void {
  const timer = setInterval(() => {
    const ids = useAppStore
      .getState()
      .accounts.filter((account) => !account.isDemo)
      .map((account) => account.id);
    if (ids.length) void useSyncStore.getState().loadAll(ids);
    // SLA alerts move with the clock, not with events: their count is refreshed on the same beat.
    void useAnalyticsStore.getState().loadAlerts();
  }, STATUS_POLL_MS);
  return () => clearInterval(timer);
}
