import type { Channel } from '../../../src-shared/domain/interaction';
import type { ChannelSyncView } from '../../../src-shared/domain/sync';
import { syncReasonText } from '../../lib/sync-labels';
import type { SyncProgress } from '../../stores/sync-store';

/** What one channel's row of the progress view shows. */
export type ChannelRowState =
  | { kind: 'uncovered' }
  | { kind: 'waiting' }
  | { kind: 'syncing'; fetched: number; total: number | null }
  | { kind: 'done' }
  | { kind: 'error'; text: string };

interface Inputs {
  channel: Channel;
  covered: boolean;
  progress: SyncProgress | undefined;
  status: ChannelSyncView | undefined;
  running: boolean;
}

/** Live push events win; the stored status fills in after a reload or once the run is over. */
export function channelRowState({ covered, progress, status, running }: Inputs): ChannelRowState {
  if (!covered) return { kind: 'uncovered' };
  if (progress?.status === 'syncing') return { kind: 'syncing', fetched: progress.fetched, total: progress.total };
  if (progress?.status === 'idle') return { kind: 'done' };
  if (progress?.status === 'error') {
    const message = progress.message ?? (status?.reason === progress.reason ? status.message : null);
    return { kind: 'error', text: syncReasonText(progress.reason, message) };
  }
  if (running || !status) return { kind: 'waiting' };
  if (status.status === 'syncing') return { kind: 'syncing', fetched: status.fetched, total: status.total };
  if (status.status === 'error') return { kind: 'error', text: syncReasonText(status.reason, status.message) };
  return status.lastSuccessAt ? { kind: 'done' } : { kind: 'waiting' };
}

/** A total is only trusted while it bounds what was fetched (core may count only part of the work). */
const knownTotal = (state: { fetched: number; total: number | null }): number | null =>
  state.total && state.fetched <= state.total ? state.total : null;

/** 0..100 for a determinate bar, null for an indeterminate one. */
export function barPercent(state: ChannelRowState): number | null {
  switch (state.kind) {
    case 'syncing': {
      const total = knownTotal(state);
      return total ? Math.round((state.fetched / total) * 100) : null;
    }
    case 'done':
    case 'error':
      return 100;
    default:
      return 0;
  }
}

export function rowCaption(state: ChannelRowState): string {
  switch (state.kind) {
    case 'uncovered':
      return 'не входит в токен';
    case 'waiting':
      return 'в очереди';
    case 'syncing': {
      const total = knownTotal(state);
      if (total) return `${state.fetched} из ${total}`;
      return state.fetched ? `загружено ${state.fetched}…` : 'загрузка…';
    }
    case 'done':
      // Not the fetched count: for chats that counts events, which would not match the tab.
      return 'готово';
    case 'error':
      return state.text;
  }
}
