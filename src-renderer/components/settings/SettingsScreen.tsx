import { useAppStore } from '../../stores/app-store';
import { ErrorNotice } from '../common/ErrorNotice';
import { AccountsSection } from './AccountsSection';
import { KeychainStatusView } from './KeychainStatusView';
import { NotificationsSection } from './NotificationsForm';
import { ReplySettingsSection } from './ReplySettingsSection';

const SHELL_LABEL = {
  electron: 'Настольное приложение (Electron)',
  host: 'Локальный сервер (без окна Electron)',
} as const;

export function SettingsScreen() {
  const info = useAppStore((state) => state.info);
  const infoError = useAppStore((state) => state.infoError);
  const loadInfo = useAppStore((state) => state.loadInfo);

  return (
    <section className="page" data-testid="settings">
      <h1>Настройки</h1>

      <AccountsSection />

      <ReplySettingsSection />
      <NotificationsSection />

      <h2>О программе</h2>
      {infoError && (
        <ErrorNotice title="Не удалось получить сведения" error={infoError} onRetry={() => void loadInfo()} />
      )}
      {!info && !infoError && <div className="list-state">Загрузка…</div>}
      {info && (
        <dl className="facts facts-wide">
          <div className="fact">
            <dt>Версия</dt>
            <dd data-testid="app-version">{info.version}</dd>
          </div>
          <div className="fact">
            <dt>Режим запуска</dt>
            <dd>{SHELL_LABEL[info.shell]}</dd>
          </div>
          <div className="fact">
            <dt>Папка данных</dt>
            <dd className="mono">{info.dataDir}</dd>
          </div>
          <div className="fact">
            <dt>Версия схемы БД</dt>
            <dd>{info.schemaVersion}</dd>
          </div>
          <div className="fact">
            <dt>Хранилище паролей</dt>
            <dd>
              <KeychainStatusView keychain={info.keychain} />
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
