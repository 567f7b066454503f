import type { Net } from 'electron';

/** The part of Electron's powerMonitor this needs. */
export interface ResumeSource {
  on(event: 'resume', listener: () => void): unknown;
  removeListener(event: 'resume', listener: () => void): unknown;
}

/** How often main asks the OS whether there is a network: cheap, and a reconnect is seen within it. */
export const NETWORK_POLL_MS = 10_000;

/**
 * Main's own view of the network (Electron `net.isOnline()`), so that syncing and the outbox do
 * not depend on a renderer being open to report `online` / `offline` events. Reports the state at
 * start, then every change, and re-checks on wake from sleep (the network often changed meanwhile).
 * Returns the disposer.
 */
export function watchNetwork(
  net: Pick<Net, 'isOnline'>,
  powerMonitor: ResumeSource,
  report: (online: boolean) => void,
  intervalMs = NETWORK_POLL_MS,
): () => void {
  let last: boolean | null = null;
  const check = () => {
    const online = net.isOnline();
    if (online === last) return;
    last = online;
    report(online);
  };
  const onResume = () => {
    last = null;
    check();
  };
  check();
  const timer = setInterval(check, intervalMs);
  timer.unref();
  powerMonitor.on('resume', onResume);
  return () => {
    clearInterval(timer);
    powerMonitor.removeListener('resume', onResume);
  };
}
