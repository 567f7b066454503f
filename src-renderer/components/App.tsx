import { useAppStore } from '../stores/app-store';
import { AnalyticsScreen } from './analytics/AnalyticsScreen';
import { ConnectionBanner } from './common/ConnectionBanner';
import { ErrorNotice } from './common/ErrorNotice';
import { ConnectDialog } from './connect/ConnectDialog';
import { InboxScreen } from './inbox/InboxScreen';
import { KeyboardLayer } from './keyboard/KeyboardLayer';
import { Onboarding } from './onboarding/Onboarding';
import { SettingsScreen } from './settings/SettingsScreen';
import { Sidebar } from './Sidebar';
import { StatusBar } from './status/StatusBar';
import { SyncBanners } from './sync/SyncBanners';

export function App() {
  const phase = useAppStore((state) => state.phase);
  const screen = useAppStore((state) => state.screen);
  const error = useAppStore((state) => state.error);
  const loadAccounts = useAppStore((state) => state.loadAccounts);

  return (
    <div className="app">
      <ConnectionBanner />
      {phase === 'loading' && <div className="splash">Загрузка…</div>}
      {phase === 'failed' && error && (
        <div className="splash">
          <ErrorNotice title="Не удалось открыть данные" error={error} onRetry={() => void loadAccounts()} />
        </div>
      )}
      {phase === 'onboarding' && <Onboarding />}
      {phase === 'ready' && (
        <div className="shell">
          <Sidebar />
          <main className="screen">
            <SyncBanners />
            {screen === 'inbox' && <InboxScreen />}
            {screen === 'analytics' && <AnalyticsScreen />}
            {screen === 'settings' && <SettingsScreen />}
          </main>
          <ConnectDialog />
          <KeyboardLayer />
        </div>
      )}
      {phase === 'ready' && <StatusBar />}
    </div>
  );
}
