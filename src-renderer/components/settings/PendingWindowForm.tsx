import { useState } from 'react';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { SaveRow } from './SaveRow';

/** How long a sent reply may wait for WB's confirmation before the seller is warned. */
export function PendingWindowForm({ settings }: { settings: SettingsView }) {
  const [value, setValue] = useState(String(settings.pendingWindowMinutes));
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const minutes = Number(value);
  const invalid =
    Number.isInteger(minutes) && minutes >= 30 && minutes <= 1440 ? null : 'Укажите целое число минут от 30 до 1440';
  return (
    <form
      className="settings-card"
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid) void update('pendingWindowMinutes', minutes);
      }}
    >
      <h3>Ожидание подтверждения WB</h3>
      <label className="field">
        <span>Предупредить, если WB не показал отправленный ответ дольше</span>
        <span className="field-inline">
          <input
            type="number"
            min={30}
            max={1440}
            step={10}
            data-testid="settings-pending-window"
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
          минут
        </span>
      </label>
      <div className="muted">От 30 минут до суток; по умолчанию 180 (3 часа).</div>
      <SaveRow
        testId="settings-save-pending"
        saving={saving}
        invalid={invalid}
        error={saveError.pendingWindowMinutes}
        savedAt={savedAt.pendingWindowMinutes}
      />
    </form>
  );
}
