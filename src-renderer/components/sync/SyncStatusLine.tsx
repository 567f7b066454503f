import type { AccountView } from '../../../src-shared/domain/account';
import { fullDateTime, relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { isSyncing, lastSuccessAt, useSyncStore } from '../../stores/sync-store';
import { AnalyticsAlertCount } from './AnalyticsAlertCount';
import { HealthAlertsIcon } from './HealthAlertsIcon';

/** «Синхронизировано 2 минуты назад» + «Синхронизировать», a spinner while a run is going. */
export function SyncStatusLine({ account }: { account: AccountView }) {
  const status = useSyncStore((state) => state.status[account.id]);
  const syncing = useSyncStore((state) => isSyncing(state, account.id));
  const run = useSyncStore((state) => state.run);
  const now = useNow();

  if (account.isDemo) {
    return (
      <div className="sync-status muted" data-testid="sync-status" data-state="demo">
        Демо-магазин, без синхронизации с WB <AnalyticsAlertCount />
      </div>
    );
  }
  const last = lastSuccessAt(status);
  const hasError = !!status?.channels.some((channel) => channel.covered && channel.status === 'error');
  const state = syncing ? 'syncing' : hasError ? 'error' : 'idle';
  return (
    <div className="sync-status" data-testid="sync-status" data-state={state}>
      <div className="sync-status-line">
        {syncing && <span className="spinner spinner-light" aria-hidden="true" />}
        <span title={last ? fullDateTime(last) : undefined}>
          {syncing
            ? 'Синхронизация…'
            : last
              ? `Синхронизировано ${relativeTime(last, now)}`
              : 'Ещё не синхронизировано'}
        </span>
        {status && status.alerts.length > 0 && <HealthAlertsIcon alerts={status.alerts} />}
        <AnalyticsAlertCount />
      </div>
      {hasError && !syncing && <div className="sync-status-error">Есть ошибки синхронизации</div>}
      <button
        type="button"
        className="btn btn-small btn-sidebar"
        data-testid="sync-now"
        disabled={syncing}
        onClick={() => void run(account.id)}
      >
        {syncing ? 'Синхронизация…' : 'Синхронизировать'}
      </button>
    </div>
  );
}
