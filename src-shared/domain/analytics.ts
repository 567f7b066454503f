import type { CsvValue } from '../csv';
import { z } from 'zod';
import type { CoreMessage } from '../messages/catalog';
import type { Channel, Priority, ReviewSignal } from './interaction';

/**
 * Analytics over the local data (issue 9 item 7): one call returns every figure, the per-day series
 * for the charts and the alerts. Definitions live in core analytics/ and the README «Analytics».
 */

/** Where a figure's rows came from: WB's API (interactions.source 'wb_api') or the demo shop. */
export const ANALYTICS_SOURCES = ['wb_api', 'demo'] as const;
export type AnalyticsSource = (typeof ANALYTICS_SOURCES)[number];

export const ANALYTICS_DAYS = [7, 30, 90] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** A custom period longer than this is refused (a year of days is the longest chart that still reads). */
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

/** What is wrong with a custom period: both ends or none, real dates, in order, at most a year; null when fine. */
export function periodProblem(input: { from?: string; to?: string }): string | null {
  if ((input.from === undefined) !== (input.to === undefined)) return 'give both from and to';
  if (input.from === undefined || input.to === undefined) return null;
  const from = Date.parse(`${input.from}T00:00:00Z`);
  const to = Date.parse(`${input.to}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'not a date';
  const span = Math.round((to - from) / DAY_MS) + 1;
  if (span < 1) return 'from is after to';
  if (span > MAX_PERIOD_DAYS) return `at most ${MAX_PERIOD_DAYS} days`;
  return null;
}

const periodFields = {
  /** All shops together when absent. */
  accountId: z.number().int().positive().optional(),
  /** The page offers 7, 30 and 90; the CLI's `--days N` any length up to a year. */
  days: z.number().int().min(1).max(MAX_PERIOD_DAYS).optional(),
  /** Local dates, both inclusive; both or none. */
  from: isoDate.optional(),
  to: isoDate.optional(),
};

const checkPeriod = (input: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  const problem = periodProblem(input);
  if (problem) ctx.addIssue({ code: 'custom', path: ['from'], message: problem });
};

/** A period: the last 7 / 30 / 90 local days (today included; 7 by default), or `from`–`to`. */
export const analyticsPeriodSchema = z.object(periodFields).strict().superRefine(checkPeriod);
export type AnalyticsPeriodInput = z.infer<typeof analyticsPeriodSchema>;

/** `interactions`: the rows behind the figures; `analytics`: the figures themselves. */
export const analyticsExportSchema = z
  .object({ ...periodFields, what: z.enum(['interactions', 'analytics']) })
  .strict()
  .superRefine(checkPeriod);
export type AnalyticsExportInput = z.infer<typeof analyticsExportSchema>;

/**
 * A cell of an export that holds codes (core speaks in codes): the shells write their Russian
 * names before encoding the CSV (src-shared/messages/export-texts.ts), several joined with «, ».
 */
export interface ExportCodes {
  kind: 'channel' | 'signal' | 'status' | 'source' | 'priority';
  codes: string[];
  /** Written before the names (the daily lines' date). */
  prefix?: string;
}
export type ExportCell = CsvValue | ExportCodes;

/** `analytics.export`: the table of a CSV file, codes still codes; exportCsvText() makes the file. */
export interface AnalyticsExport {
  filename: string;
  header: string[];
  rows: ExportCell[][];
}

export interface AnalyticsPeriod {
  /** Inclusive start and exclusive end, ISO-8601 UTC instants. */
  fromAt: string;
  toAt: string;
  /** The local dates shown to the seller, inclusive. */
  fromDate: string;
  toDate: string;
  days: number;
  /** The zone days are counted in (the shop's working-hours zone; Moscow for several shops in different zones). */
  timeZone: string;
}

export interface Rate {
  /** Items meeting the definition. */
  count: number;
  /** Items the rate is taken over; 0 means no rate. */
  of: number;
  /** count / of, or null when `of` is 0. */
  rate: number | null;
}

export interface ChannelFigures {
  sources: AnalyticsSource[];
  /** Items (review, question) or buyer turns (chat) that arrived in the period. */
  received: number;
  /** Of those, answered (by anyone) so far. */
  answered: number;
  /** Answered, but when is not known (a review answered outside the app: WB gives no answer date). */
  answeredTimeUnknown: number;
  /** Answered within 24 h of arriving, over arrivals whose outcome is known (answered with a time, or 24 h passed). */
  within24h: Rate;
  /** First response time in minutes over the answered items with a known time. */
  firstResponse: { measured: number; medianMinutes: number | null; p90Minutes: number | null };
  /** Answered before the SLA due time, over items answered with a known time or already past due. */
  slaHit: Rate;
}

export const AGE_BUCKETS = ['under_1d', 'd1_3', 'd3_7', 'over_7d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export interface BacklogFigures {
  sources: AnalyticsSource[];
  total: number;
  byPriority: Record<Priority, number>;
  byAge: Record<AgeBucket, number>;
  byChannel: Record<Channel, number>;
}

export interface ReplyFigures {
  sources: AnalyticsSource[];
  /** Replies the seller sent, by how they relate to the offered draft. */
  draftAccepted: number;
  draftEdited: number;
  manual: number;
  acceptedRate: number | null;
  editedRate: number | null;
  manualRate: number | null;
  autoReplies: number;
  /** Sends the guardrails refused, by phrase category ('length' for length rules). */
  guardrailBlocks: Record<string, number>;
}

export interface RatingPoint {
  /** Local date of the day, or of the Monday that starts the week. */
  date: string;
  reviews: number;
  average: number | null;
}

export interface ProductSignals {
  nmId: number;
  productName: string | null;
  reviews: number;
  /** Reviews naming each problem signal, most frequent first. */
  /** Signal codes (src-main/core/inbox/priority.ts); named in Russian by `priority_review_signal`'s text. */
  signals: { signal: ReviewSignal; reviews: number }[];
  sources: AnalyticsSource[];
}

export interface DayPoint {
  date: string;
  /** New items / buyer turns that day, per channel. */
  received: Record<Channel, number>;
  /** Answers given that day (by their answer time), per channel. */
  answered: Record<Channel, number>;
  reviews: number;
  averageRating: number | null;
}

export const ANALYTICS_ALERT_KINDS = [
  'sla_overdue',
  'sla_due_soon',
  'manual_rate_rising',
  'negative_reviews_jump',
  'sync_health',
] as const;
export type AnalyticsAlertKind = (typeof ANALYTICS_ALERT_KINDS)[number];

export interface AnalyticsAlert {
  kind: AnalyticsAlertKind;
  accountId: number | null;
  message: CoreMessage;
}

export interface AnalyticsView {
  accountId: number | null;
  period: AnalyticsPeriod;
  /** Every source that fed any figure. */
  sources: AnalyticsSource[];
  channels: Record<Channel, ChannelFigures>;
  backlog: BacklogFigures;
  replies: ReplyFigures;
  ratings: { sources: AnalyticsSource[]; daily: RatingPoint[]; weekly: RatingPoint[] };
  problemProducts: ProductSignals[];
  series: DayPoint[];
  alerts: AnalyticsAlert[];
  generatedAt: string;
}
