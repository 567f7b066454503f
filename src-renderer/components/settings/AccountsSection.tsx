import type { AccountView } from '../../../src-shared/domain/account';
import { alertText } from '../../lib/alerts';
import { fullDateTime } from '../../lib/time';
import { useAppStore } from '../../stores/app-store';
import { useConnectStore } from '../../stores/connect-store';
import { lastSuccessAt, useSyncStore } from '../../stores/sync-store';
import { DemoBadge } from '../common/DemoBadge';

/** «Магазины»: every shop with its token facts, last sync and health alerts, and «Подключить WB». */
export function AccountsSection() {
  const accounts = useAppStore((state) => state.accounts);
  const openConnect = useConnectStore((state) => state.openDialog);
  return (
    <>
      <h2>Магазины</h2>
      <ul className="accounts">
        {accounts.map((account) => (
          <AccountItem key={account.id} account={account} />
        ))}
      </ul>
      <div>
        <button type="button" className="btn btn-primary" data-testid="open-connect-wb" onClick={openConnect}>
          Подключить WB
        </button>
        <span className="muted"> Новый токен того же продавца заменит старый.</span>
      </div>
    </>
  );
}

function AccountItem({ account }: { account: AccountView }) {
  const status = useSyncStore((state) => state.status[account.id]);
  const last = lastSuccessAt(status);
  return (
    <li className="account-item" data-testid="settings-account">
      <div className="account-item-head">
        <strong>{account.name}</strong>
        {account.isDemo && <DemoBadge />}
        {account.tokenReadOnly && <span className="badge badge-muted">Только чтение</span>}
      </div>
      {!account.isDemo && (
        <div className="muted">
          {last ? `Последняя синхронизация: ${fullDateTime(last)}` : 'Ещё не синхронизировано'}
          {account.tokenExpiresAt && ` · токен действует до ${fullDateTime(account.tokenExpiresAt)}`}
        </div>
      )}
      {status && status.alerts.length > 0 && (
        <ul className="health-alerts" data-testid="health-alerts">
          {status.alerts.map((alert) => (
            <li key={`${alert.kind}-${alert.channel}`}>{alertText(alert)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
