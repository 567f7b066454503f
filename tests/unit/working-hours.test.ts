import { describe, expect, it } from 'vitest';
import {
  addWorkingHours,
  allDayEveryDay,
  DEFAULT_WORKING_HOURS,
  workingMsBetween,
  type WorkingHours,
} from '../../src-shared/domain/working-hours';
import { accountSettingsSchema, workingHoursSchema } from '../../src-shared/domain/settings';

const H = 3_600_000;
/** Moscow wall-clock time (UTC+3 all year). 2026-12-04 is a Friday, 2026-12-07 a Monday. */
const msk = (local: string) => new Date(`${local.replace(' ', 'T')}:00+03:00`);
/** An instant written with an explicit offset: Berlin is +01:00 in winter, +02:00 in summer. */
const at = (iso: string) => new Date(iso);

const withLunch: WorkingHours = {
  ...DEFAULT_WORKING_HOURS,
  week: {
    ...DEFAULT_WORKING_HOURS.week,
    mon: [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ],
  },
};
const withHoliday: WorkingHours = { ...DEFAULT_WORKING_HOURS, holidays: ['2026-12-07', '2026-12-31'] };
const berlin: WorkingHours = { ...DEFAULT_WORKING_HOURS, timeZone: 'Europe/Berlin' };
const sundaysOnly = (timeZone: string): WorkingHours => ({
  timeZone,
  week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['00:00', '24:00']] },
  holidays: [],
});

describe('addWorkingHours: the due time counts only working time', () => {
  it.each([
    [
      'the issue’s example: Friday 23:00 + 4 h is Monday 13:00',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-04 23:00'),
      4,
      msk('2026-12-07 13:00'),
    ],
    ['a start inside hours', DEFAULT_WORKING_HOURS, msk('2026-12-07 10:00'), 4, msk('2026-12-07 14:00')],
    [
      'a start before the opening begins at the opening',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-07 07:00'),
      2,
      msk('2026-12-07 11:00'),
    ],
    [
      'a start after the close begins the next morning',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-07 19:00'),
      2,
      msk('2026-12-08 11:00'),
    ],
    [
      'what does not fit today carries over',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-07 16:00'),
      4,
      msk('2026-12-08 11:00'),
    ],
    [
      'ending exactly at the close stays today',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-07 17:00'),
      1,
      msk('2026-12-07 18:00'),
    ],
    [
      'multi-day: 24 working hours from Monday 09:00',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-07 09:00'),
      24,
      msk('2026-12-09 15:00'),
    ],
    [
      'multi-day over a weekend: 48 h from Thursday 12:00',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-03 12:00'),
      48,
      msk('2026-12-10 15:00'),
    ],
    ['a weekend start waits for Monday', DEFAULT_WORKING_HOURS, msk('2026-12-05 12:00'), 1, msk('2026-12-07 10:00')],
    ['a holiday Monday is skipped', withHoliday, msk('2026-12-04 17:00'), 2, msk('2026-12-08 10:00')],
    ['lunch splits the day', withLunch, msk('2026-12-07 12:00'), 2, msk('2026-12-07 15:00')],
    ['a start during lunch begins after it', withLunch, msk('2026-12-07 13:30'), 1, msk('2026-12-07 15:00')],
    [
      'zero hours inside hours: due at once',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-07 10:00'),
      0,
      msk('2026-12-07 10:00'),
    ],
    [
      'zero hours on a weekend: due at the opening',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-05 12:00'),
      0,
      msk('2026-12-07 09:00'),
    ],
    [
      'zero hours at the close: due at the next opening',
      DEFAULT_WORKING_HOURS,
      msk('2026-12-07 18:00'),
      0,
      msk('2026-12-08 09:00'),
    ],
    ['fractional hours', DEFAULT_WORKING_HOURS, msk('2026-12-07 17:45'), 0.5, msk('2026-12-08 09:15')],
    // Europe/Berlin: CET (+01) until 2026-03-29 02:00, CEST (+02) until 2026-10-25 03:00.
    [
      'Berlin, over the March clock change',
      berlin,
      at('2026-03-27T17:00:00+01:00'),
      2,
      at('2026-03-30T10:00:00+02:00'),
    ],
    [
      'Berlin, over the October clock change',
      berlin,
      at('2026-10-23T17:00:00+02:00'),
      2,
      at('2026-10-26T10:00:00+01:00'),
    ],
    [
      'Berlin, around the clock over the March change',
      allDayEveryDay('Europe/Berlin'),
      at('2026-03-28T12:00:00+01:00'),
      24,
      at('2026-03-29T13:00:00+02:00'),
    ],
    [
      'Berlin, around the clock over the October change',
      allDayEveryDay('Europe/Berlin'),
      at('2026-10-24T12:00:00+02:00'),
      24,
      at('2026-10-25T11:00:00+01:00'),
    ],
  ] as const)('%s', (_name, schedule, start, hours, due) => {
    expect(addWorkingHours(start, hours, schedule).toISOString()).toBe(due.toISOString());
  });

  it('around the clock, working hours are wall-clock hours (Moscow and Berlin, both clock changes)', () => {
    for (const zone of ['Europe/Moscow', 'Europe/Berlin', 'America/New_York']) {
      for (const start of ['2026-03-28T20:30:00Z', '2026-10-24T23:10:00Z', '2026-12-04T20:00:00Z']) {
        for (const hours of [0, 0.25, 4, 23, 49, 720]) {
          const from = new Date(start);
          expect(addWorkingHours(from, hours, allDayEveryDay(zone)).getTime()).toBe(from.getTime() + hours * H);
        }
      }
    }
  });

  it('a schedule with no working time at all is refused, not looped over forever', () => {
    const never: WorkingHours = {
      ...sundaysOnly('Europe/Moscow'),
      week: { ...sundaysOnly('Europe/Moscow').week, sun: [] },
    };
    expect(() => addWorkingHours(msk('2026-12-07 10:00'), 1, never)).toThrow(/no working time/);
  });
});

