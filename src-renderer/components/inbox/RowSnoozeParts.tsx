import { snoozeMark } from '../../lib/snooze-labels';
import { useNow } from '../../lib/use-now';
import { useInboxStore } from '../../stores/inbox-store';
import { useSelectionStore } from '../../stores/selection-store';
import '../../styles/snooze.css';

/** A row's bulk-selection checkbox (issue 11 item 4): a click toggles, shift+click picks the range. */
export function RowSelect({ id }: { id: number }) {
  const selected = useSelectionStore((state) => state.ids.includes(id));
  return (
    <input
      type="checkbox"
      className="row-select"
      data-testid="row-select"
      aria-label="Выбрать"
      checked={selected}
      // The row's own click opens the item; the checkbox only selects.
      onClick={(event) => {
        event.stopPropagation();
        const store = useSelectionStore.getState();
        if (event.shiftKey)
          store.extendTo(
            id,
            useInboxStore.getState().items.map((item) => item.id),
          );
        else store.toggle(id);
      }}
      onChange={() => undefined}
    />
  );
}

/** «Отложено до …» for a snoozed item, «Вернулось из отложенных» for one whose snooze ran out. */
export function SnoozeMark({ snoozedUntil }: { snoozedUntil: string | null }) {
  const now = useNow(30_000);
  const text = snoozeMark(snoozedUntil, now);
  if (!text) return null;
  const resurfaced = snoozedUntil !== null && Date.parse(snoozedUntil) <= now.getTime();
  return (
    <span className={resurfaced ? 'snooze-mark resurfaced' : 'snooze-mark'} data-testid="snooze-mark">
      {text}
    </span>
  );
}
