import { useEffect } from 'react';
import { statusItems, type StatusItem } from '../../lib/status-bar';
import { useNow } from '../../lib/use-now';
import { useAppStore } from '../../stores/app-store';
import { useConnectStore } from '../../stores/connect-store';
import { useHealthStore } from '../../stores/health-store';
import { useNetworkStore } from '../../stores/network';
import { isSyncing, useSyncStore } from '../../stores/sync-store';
import { HealthPanel } from './HealthPanel';
import '../../styles/status.css';

/**
 * The bar at the bottom of the window (issue 11 item 6): the shown shop's sync state, always
 * true — live progress, the last sync, offline with the queued replies, a WB limit being waited
 * out, the token's state — with «Повторить» / «Заменить токен»; a click opens the health panel.
 */
export function StatusBar() {
  const account = useAppStore((state) => state.account);
  const accountId = account?.id ?? -1;
  const status = useSyncStore((state) => state.status[accountId]);
  const progress = useSyncStore((state) => state.progress[accountId]);
  const syncing = useSyncStore((state) => isSyncing(state, accountId));
  const runError = useSyncStore((state) => state.runError[accountId]?.message ?? null);
  const run = useSyncStore((state) => state.run);
  const health = useHealthStore((state) => state.health[accountId]);
  const loadHealth = useHealthStore((state) => state.load);
  const panelOpen = useHealthStore((state) => state.panelOpen);
  const setPanelOpen = useHealthStore((state) => state.setPanelOpen);
  const online = useNetworkStore((state) => state.online);
  const openConnect = useConnectStore((state) => state.openDialog);
  // The limit time and «N минут назад» move with the clock.
  const now = useNow(15_000);

  useEffect(() => {
    if (account && !account.isDemo) void loadHealth(account.id);
  }, [account, loadHealth]);

  if (!account) return null;
  const items = statusItems({ account, status, health, syncing, progress, runError, online, now });
  const [main, ...extras] = items;

  const actions = (item: StatusItem) =>
    item.actions?.map((action) =>
      action === 'retry' ? (
        <button
          key={action}
          type="button"
          className="status-action"
          data-testid="status-retry"
          disabled={syncing}
          onClick={() => void run(account.id)}
        >
          Повторить
        </button>
      ) : (
        <button
          key={action}
          type="button"
          className="status-action"
          data-testid="status-replace-token"
          onClick={openConnect}
        >
          Заменить токен
        </button>
      ),
    );

  return (
    <>
      {panelOpen && <HealthPanel onClose={() => setPanelOpen(false)} />}
      <footer className="status-bar" data-testid="status-bar" role="status" aria-live="polite">
        {main && (
          <span
            className={`status-item status-${main.tone}`}
            data-testid="status-main"
            data-kind={main.kind}
            title={main.title}
          >
            {main.kind === 'syncing' && <span className="spinner" aria-hidden="true" />}
            <span className="status-text">{main.text}</span>
            {main.kind === 'syncing' && (
              <span
                className={main.percent == null ? 'status-progress indeterminate' : 'status-progress'}
                role="progressbar"
                data-testid="status-progress"
                aria-label="Синхронизация"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={main.percent ?? undefined}
              >
                {main.percent != null && (
                  <span className="status-progress-fill" style={{ width: `${main.percent}%` }} />
                )}
              </span>
            )}
            {actions(main)}
          </span>
        )}
        {extras.map((item) => (
          <span
            key={`${item.kind}-${item.text}`}
            className={`status-item status-${item.tone}`}
            data-testid={`status-${item.kind}`}
            title={item.title}
          >
            <span className="status-text">{item.text}</span>
            {actions(item)}
          </span>
        ))}
        {!account.isDemo && (
          <button
            type="button"
            className="status-health-toggle"
            data-testid="status-health"
            aria-expanded={panelOpen}
            onClick={() => setPanelOpen(!panelOpen)}
          >
            Состояние
          </button>
        )}
      </footer>
    </>
  );
}
