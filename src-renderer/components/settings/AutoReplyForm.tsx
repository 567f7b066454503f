import { useState } from 'react';
import type { AutoReplyRules, Template } from '../../../src-shared/domain/settings';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { useTemplatesStore } from '../../stores/templates-store';
import { AutoReplyDryRun } from './AutoReplyDryRun';
import { SaveRow } from './SaveRow';

/** A template may thank a 4–5★ review unattended only if it is made for reviews and those stars. */
const fitsPositive = (template: Template) =>
  template.channels.includes('review') && (!template.ratings || template.ratings.some((stars) => stars >= 4));

function validate(rules: AutoReplyRules, capText: string): string | null {
  const cap = Number(capText);
  if (!Number.isInteger(cap) || cap < 1 || cap > 1000) return 'Лимит в день — целое число от 1 до 1000';
  if (rules.stars.length === 0) return 'Выберите хотя бы одну оценку: 4★ или 5★';
  if (rules.enabled && rules.templateIds.length === 0)
    return 'Отметьте хотя бы один шаблон — без одобренных шаблонов ничего не отправится';
  return null;
}

/** Auto-replies to positive reviews: off and in dry run until the seller decides otherwise. */
export function AutoReplyForm({ settings }: { settings: SettingsView }) {
  const [rules, setRules] = useState<AutoReplyRules>(settings.autoReply);
  const [cap, setCap] = useState(String(settings.autoReply.dailyCap));
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const builtin = useTemplatesStore((state) => state.builtin);
  const custom = useTemplatesStore((state) => state.custom);
  const templates = [...custom, ...builtin].filter(fitsPositive);
  const invalid = validate(rules, cap);
  const toggle = <T,>(list: T[], value: T) =>
    list.includes(value) ? list.filter((item) => item !== value) : [...list, value];

  return (
    <form
      className="settings-card"
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid) void update('autoReply', { ...rules, dailyCap: Number(cap) });
      }}
    >
      <h3>Автоответы на положительные отзывы</h3>
      <label className="switch">
        <input
          type="checkbox"
          data-testid="settings-auto-enabled"
          checked={rules.enabled}
          onChange={(event) => setRules({ ...rules, enabled: event.target.checked })}
        />
        Отвечать автоматически на отзывы без негатива
      </label>
      <div className="field-inline">
        <span>Оценки:</span>
        {[4, 5].map((stars) => (
          <label key={stars} className="radio">
            <input
              type="checkbox"
              checked={rules.stars.includes(stars)}
              onChange={() => setRules({ ...rules, stars: toggle(rules.stars, stars).sort() })}
            />
            {stars}★
          </label>
        ))}
      </div>
      <fieldset className="field">
        <legend>Одобренные шаблоны</legend>
        {templates.map((template) => (
          <label key={template.id} className="radio">
            <input
              type="checkbox"
              checked={rules.templateIds.includes(template.id)}
              onChange={() => setRules({ ...rules, templateIds: toggle(rules.templateIds, template.id) })}
            />
            {template.title} <span className="muted">· {template.folder}</span>
          </label>
        ))}
      </fieldset>
      <label className="switch">
        <input
          type="checkbox"
          data-testid="settings-auto-dry"
          checked={rules.dryRun}
          onChange={(event) => setRules({ ...rules, dryRun: event.target.checked })}
        />
        Пробный режим: только записывать, что было бы отправлено
      </label>
      <label className="field field-inline">
        <span>Не больше</span>
        <input
          type="number"
          min={1}
          max={1000}
          data-testid="settings-auto-cap"
          value={cap}
          onChange={(event) => setCap(event.target.value)}
        />
        <span>ответов в день</span>
      </label>
      <label className={rules.killSwitch ? 'switch kill-on' : 'switch'}>
        <input
          type="checkbox"
          data-testid="settings-auto-kill"
          checked={rules.killSwitch}
          onChange={(event) => setRules({ ...rules, killSwitch: event.target.checked })}
        />
        Аварийная остановка: не отправлять ничего, настройки сохранятся
      </label>
      <SaveRow
        testId="settings-save-auto"
        saving={saving}
        invalid={invalid}
        error={saveError.autoReply}
        savedAt={savedAt.autoReply}
      />
      <AutoReplyDryRun />
    </form>
  );
}
