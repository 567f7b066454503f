import { useEffect, useState } from 'react';
import type { BackupView, LoginItemView } from '../../../src-shared/ipc/contract';
import { bridge } from '../../bridge';
import { readTheme, saveTheme, THEMES, type Theme } from '../../lib/theme';
import { messageText } from '../../lib/message-text';
import { fullDateTime } from '../../lib/time';
import type { UiError } from '../../lib/ui-error';
import { useAppStore } from '../../stores/app-store';
import { settle } from '../../stores/call';
import { ErrorNotice } from '../common/ErrorNotice';
import { KeychainStatusView } from './KeychainStatusView';

const THEME_LABEL: Record<Theme, string> = { system: 'Системная', light: 'Светлая', dark: 'Тёмная' };

const SHELL_LABEL = {
  electron: 'Настольное приложение (Electron)',
  host: 'Локальный сервер (без окна Electron)',
} as const;

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1).replace('.', ',')} МБ`;

export function ThemeForm() {
  const [theme, setTheme] = useState<Theme>(readTheme);
  return (
    <fieldset className="settings-card theme-form" data-testid="settings-theme">
      <h3>Оформление</h3>
      <div className="theme-choices">
        {THEMES.map((value) => (
          <label className="radio" key={value}>
            <input
              type="radio"
              name="theme"
              value={value}
              data-testid={`theme-${value}`}
              checked={theme === value}
              onChange={() => {
                setTheme(value);
                saveTheme(value);
              }}
            />
            {THEME_LABEL[value]}
          </label>
        ))}
      </div>
      <div className="muted">
        «Системная» следует светлой или тёмной теме операционной системы. Только на этом компьютере.
      </div>
    </fieldset>
  );
}

/**
 * Start at login: the OS keeps it (login items, the Run key, the XDG autostart folder), so the switch
 * reads it each time the section opens. Where it cannot be set (the host) the reason instead.
 */
export function LoginItemForm() {
  const [item, setItem] = useState<LoginItemView | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void settle(bridge['app.getLoginItem']({})).then((outcome) => {
      if (outcome.ok) setItem(outcome.value);
      else setError(outcome.error);
    });
  }, []);

  const toggle = async (openAtLogin: boolean) => {
    setBusy(true);
    setError(null);
    const outcome = await settle(bridge['app.setLoginItem']({ openAtLogin }));
    setBusy(false);
    if (outcome.ok) setItem(outcome.value);
    else setError(outcome.error);
  };

  return (
    <div className="settings-card" data-testid="settings-login-item">
      <h3>Запуск при входе в систему</h3>
      {item?.supported === true && (
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="login-item-toggle"
            checked={item.openAtLogin}
            disabled={busy}
            onChange={(event) => void toggle(event.target.checked)}
          />
          Открывать AgentIQ Desktop при входе в систему
        </label>
      )}
      {item?.supported === false && <div className="muted">{messageText(item.reason)}</div>}
      {!item && !error && <div className="muted">Загрузка…</div>}
      {error && <div className="form-error">{error.message}</div>}
    </div>
  );
}

/** The data folder, the database backups with «Создать копию», and the facts about this installation. */
export function DataAndBackups() {
  const info = useAppStore((state) => state.info);
  const infoError = useAppStore((state) => state.infoError);
  const loadInfo = useAppStore((state) => state.loadInfo);
  const [newest, setNewest] = useState<BackupView | null | undefined>(undefined);
  const [backupError, setBackupError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const [folderError, setFolderError] = useState<UiError | null>(null);

  useEffect(() => {
    if (!info) void loadInfo();
    void settle(bridge['app.backups']({})).then((outcome) => {
      if (outcome.ok) setNewest(outcome.value.newest);
      else setBackupError(outcome.error);
    });
  }, [info, loadInfo]);

  const openFolder = async () => {
    setFolderError(null);
    const outcome = await settle(bridge['app.openDataFolder']({}));
    if (!outcome.ok) setFolderError(outcome.error);
  };

  const backupNow = async () => {
    setBusy(true);
    setBackupError(null);
    const outcome = await settle(bridge['app.backup']({}));
    setBusy(false);
    if (outcome.ok) setNewest(outcome.value);
    else setBackupError(outcome.error);
  };

  return (
    <>
      <div className="settings-card" data-testid="settings-backups">
        <h3>Резервные копии базы</h3>
        <div data-testid="backup-newest">
          {newest === undefined && !backupError && 'Загрузка…'}
          {newest === null && 'Копий ещё нет.'}
          {newest && `Последняя: ${fullDateTime(newest.takenAt)}, ${megabytes(newest.bytes)}`}
        </div>
        {newest && <div className="mono muted">{newest.file}</div>}
        <div className="muted">
          Копия создаётся сама раз в сутки и перед обновлением базы; хранятся три последние. Восстановление: agentiq
          restore --from «файл копии».
        </div>
        <div className="save-row">
          <button
            type="button"
            className="btn btn-small"
            data-testid="backup-now"
            disabled={busy}
            onClick={() => void backupNow()}
          >
            {busy ? 'Создаём копию…' : 'Создать копию'}
          </button>
          {backupError && <span className="form-error">{backupError.message}</span>}
        </div>
      </div>

      <div className="settings-card about-card">
        <h3>О программе</h3>
        {infoError && (
          <ErrorNotice title="Не удалось получить сведения" error={infoError} onRetry={() => void loadInfo()} />
        )}
        {!info && !infoError && <div className="list-state">Загрузка…</div>}
        {info && (
          <dl className="facts facts-wide">
            <div className="fact">
              <dt>Папка данных</dt>
              <dd>
                <span className="mono" data-testid="data-dir">
                  {info.dataDir}
                </span>{' '}
                {typeof navigator.clipboard?.writeText === 'function' && (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() =>
                      void navigator.clipboard.writeText(info.dataDir).then(
                        () => setCopied(true),
                        () => setCopied(false),
                      )
                    }
                  >
                    {copied ? 'Скопировано' : 'Копировать путь'}
                  </button>
                )}{' '}
                {/* Only the desktop app can open a folder: the host is a page in a browser. */}
                {info.shell === 'electron' && (
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid="open-data-folder"
                    onClick={() => void openFolder()}
                  >
                    Открыть папку
                  </button>
                )}
                {folderError && <div className="form-error">{folderError.message}</div>}
              </dd>
            </div>
            <div className="fact">
              <dt>Версия</dt>
              <dd data-testid="app-version">{info.version}</dd>
            </div>
            <div className="fact">
              <dt>Режим запуска</dt>
              <dd>{SHELL_LABEL[info.shell]}</dd>
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
      </div>
    </>
  );
}
