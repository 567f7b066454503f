import { bridge, transport } from '../bridge';
import { useAppStore } from './app-store';
import { useInboxStore } from './inbox-store';
import { wireNetwork } from './network';
import { STATUS_POLL_MS, useSyncStore } from './sync-store';

/**
 * Subscribes the stores to push events and to the connection state, once per window
 * (STYLE habit 8: stores update from events; components never listen to IPC).
 */
export function wireStores(): () => void {
  const isShownAccount = (accountId: number) => useInboxStore.getState().accountId === accountId;
  let wasOffline = false;

  const unsubscribers = [
    bridge.events['inbox.changed']((payload) => {
      if (isShownAccount(payload.accountId)) void useInboxStore.getState().refresh();
      // A shop may have appeared (e.g. the demo seeded from another window or the CLI).
      else if (useAppStore.getState().phase !== 'ready') void useAppStore.getState().loadAccounts();
    }),
    bridge.events['outbox.changed']((payload) => {
      if (isShownAccount(payload.accountId)) void useInboxStore.getState().refresh(payload.interactionId);
    }),
    bridge.events['sync.progress']((payload) => useSyncStore.getState().applyProgress(payload)),
    wireNetwork(),
    pollSyncStatus(),
    transport.onConnectionChange((state) => {
      useAppStore.getState().setConnection(state);
      if (state === 'offline') wasOffline = true;
      // Pushes sent while we were away are lost: reload everything once the link is back.
      if (state === 'online' && wasOffline) {
        wasOffline = false;
        void useAppStore
          .getState()
          .loadAccounts()
          .then(() => useInboxStore.getState().refresh());
      }
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

/** sync.status every minute for every connected shop: last-sync times age, background runs land. */
function pollSyncStatus(): () => void {
  const timer = setInterval(() => {
    const ids = useAppStore
      .getState()
      .accounts.filter((account) => !account.isDemo)
      .map((account) => account.id);
    if (ids.length) void useSyncStore.getState().loadAll(ids);
  }, STATUS_POLL_MS);
  return () => clearInterval(timer);
}
