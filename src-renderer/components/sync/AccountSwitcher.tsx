import { useAppStore } from '../../stores/app-store';
import { DemoBadge } from '../common/DemoBadge';

/** The shown shop; a select once there are several (demo + real, or several real ones). */
export function AccountSwitcher() {
  const accounts = useAppStore((state) => state.accounts);
  const account = useAppStore((state) => state.account);
  const selectAccount = useAppStore((state) => state.selectAccount);
  if (!account) return null;

  if (accounts.length < 2) {
    return (
      <div className="sidebar-account-row">
        <span className="sidebar-account-name" title={account.name}>
          {account.name}
        </span>
        {account.isDemo && <DemoBadge />}
      </div>
    );
  }
  return (
    <select
      className="account-switcher"
      data-testid="account-switcher"
      aria-label="Магазин"
      value={account.id}
      onChange={(event) => void selectAccount(Number(event.target.value))}
    >
      {accounts.map((candidate) => (
        <option key={candidate.id} value={candidate.id}>
          {candidate.isDemo ? `${candidate.name} (демо)` : candidate.name}
        </option>
      ))}
    </select>
  );
}
