import { CHANNELS, INBOX_CHANNELS } from '../../../src-shared/domain/interaction';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';
import { useAppStore } from '../../stores/app-store';
import { useInboxStore, type ChannelFilter } from '../../stores/inbox-store';
import { ErrorNotice } from '../common/ErrorNotice';

const WB_TABS: ChannelFilter[] = ['all', ...CHANNELS];
/** With an Avito account connected, its chats get a tab of their own (issue 12). */
const WITH_AVITO_TABS: ChannelFilter[] = [...WB_TABS, 'avito_chat'];

export function ChannelTabs() {
  const channel = useInboxStore((state) => state.channel);
  const counts = useInboxStore((state) => state.counts);
  const countsError = useInboxStore((state) => state.countsError);
  const setChannel = useInboxStore((state) => state.setChannel);
  const loadCounts = useInboxStore((state) => state.loadCounts);
  const hasAvito = useAppStore((state) => state.accounts.some((account) => account.marketplace === 'avito'));
  const tabs = hasAvito ? WITH_AVITO_TABS : WB_TABS;

  const countOf = (tab: ChannelFilter) => {
    if (!counts) return null;
    if (tab !== 'all') return counts[tab];
    // «Все» counts Avito chats too (issue 12).
    return INBOX_CHANNELS.reduce(
      (sum, name) => ({
        total: sum.total + counts[name].total,
        needs_response: sum.needs_response + counts[name].needs_response,
        overdue: sum.overdue + counts[name].overdue,
        due_soon: sum.due_soon + counts[name].due_soon,
      }),
      { total: 0, needs_response: 0, overdue: 0, due_soon: 0 },
    );
  };

  return (
    <div className="tabs-row">
      <div className="tabs" role="tablist" aria-label="Каналы">
        {tabs.map((tab) => {
          const count = countOf(tab);
          return (
            <button
              key={tab}
              type="button"
              role="tab"
              aria-selected={tab === channel}
              className={tab === channel ? 'tab active' : 'tab'}
              data-testid={`tab-${tab}`}
              onClick={() => setChannel(tab)}
            >
              <span>{CHANNEL_TAB_LABEL[tab]}</span>
              <span className="tab-count" data-testid={`count-${tab}`}>
                {count ? count.total : '–'}
              </span>
              {count && count.needs_response > 0 && (
                <span className="tab-needs" title={`Требуют ответа: ${count.needs_response}`}>
                  {count.needs_response}
                </span>
              )}
              {count && count.overdue > 0 && (
                <span
                  className="tab-sla tab-overdue"
                  title={`Просрочено: ${count.overdue}`}
                  data-testid={`overdue-${tab}`}
                >
                  {count.overdue}
                </span>
              )}
              {count && count.due_soon > 0 && (
                <span className="tab-sla tab-due-soon" title={`Скоро просрочено: ${count.due_soon}`}>
                  {count.due_soon}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {countsError && (
        <ErrorNotice compact title="Счётчики не обновились" error={countsError} onRetry={() => void loadCounts()} />
      )}
    </div>
  );
}
