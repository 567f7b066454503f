import { useAppStore } from '../../stores/app-store';
import { useConnectStore } from '../../stores/connect-store';
import { useInboxStore } from '../../stores/inbox-store';
import { DemoBadge } from '../common/DemoBadge';
import { useSnoozeKeys } from '../../lib/use-snooze-keys';
import { BulkBar } from './BulkBar';
import { ChannelTabs } from './ChannelTabs';
import { DetailPane } from './DetailPane';
import { InboxList } from './InboxList';
import { InboxToolbar } from './InboxToolbar';
import { QueueNav } from './QueueNav';

export function InboxScreen() {
  const account = useAppStore((state) => state.account);
  const accounts = useAppStore((state) => state.accounts);
  const openConnect = useConnectStore((state) => state.openDialog);
  const allShops = useInboxStore((state) => state.allShops);
  useSnoozeKeys();
  // Only while the demo is the one shop: once a real one exists, the switcher leads to it.
  const offerConnect = !!account?.isDemo && accounts.every((candidate) => candidate.isDemo);

  return (
    <section className="inbox" data-testid="inbox">
      <header className="inbox-header">
        <div className="inbox-title">
          <h1>Сообщения</h1>
          {allShops ? (
            <span className="account-name" data-testid="all-shops-title">
              Все магазины
            </span>
          ) : (
            account && (
              <span className="account-name">
                {account.name}
                {account.isDemo && <DemoBadge />}
              </span>
            )
          )}
          {offerConnect && (
            <button
              type="button"
              className="btn btn-primary btn-small inbox-connect"
              data-testid="connect-own-shop"
              onClick={openConnect}
            >
              Подключить свой магазин
            </button>
          )}
        </div>
        <ChannelTabs />
        <InboxToolbar />
      </header>
      <BulkBar />
      <div className="inbox-body">
        <QueueNav />
        <InboxList />
        <DetailPane />
      </div>
    </section>
  );
}
