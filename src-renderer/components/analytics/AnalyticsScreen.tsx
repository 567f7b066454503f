import { useEffect, useMemo, useState } from 'react';
import type { AnalyticsSource, AnalyticsView, Rate } from '../../../src-shared/domain/analytics';
import { CHANNELS, PRIORITIES } from '../../../src-shared/domain/interaction';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';
import { messageText } from '../../lib/message-text';
import { useAnalyticsStore, type PeriodChoice } from '../../stores/analytics-store';
import { useAppStore } from '../../stores/app-store';
import { ErrorNotice } from '../common/ErrorNotice';
import { Chart, type ChartSeries } from './Chart';

const percent = new Intl.NumberFormat('ru', { style: 'percent', maximumFractionDigits: 0 });
const rateText = (rate: Rate) => (rate.rate === null ? '—' : percent.format(rate.rate));
const minutesText = (minutes: number | null) => {
  if (minutes === null) return '—';
  if (minutes < 60) return `${Math.round(minutes)} мин`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1).replace('.', ',')} ч`;
  return `${(minutes / 1440).toFixed(1).replace('.', ',')} дн`;
};

const SOURCE_TEXT: Record<AnalyticsSource, string> = { wb_api: 'по данным WB API', demo: 'демо-данные' };
const sourceText = (sources: AnalyticsSource[]) =>
  sources.length === 0 ? 'нет данных' : sources.map((s) => SOURCE_TEXT[s]).join(' + ');

const PRIORITY_LABEL = { urgent: 'Срочно', high: 'Высокий', normal: 'Обычный', low: 'Низкий' } as const;
const AGE_LABEL = { under_1d: 'до суток', d1_3: '1–3 дня', d3_7: '3–7 дней', over_7d: 'дольше недели' } as const;
const CHANNEL_COLOR = { review: '--accent', question: '--ok', chat: '--warn' } as const;
const PERIODS = [7, 30, 90] as const;

function Card({
  title,
  value,
  note,
  sources,
}: {
  title: string;
  value: string;
  note?: string;
  sources: AnalyticsSource[];
}) {
  return (
    <div className="figure-card">
      <div className="figure-title">{title}</div>
      <div className="figure-value">{value}</div>
      {note && <div className="figure-note">{note}</div>}
      <div className="figure-source" data-testid="figure-source">
        {sourceText(sources)}
      </div>
    </div>
  );
}

/** Unix seconds of a local date's noon: uPlot places each day on its own tick. */
const dayX = (date: string) => Date.parse(`${date}T12:00:00Z`) / 1000;

function Charts({ view }: { view: AnalyticsView }) {
  const x = useMemo(() => view.series.map((p) => dayX(p.date)), [view]);
  const perDay = useMemo<ChartSeries[]>(
    () => [
      ...CHANNELS.map((c) => ({
        label: `Новые: ${CHANNEL_TAB_LABEL[c].toLowerCase()}`,
        color: CHANNEL_COLOR[c],
        values: view.series.map((p) => p.received[c]),
        bars: true,
      })),
      {
        label: 'Ответы',
        color: '--text',
        values: view.series.map((p) => CHANNELS.reduce((sum, c) => sum + p.answered[c], 0)),
      },
    ],
    [view],
  );
  const ratingX = useMemo(() => view.ratings.daily.map((p) => dayX(p.date)), [view]);
  const ratings = useMemo<ChartSeries[]>(
    () => [{ label: 'Средняя оценка', color: '--star', values: view.ratings.daily.map((p) => p.average) }],
    [view],
  );
  const backlogX = useMemo(() => PRIORITIES.map((_, i) => i), []);
  const backlogLabels = useMemo(() => PRIORITIES.map((p) => PRIORITY_LABEL[p]), []);
  const backlog = useMemo<ChartSeries[]>(
    () => [
      {
        label: 'Ждут ответа',
        color: '--danger',
        values: PRIORITIES.map((p) => view.backlog.byPriority[p]),
        bars: true,
      },
    ],
    [view],
  );
  return (
    <div className="chart-grid">
      <Chart testId="chart-per-day" title="Новые обращения и ответы по дням" x={x} series={perDay} />
      <Chart testId="chart-ratings" title="Средняя оценка отзывов по дням" x={ratingX} series={ratings} />
      <Chart
        testId="chart-backlog"
        title="Ждут ответа по приоритету"
        x={backlogX}
        xLabels={backlogLabels}
        series={backlog}
      />
    </div>
  );
}

function PeriodSwitch({ period, onChange }: { period: PeriodChoice; onChange(period: PeriodChoice): void }) {
  const [from, setFrom] = useState(period.kind === 'custom' ? period.from : '');
  const [to, setTo] = useState(period.kind === 'custom' ? period.to : '');
  const [custom, setCustom] = useState(period.kind === 'custom');
  return (
    <div className="tabs" role="group" aria-label="Период">
      {PERIODS.map((days) => (
        <button
          key={days}
          type="button"
          className={`tab${!custom && period.kind === 'days' && period.days === days ? ' active' : ''}`}
          data-testid={`period-${days}`}
          onClick={() => {
            setCustom(false);
            onChange({ kind: 'days', days });
          }}
        >
          {days} дней
        </button>
      ))}
      <button
        type="button"
        className={`tab${custom ? ' active' : ''}`}
        data-testid="period-custom"
        onClick={() => setCustom(true)}
      >
        свой период
      </button>
      {custom && (
        <span className="period-custom">
          <input type="date" aria-label="С" value={from} onChange={(e) => setFrom(e.target.value)} />
          <input type="date" aria-label="По" value={to} onChange={(e) => setTo(e.target.value)} />
          <button
            type="button"
            className="btn btn-small"
            disabled={!from || !to || from > to}
            onClick={() => onChange({ kind: 'custom', from, to })}
          >
            Показать
          </button>
        </span>
      )}
    </div>
  );
}

export function AnalyticsScreen() {
  const account = useAppStore((state) => state.account);
  const { period, scope, view, loading, error, exportError, setPeriod, setScope, load, download } = useAnalyticsStore();
  const accountId = account?.id ?? null;

  useEffect(() => {
    void load(accountId);
  }, [load, accountId, period, scope]);

  return (
    <section className="page analytics-page" data-testid="analytics">
      <h1>Аналитика</h1>
      <p className="muted">Считается по обращениям, сохранённым на этом компьютере.</p>
      <div className="toolbar analytics-toolbar">
        <PeriodSwitch period={period} onChange={setPeriod} />
        <div className="tabs" role="group" aria-label="Магазины">
          <button
            type="button"
            className={`tab${scope === 'shop' ? ' active' : ''}`}
            data-testid="scope-shop"
            onClick={() => setScope('shop')}
          >
            Этот магазин
          </button>
          <button
            type="button"
            className={`tab${scope === 'all' ? ' active' : ''}`}
            data-testid="scope-all"
            onClick={() => setScope('all')}
          >
            Все магазины
          </button>
        </div>
        <span className="analytics-downloads">
          <button
            type="button"
            className="btn btn-small"
            data-testid="download-analytics"
            onClick={() => void download(accountId, 'analytics')}
          >
            Скачать CSV: показатели
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="download-interactions"
            onClick={() => void download(accountId, 'interactions')}
          >
            Скачать CSV: обращения
          </button>
        </span>
      </div>
      {error && <ErrorNotice title="Не удалось посчитать" error={error} onRetry={() => void load(accountId)} />}
      {exportError && <ErrorNotice title="Не удалось выгрузить CSV" error={exportError} />}
      {!view && !error && <div className="list-state">Загрузка…</div>}
      {view && (
        <div className={loading ? 'analytics-body stale' : 'analytics-body'}>
          <p className="muted">
            {view.period.fromDate.split('-').reverse().join('.')} — {view.period.toDate.split('-').reverse().join('.')}
            {' · '}
            {sourceText(view.sources)}
          </p>
          {view.alerts.length > 0 && (
            <ul className="analytics-alerts" data-testid="analytics-alerts">
              {view.alerts.map((alert, index) => (
                <li key={index}>{messageText(alert.message)}</li>
              ))}
            </ul>
          )}
          {CHANNELS.map((channel) => {
            const c = view.channels[channel];
            return (
              <div key={channel} className="figure-row">
                <h2>{CHANNEL_TAB_LABEL[channel]}</h2>
                <div className="figure-cards">
                  <Card
                    title="Поступило"
                    value={String(c.received)}
                    note={channel === 'chat' ? 'сообщений покупателя, ждавших ответа' : undefined}
                    sources={c.sources}
                  />
                  <Card
                    title="Ответ за 24 часа"
                    value={rateText(c.within24h)}
                    note={`${c.within24h.count} из ${c.within24h.of}`}
                    sources={c.sources}
                  />
                  <Card
                    title="Первый ответ"
                    value={minutesText(c.firstResponse.medianMinutes)}
                    note={`медиана; 90% — до ${minutesText(c.firstResponse.p90Minutes)}${c.answeredTimeUnknown ? `; без времени ответа: ${c.answeredTimeUnknown}` : ''}`}
                    sources={c.sources}
                  />
                  <Card
                    title="В срок SLA"
                    value={rateText(c.slaHit)}
                    note={`${c.slaHit.count} из ${c.slaHit.of}`}
                    sources={c.sources}
                  />
                </div>
              </div>
            );
          })}
          <div className="figure-row">
            <h2>Ответы и очередь</h2>
            <div className="figure-cards">
              <Card
                title="Ждут ответа сейчас"
                value={String(view.backlog.total)}
                note={Object.entries(view.backlog.byAge)
                  .map(([bucket, n]) => `${AGE_LABEL[bucket as keyof typeof AGE_LABEL]}: ${n}`)
                  .join(', ')}
                sources={view.backlog.sources}
              />
              <Card
                title="Черновик принят"
                value={view.replies.acceptedRate === null ? '—' : percent.format(view.replies.acceptedRate)}
                note={`исправлен: ${view.replies.editedRate === null ? '—' : percent.format(view.replies.editedRate)}, вручную: ${view.replies.manualRate === null ? '—' : percent.format(view.replies.manualRate)}`}
                sources={view.replies.sources}
              />
              <Card title="Автоответы" value={String(view.replies.autoReplies)} sources={view.replies.sources} />
              <Card
                title="Заблокировано проверкой"
                value={String(Object.values(view.replies.guardrailBlocks).reduce((sum, n) => sum + n, 0))}
                note={Object.entries(view.replies.guardrailBlocks)
                  .map(([category, n]) => `${category}: ${n}`)
                  .join(', ')}
                sources={view.replies.sources}
              />
            </div>
          </div>
          <Charts view={view} />
          <h2>Проблемы в отзывах по товарам</h2>
          {view.problemProducts.length === 0 ? (
            <p className="muted">За период отзывы не называют проблем.</p>
          ) : (
            <table className="stats" data-testid="problem-products">
              <thead>
                <tr>
                  <th>Товар</th>
                  <th className="num">Отзывов</th>
                  <th>Проблемы</th>
                  <th>Источник</th>
                </tr>
              </thead>
              <tbody>
                {view.problemProducts.map((product) => (
                  <tr key={product.nmId}>
                    <td>
                      {product.productName ?? 'Без названия'} <span className="muted">арт. {product.nmId}</span>
                    </td>
                    <td className="num">{product.reviews}</td>
                    <td>
                      {product.signals
                        .map(
                          (s) =>
                            `${messageText({ code: 'priority_review_signal', params: { signal: s.signal } })} (${s.reviews})`,
                        )
                        .join(', ')}
                    </td>
                    <td className="muted">{sourceText(product.sources)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
