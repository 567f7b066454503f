import { CHANNELS } from '../../../src-shared/domain/interaction';
import { coveredChannels } from '../../../src-shared/domain/account';
import { useAppStore } from '../../stores/app-store';
import { isSyncing, useSyncStore } from '../../stores/sync-store';
import { channelRowState } from './channel-progress';
import { ChannelProgressRow } from './ChannelProgressRow';
import { ConnectWarnings } from './ConnectWarnings';

/** The first sync of a freshly connected shop: one bar per channel, filled by sync.progress. */
export function SyncProgressView() {
  const account = useAppStore((state) => state.account);
  const shownFor = useSyncStore((state) => state.progressViewFor);
  const progress = useSyncStore((state) => (account ? state.progress[account.id] : undefined));
  const status = useSyncStore((state) => (account ? state.status[account.id] : undefined));
  const syncing = useSyncStore((state) => (account ? isSyncing(state, account.id) : false));
  const hide = useSyncStore((state) => state.showProgressView);
  if (!account || shownFor !== account.id) return null;

  const covered = coveredChannels(account);
  const rows = CHANNELS.map((channel) => ({
    channel,
    state: channelRowState({
      channel,
      covered: covered.includes(channel),
      progress: progress?.[channel],
      status: status?.channels.find((view) => view.channel === channel),
      running: syncing,
    }),
  }));
  const failed = rows.some((row) => row.state.kind === 'error');
  const title = syncing
    ? 'Загружаем данные из WB…'
    : failed
      ? 'Загрузка завершена с ошибками'
      : 'Данные из WB загружены';

  return (
    <section className="sync-progress" data-testid="sync-progress" data-done={!syncing} aria-live="polite">
      <div className="sync-progress-head">
        <strong>{title}</strong>
        {syncing && <span className="spinner" aria-hidden="true" />}
        {!syncing && (
          <button type="button" className="btn btn-small" data-testid="sync-progress-close" onClick={() => hide(null)}>
            Скрыть
          </button>
        )}
      </div>
      <ul className="sync-rows">
        {rows.map((row) => (
          <ChannelProgressRow key={row.channel} channel={row.channel} state={row.state} />
        ))}
      </ul>
      <ConnectWarnings accountId={account.id} />
    </section>
  );
}
