import { useState } from 'react';
import { DEFAULT_SLA_HOURS, INTENT_LABEL, QUESTION_INTENTS } from '../../../src-shared/domain/interaction';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { SaveRow } from './SaveRow';

/** The SLA targets in working hours with their labels and defaults. */
const TARGETS: { key: string; label: string; hours: number }[] = [
  { key: 'chat', label: 'Чат', hours: DEFAULT_SLA_HOURS.chat },
  { key: 'review_negative', label: 'Отзыв 1–3★ или с проблемой', hours: DEFAULT_SLA_HOURS.review_negative },
  { key: 'review', label: 'Отзыв 4–5★', hours: DEFAULT_SLA_HOURS.review },
  ...QUESTION_INTENTS.map((intent) => ({
    key: intent,
    label: `Вопрос: ${INTENT_LABEL[intent].toLowerCase()}`,
    hours: DEFAULT_SLA_HOURS[intent],
  })),
];

const validHours = (value: string, min: number, max: number) => {
  const hours = Number(value);
  return value.trim() !== '' && Number.isFinite(hours) && hours >= min && hours <= max;
};

/**
 * How fast each kind of item should be answered, in working hours, and when an item turns
 * «скоро просрочено». Saving re-assesses every item of the shop in the background.
 */
export function SlaForm({ settings }: { settings: SettingsView }) {
  const [hours, setHours] = useState<Record<string, string>>(() =>
    Object.fromEntries(TARGETS.map((target) => [target.key, String(settings.slaHours[target.key] ?? target.hours)])),
  );
  const [soon, setSoon] = useState(String(settings.slaDueSoonHours));
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const invalid = TARGETS.some((target) => !validHours(hours[target.key] ?? '', 0.25, 720))
    ? 'Срок ответа: от 0,25 до 720 рабочих часов'
    : !validHours(soon, 0, 72)
      ? '«Скоро просрочено»: от 0 до 72 рабочих часов'
      : null;
  return (
    <form
      className="settings-card"
      onSubmit={(event) => {
        event.preventDefault();
        if (invalid) return;
        void (async () => {
          const slaHours = Object.fromEntries(TARGETS.map((target) => [target.key, Number(hours[target.key])]));
          if (await update('slaHours', slaHours)) await update('slaDueSoonHours', Number(soon));
        })();
      }}
    >
      <h3>Сроки ответа</h3>
      <div className="muted">В рабочих часах магазина: ночи, выходные и праздники не считаются.</div>
      {TARGETS.map((target) => (
        <label className="field" key={target.key}>
          <span>{target.label}</span>
          <span className="field-inline">
            <input
              type="number"
              min={0.25}
              max={720}
              step={0.25}
              data-testid={`settings-sla-${target.key}`}
              value={hours[target.key] ?? ''}
              onChange={(event) => setHours({ ...hours, [target.key]: event.target.value })}
            />
            ч
          </span>
        </label>
      ))}
      <label className="field">
        <span>«Скоро просрочено» за</span>
        <span className="field-inline">
          <input
            type="number"
            min={0}
            max={72}
            step={0.5}
            data-testid="settings-sla-due-soon"
            value={soon}
            onChange={(event) => setSoon(event.target.value)}
          />
          ч до срока
        </span>
      </label>
      <SaveRow
        testId="settings-save-sla"
        saving={saving}
        invalid={invalid}
        error={saveError.slaHours ?? saveError.slaDueSoonHours}
        savedAt={savedAt.slaDueSoonHours}
      />
    </form>
  );
}
