import type {
  AnalyticsExport,
  AnalyticsExportInput,
  AnalyticsPeriodInput,
  AnalyticsView,
  ExportCell,
} from '../../../src-shared/domain/analytics';
import { CHANNELS } from '../../../src-shared/domain/interaction';
import { DEFAULT_WORKING_HOURS } from '../../../src-shared/domain/working-hours';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { accountRow } from '../inbox/accounts';
import { readSlaSettings } from '../settings';
import { analyticsAlerts, type AlertDeps } from './alerts';
import {
  backlogFigures,
  channelFigures,
  daySeries,
  problemProducts,
  ratingPoints,
  replyFigures,
  sourcesOf,
  withProductNames,
} from './figures';
import { resolvePeriod, type ResolvedPeriod } from './period';
import { figureRows, keepReviewSignals, productRows, responseRows, type ResponseRow } from './response-rows';

export interface AnalyticsDeps {
  db: SqlRunner;
  clock: () => Date;
  healthOf: AlertDeps['healthOf'];
}

/** One shop, or every shop when `accountId` is absent (an unknown id is `not_found`). */
function scopeOf(db: SqlRunner, accountId: number | undefined): Account[] {
  if (accountId !== undefined) return [accountRow(db, accountId)];
  return db.all(db.build.selectFrom('accounts').selectAll().orderBy('is_demo').orderBy('id'));
}

/** Days are counted in the shop's working-hours zone; several shops in different zones use Moscow's. */
function zoneOf(db: SqlRunner, accounts: Account[]): string {
  const zones = new Set(
    accounts.map((a) => readSlaSettings(db, a.id).workingHours?.timeZone ?? DEFAULT_WORKING_HOURS.timeZone),
  );
  return zones.size === 1 ? [...zones][0]! : DEFAULT_WORKING_HOURS.timeZone;
}

/** The period's rows: each one (`detail`, the interactions CSV), or as the figures need them (figureRows). */
function gather(deps: AnalyticsDeps, input: AnalyticsPeriodInput, detail: boolean) {
  const { db } = deps;
  const now = deps.clock();
  const accounts = scopeOf(db, input.accountId);
  const period = resolvePeriod(input, zoneOf(db, accounts), now);
  if (!detail) keepReviewSignals(db, accounts, period.fromAt, period.toAt);
  const rows = detail
    ? responseRows(db, accounts, period.fromAt, period.toAt)
    : figureRows(db, accounts, period, now.getTime());
  return { now, accounts, period, rows };
}

const publicPeriod = ({ fromAt, toAt, fromDate, toDate, days, timeZone }: ResolvedPeriod) => ({
  fromAt,
  toAt,
  fromDate,
  toDate,
  days,
  timeZone,
});

/** Every figure, series and alert of a period (DESIGN: computed from the local database only, on request). */
export function computeAnalytics(deps: AnalyticsDeps, input: AnalyticsPeriodInput): AnalyticsView {
  const { db } = deps;
  const { now, accounts, period, rows } = gather(deps, input, false);
  const channels = channelFigures(rows, now.getTime());
  const backlog = backlogFigures(db, accounts, now.getTime());
  const replies = replyFigures(db, accounts, period.fromAt, period.toAt);
  const series = daySeries(rows, period);
  const reviewSources = sourcesOf(rows.filter((r) => r.channel === 'review').map((r) => r.source));
  return {
    accountId: input.accountId ?? null,
    period: publicPeriod(period),
    sources: sourcesOf([...CHANNELS.flatMap((c) => channels[c].sources), ...backlog.sources, ...replies.sources]),
    channels,
    backlog,
    replies,
    ratings: { sources: reviewSources, ...ratingPoints(series) },
    problemProducts: withProductNames(
      db,
      accounts,
      problemProducts(productRows(db, accounts, period.fromAt, period.toAt)),
      period.fromAt,
      period.toAt,
    ),
    series,
    alerts: analyticsAlerts({ db, now, healthOf: deps.healthOf }, accounts),
    generatedAt: now.toISOString(),
  };
}

