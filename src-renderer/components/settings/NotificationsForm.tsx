import { useEffect, useState } from 'react';
import type { NotificationSettings } from '../../../src-shared/domain/settings';
import { useAppStore } from '../../stores/app-store';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { playChime } from '../../lib/chime';
import { SaveRow } from './SaveRow';
import '../../styles/status.css';

const KINDS: { key: 'urgent' | 'chat' | 'replyProblem'; label: string }[] = [
  { key: 'urgent', label: 'Новые срочные отзывы, вопросы и чаты' },
  { key: 'chat', label: 'Новые сообщения в чатах (и в чатах Avito у менеджера)' },
  { key: 'replyProblem', label: 'Ответ не отправлен или в конфликте' },
];

/** Asks for the OS permission from the seller's click (browsers ignore a request without one). */
const askPermission = () => {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default')
    void Notification.requestPermission().catch(() => undefined);
};

/**
 * «Уведомления» (issue 11 item 8) of the shop shown: desktop notifications on or off, the sound,
 * which kinds, and whether they also come outside the shop's working hours. Stored per shop, in
 * its settings document next to the working hours they follow.
 */
export function NotificationsForm({ settings, accountName }: { settings: SettingsView; accountName: string }) {
  const [value, setValue] = useState<NotificationSettings>(settings.notifications);
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const denied = typeof Notification !== 'undefined' && Notification.permission === 'denied';
  const unsupported = typeof Notification === 'undefined';
  const set = (patch: Partial<NotificationSettings>) => setValue((current) => ({ ...current, ...patch }));

  return (
    <form
      className="settings-card"
      data-testid="settings-notifications"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.enabled) askPermission();
        void update('notifications', value);
      }}
    >
      <h3>Уведомления — «{accountName}»</h3>
      <label className="switch">
        <input
          type="checkbox"
          data-testid="notify-enabled"
          checked={value.enabled}
          onChange={(event) => set({ enabled: event.target.checked })}
        />
        Показывать уведомления на рабочем столе
      </label>
      <fieldset className="notify-kinds" disabled={!value.enabled}>
        <legend>О чём сообщать</legend>
        {KINDS.map((kind) => (
          <label key={kind.key} className="switch">
            <input
              type="checkbox"
              data-testid={`notify-${kind.key}`}
              checked={value[kind.key]}
              onChange={(event) => set({ [kind.key]: event.target.checked })}
            />
            {kind.label}
          </label>
        ))}
        <label className="switch">
          <input
            type="checkbox"
            data-testid="notify-outside-hours"
            checked={value.outsideWorkingHours}
            onChange={(event) => set({ outsideWorkingHours: event.target.checked })}
          />
          и вне рабочего времени
        </label>
        <label className="switch">
          <input
            type="checkbox"
            data-testid="notify-sound"
            checked={value.sound}
            onChange={(event) => set({ sound: event.target.checked })}
          />
          Короткий звуковой сигнал
        </label>
        <label className="switch notify-volume">
          Громкость
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            data-testid="notify-volume"
            aria-label="Громкость сигнала"
            disabled={!value.sound}
            value={Math.round(value.volume * 100)}
            onChange={(event) => set({ volume: Number(event.target.value) / 100 })}
          />
          <button
            type="button"
            className="btn btn-small"
            data-testid="notify-sound-test"
            disabled={!value.sound}
            onClick={() => playChime(value.volume)}
          >
            Прослушать
          </button>
        </label>
      </fieldset>
      <div className="muted">
        Вне рабочих часов магазина (раздел «SLA и рабочие часы») уведомления молчат, если не отмечено «и вне рабочего
        времени». Для демо-данных уведомлений нет.
      </div>
      {denied && (
        <div className="form-error" data-testid="notify-denied">
          Уведомления запрещены в системе или браузере — разрешите их для приложения.
        </div>
      )}
      {unsupported && <div className="muted">Здесь уведомления на рабочем столе недоступны.</div>}
      <SaveRow
        testId="settings-save-notifications"
        saving={saving}
        invalid={null}
        error={saveError.notifications}
        savedAt={savedAt.notifications}
      />
    </form>
  );
}

/** The section as mounted in the settings screen: the form of the shop shown, keyed by it. */
export function NotificationsSection() {
  const account = useAppStore((state) => state.account);
  const settings = useSettingsStore((state) => (account && state.accountId === account.id ? state.settings : null));
  const load = useSettingsStore((state) => state.load);
  useEffect(() => {
    if (account && !settings) void load(account.id);
  }, [account, settings, load]);
  if (!account || !settings) return null;
  return (
    <>
      <h2>Уведомления</h2>
      <div className="settings-grid">
        <NotificationsForm key={account.id} settings={settings} accountName={account.name} />
      </div>
    </>
  );
}
