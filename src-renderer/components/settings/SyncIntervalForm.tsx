import { useState } from 'react';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { SaveRow } from './SaveRow';

/** How often the scheduler syncs this shop with WB (core sync-service reads `syncIntervalMinutes`). */
export function SyncIntervalForm({ settings }: { settings: SettingsView }) {
  const [value, setValue] = useState(String(settings.syncIntervalMinutes));
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const minutes = Number(value);
  const invalid =
    Number.isInteger(minutes) && minutes >= 1 && minutes <= 120 ? null : 'Укажите целое число минут от 1 до 120';
  return (
    <form
      className="settings-card"
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid) void update('syncIntervalMinutes', minutes);
      }}
    >
      <h3>Синхронизация с WB</h3>
      <label className="field">
        <span>Загружать новое из WB каждые</span>
        <span className="field-inline">
          <input
            type="number"
            min={1}
            max={120}
            data-testid="settings-sync-interval"
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
          минут
        </span>
      </label>
      <div className="muted">
        По умолчанию 5. Также при запуске, по кнопке и когда возвращается сеть. Лимиты WB соблюдаются в любом случае.
      </div>
      <SaveRow
        testId="settings-save-sync-interval"
        saving={saving}
        invalid={invalid}
        error={saveError.syncIntervalMinutes}
        savedAt={savedAt.syncIntervalMinutes}
      />
    </form>
  );
}
