import { useMemo, useState } from 'react';
import { WEEKDAYS, type Weekday } from '../../../src-shared/domain/working-hours';
import {
  addHolidays,
  draftFromSchedule,
  holidayLabel,
  isIsoDate,
  MAX_INTERVALS,
  nextInterval,
  russianHolidays,
  scheduleFromDraft,
  scheduleProblems,
  WEEKDAY_SHORT,
  zoneGroups,
  type DayDraft,
  type IntervalDraft,
  type ScheduleDraft,
} from '../../lib/working-hours-form';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { SaveRow } from './SaveRow';

const osZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
})();

/**
 * The shop's working hours: SLA due times count only time inside them. Per weekday a working
 * switch and one or more intervals (a lunch break is two), the time zone, and holidays. Saving
 * re-assesses every item of the shop in the background (core's SLA recompute).
 */
export function WorkingHoursForm({ settings, accountName }: { settings: SettingsView; accountName: string }) {
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftFromSchedule(settings.workingHours));
  const [newHoliday, setNewHoliday] = useState('');
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const problems = scheduleProblems(draft);
  const zones = useMemo(() => zoneGroups(settings.workingHours.timeZone, osZone), [settings.workingHours.timeZone]);
  const thisYear = new Date().getFullYear();

  const setDay = (day: Weekday, next: DayDraft) => setDraft({ ...draft, week: { ...draft.week, [day]: next } });
  const setInterval = (day: Weekday, index: number, next: IntervalDraft) =>
    setDay(day, {
      ...draft.week[day],
      intervals: draft.week[day].intervals.map((interval, i) => (i === index ? next : interval)),
    });

  return (
    <form
      className="settings-card"
      data-testid="working-hours-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.summary) return;
        void (async () => {
          if (await update('workingHours', scheduleFromDraft(draft))) {
            // Show what core kept (intervals in time order, holidays sorted).
            const saved = useSettingsStore.getState().settings?.workingHours;
            if (saved) setDraft(draftFromSchedule(saved));
          }
        })();
      }}
    >
      <h3>Рабочие часы</h3>
      <div className="muted">
        Магазин «{accountName}». Сроки ответа считаются только в эти часы: вне их, в выходные и праздники время не идёт.
      </div>

      <div className="hours-week">
        {WEEKDAYS.map((day) => {
          const { working, intervals } = draft.week[day];
          return (
            <div className="hours-day" key={day} data-testid={`hours-day-${day}`}>
              <label className="switch hours-day-name">
                <input
                  type="checkbox"
                  data-testid={`hours-working-${day}`}
                  checked={working}
                  onChange={(event) => setDay(day, { ...draft.week[day], working: event.target.checked })}
                />
                {WEEKDAY_SHORT[day]}
              </label>
              {!working && <span className="muted">выходной</span>}
              {working && (
                <div className="hours-intervals">
                  {intervals.map((interval, index) => {
                    const problem = problems.intervals[`${day}.${index}`];
                    return (
                      <div className="hours-interval" key={index}>
                        <input
                          type="text"
                          inputMode="numeric"
                          maxLength={5}
                          placeholder="09:00"
                          aria-label={`${WEEKDAY_SHORT[day]}: начало`}
                          aria-invalid={problem ? true : undefined}
                          data-testid={`hours-from-${day}-${index}`}
                          value={interval.from}
                          onChange={(event) => setInterval(day, index, { ...interval, from: event.target.value })}
                        />
                        –
                        <input
                          type="text"
                          inputMode="numeric"
                          maxLength={5}
                          placeholder="18:00"
                          aria-label={`${WEEKDAY_SHORT[day]}: конец`}
                          aria-invalid={problem ? true : undefined}
                          data-testid={`hours-to-${day}-${index}`}
                          value={interval.to}
                          onChange={(event) => setInterval(day, index, { ...interval, to: event.target.value })}
                        />
                        {intervals.length > 1 && (
                          <button
                            type="button"
                            className="btn btn-small"
                            title="Убрать интервал"
                            data-testid={`hours-remove-${day}-${index}`}
                            onClick={() => setDay(day, { working, intervals: intervals.filter((_, i) => i !== index) })}
                          >
                            ×
                          </button>
                        )}
                        {index === intervals.length - 1 && intervals.length < MAX_INTERVALS && (
                          <button
                            type="button"
                            className="btn btn-small"
                            title="Ещё интервал, например после перерыва"
                            data-testid={`hours-add-${day}`}
                            onClick={() => setDay(day, { working, intervals: [...intervals, nextInterval(intervals)] })}
                          >
                            + интервал
                          </button>
                        )}
                        {problem && (
                          <span className="form-error" data-testid="hours-interval-error">
                            {problem}
                          </span>
                        )}
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
          );
        })}
      </div>
      <div className="muted">
        Время 24-часовое, конец дня — 24:00. Перерыв — это два интервала: 09:00–13:00 и 14:00–18:00.
      </div>

      <label className="field">
        <span>Часовой пояс</span>
        <select
          className="hours-zone"
          data-testid="hours-time-zone"
          value={draft.timeZone}
          onChange={(event) => setDraft({ ...draft, timeZone: event.target.value })}
        >
          <optgroup label="Россия">
            {zones.russia.map((option) => (
              <option key={option.zone} value={option.zone}>
                {option.label}
              </option>
            ))}
          </optgroup>
          {zones.extra.length > 0 && (
            <optgroup label="Также">
              {zones.extra.map((option) => (
                <option key={option.zone} value={option.zone}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          )}
          {zones.other.length > 0 && (
            <optgroup label="Другие">
              {zones.other.map((option) => (
                <option key={option.zone} value={option.zone}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>

      <fieldset className="field">
        <legend>Праздничные дни (нерабочие)</legend>
        {draft.holidays.length === 0 && <span className="muted">Нет</span>}
        {draft.holidays.length > 0 && (
          <ul className="hours-holidays">
            {draft.holidays.map((date) => (
              <li key={date} data-testid="hours-holiday" data-date={date}>
                {holidayLabel(date)}
                <button
                  type="button"
                  className="btn btn-small"
                  title="Убрать"
                  data-testid={`hours-holiday-remove-${date}`}
                  onClick={() => setDraft({ ...draft, holidays: draft.holidays.filter((d) => d !== date) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="field-inline">
          <input
            type="date"
            aria-label="Праздничный день"
            data-testid="hours-holiday-input"
            value={newHoliday}
            onChange={(event) => setNewHoliday(event.target.value)}
          />
          <button
            type="button"
            className="btn btn-small"
            data-testid="hours-holiday-add"
            disabled={!isIsoDate(newHoliday) || draft.holidays.includes(newHoliday)}
            onClick={() => {
              setDraft({ ...draft, holidays: addHolidays(draft.holidays, [newHoliday]) });
              setNewHoliday('');
            }}
          >
            Добавить
          </button>
          {[thisYear, thisYear + 1].map((year) => (
            <button
              type="button"
              key={year}
              className="btn btn-small"
              data-testid={`hours-holidays-ru-${year}`}
              onClick={() => setDraft({ ...draft, holidays: addHolidays(draft.holidays, russianHolidays(year)) })}
            >
              Праздники РФ {year}
            </button>
          ))}
        </div>
        <span className="muted">
          «Праздники РФ» — нерабочие праздничные дни по ст. 112 ТК РФ (1–8 января, 23 февраля, 8 марта, 1 и 9 мая, 12
          июня, 4 ноября). Переносы выходных правительство утверждает каждый год — их добавьте вручную.
        </span>
      </fieldset>

      <SaveRow
        testId="settings-save-hours"
        saving={saving}
        invalid={problems.summary}
        error={saveError.workingHours}
        savedAt={savedAt.workingHours}
      />
    </form>
  );
}
