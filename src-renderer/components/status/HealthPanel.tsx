import { useEffect } from 'react';
import type { SyncRunView, WbLimitView } from '../../../src-shared/domain/sync';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';
import { countOf, formatCount, REPLY_FORMS } from '../../lib/plural';
import { syncReasonText } from '../../lib/sync-labels';
import { clockTime, fullDateTime, relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { useAppStore } from '../../stores/app-store';
import { useHealthStore } from '../../stores/health-store';
import { useSyncStore } from '../../stores/sync-store';
import { HealthAlertsIcon } from '../sync/HealthAlertsIcon';

const GROUP_LABEL: Record<WbLimitView['group'], string> = {
  feedbacks_questions: 'Отзывы и вопросы',
  chat: 'Чат',
  chat_download: 'Файлы чата',
};
const OUTCOME_LABEL: Record<SyncRunView['outcome'], string> = {
  running: 'идёт',
  ok: 'успешно',
  error: 'ошибка',
};

/** «6 запросов сразу, затем 1 в 0,3 с» / «1 запрос в 12 мин»: the rate WB grants this token. */
export function rateText(limit: Pick<WbLimitView, 'burst' | 'intervalMs'>): string {
  const seconds = limit.intervalMs / 1000;
  const interval =
    seconds < 60
      ? `${seconds.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} с`
      : seconds < 3600
        ? `${Math.round(seconds / 60)} мин`
        : `${Math.round(seconds / 3600)} ч`;
  return limit.burst > 1
    ? `${countOf(limit.burst, ['запрос', 'запроса', 'запросов'])} сразу, затем 1 в ${interval}`
    : `1 запрос в ${interval}`;
}

/** Every connected shop: each channel's last run, its error, the WB limit groups and the outbox queue. */
export function HealthPanel({ onClose }: { onClose: () => void }) {
  const allAccounts = useAppStore((state) => state.accounts);
  const accounts = allAccounts.filter((account) => !account.isDemo);
  const health = useHealthStore((state) => state.health);
  const loadAll = useHealthStore((state) => state.loadAll);
  const statuses = useSyncStore((state) => state.status);
  const now = useNow(15_000);
  const ids = accounts.map((account) => account.id).join(',');

  useEffect(() => {
    void loadAll(ids ? ids.split(',').map(Number) : []);
  }, [ids, loadAll]);

  return (
    <section className="health-panel" data-testid="health-panel" aria-label="Состояние синхронизации">
      <div className="health-head">
        <strong>Состояние синхронизации</strong>
        <button type="button" className="btn btn-small" data-testid="health-close" onClick={onClose}>
          Закрыть
        </button>
      </div>
      {accounts.length === 0 && <div className="muted">Нет подключённых магазинов.</div>}
      {accounts.map((account) => {
        const view = health[account.id];
        const status = statuses[account.id];
        const outbox = view?.outbox;
        return (
          <div key={account.id} className="health-shop" data-testid={`health-shop-${account.id}`}>
            <h3>
              {account.name}
              {status && status.alerts.length > 0 && <HealthAlertsIcon alerts={status.alerts} />}
            </h3>
            {!view && <div className="muted">Загрузка…</div>}
            {view && (
              <>
                <table className="health-table">
                  <thead>
                    <tr>
                      <th>Канал</th>
                      <th>Последний запуск</th>
                      <th>Итог</th>
                      <th>Получено</th>
                      <th>Новых</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.runs.map((run) => {
                      const channel = status?.channels.find((entry) => entry.channel === run.channel);
                      const error =
                        run.outcome === 'error'
                          ? syncReasonText(run.reason, channel?.status === 'error' ? channel.message : null)
                          : null;
                      return (
                        <tr key={run.channel} data-testid={`health-run-${run.channel}`} data-outcome={run.outcome}>
                          <td>{CHANNEL_TAB_LABEL[run.channel]}</td>
                          <td title={fullDateTime(run.finishedAt ?? run.startedAt)}>
                            {relativeTime(run.finishedAt ?? run.startedAt, now)}
                          </td>
                          <td className={run.outcome === 'error' ? 'text-error' : undefined}>
                            {OUTCOME_LABEL[run.outcome]}
                            {error && <div className="health-error">{error}</div>}
                          </td>
                          <td>{formatCount(run.fetched)}</td>
                          <td>{formatCount(run.created)}</td>
                        </tr>
                      );
                    })}
                    {view.runs.length === 0 && (
                      <tr>
                        <td colSpan={5} className="muted">
                          Синхронизаций ещё не было
                        </td>
                      </tr>
                    )}
                  </tbody>
                </table>
                <h4>Лимиты WB</h4>
                <ul className="health-list">
                  {view.limits.map((limit) => (
                    <li key={limit.group} data-testid={`health-limit-${limit.group}`}>
                      <span>{GROUP_LABEL[limit.group]}</span>
                      <span className="muted">{rateText(limit)}</span>
                      <span>
                        {limit.nextRequestAt && Date.parse(limit.nextRequestAt) > now.getTime()
                          ? `${limit.blocked ? 'после 429, ' : ''}следующий запрос в ${clockTime(limit.nextRequestAt)}`
                          : 'запросы идут без ожидания'}
                      </span>
                    </li>
                  ))}
                </ul>
                <h4>Очередь ответов</h4>
                {outbox && (
                  <ul className="health-list" data-testid="health-outbox">
                    <li>В очереди: {countOf(outbox.queued + outbox.sending, REPLY_FORMS)}</li>
                    <li>Отправлено, ждём WB: {formatCount(outbox.sentPending)}</li>
                    <li>Не отправлено: {formatCount(outbox.failed)}</li>
                    <li>Конфликт: {formatCount(outbox.conflict)}</li>
                  </ul>
                )}
              </>
            )}
          </div>
        );
      })}
    </section>
  );
}
