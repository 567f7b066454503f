import { useSyncStore } from './sync-store';

/** Tells core when the machine goes offline / comes back (it pauses the scheduler and resyncs). */
export function wireNetwork(): () => void {
  const report = (online: boolean) => void useSyncStore.getState().reportNetwork(online);
  const onOnline = () => report(true);
  const onOffline = () => report(false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  // Core assumes online at start; only an offline start needs saying.
  if (!navigator.onLine) report(false);
  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  };
}
