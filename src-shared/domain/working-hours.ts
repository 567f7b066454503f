/**
 * The seller's working hours (issue 9, DESIGN §6): SLA targets are counted only inside them.
 * Pure and shared (no Node APIs) so the renderer can show the same countdowns as core.
 *
 * Local wall-clock times of the schedule's zone are turned into instants through the zone's
 * offset at that instant (Intl.DateTimeFormat), day by day, so DST zones come out right: a
 * working day that contains a clock change is one hour shorter or longer in real time.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A working interval in local wall-clock time, 'HH:MM'; the end may be '24:00' (midnight after). */
export type WorkingInterval = [start: string, end: string];

export interface WorkingHours {
  /** IANA time zone the schedule is written in. */
  timeZone: string;
  /** Working intervals per weekday, in time order, not overlapping; empty = a day off. */
  week: Record<Weekday, WorkingInterval[]>;
  /** Days off besides the weekly ones, local dates 'YYYY-MM-DD'. */
  holidays: string[];
}

const NINE_TO_SIX: WorkingInterval[] = [['09:00', '18:00']];

/** Moscow, Monday to Friday 09:00–18:00, no holidays. */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  timeZone: 'Europe/Moscow',
  week: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX, sat: [], sun: [] },
  holidays: [],
};

/** Around the clock, every day: working time equals wall-clock time. */
export function allDayEveryDay(timeZone = 'Europe/Moscow'): WorkingHours {
  const day: WorkingInterval[] = [['00:00', '24:00']];
  return {
    timeZone,
    week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays: [],
  };
}

const HH_MM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes after local midnight of an 'HH:MM' time ('24:00' = 1440); null when malformed. */
export function parseHhMm(value: string): number | null {
  const match = HH_MM.exec(value);
  if (!match) return null;
  const hours = Number(match[1] ?? match[3]);
  const minutes = Number(match[2] ?? match[4]);
  return hours * 60 + minutes;
}

/** Whether Intl knows the IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's wall clock at an instant, as if it were UTC (ms); seconds kept, milliseconds dropped. */
function wallClockMs(instant: number, timeZone: string): number {
  const parts = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type in parts) parts[part.type as keyof typeof parts] = Number(part.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
}

/** The zone's offset from UTC at an instant, in ms (Moscow: +3 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/**
 * The instant of a local wall-clock time (given as if UTC, ms). A time skipped by a spring
 * clock change maps to the instant the same distance after the change; a repeated autumn time
 * maps to one of its two instants. Working intervals rarely start inside a clock change.
 */
function instantOfWallClock(localMs: number, timeZone: string): number {
  const first = localMs - zoneOffsetMs(localMs, timeZone);
  const second = localMs - zoneOffsetMs(first, timeZone);
  return second;
}

/** The local calendar day (as UTC midnight ms) an instant falls on in the zone. */
function localDayStart(instant: number, timeZone: string): number {
  const wall = wallClockMs(Math.floor(instant / 1000) * 1000, timeZone);
  return wall - (((wall % 86_400_000) + 86_400_000) % 86_400_000);
}

const DAY_MS = 86_400_000;
/** How far ahead working time is looked for: a schedule with no working time at all ends here. */
const MAX_DAYS = 3 * 366;

function isoDate(dayMs: number): string {
  return new Date(dayMs).toISOString().slice(0, 10);
}

/** The working intervals of one local day as instants, per schedule object (a sync reuses one). */
const daySpanCache = new WeakMap<WorkingHours, Map<number, [number, number][]>>();
const MAX_CACHED_DAYS = 4096;

function daySpans(day: number, schedule: WorkingHours, holidays: Set<string>): [number, number][] {
  let cache = daySpanCache.get(schedule);
  if (!cache) {
    cache = new Map();
    daySpanCache.set(schedule, cache);
  }
  const cached = cache.get(day);
  if (cached) return cached;
  const spans: [number, number][] = [];
  if (!holidays.has(isoDate(day))) {
    // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday.
    const weekday = WEEKDAYS[(new Date(day).getUTCDay() + 6) % 7]!;
    for (const [start, end] of schedule.week[weekday]) {
      const startMin = parseHhMm(start);
      const endMin = parseHhMm(end);
      if (startMin === null || endMin === null || endMin <= startMin) continue;
      const spanStart = instantOfWallClock(day + startMin * 60_000, schedule.timeZone);
      const spanEnd = instantOfWallClock(day + endMin * 60_000, schedule.timeZone);
      if (spanEnd > spanStart) spans.push([spanStart, spanEnd]);
    }
  }
  if (cache.size >= MAX_CACHED_DAYS) cache.clear();
  cache.set(day, spans);
  return spans;
}

/**
 * The working intervals of the schedule as instants [start, end), in time order, from the local
 * day `from` falls on, one day at a time. Holidays and days off yield nothing. The schedule is
 * taken as unchanging: a day's intervals are cached per schedule object.
 */
export function* workingSpans(from: number, schedule: WorkingHours, until = Infinity): Generator<[number, number]> {
  const holidays = new Set(schedule.holidays);
  const firstDay = localDayStart(from, schedule.timeZone);
  for (let i = 0; i < MAX_DAYS; i += 1) {
    const day = firstDay + i * DAY_MS;
    // Local midnight is within 14 h of UTC midnight of the same date: past `until` by a day, nothing more counts.
    if (day - DAY_MS > until) return;
    yield* daySpans(day, schedule, holidays);
  }
}

/**
 * The due time of `hours` working hours from `start`: only time inside working intervals counts;
 * a start outside them begins at the next opening (so a zero-hour SLA outside hours is due at the
 * opening). Throws when the schedule has no working time in the next three years.
 */
export function addWorkingHours(start: Date, hours: number, schedule: WorkingHours): Date {
  let remaining = Math.max(0, hours) * 3_600_000;
  const from = start.getTime();
  for (const [spanStart, spanEnd] of workingSpans(from, schedule)) {
    if (spanEnd <= from) continue;
    const begin = Math.max(spanStart, from);
    if (remaining <= spanEnd - begin) return new Date(begin + remaining);
    remaining -= spanEnd - begin;
  }
  throw new Error('The working-hours schedule has no working time');
}

/**
 * Working time between two instants, in ms; negative when `b` is before `a` (how far overdue an
 * item is in working time).
 */
export function workingMsBetween(a: Date, b: Date, schedule: WorkingHours): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return -workingMsBetween(b, a, schedule);
  let total = 0;
  for (const [spanStart, spanEnd] of workingSpans(from, schedule, to)) {
    if (spanStart >= to) break;
    if (spanEnd <= from) continue;
    total += Math.min(spanEnd, to) - Math.max(spanStart, from);
  }
  return total;
}
