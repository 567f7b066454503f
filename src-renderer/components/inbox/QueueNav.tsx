import {
  INBOX_SORTS,
  type InboxQueue,
  type InboxSort,
  type MarketplaceFilter,
} from '../../../src-shared/domain/interaction';
import { useAppStore } from '../../stores/app-store';
import { useInboxStore, type QueueFilter } from '../../stores/inbox-store';

const QUEUES: { queue: QueueFilter; label: string; title: string }[] = [
  { queue: 'all', label: 'Все', title: 'Все обращения, кроме отложенных' },
  { queue: 'urgent', label: 'Срочно', title: 'Ждут ответа: просрочены или срочные' },
  { queue: 'due_soon', label: 'Скоро просрочено', title: 'Ждут ответа, срок скоро истекает' },
  { queue: 'unanswered', label: 'Без ответа', title: 'Ждут ответа, ответ ещё не отправлен' },
  { queue: 'waiting_wb', label: 'Ждут WB', title: 'Ответ отправлен или в очереди, WB его ещё не показал' },
  { queue: 'snoozed', label: 'Отложенные', title: 'Отложены до времени, которое ещё не наступило' },
  { queue: 'done', label: 'Обработаны', title: 'Ответ не нужен: отвечено или закрыто' },
];

/** Avito chats by who answers them (issue 12); shown once an Avito account is connected. */
const AVITO_QUEUES: { queue: QueueFilter; label: string; title: string }[] = [
  { queue: 'bot', label: 'Бот', title: 'Чаты Avito, на которые отвечает бот' },
  { queue: 'manager', label: 'Менеджер', title: 'Чаты Avito, переданные человеку' },
];

export const SORT_LABEL: Record<InboxSort, string> = {
  priority: 'По приоритету',
  newest: 'Сначала новые',
  sla: 'По сроку ответа',
};

/** The working queues with their counts, the order and the marketplace filter (issue 11). */
export function QueueNav() {
  const queue = useInboxStore((state) => state.queue);
  const sort = useInboxStore((state) => state.sort);
  const marketplace = useInboxStore((state) => state.marketplace);
  const counts = useInboxStore((state) => state.counts);
  const setQueue = useInboxStore((state) => state.setQueue);
  const setSort = useInboxStore((state) => state.setSort);
  const setMarketplace = useInboxStore((state) => state.setMarketplace);
  const hasAvito = useAppStore((state) => state.accounts.some((account) => account.marketplace === 'avito'));

  const countOf = (name: QueueFilter): number | null => {
    if (!counts) return null;
    if (name !== 'all') return counts.queues[name as InboxQueue];
    // «Все» is the default list: everything but the snoozed items.
    return (
      counts.review.total + counts.question.total + counts.chat.total + counts.avito_chat.total - counts.queues.snoozed
    );
  };

  return (
    <nav className="queue-nav" aria-label="Очереди" data-testid="queue-nav">
      {(hasAvito ? [...QUEUES, ...AVITO_QUEUES] : QUEUES).map((item) => {
        const count = countOf(item.queue);
        return (
          <button
            key={item.queue}
            type="button"
            className={`queue-item queue-${item.queue}${item.queue === queue ? ' active' : ''}`}
            aria-pressed={item.queue === queue}
            title={item.title}
            data-testid={`queue-${item.queue}`}
            onClick={() => setQueue(item.queue)}
          >
            <span>{item.label}</span>
            <span className="queue-count" data-testid={`queue-count-${item.queue}`}>
              {count ?? '–'}
            </span>
          </button>
        );
      })}
      <label className="queue-nav-label" htmlFor="inbox-sort">
        Порядок
      </label>
      <select
        id="inbox-sort"
        data-testid="sort-select"
        value={sort}
        onChange={(event) => setSort(event.target.value as InboxSort)}
      >
        {INBOX_SORTS.map((name) => (
          <option key={name} value={name}>
            {SORT_LABEL[name]}
          </option>
        ))}
      </select>
      <label className="queue-nav-label" htmlFor="inbox-marketplace">
        Площадка
      </label>
      <select
        id="inbox-marketplace"
        data-testid="marketplace-select"
        value={marketplace}
        onChange={(event) => setMarketplace(event.target.value as MarketplaceFilter)}
      >
        <option value="all">Все площадки</option>
        <option value="wb">Wildberries</option>
        <option value="avito">Avito</option>
      </select>
    </nav>
  );
}
