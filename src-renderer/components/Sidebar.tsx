import { CHANNELS } from '../../src-shared/domain/interaction';
import { useAppStore, type Screen } from '../stores/app-store';
import { useInboxStore } from '../stores/inbox-store';
import { AccountSwitcher } from './sync/AccountSwitcher';
import { SyncStatusLine } from './sync/SyncStatusLine';

const NAV: { screen: Screen; label: string; testId: string }[] = [
  { screen: 'inbox', label: 'Сообщения', testId: 'nav-inbox' },
  { screen: 'analytics', label: 'Аналитика', testId: 'nav-analytics' },
  { screen: 'settings', label: 'Настройки', testId: 'nav-settings' },
];

export function Sidebar() {
  const screen = useAppStore((state) => state.screen);
  const setScreen = useAppStore((state) => state.setScreen);
  const account = useAppStore((state) => state.account);
  const counts = useInboxStore((state) => state.counts);
  const waiting = counts ? CHANNELS.reduce((sum, channel) => sum + counts[channel].needs_response, 0) : null;

  return (
    <nav className="sidebar" aria-label="Разделы">
      <div className="brand">
        <span className="brand-mark">A</span>
        <span className="brand-name">AgentIQ</span>
      </div>
      <ul className="nav">
        {NAV.map((item) => (
          <li key={item.screen}>
            <button
              type="button"
              className={item.screen === screen ? 'nav-item active' : 'nav-item'}
              data-testid={item.testId}
              aria-current={item.screen === screen ? 'page' : undefined}
              onClick={() => setScreen(item.screen)}
            >
              <span>{item.label}</span>
              {item.screen === 'inbox' && waiting !== null && waiting > 0 && (
                <span className="nav-count" title="Требуют ответа">
                  {waiting}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {account && (
        <div className="sidebar-account">
          <AccountSwitcher />
          <SyncStatusLine account={account} />
        </div>
      )}
    </nav>
  );
}
