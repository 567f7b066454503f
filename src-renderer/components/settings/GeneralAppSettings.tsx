import { useEffect, useState } from 'react';
import type { BackupView } from '../../../src-shared/ipc/contract';
import { bridge } from '../../bridge';
import { readTheme, saveTheme, THEMES, type Theme } from '../../lib/theme';
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

/** The data folder, the database backups with «Создать копию», and the facts about this installation. */
export function DataAndBackups() {
  const info = useAppStore((state) => state.info);
  const infoError = useAppStore((state) => state.infoError);
  const loadInfo = useAppStore((state) => state.loadInfo);
  const [newest, setNewest] = useState<BackupView | null | undefined>(undefined);
  const [backupError, setBackupError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!info) void loadInfo();
    void settle(bridge['app.backups']({})).then((outcome) => {
      if (outcome.ok) setNewest(outcome.value.newest);
      else setBackupError(outcome.error);
    });
  }, [info, loadInfo]);

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
                )}
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
