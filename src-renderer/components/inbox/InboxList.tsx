import { useEffect, useRef, type KeyboardEvent } from 'react';
import { totalText, useInboxStore } from '../../stores/inbox-store';
import { isSyncing, useSyncStore } from '../../stores/sync-store';
import { ErrorNotice } from '../common/ErrorNotice';
import { InboxRow } from './InboxRow';

export function InboxList() {
  const items = useInboxStore((state) => state.items);
  const total = useInboxStore((state) => state.total);
  const totalCapped = useInboxStore((state) => state.totalCapped);
  const listStatus = useInboxStore((state) => state.listStatus);
  const listError = useInboxStore((state) => state.listError);
  const loadingMore = useInboxStore((state) => state.loadingMore);
  const selectedId = useInboxStore((state) => state.selectedId);
  const search = useInboxStore((state) => state.search);
  const needsResponse = useInboxStore((state) => state.needsResponse);
  const select = useInboxStore((state) => state.select);
  const moveSelection = useInboxStore((state) => state.moveSelection);
  const loadList = useInboxStore((state) => state.loadList);
  const loadMore = useInboxStore((state) => state.loadMore);
  const accountId = useInboxStore((state) => state.accountId);
  const syncing = useSyncStore((state) => (accountId === null ? false : isSyncing(state, accountId)));
  const listRef = useRef<HTMLDivElement>(null);

  // Arrow keys move the selection off-screen; keep the selected row visible.
  useEffect(() => {
    if (selectedId === null) return;
    listRef.current?.querySelector(`[data-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    moveSelection(event.key === 'ArrowDown' ? 1 : -1);
  };

  const firstLoad = listStatus === 'loading' && items.length === 0;
  const empty = listStatus === 'ready' && items.length === 0;

  return (
    <div className="list-pane">
      {listStatus === 'loading' && items.length > 0 && <div className="progress-bar" aria-hidden="true" />}
      {listError && <ErrorNotice title="Список не загрузился" error={listError} onRetry={() => void loadList()} />}
      <div
        ref={listRef}
        className="list"
        role="listbox"
        aria-label="Обращения"
        tabIndex={0}
        aria-activedescendant={selectedId !== null ? `row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
      >
        {firstLoad && <div className="list-state">Загрузка…</div>}
        {empty && (
          <div className="list-state">
            {search.trim()
              ? `По запросу «${search.trim()}» ничего не найдено`
              : needsResponse
                ? 'Всё отвечено — нет обращений, которые ждут ответа'
                : syncing
                  ? 'Загружаем обращения из WB…'
                  : 'Здесь пока пусто'}
          </div>
        )}
        {items.map((item) => (
          <InboxRow key={item.id} item={item} selected={item.id === selectedId} onSelect={select} />
        ))}
        {items.length > 0 && items.length < total && (
          <button type="button" className="btn load-more" disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? 'Загрузка…' : `Показать ещё (${items.length} из ${totalText(total, totalCapped)})`}
          </button>
        )}
      </div>
    </div>
  );
}
