import { useEffect } from 'react';
import { useAppStore } from '../../stores/app-store';
import { useInboxStore } from '../../stores/inbox-store';
import { AvitoBadge } from '../common/AvitoBadge';
import { DemoBadge } from '../common/DemoBadge';

const ALL = 'all';

/**
 * The shown shop; a select once there are several (demo + real, or several real ones), with
 * «Все магазины» (every inbox merged) and each shop's count of items waiting for an answer.
 */
export function AccountSwitcher() {
  const accounts = useAppStore((state) => state.accounts);
  const account = useAppStore((state) => state.account);
  const selectAccount = useAppStore((state) => state.selectAccount);
  const allShops = useInboxStore((state) => state.allShops);
  const setAllShops = useInboxStore((state) => state.setAllShops);
  const shopCounts = useInboxStore((state) => state.shopCounts);
  const single = accounts.length < 2;

  // A remembered «Все магазины» means nothing with one shop left.
  useEffect(() => {
    if (single && allShops) setAllShops(false);
  }, [single, allShops, setAllShops]);

  if (!account) return null;

  if (single) {
    return (
      <div className="sidebar-account-row">
        <span className="sidebar-account-name" title={account.name}>
          {account.name}
        </span>
        {account.isDemo && <DemoBadge />}
        {account.marketplace === 'avito' && <AvitoBadge />}
      </div>
    );
  }
  const waiting = new Map(shopCounts.map((count) => [count.accountId, count.waiting]));
  const suffix = (n: number | undefined) => (n === undefined ? '' : ` · ${n}`);
  const allWaiting = shopCounts.length ? shopCounts.reduce((sum, count) => sum + count.waiting, 0) : undefined;
  return (
    <select
      className="account-switcher"
      data-testid="account-switcher"
      aria-label="Магазин"
      title="Магазин · ждут ответа"
      value={allShops ? ALL : account.id}
      onChange={(event) => {
        if (event.target.value === ALL) {
          setAllShops(true);
          return;
        }
        const id = Number(event.target.value);
        const wasAll = allShops;
        setAllShops(false);
        // The same shop as before «Все магазины»: the inbox store reloads itself.
        if (!(wasAll && id === account.id)) void selectAccount(id);
      }}
    >
      <option value={ALL} data-testid="all-shops-option">
        Все магазины{suffix(allWaiting)}
      </option>
      {accounts.map((candidate) => (
        <option key={candidate.id} value={candidate.id}>
          {candidate.isDemo
            ? `${candidate.name} (демо)`
            : candidate.marketplace === 'avito'
              ? `${candidate.name} (Avito)`
              : candidate.name}
          {suffix(waiting.get(candidate.id))}
        </option>
      ))}
    </select>
  );
}
