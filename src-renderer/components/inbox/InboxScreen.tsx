import { useAppStore } from '../../stores/app-store';
import { DemoBadge } from '../common/DemoBadge';
import { ChannelTabs } from './ChannelTabs';
import { DetailPane } from './DetailPane';
import { InboxList } from './InboxList';
import { InboxToolbar } from './InboxToolbar';

export function InboxScreen() {
  const account = useAppStore((state) => state.account);

  return (
    <section className="inbox" data-testid="inbox">
      <header className="inbox-header">
        <div className="inbox-title">
          <h1>Сообщения</h1>
          {account && (
            <span className="account-name">
              {account.name}
              {account.isDemo && <DemoBadge />}
            </span>
          )}
        </div>
        <ChannelTabs />
        <InboxToolbar />
      </header>
      <div className="inbox-body">
        <InboxList />
        <DetailPane />
      </div>
    </section>
  );
}
