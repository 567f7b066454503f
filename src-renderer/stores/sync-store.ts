import { create } from 'zustand';
import type { InboxChannel as Channel } from '../../src-shared/domain/interaction';
import type { SyncReport, SyncStatusView } from '../../src-shared/domain/sync';
import type { PushEvents } from '../../src-shared/ipc/events';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

export type SyncProgress = PushEvents['sync.progress'];
type ChannelProgress = Partial<Record<Channel, SyncProgress>>;

export const STATUS_POLL_MS = 60_000;
/** Several channels finish close together; one status reload covers them all. */
const STATUS_DEBOUNCE_MS = 300;

interface SyncState {
  /** Latest sync.status per account (only connected shops; the demo shop never syncs). */
  status: Record<number, SyncStatusView>;
  statusError: Record<number, UiError | null>;
  /** Latest sync.progress per channel, per account; reset when a run starts. */
  progress: Record<number, ChannelProgress>;
  /** sync.run calls from this window still waiting for their report. */
  running: Record<number, boolean>;
  /** A run that failed as a whole (no token, core unavailable), as opposed to a channel error. */
  runError: Record<number, UiError | null>;
  lastReport: Record<number, SyncReport>;
  /** The account whose first sync is shown as the progress view, until the seller hides it. */
  progressViewFor: number | null;

  loadStatus(accountId: number): Promise<void>;
  loadAll(accountIds: number[]): Promise<void>;
  /** `full` re-reads the whole history; the first sync uses it so WB's counts give the bars a total. */
  run(accountId: number, options?: { full?: boolean }): Promise<void>;
  applyProgress(progress: SyncProgress): void;
  showProgressView(accountId: number | null): void;
  reportNetwork(online: boolean): Promise<void>;
}

// Out-of-order answers: only the newest status request per account may write.
const statusTickets = new Map<number, number>();
const statusTimers = new Map<number, ReturnType<typeof setTimeout>>();

export const useSyncStore = create<SyncState>()((set, get) => ({
  status: {},
  statusError: {},
  progress: {},
  running: {},
  runError: {},
  lastReport: {},
  progressViewFor: null,

  async loadStatus(accountId) {
    const ticket = (statusTickets.get(accountId) ?? 0) + 1;
    statusTickets.set(accountId, ticket);
    const outcome = await settle(bridge['sync.status']({ accountId }));
    if (statusTickets.get(accountId) !== ticket) return;
    if (!outcome.ok) {
      set((state) => ({ statusError: { ...state.statusError, [accountId]: outcome.error } }));
      return;
    }
    set((state) => ({
      status: { ...state.status, [accountId]: outcome.value },
      statusError: { ...state.statusError, [accountId]: null },
      progress: {
        ...state.progress,
        [accountId]: dropStaleProgress(state.progress[accountId], outcome.value, !!state.running[accountId]),
      },
    }));
  },

  async loadAll(accountIds) {
    await Promise.all(accountIds.map((id) => get().loadStatus(id)));
  },

  async run(accountId, options) {
    // core joins a second request to the running one; the button is disabled meanwhile anyway.
    if (get().running[accountId]) return;
    set((state) => ({
      running: { ...state.running, [accountId]: true },
      runError: { ...state.runError, [accountId]: null },
      progress: { ...state.progress, [accountId]: {} },
    }));
    const outcome = await settle(bridge['sync.run']({ accountId, full: options?.full ?? false }));
    set((state) => ({
      running: { ...state.running, [accountId]: false },
      runError: { ...state.runError, [accountId]: outcome.ok ? null : outcome.error },
      ...(outcome.ok ? { lastReport: { ...state.lastReport, [accountId]: outcome.value } } : {}),
    }));
    await get().loadStatus(accountId);
  },

  applyProgress(progress) {
    const { accountId, channel } = progress;
    set((state) => ({
      progress: { ...state.progress, [accountId]: { ...state.progress[accountId], [channel]: progress } },
    }));
    // A channel finished (ours or a background run): its status (last success, reason) changed.
    if (progress.status !== 'syncing') scheduleStatus(accountId, () => get().loadStatus(accountId));
  },

  showProgressView(accountId) {
    set({ progressViewFor: accountId });
  },

  async reportNetwork(online) {
    // Best effort: core only uses it to pause the scheduler and to sync when the network is back.
    await settle(bridge['app.networkChanged']({ online }));
  },
}));

function scheduleStatus(accountId: number, load: () => Promise<void>) {
  const pending = statusTimers.get(accountId);
  if (pending) clearTimeout(pending);
  statusTimers.set(
    accountId,
    setTimeout(() => {
      statusTimers.delete(accountId);
      void load();
    }, STATUS_DEBOUNCE_MS),
  );
}

/** A push lost while the link was down can leave a channel «syncing» forever; the status is the truth. */
function dropStaleProgress(
  progress: ChannelProgress | undefined,
  status: SyncStatusView,
  running: boolean,
): ChannelProgress {
  if (!progress || running) return progress ?? {};
  const next: ChannelProgress = { ...progress };
  for (const view of status.channels) {
    if (next[view.channel]?.status === 'syncing' && view.status !== 'syncing') delete next[view.channel];
  }
  return next;
}

/** Whether the account is syncing right now: our own call, or a background run reporting progress. */
export function isSyncing(state: Pick<SyncState, 'running' | 'progress' | 'status'>, accountId: number): boolean {
  if (state.running[accountId]) return true;
  const progress = state.progress[accountId];
  if (progress && Object.values(progress).some((entry) => entry?.status === 'syncing')) return true;
  return !!state.status[accountId]?.channels.some((channel) => channel.covered && channel.status === 'syncing');
}

/** Newest successful sync over the covered channels (pure, in lib so the status bar's tests reach it). */
export { lastSuccessAt } from '../lib/status-bar';