describe('workingMsBetween', () => {
  it.each([
    ['Friday 23:00 to Monday 13:00', DEFAULT_WORKING_HOURS, msk('2026-12-04 23:00'), msk('2026-12-07 13:00'), 4],
    ['a whole working week', DEFAULT_WORKING_HOURS, msk('2026-12-07 00:00'), msk('2026-12-12 00:00'), 45],
    ['a week with a holiday', withHoliday, msk('2026-12-07 00:00'), msk('2026-12-12 00:00'), 36],
    ['a Monday with lunch', withLunch, msk('2026-12-07 08:00'), msk('2026-12-07 20:00'), 8],
    ['a weekend only', DEFAULT_WORKING_HOURS, msk('2026-12-05 00:00'), msk('2026-12-07 00:00'), 0],
    ['backwards is negative (overdue)', DEFAULT_WORKING_HOURS, msk('2026-12-07 13:00'), msk('2026-12-04 23:00'), -4],
    [
      'a Moscow Sunday has 24 hours',
      sundaysOnly('Europe/Moscow'),
      at('2026-03-28T00:00:00Z'),
      at('2026-03-30T00:00:00Z'),
      24,
    ],
    [
      'the Berlin Sunday of the March change has 23',
      sundaysOnly('Europe/Berlin'),
      at('2026-03-28T00:00:00Z'),
      at('2026-03-30T00:00:00Z'),
      23,
    ],
    [
      'the Berlin Sunday of the October change has 25',
      sundaysOnly('Europe/Berlin'),
      at('2026-10-24T00:00:00Z'),
      at('2026-10-26T00:00:00Z'),
      25,
    ],
  ] as const)('%s', (_name, schedule, a, b, hours) => {
    expect(workingMsBetween(a, b, schedule)).toBe(hours * H);
  });

  it('is the inverse of addWorkingHours', () => {
    for (const schedule of [DEFAULT_WORKING_HOURS, withLunch, withHoliday, berlin]) {
      for (let start = msk('2026-12-03 06:00').getTime(); start < msk('2026-12-09 06:00').getTime(); start += 7 * H) {
        for (const hours of [0.5, 3, 10, 30]) {
          const due = addWorkingHours(new Date(start), hours, schedule);
          expect(workingMsBetween(new Date(start), due, schedule)).toBe(hours * H);
        }
      }
    }
  });
});

describe('settings: workingHours', () => {
  const valid = (workingHours: unknown) => workingHoursSchema.safeParse(workingHours).success;

  it('defaults to Moscow, Monday to Friday 09:00–18:00, for an account without it', () => {
    expect(accountSettingsSchema.parse({}).workingHours).toEqual(DEFAULT_WORKING_HOURS);
    expect(valid(DEFAULT_WORKING_HOURS)).toBe(true);
    expect(valid(allDayEveryDay('Asia/Vladivostok'))).toBe(true);
    expect(valid(withLunch)).toBe(true);
    expect(valid(withHoliday)).toBe(true);
  });

  it.each([
    ['an unknown zone', { ...DEFAULT_WORKING_HOURS, timeZone: 'Mars/Olympus' }],
    [
      'a malformed time',
      { ...DEFAULT_WORKING_HOURS, week: { ...DEFAULT_WORKING_HOURS.week, mon: [['9:00', '18:00']] } },
    ],
    ['25:00', { ...DEFAULT_WORKING_HOURS, week: { ...DEFAULT_WORKING_HOURS.week, mon: [['09:00', '25:00']] } }],
    [
      'a start after its end',
      { ...DEFAULT_WORKING_HOURS, week: { ...DEFAULT_WORKING_HOURS.week, mon: [['18:00', '09:00']] } },
    ],
    [
      'an empty interval',
      { ...DEFAULT_WORKING_HOURS, week: { ...DEFAULT_WORKING_HOURS.week, mon: [['09:00', '09:00']] } },
    ],
    [
      'overlapping intervals',
      {
        ...DEFAULT_WORKING_HOURS,
        week: {
          ...DEFAULT_WORKING_HOURS.week,
          mon: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        },
      },
    ],
    [
      'a week with no working time',
      { ...sundaysOnly('Europe/Moscow'), week: { ...sundaysOnly('Europe/Moscow').week, sun: [] } },
    ],
    ['a malformed holiday', { ...DEFAULT_WORKING_HOURS, holidays: ['07.12.2026'] }],
    ['a holiday that is no date', { ...DEFAULT_WORKING_HOURS, holidays: ['2026-02-30'] }],
    ['a missing weekday', { ...DEFAULT_WORKING_HOURS, week: { mon: DEFAULT_WORKING_HOURS.week.mon } }],
  ])('refuses %s', (_name, workingHours) => {
    expect(valid(workingHours)).toBe(false);
  });
});
