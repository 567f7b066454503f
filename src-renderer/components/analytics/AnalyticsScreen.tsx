import { CHANNELS, type ChannelCounts } from '../../../src-shared/domain/interaction';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';
import { useInboxStore } from '../../stores/inbox-store';
import { ErrorNotice } from '../common/ErrorNotice';

const percent = new Intl.NumberFormat('ru', { style: 'percent', maximumFractionDigits: 0 });

/** Share answered = (total − needs response) / total; a channel with nothing in it has no share. */
const answeredShare = (counts: ChannelCounts): number | null =>
  counts.total === 0 ? null : (counts.total - counts.needs_response) / counts.total;

export function AnalyticsScreen() {
  const counts = useInboxStore((state) => state.counts);
  const countsError = useInboxStore((state) => state.countsError);
  const loadCounts = useInboxStore((state) => state.loadCounts);

  const rows: [string, ChannelCounts][] = counts
    ? [
        ...CHANNELS.map((channel): [string, ChannelCounts] => [CHANNEL_TAB_LABEL[channel], counts[channel]]),
        [
          'Всего',
          CHANNELS.reduce(
            (sum, channel) => ({
              total: sum.total + counts[channel].total,
              needs_response: sum.needs_response + counts[channel].needs_response,
              overdue: sum.overdue + counts[channel].overdue,
              due_soon: sum.due_soon + counts[channel].due_soon,
            }),
            { total: 0, needs_response: 0, overdue: 0, due_soon: 0 },
          ),
        ],
      ]
    : [];

  return (
    <section className="page" data-testid="analytics">
      <h1>Аналитика</h1>
      <p className="muted">Цифры по всем обращениям магазина, сохранённым на этом компьютере.</p>
      {countsError && (
        <ErrorNotice title="Не удалось посчитать" error={countsError} onRetry={() => void loadCounts()} />
      )}
      {!counts && !countsError && <div className="list-state">Загрузка…</div>}
      {counts && (
        <table className="stats">
          <thead>
            <tr>
              <th>Канал</th>
              <th className="num">Всего</th>
              <th className="num">Требуют ответа</th>
              <th className="num">Доля отвеченных</th>
              <th aria-hidden="true" />
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, row]) => {
              const share = answeredShare(row);
              return (
                <tr key={label} className={label === 'Всего' ? 'stats-total' : undefined}>
                  <td>{label}</td>
                  <td className="num">{row.total}</td>
                  <td className="num">{row.needs_response}</td>
                  <td className="num">{share === null ? '—' : percent.format(share)}</td>
                  <td className="bar-cell">
                    <div className="bar">
                      <div className="bar-fill" style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
