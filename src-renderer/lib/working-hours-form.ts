import { workingHoursSchema } from '../../src-shared/domain/settings';
import {
  isValidTimeZone,
  parseHhMm,
  WEEKDAYS,
  zoneOffsetMs,
  type Weekday,
  type WorkingHours,
} from '../../src-shared/domain/working-hours';

/**
 * The working-hours form's logic, without React: the editable draft, its checks in the seller's
 * words (the same rules as `workingHoursSchema`, which core applies again), the time-zone list and
 * the holiday list. Kept pure so it is tested on its own (tests/unit/working-hours-form.test.ts).
 */

export const WEEKDAY_SHORT: Record<Weekday, string> = {
  mon: 'Пн',
  tue: 'Вт',
  wed: 'Ср',
  thu: 'Чт',
  fri: 'Пт',
  sat: 'Сб',
  sun: 'Вс',
};

/** The schema's limits (settings.ts): intervals per day, holidays in all. */
export const MAX_INTERVALS = 12;
export const MAX_HOLIDAYS = 1000;

export interface IntervalDraft {
  from: string;
  to: string;
}

export interface DayDraft {
  working: boolean;
  /** Kept while the day is off, so switching it back on restores what was there. */
  intervals: IntervalDraft[];
}

export interface ScheduleDraft {
  timeZone: string;
  week: Record<Weekday, DayDraft>;
  holidays: string[];
}

/** A day switched on for the first time gets the usual office hours. */
export const NEW_INTERVAL: IntervalDraft = { from: '09:00', to: '18:00' };

export function draftFromSchedule(schedule: WorkingHours): ScheduleDraft {
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const intervals = schedule.week[day].map(([from, to]) => ({ from, to }));
      return [day, { working: intervals.length > 0, intervals: intervals.length > 0 ? intervals : [NEW_INTERVAL] }];
    }),
  ) as Record<Weekday, DayDraft>;
  return { timeZone: schedule.timeZone, week, holidays: sortedHolidays(schedule.holidays) };
}

/** «9:00», «9.00», « 09:00 » → «09:00»; anything else is left as typed (the check then names it). */
export function normalizeTime(value: string): string {
  const match = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(value);
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : value.trim();
}

/** The schedule core stores: days off empty, each day's intervals in time order. */
export function scheduleFromDraft(draft: ScheduleDraft): WorkingHours {
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const { working, intervals } = draft.week[day];
      if (!working) return [day, []];
      const ordered = intervals
        .map(({ from, to }) => [normalizeTime(from), normalizeTime(to)] as [string, string])
        .sort((a, b) => (parseHhMm(a[0]) ?? 0) - (parseHhMm(b[0]) ?? 0));
      return [day, ordered];
    }),
  ) as WorkingHours['week'];
  return { timeZone: draft.timeZone, week, holidays: sortedHolidays(draft.holidays) };
}

export interface ScheduleProblems {
  /** The first problem, worded for the save row («Вт: …»); null when the draft can be saved. */
  summary: string | null;
  /** Per interval, keyed `${day}.${index}` (index in the draft, as shown). */
  intervals: Partial<Record<string, string>>;
}

const TIME_FORMAT = 'Время в формате ЧЧ:ММ, например 09:00';
const START_BEFORE_END = 'Начало должно быть раньше конца (после полуночи — отдельным интервалом с 00:00)';
const OVERLAP = 'Интервалы пересекаются';

