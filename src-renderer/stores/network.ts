import { create } from 'zustand';
import { useSyncStore } from './sync-store';

/** Whether the machine has a network (navigator.onLine): a queued reply then «Ожидает сети». */
export const useNetworkStore = create<{ online: boolean }>()(() => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
}));

/** Tells core when the machine goes offline / comes back (it pauses the scheduler and resyncs). */
export function wireNetwork(): () => void {
  const report = (online: boolean) => {
    useNetworkStore.setState({ online });
    void useSyncStore.getState().reportNetwork(online);
  };
  const onOnline = () => report(true);
  const onOffline = () => report(false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  // Always say where we stand: core outlives this page (a reload, a reopened host tab) and may
  // still believe an offline that ended while no page was listening.
  report(navigator.onLine);
  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  };
}
