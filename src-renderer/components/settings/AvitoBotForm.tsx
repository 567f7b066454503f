import { useState } from 'react';
import { HANDOFF_REASONS, type AvitoBotSettings } from '../../../src-shared/domain/avito-bot';
import { HANDOFF_REASON_TEXT } from '../../../src-shared/messages/texts';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { SaveRow } from './SaveRow';

const SCHEDULE_LABEL: Record<AvitoBotSettings['schedule'], string> = {
  always: 'Всегда',
  working_hours: 'Только в рабочие часы',
  outside_working_hours: 'Только вне рабочих часов',
};

const intIn = (value: string, min: number, max: number) => {
  const n = Number(value);
  return value.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
};

/**
 * «Avito-бот» of one Avito account (issue 12 item 5): on/off, when it answers, the daily cap, the
 * dry run, the turns per chat before a person takes over, the knowledge folder; and, in the
 * seller's words, every reason the bot hands a chat to a person.
 */
export function AvitoBotForm({ settings, accountName }: { settings: SettingsView; accountName: string }) {
  const initial = settings.avitoBot;
  const [value, setValue] = useState<AvitoBotSettings>(initial);
  const [cap, setCap] = useState(String(initial.dailyCap));
  const [turns, setTurns] = useState(String(initial.maxTurns));
  const [folder, setFolder] = useState(initial.knowledgeDir ?? '');
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const set = (patch: Partial<AvitoBotSettings>) => setValue((current) => ({ ...current, ...patch }));
  const invalid = !intIn(cap, 1, 1000)
    ? 'Лимит в день: от 1 до 1000 ответов'
    : !intIn(turns, 1, 50)
      ? 'Ответов бота в одном чате: от 1 до 50'
      : folder.length > 1000
        ? 'Путь к папке слишком длинный'
        : null;
  return (
    <form
      className="settings-card"
      data-testid="settings-avito-bot"
      onSubmit={(event) => {
        event.preventDefault();
        if (invalid) return;
        const { knowledgeDir: _old, ...rest } = value;
        void update('avitoBot', {
          ...rest,
          dailyCap: Number(cap),
          maxTurns: Number(turns),
          ...(folder.trim() ? { knowledgeDir: folder.trim() } : {}),
        });
      }}
    >
      <h3>Avito-бот — «{accountName}»</h3>
      <div className="muted">
        Бот отвечает на простые вопросы покупателей по вашей базе знаний и передаёт чат менеджеру, когда нужен человек.
        Каждый чат — в очереди «Бот» или «Менеджер»; чат можно взять себе или вернуть боту в карточке чата.
      </div>
      <label className="switch">
        <input
          type="checkbox"
          data-testid="avito-bot-enabled"
          checked={value.enabled}
          onChange={(event) => set({ enabled: event.target.checked })}
        />
        Бот отвечает в чатах Avito
      </label>
      <fieldset className="notify-kinds" disabled={!value.enabled}>
        <label className="switch">
          <input
            type="checkbox"
            data-testid="avito-bot-dry-run"
            checked={value.dryRun}
            onChange={(event) => set({ dryRun: event.target.checked })}
          />
          Пробный режим: бот только показывает в чате, что ответил бы, и ничего не отправляет
        </label>
        <label className="field">
          <span>Когда отвечает</span>
          <select
            data-testid="avito-bot-schedule"
            value={value.schedule}
            onChange={(event) => set({ schedule: event.target.value as AvitoBotSettings['schedule'] })}
          >
            {Object.entries(SCHEDULE_LABEL).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Ответов в день, не больше</span>
          <input
            type="number"
            min={1}
            max={1000}
            data-testid="avito-bot-daily-cap"
            value={cap}
            onChange={(event) => setCap(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Ответов бота в одном чате, потом — менеджеру</span>
          <input
            type="number"
            min={1}
            max={50}
            data-testid="avito-bot-max-turns"
            value={turns}
            onChange={(event) => setTurns(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Папка базы знаний</span>
          <input
            type="text"
            spellCheck={false}
            data-testid="avito-bot-knowledge-dir"
            placeholder="по умолчанию — папка knowledge в данных приложения"
            value={folder}
            onChange={(event) => setFolder(event.target.value)}
          />
        </label>
        <div className="muted">
          Заметки и ответы на частые вопросы — текстовые файлы (.md, .txt) в этой папке. Бот отвечает только тем, что в
          них найдено, и показывает, на что опирался.
        </div>
      </fieldset>
      <details data-testid="avito-bot-reasons">
        <summary>Когда бот передаёт чат менеджеру</summary>
        <ul>
          {HANDOFF_REASONS.map((reason) => (
            <li key={reason}>{HANDOFF_REASON_TEXT[reason]}</li>
          ))}
        </ul>
        <div className="muted">
          После передачи бот в этом чате молчит, звучит сигнал и приходит уведомление (раздел «Уведомления»).
        </div>
      </details>
      <SaveRow
        testId="settings-save-avito-bot"
        saving={saving}
        invalid={invalid}
        error={saveError.avitoBot}
        savedAt={savedAt.avitoBot}
      />
    </form>
  );
}
