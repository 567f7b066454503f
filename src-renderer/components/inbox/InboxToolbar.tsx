import { totalText, useInboxStore } from '../../stores/inbox-store';

export function InboxToolbar() {
  const needsResponse = useInboxStore((state) => state.needsResponse);
  const search = useInboxStore((state) => state.search);
  const total = useInboxStore((state) => state.total);
  const totalCapped = useInboxStore((state) => state.totalCapped);
  const listStatus = useInboxStore((state) => state.listStatus);
  const setNeedsResponse = useInboxStore((state) => state.setNeedsResponse);
  const setSearch = useInboxStore((state) => state.setSearch);

  return (
    <div className="toolbar">
      <label className={needsResponse ? 'toggle active' : 'toggle'}>
        <input
          type="checkbox"
          data-testid="filter-needs-response"
          checked={needsResponse}
          onChange={(event) => setNeedsResponse(event.target.checked)}
        />
        Требуют ответа
      </label>
      <input
        type="search"
        className="search"
        data-testid="search-input"
        placeholder="Поиск по тексту, товару, покупателю"
        maxLength={200}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <span className="toolbar-total muted" aria-live="polite">
        {listStatus === 'ready' ? `Найдено: ${totalText(total, totalCapped)}` : ''}
      </span>
    </div>
  );
}
