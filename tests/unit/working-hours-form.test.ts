import { describe, expect, it } from 'vitest';
import { workingHoursSchema } from '../../src-shared/domain/settings';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../src-shared/domain/working-hours';
import {
  addHolidays,
  draftFromSchedule,
  holidayLabel,
  nextInterval,
  normalizeTime,
  russianHolidays,
  scheduleFromDraft,
  scheduleProblems,
  utcOffsetLabel,
  zoneGroups,
  type ScheduleDraft,
} from '../../src-renderer/lib/working-hours-form';

const draft = () => draftFromSchedule(DEFAULT_WORKING_HOURS);
const withDay = (base: ScheduleDraft, day: keyof ScheduleDraft['week'], intervals: [string, string][]) => ({
  ...base,
  week: { ...base.week, [day]: { working: true, intervals: intervals.map(([from, to]) => ({ from, to })) } },
});

describe('working-hours form: draft ↔ schedule', () => {
  it('round-trips the default schedule; days off come back empty', () => {
    const start = draft();
    expect(start.week.sat).toEqual({ working: false, intervals: [{ from: '09:00', to: '18:00' }] });
    expect(scheduleFromDraft(start)).toEqual(DEFAULT_WORKING_HOURS);
  });

  it('a day switched off keeps its intervals in the draft but saves none', () => {
    const off = { ...draft(), week: { ...draft().week, mon: { ...draft().week.mon, working: false } } };
    expect(off.week.mon.intervals).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(scheduleFromDraft(off).week.mon).toEqual([]);
  });

  it('saves intervals in time order and normalises «9:00» / «13.00»', () => {
    const typed = withDay(draft(), 'sat', [
      ['14:00', '18:00'],
      ['9:00', '13.00'],
    ]);
    const schedule = scheduleFromDraft(typed);
    expect(schedule.week.sat).toEqual([
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ]);
    expect(workingHoursSchema.safeParse(schedule).success).toBe(true);
    expect(scheduleProblems(typed).summary).toBeNull();
  });

  it('holidays: sorted, no duplicates, invalid dates left out', () => {
    expect(addHolidays(['2027-03-08'], ['2027-01-01', '2027-03-08', '2027-02-30', 'завтра'])).toEqual([
      '2027-01-01',
      '2027-03-08',
    ]);
    expect(holidayLabel('2027-01-01')).toBe('пт, 1 января 2027 г.');
  });

  it('Russian public holidays of a year: the 14 days of art. 112, all valid for the schema', () => {
    const days = russianHolidays(2027);
    expect(days).toHaveLength(14);
    expect(days).toContain('2027-01-07');
    expect(days).toContain('2027-06-12');
    expect(days).toContain('2027-11-04');
    expect(workingHoursSchema.safeParse({ ...DEFAULT_WORKING_HOURS, holidays: days }).success).toBe(true);
  });
});