const INTERACTION_HEADER = [
  'interaction_id',
  'account_id',
  'source',
  'channel',
  'external_id',
  'arrived_at',
  'answered',
  'answered_at',
  'first_response_minutes',
  'within_24h',
  'sla_due_at',
  'sla_met',
  'status',
  'nm_id',
  'product_name',
  'rating',
  'signals',
  'text',
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One row per review / question / chat buyer turn behind the figures; never raw_json, buyer ids or tokens. */
function interactionLine(row: ResponseRow): ExportCell[] {
  const minutes = row.answeredMs === null ? null : Math.round((row.answeredMs - row.arrivedMs) / 6_000) / 10;
  return [
    row.interactionId,
    row.accountId,
    { kind: 'source', codes: [row.source] },
    { kind: 'channel', codes: [row.channel] },
    row.externalId,
    iso(row.arrivedMs),
    row.answered,
    iso(row.answeredMs),
    minutes,
    minutes === null ? null : minutes <= 24 * 60,
    iso(row.dueMs),
    row.answeredMs === null || row.dueMs === null ? null : row.answeredMs <= row.dueMs,
    { kind: 'status', codes: [row.status] },
    row.nmId,
    row.productName,
    row.rating,
    { kind: 'signal', codes: row.signals },
    row.text,
  ];
}

/** The figures as a long table: one line per figure (section, metric, key), with its sources. */
function analyticsLines(view: AnalyticsView): ExportCell[][] {
  const lines: ExportCell[][] = [];
  const add = (section: string, metric: string, key: ExportCell, value: number | null, sources: string[]) =>
    lines.push([section, metric, key, value, { kind: 'source', codes: sources }]);
  const channelKey = (channel: string, prefix?: string): ExportCell => ({
    kind: 'channel',
    codes: [channel],
    ...(prefix !== undefined && { prefix }),
  });
  const pct = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
  for (const channel of CHANNELS) {
    const c = view.channels[channel];
    add('response', 'received', channelKey(channel), c.received, c.sources);
    add('response', 'answered', channelKey(channel), c.answered, c.sources);
    add('response', 'answered_time_unknown', channelKey(channel), c.answeredTimeUnknown, c.sources);
    add('response', 'within_24h_percent', channelKey(channel), pct(c.within24h.rate), c.sources);
    add('response', 'first_response_median_minutes', channelKey(channel), c.firstResponse.medianMinutes, c.sources);
    add('response', 'first_response_p90_minutes', channelKey(channel), c.firstResponse.p90Minutes, c.sources);
    add('response', 'sla_hit_percent', channelKey(channel), pct(c.slaHit.rate), c.sources);
  }
  const b = view.backlog;
  add('backlog', 'total', '', b.total, b.sources);
  for (const [key, value] of Object.entries(b.byPriority))
    add('backlog', 'by_priority', { kind: 'priority', codes: [key] }, value, b.sources);
  for (const [key, value] of Object.entries(b.byAge)) add('backlog', 'by_age', key, value, b.sources);
  const r = view.replies;
  add('replies', 'draft_accepted', '', r.draftAccepted, r.sources);
  add('replies', 'draft_edited', '', r.draftEdited, r.sources);
  add('replies', 'manual', '', r.manual, r.sources);
  add('replies', 'manual_percent', '', pct(r.manualRate), r.sources);
  add('replies', 'auto_replies', '', r.autoReplies, r.sources);
  for (const [key, value] of Object.entries(r.guardrailBlocks))
    add('replies', 'guardrail_blocks', key, value, r.sources);
  for (const point of view.ratings.weekly)
    add('ratings', 'weekly_average', point.date, point.average, view.ratings.sources);
  for (const product of view.problemProducts)
    for (const signal of product.signals)
      add(
        'problem_signals',
        String(product.nmId),
        { kind: 'signal', codes: [signal.signal] },
        signal.reviews,
        product.sources,
      );
  for (const point of view.series)
    for (const channel of CHANNELS) {
      add('daily', 'received', channelKey(channel, `${point.date} `), point.received[channel], view.sources);
      add('daily', 'answered', channelKey(channel, `${point.date} `), point.answered[channel], view.sources);
    }
  return lines;
}

/**
 * `analytics.export`: the table of the CSV and a file name naming the period (and the shop). Code
 * cells stay codes; the renderer and the CLI write their Russian names (exportCsvText).
 */
export function exportCsv(deps: AnalyticsDeps, input: AnalyticsExportInput): AnalyticsExport {
  const { what, ...periodInput } = input;
  const shop = input.accountId === undefined ? 'all' : `shop${input.accountId}`;
  if (what === 'interactions') {
    const { period, rows } = gather(deps, periodInput, true);
    rows.sort((a, b) => a.arrivedMs - b.arrivedMs || a.interactionId - b.interactionId);
    return {
      filename: `agentiq-interactions-${shop}-${period.fromDate}_${period.toDate}.csv`,
      header: INTERACTION_HEADER,
      rows: rows.map(interactionLine),
    };
  }
  const view = computeAnalytics(deps, periodInput);
  return {
    filename: `agentiq-analytics-${shop}-${view.period.fromDate}_${view.period.toDate}.csv`,
    header: ['section', 'metric', 'key', 'value', 'sources'],
    rows: analyticsLines(view),
  };
}