/** What keeps the draft from being saved, in the seller's words. */
export function scheduleProblems(draft: ScheduleDraft): ScheduleProblems {
  const intervals: Record<string, string> = {};
  let summary: string | null = null;
  const note = (day: Weekday, index: number, message: string) => {
    intervals[`${day}.${index}`] ??= message;
    summary ??= `${WEEKDAY_SHORT[day]}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  };
  for (const day of WEEKDAYS) {
    const { working, intervals: list } = draft.week[day];
    if (!working) continue;
    if (list.length > MAX_INTERVALS) note(day, MAX_INTERVALS, `Не больше ${MAX_INTERVALS} интервалов в день`);
    const parsed = list.map(({ from, to }, index) => ({
      index,
      from: parseHhMm(normalizeTime(from)),
      to: parseHhMm(normalizeTime(to)),
    }));
    for (const { index, from, to } of parsed) {
      if (from === null || to === null) note(day, index, TIME_FORMAT);
      else if (from >= to) note(day, index, START_BEFORE_END);
    }
    // Overlaps in time order, whatever order the seller typed them in.
    const valid = parsed
      .filter((entry) => entry.from !== null && entry.to !== null && entry.from < entry.to)
      .sort((a, b) => a.from! - b.from!);
    for (let i = 1; i < valid.length; i += 1) {
      const previousEnd = Math.max(...valid.slice(0, i).map((entry) => entry.to!));
      if (valid[i]!.from! < previousEnd) note(day, valid[i]!.index, OVERLAP);
    }
  }
  if (!WEEKDAYS.some((day) => draft.week[day].working && draft.week[day].intervals.length > 0))
    summary ??= 'Нужен хотя бы один рабочий день с интервалом';
  if (!isValidTimeZone(draft.timeZone)) summary ??= 'Неизвестный часовой пояс';
  if (draft.holidays.length > MAX_HOLIDAYS) summary ??= `Не больше ${MAX_HOLIDAYS} праздничных дней`;
  // The shared schema has the last word: a rule added there is never skipped here.
  if (summary === null && !workingHoursSchema.safeParse(scheduleFromDraft(draft)).success)
    summary = 'Расписание не проходит проверку: проверьте интервалы';
  return { summary, intervals };
}

/** A valid 'YYYY-MM-DD' calendar date. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

export function sortedHolidays(dates: readonly string[]): string[] {
  return [...new Set(dates)].sort();
}

/** The list with the dates added (no duplicates, in date order); invalid dates are left out. */
export function addHolidays(holidays: readonly string[], dates: readonly string[]): string[] {
  return sortedHolidays([...holidays, ...dates.filter(isIsoDate)]);
}

/**
 * The non-working public holidays of the Russian Federation for a year, as art. 112 of the Labour
 * Code fixes them: 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November. The
 * government's yearly transfers of days off are not included (the form says so).
 */
export function russianHolidays(year: number): string[] {
  const days = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08'];
  days.push('02-23', '03-08', '05-01', '05-09', '06-12', '11-04');
  return days.map((day) => `${year}-${day}`);
}

const holidayFormat = new Intl.DateTimeFormat('ru', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  weekday: 'short',
  timeZone: 'UTC',
});

/** «пт, 1 января 2027 г.» for '2027-01-01'. */
export function holidayLabel(date: string): string {
  return isIsoDate(date) ? holidayFormat.format(new Date(`${date}T00:00:00Z`)) : date;
}

/** Russia's zones, west to east, Moscow first (the default). */
export const RUSSIAN_ZONES: { zone: string; city: string }[] = [
  { zone: 'Europe/Moscow', city: 'Москва' },
  { zone: 'Europe/Kaliningrad', city: 'Калининград' },
  { zone: 'Europe/Samara', city: 'Самара' },
  { zone: 'Asia/Yekaterinburg', city: 'Екатеринбург' },
  { zone: 'Asia/Omsk', city: 'Омск' },
  { zone: 'Asia/Novosibirsk', city: 'Новосибирск' },
  { zone: 'Asia/Krasnoyarsk', city: 'Красноярск' },
  { zone: 'Asia/Irkutsk', city: 'Иркутск' },
  { zone: 'Asia/Yakutsk', city: 'Якутск' },
  { zone: 'Asia/Vladivostok', city: 'Владивосток' },
  { zone: 'Asia/Magadan', city: 'Магадан' },
  { zone: 'Asia/Kamchatka', city: 'Камчатка' },
];

/** «UTC+3», «UTC+5:30», «UTC−1» at that instant (zones with summer time move). */
export function utcOffsetLabel(zone: string, at: Date = new Date()): string {
  const minutes = Math.round(zoneOffsetMs(at.getTime(), zone) / 60_000);
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

export interface ZoneOption {
  zone: string;
  label: string;
}

export interface ZoneGroups {
  russia: ZoneOption[];
  /** This computer's zone and the saved one, when they are not among Russia's. */
  extra: ZoneOption[];
  /** Every other zone the browser knows, by name. */
  other: ZoneOption[];
}

/** The select's options: Russia's zones first, then this computer's and the saved zone, then the rest. */
export function zoneGroups(savedZone: string, osZone: string | undefined, at: Date = new Date()): ZoneGroups {
  const russia = RUSSIAN_ZONES.map(({ zone, city }) => ({ zone, label: `${city} (${utcOffsetLabel(zone, at)})` }));
  const listed = new Set(russia.map((option) => option.zone));
  const extra: ZoneOption[] = [];
  for (const [zone, what] of [
    [osZone, 'этот компьютер'],
    [savedZone, 'сохранённый'],
  ] as const) {
    if (!zone || listed.has(zone) || !isValidTimeZone(zone)) continue;
    extra.push({ zone, label: `${zone} (${utcOffsetLabel(zone, at)}) — ${what}` });
    listed.add(zone);
  }
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const other = known
    .filter((zone) => !listed.has(zone))
    .map((zone) => ({ zone, label: `${zone} (${utcOffsetLabel(zone, at)})` }));
  return { russia, extra, other };
}

const hhMm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The interval «+ интервал» offers: an hour after the last one ends, two hours long (so after
 * 09:00–13:00 comes 14:00–16:00); the usual office hours when the last one cannot be read.
 */
export function nextInterval(intervals: readonly IntervalDraft[]): IntervalDraft {
  const last = intervals.at(-1);
  const end = last ? parseHhMm(normalizeTime(last.to)) : null;
  if (end === null) return NEW_INTERVAL;
  const start = Math.min(end + 60, 22 * 60);
  return { from: hhMm(start), to: hhMm(Math.min(start + 120, 24 * 60)) };
}