describe('working-hours form: checks before saving', () => {
  it('start not before end: the interval and the summary say so (no overnight intervals)', () => {
    const problems = scheduleProblems(withDay(draft(), 'tue', [['18:00', '09:00']]));
    expect(problems.intervals['tue.0']).toMatch(/^Начало должно быть раньше конца/);
    expect(problems.summary).toMatch(/^Вт: начало должно быть раньше конца/);
  });

  it('malformed times are named', () => {
    expect(scheduleProblems(withDay(draft(), 'wed', [['25:00', '18:00']])).intervals['wed.0']).toBe(
      'Время в формате ЧЧ:ММ, например 09:00',
    );
    expect(scheduleProblems(withDay(draft(), 'wed', [['09:00', '']])).summary).toMatch(/^Ср: время в формате/);
  });

  it('overlaps are refused whatever order they were typed in; touching intervals are fine', () => {
    const overlapping = scheduleProblems(
      withDay(draft(), 'mon', [
        ['12:00', '18:00'],
        ['09:00', '13:00'],
      ]),
    );
    expect(overlapping.intervals['mon.0']).toBe('Интервалы пересекаются');
    expect(overlapping.summary).toBe('Пн: интервалы пересекаются');
    const touching = withDay(draft(), 'mon', [
      ['09:00', '13:00'],
      ['13:00', '24:00'],
    ]);
    expect(scheduleProblems(touching).summary).toBeNull();
    expect(workingHoursSchema.safeParse(scheduleFromDraft(touching)).success).toBe(true);
  });

  it('a week without a working day is refused', () => {
    const start = draft();
    const none = {
      ...start,
      week: Object.fromEntries(Object.entries(start.week).map(([day, value]) => [day, { ...value, working: false }])),
    } as ScheduleDraft;
    expect(scheduleProblems(none).summary).toBe('Нужен хотя бы один рабочий день с интервалом');
    expect(workingHoursSchema.safeParse(scheduleFromDraft(none)).success).toBe(false);
  });

  it('an unknown zone is refused', () => {
    expect(scheduleProblems({ ...draft(), timeZone: 'Mars/Olympus' }).summary).toBe('Неизвестный часовой пояс');
  });

  it('whatever the form accepts, the shared schema accepts too', () => {
    const samples: [string, string][][] = [
      [['00:00', '24:00']],
      [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
        ['18:00', '20:30'],
      ],
      [['9:00', '18:00']],
    ];
    for (const intervals of samples) {
      const candidate = withDay(
        { ...draft(), timeZone: 'Asia/Vladivostok', holidays: ['2027-01-01'] },
        'sun',
        intervals,
      );
      expect(scheduleProblems(candidate).summary).toBeNull();
      const schedule: WorkingHours = scheduleFromDraft(candidate);
      expect(workingHoursSchema.safeParse(schedule).success).toBe(true);
    }
  });
});

describe('working-hours form: helpers', () => {
  it('normalizeTime pads the hour and accepts a dot', () => {
    expect(normalizeTime(' 9:05 ')).toBe('09:05');
    expect(normalizeTime('13.30')).toBe('13:30');
    expect(normalizeTime('9')).toBe('9');
  });

  it('the next interval starts an hour after the last one ends', () => {
    expect(nextInterval([{ from: '09:00', to: '13:00' }])).toEqual({ from: '14:00', to: '16:00' });
    expect(nextInterval([{ from: '09:00', to: '23:30' }])).toEqual({ from: '22:00', to: '24:00' });
    expect(nextInterval([{ from: '09:00', to: 'x' }])).toEqual({ from: '09:00', to: '18:00' });
  });

  it('UTC offsets: Moscow +3, Kamchatka +12, Berlin follows summer time', () => {
    expect(utcOffsetLabel('Europe/Moscow', new Date('2027-01-15T12:00:00Z'))).toBe('UTC+3');
    expect(utcOffsetLabel('Asia/Kamchatka', new Date('2027-01-15T12:00:00Z'))).toBe('UTC+12');
    expect(utcOffsetLabel('Europe/Berlin', new Date('2027-07-15T12:00:00Z'))).toBe('UTC+2');
    expect(utcOffsetLabel('Asia/Kolkata', new Date('2027-07-15T12:00:00Z'))).toBe('UTC+5:30');
    expect(utcOffsetLabel('America/New_York', new Date('2027-01-15T12:00:00Z'))).toBe('UTC−5');
  });

  it('zones: Moscow first and Russia west to east, the OS zone and the saved one added, no duplicates', () => {
    const at = new Date('2027-01-15T12:00:00Z');
    const groups = zoneGroups('Asia/Almaty', 'Europe/Berlin', at);
    expect(groups.russia[0]).toEqual({ zone: 'Europe/Moscow', label: 'Москва (UTC+3)' });
    expect(groups.russia.map((option) => option.label.split(' ')[0])).toEqual([
      'Москва',
      'Калининград',
      'Самара',
      'Екатеринбург',
      'Омск',
      'Новосибирск',
      'Красноярск',
      'Иркутск',
      'Якутск',
      'Владивосток',
      'Магадан',
      'Камчатка',
    ]);
    expect(groups.extra.map((option) => option.zone)).toEqual(['Europe/Berlin', 'Asia/Almaty']);
    const all = [...groups.russia, ...groups.extra, ...groups.other].map((option) => option.zone);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('America/New_York');
    // The OS zone is Moscow: nothing extra.
    expect(zoneGroups('Europe/Moscow', 'Europe/Moscow', at).extra).toEqual([]);
  });
});
