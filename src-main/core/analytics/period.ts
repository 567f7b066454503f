import type { AnalyticsPeriod, AnalyticsPeriodInput } from '../../../src-shared/domain/analytics';
import { zoneOffsetMs } from '../../../src-shared/domain/working-hours';

const DAY_MS = 86_400_000;
/** A period with its local day boundaries: `dayStarts[i]` starts day i, the last entry ends the period. */
export interface ResolvedPeriod extends AnalyticsPeriod {
  dayStarts: number[];
  dates: string[];
  fromMs: number;
  toMs: number;
}

/** The local date ('YYYY-MM-DD') an instant falls on in the zone. */
export function localDate(instant: number, timeZone: string): string {
  return new Date(instant + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 10);
}

/** The instant a local date starts (its midnight) in the zone; DST-correct like working-hours.ts. */
export function localDayStart(date: string, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * `days: N` is the last N local days, today included (7 by default); `from`–`to` are local dates,
 * both inclusive (checked by the IPC schema: both given, in order, at most a year).
 */
export function resolvePeriod(input: AnalyticsPeriodInput, timeZone: string, now: Date): ResolvedPeriod {
  const today = localDate(now.getTime(), timeZone);
  const fromDate = input.from ?? addDays(today, -((input.days ?? 7) - 1));
  const toDate = input.to ?? today;
  const days = daysBetween(fromDate, toDate) + 1;
  const dates = Array.from({ length: days }, (_, i) => addDays(fromDate, i));
  const dayStarts = [...dates, addDays(toDate, 1)].map((date) => localDayStart(date, timeZone));
  const fromMs = dayStarts[0]!;
  const toMs = dayStarts[days]!;
  return {
    fromAt: new Date(fromMs).toISOString(),
    toAt: new Date(toMs).toISOString(),
    fromDate,
    toDate,
    days,
    timeZone,
    dayStarts,
    dates,
    fromMs,
    toMs,
  };
}

/** Index of the local day an instant falls on, or -1 outside the period (binary search over the boundaries). */
export function dayIndex(period: ResolvedPeriod, instant: number): number {
  const starts = period.dayStarts;
  if (instant < starts[0]! || instant >= starts[starts.length - 1]!) return -1;
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= instant) low = mid;
    else high = mid - 1;
  }
  return low;
}
