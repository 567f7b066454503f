import { useEffect, useRef, useState } from 'react';
import { snoozePresets } from '../../../src-shared/domain/snooze';
import { DEFAULT_WORKING_HOURS } from '../../../src-shared/domain/working-hours';
import { snoozeMomentText } from '../../lib/snooze-labels';
import { useNow } from '../../lib/use-now';
import { useBulkStore } from '../../stores/bulk-store';
import { useSettingsStore } from '../../stores/settings-store';
import '../../styles/snooze.css';

/** A `datetime-local` value (local wall-clock time, minutes) for an instant. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

interface Props {
  ids: number[];
  /** The item's snooze (detail pane): «Вернуть сейчас» is offered when there is one. */
  snoozedUntil?: string | null;
  /** After core took the snooze (or unsnooze). */
  onDone?: (until: string | null) => void;
  onClose: () => void;
}

/**
 * The snooze popover (issue 11 item 4): «Позже сегодня», «Завтра 09:00» (the shop's working hours
 * and time zone, src-shared/domain/snooze.ts), «Выбрать дату…», and «Вернуть сейчас» for a snoozed
 * item. Esc or a click outside closes it; focus starts on the first choice.
 */
export function SnoozeMenu({ ids, snoozedUntil = null, onDone, onClose }: Props) {
  const now = useNow(30_000);
  const workingHours = useSettingsStore((state) => state.settings?.workingHours) ?? DEFAULT_WORKING_HOURS;
  const busy = useBulkStore((state) => state.busy);
  const error = useBulkStore((state) => state.error);
  const snooze = useBulkStore((state) => state.snooze);
  const [picking, setPicking] = useState(false);
  const presets = snoozePresets(now, workingHours);
  const [custom, setCustom] = useState(() => localInputValue(presets.tomorrowMorning));
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Focus is never lost: it goes back where it was (the list, the trigger) when the menu closes.
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLElement>('button, input')?.focus();
    const onDown = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('mousedown', onDown);
      if (previous?.isConnected) previous.focus();
    };
    // Once, on opening (onClose is the store's, stable).
  }, []);

  const choose = async (until: string | null) => {
    if (await snooze(ids, until)) onDone?.(until);
  };
  const customDate = new Date(custom);
  const customValid = !Number.isNaN(customDate.getTime()) && customDate.getTime() > now.getTime();

  return (
    <div
      ref={ref}
      className="snooze-menu"
      role="menu"
      aria-label="Отложить"
      data-testid="snooze-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <button
        type="button"
        role="menuitem"
        className="snooze-choice"
        data-testid="snooze-later-today"
        disabled={busy}
        onClick={() => void choose(presets.laterToday.toISOString())}
      >
        <span>Позже сегодня</span>
        <span className="muted">{snoozeMomentText(presets.laterToday.toISOString(), now)}</span>
      </button>
      <button
        type="button"
        role="menuitem"
        className="snooze-choice"
        data-testid="snooze-tomorrow"
        disabled={busy}
        onClick={() => void choose(presets.tomorrowMorning.toISOString())}
      >
        <span>Завтра 09:00</span>
        <span className="muted">{snoozeMomentText(presets.tomorrowMorning.toISOString(), now)}</span>
      </button>
      {picking ? (
        <form
          className="snooze-custom"
          onSubmit={(event) => {
            event.preventDefault();
            if (customValid) void choose(customDate.toISOString());
          }}
        >
          <input
            type="datetime-local"
            aria-label="Дата и время"
            data-testid="snooze-date-input"
            value={custom}
            min={localInputValue(now)}
            onChange={(event) => setCustom(event.target.value)}
          />
          <button
            type="submit"
            className="btn btn-small btn-primary"
            data-testid="snooze-date-submit"
            disabled={busy || !customValid}
          >
            Отложить
          </button>
          {!customValid && <div className="form-error">Выберите момент в будущем</div>}
        </form>
      ) : (
        <button
          type="button"
          role="menuitem"
          className="snooze-choice"
          data-testid="snooze-pick-date"
          disabled={busy}
          onClick={() => setPicking(true)}
        >
          <span>Выбрать дату…</span>
        </button>
      )}
      {snoozedUntil !== null && (
        <button
          type="button"
          role="menuitem"
          className="snooze-choice"
          data-testid="snooze-wake-now"
          disabled={busy}
          onClick={() => void choose(null)}
        >
          <span>Вернуть сейчас</span>
        </button>
      )}
      {error && <div className="form-error">{error.message}</div>}
    </div>
  );
}
