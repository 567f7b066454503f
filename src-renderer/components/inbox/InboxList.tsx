import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useAppStore } from '../../stores/app-store';
import { PAGE_SIZE, useInboxStore } from '../../stores/inbox-store';
import { isSyncing, useSyncStore } from '../../stores/sync-store';
import { ErrorNotice } from '../common/ErrorNotice';
import { InboxRow } from './InboxRow';
import '../../styles/inbox-list.css';

/** Every row has this height (CSS .vrow): the scrollbar then reflects the real total exactly. */
export const ROW_HEIGHT = 112;
/**
 * Rows rendered beyond the viewport, each side. Every extra row is React and layout work in each
 * scrolled frame; 3 rows (336 px) cover a wheel notch or a key press ahead of the next paint.
 */
const OVERSCAN = 3;
/** Lists this short are rendered whole (the demo's 12 rows, a short queue): nothing to scroll into view. */
const WHOLE_LIST_MAX = 20;

/**
 * The inbox list, virtualised (@tanstack/react-virtual): `total` rows tall, only the rows in view
 * are in the DOM, and the pages they need are fetched from the core as the viewport moves (keyset
 * cursors when scrolling on, offsets for a jump), cached by index in the inbox store.
 */
export function InboxList() {
  const pages = useInboxStore((state) => state.pages);
  const total = useInboxStore((state) => state.total);
  const listStatus = useInboxStore((state) => state.listStatus);
  const listError = useInboxStore((state) => state.listError);
  const selectedId = useInboxStore((state) => state.selectedId);
  const selectedIndex = useInboxStore((state) => state.selectedIndex);
  const search = useInboxStore((state) => state.search);
  const needsResponse = useInboxStore((state) => state.needsResponse);
  const queue = useInboxStore((state) => state.queue);
  const allShops = useInboxStore((state) => state.allShops);
  const select = useInboxStore((state) => state.select);
  const moveSelection = useInboxStore((state) => state.moveSelection);
  const loadList = useInboxStore((state) => state.loadList);
  const ensureRange = useInboxStore((state) => state.ensureRange);
  const accountId = useInboxStore((state) => state.accountId);
  const accounts = useAppStore((state) => state.accounts);
  const syncing = useSyncStore((state) => (accountId === null ? false : isSyncing(state, accountId)));
  const listRef = useRef<HTMLDivElement>(null);
  const shopNames = useMemo(() => new Map(accounts.map((account) => [account.id, account.name])), [accounts]);

  const virtualizer = useVirtualizer({
    count: listStatus === 'idle' ? 0 : total,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: total <= WHOLE_LIST_MAX ? total : OVERSCAN,
    // Scroll updates render in React's own batch, not in a synchronous flushSync inside the scroll
    // event: a fast scroll costs one render per frame instead of one per event.
    useFlushSync: false,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows.at(-1)?.index ?? 0;

  // The viewport asks the store for its pages.
  useEffect(() => {
    if (total > 0) ensureRange(first, last);
  }, [first, last, total, pages, ensureRange]);

  // A new list starts at the top.
  const firstPage = pages[0];
  useEffect(() => {
    if (listStatus === 'loading') listRef.current?.scrollTo({ top: 0 });
  }, [listStatus]);

  // Keys move the selection off-screen; keep the selected row in view.
  useEffect(() => {
    if (selectedIndex !== null) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: Math.max(1, Math.floor((listRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT)),
      PageUp: -Math.max(1, Math.floor((listRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT)),
      Home: -total,
      End: total,
    };
    const delta = step[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    moveSelection(delta);
  };

  const firstLoad = listStatus === 'loading' && !firstPage;
  const empty = listStatus === 'ready' && total === 0;

  return (
    <div className="list-pane">
      {listStatus === 'loading' && firstPage && <div className="progress-bar" aria-hidden="true" />}
      {listError && <ErrorNotice title="Список не загрузился" error={listError} onRetry={() => void loadList()} />}
      <div
        ref={listRef}
        className="list"
        role="listbox"
        aria-label="Обращения"
        tabIndex={0}
        data-testid="inbox-list"
        data-total={total}
        aria-activedescendant={selectedId !== null ? `row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
      >
        {firstLoad && <div className="list-state">Загрузка…</div>}
        {empty && (
          <div className="list-state">
            {search.trim()
              ? `По запросу «${search.trim()}» ничего не найдено`
              : queue === 'snoozed'
                ? 'Отложенных обращений нет'
                : queue !== 'all'
                  ? 'В этой очереди пусто'
                  : needsResponse
                    ? 'Всё отвечено — нет обращений, которые ждут ответа'
                    : syncing
                      ? 'Загружаем обращения из WB…'
                      : 'Здесь пока пусто'}
          </div>
        )}
        {!firstLoad && total > 0 && (
          <div className="vlist" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((row) => {
              const item = pages[Math.floor(row.index / PAGE_SIZE)]?.[row.index % PAGE_SIZE];
              // Keyed by slot (the position among the rendered rows, unique in any contiguous range):
              // scrolling reuses the rows' DOM with new content instead of unmounting and mounting
              // whole rows, and a placeholder turns into its row in place when the page arrives.
              return (
                <div
                  key={row.index % rows.length}
                  className="vrow"
                  data-index={row.index}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                >
                  {item ? (
                    <InboxRow
                      item={item}
                      selected={item.id === selectedId}
                      onSelect={select}
                      shopName={allShops ? shopNames.get(item.accountId) : undefined}
                    />
                  ) : (
                    <div className="row row-placeholder" aria-hidden="true" data-testid="row-placeholder" />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
