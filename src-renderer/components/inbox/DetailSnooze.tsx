import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { useBulkStore } from '../../stores/bulk-store';
import { useInboxStore } from '../../stores/inbox-store';
import { SnoozeMark } from './RowSnoozeParts';
import { SnoozeMenu } from './SnoozeMenu';

/**
 * The open item's «Отложить» (issue 11 item 4; `s` opens it too). A snoozed item leaves the list,
 * so after snoozing the next item opens — the snoozed one is not opened again (opening ends a snooze).
 */
export function DetailSnooze({ detail }: { detail: InteractionDetail }) {
  const open = useBulkStore((state) => state.menu === 'detail');
  const openMenu = useBulkStore((state) => state.openMenu);
  const closeMenu = useBulkStore((state) => state.closeMenu);

  const openNext = (until: string | null) => {
    if (until === null) return;
    const { items, select } = useInboxStore.getState();
    const index = items.findIndex((item) => item.id === detail.id);
    const next = index === -1 ? undefined : (items[index + 1] ?? items[index - 1]);
    if (next) void select(next.id);
  };

  return (
    <div className="detail-snooze">
      <span className="snooze-anchor">
        <button
          type="button"
          className="btn btn-small"
          data-testid="snooze-button"
          aria-haspopup="menu"
          aria-expanded={open}
          title="Отложить (s)"
          onClick={() => (open ? closeMenu() : openMenu('detail'))}
        >
          Отложить…
        </button>
        {open && (
          <SnoozeMenu ids={[detail.id]} snoozedUntil={detail.snoozedUntil} onDone={openNext} onClose={closeMenu} />
        )}
      </span>
      <SnoozeMark snoozedUntil={detail.snoozedUntil} />
    </div>
  );
}
