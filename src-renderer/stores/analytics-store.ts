import { create } from 'zustand';
import type { AnalyticsAlert, AnalyticsView } from '../../src-shared/domain/analytics';
import { bridge } from '../bridge';
import { downloadText } from '../lib/download';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';
import { exportCsvText } from '../../src-shared/messages/export-texts';

export type PeriodChoice = { kind: 'days'; days: 7 | 30 | 90 } | { kind: 'custom'; from: string; to: string };
export type ScopeChoice = 'shop' | 'all';

interface AnalyticsState {
  period: PeriodChoice;
  scope: ScopeChoice;
  view: AnalyticsView | null;
  loading: boolean;
  error: UiError | null;
  exportError: UiError | null;
  /** Alerts of every shop, for the count beside the sync status. */
  alerts: AnalyticsAlert[];
  setPeriod(period: PeriodChoice): void;
  setScope(scope: ScopeChoice): void;
  load(accountId: number | null): Promise<void>;
  download(accountId: number | null, what: 'interactions' | 'analytics'): Promise<void>;
  loadAlerts(): Promise<void>;
}

let ticket = 0;
let alertsLoadedAt = 0;
/** inbox.changed comes per synced chunk: the alert count is asked at most this often (the poll catches up). */
const ALERTS_MIN_INTERVAL_MS = 30_000;

function request(period: PeriodChoice, scope: ScopeChoice, accountId: number | null) {
  const shop = scope === 'shop' && accountId !== null ? { accountId } : {};
  return period.kind === 'days' ? { ...shop, days: period.days } : { ...shop, from: period.from, to: period.to };
}

export const useAnalyticsStore = create<AnalyticsState>()((set, get) => ({
  period: { kind: 'days', days: 7 },
  scope: 'shop',
  view: null,
  loading: false,
  error: null,
  exportError: null,
  alerts: [],
  setPeriod: (period) => set({ period }),
  setScope: (scope) => set({ scope }),

  async load(accountId) {
    const { period, scope } = get();
    const mine = ++ticket;
    set({ loading: true });
    const outcome = await settle(bridge['analytics.get'](request(period, scope, accountId)));
    if (mine !== ticket) return;
    set(outcome.ok ? { view: outcome.value, error: null, loading: false } : { error: outcome.error, loading: false });
  },

  async download(accountId, what) {
    const { period, scope } = get();
    const outcome = await settle(bridge['analytics.export']({ what, ...request(period, scope, accountId) }));
    if (!outcome.ok) {
      set({ exportError: outcome.error });
      return;
    }
    set({ exportError: null });
    downloadText(outcome.value.filename, exportCsvText(outcome.value), 'text/csv;charset=utf-8');
  },

  async loadAlerts() {
    if (Date.now() - alertsLoadedAt < ALERTS_MIN_INTERVAL_MS) return;
    alertsLoadedAt = Date.now();
    const outcome = await settle(bridge['analytics.alerts']({}));
    if (outcome.ok) set({ alerts: outcome.value });
  },
}));
