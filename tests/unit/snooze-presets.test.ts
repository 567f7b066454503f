import { describe, expect, it } from 'vitest';
import { snoozePresets, snoozeState } from '../../src-shared/domain/snooze';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../src-shared/domain/working-hours';

/** Moscow wall-clock time (UTC+3 all year). 2026-05-06 is a Wednesday, 2026-05-08 a Friday. */
const msk = (local: string) => new Date(`${local.replace(' ', 'T')}:00+03:00`);
const presets = (local: string, schedule: WorkingHours = DEFAULT_WORKING_HOURS) => {
  const { laterToday, tomorrowMorning } = snoozePresets(msk(local), schedule);
  return { laterToday: laterToday.toISOString(), tomorrowMorning: tomorrowMorning.toISOString() };
};
const iso = (local: string) => msk(local).toISOString();

describe('snooze presets in the shop working hours (Moscow, Mon–Fri 09:00–18:00)', () => {
  it('mid-morning: «Позже сегодня» is 3 h ahead, «Завтра 09:00» the next day at opening', () => {
    expect(presets('2026-05-06 10:00')).toEqual({
      laterToday: iso('2026-05-06 13:00'),
      tomorrowMorning: iso('2026-05-07 09:00'),
    });
  });

  it('late afternoon: «Позже сегодня» is the end of the working day when that comes before 3 h', () => {
    expect(presets('2026-05-06 16:30').laterToday).toBe(iso('2026-05-06 18:00'));
  });

  it('the working day ends in under 30 min, or is over: 3 h ahead', () => {
    expect(presets('2026-05-06 17:50').laterToday).toBe(iso('2026-05-06 20:50'));
    expect(presets('2026-05-06 20:00').laterToday).toBe(iso('2026-05-06 23:00'));
  });

  it('a lunch break does not count as the end of the day', () => {
    const withLunch: WorkingHours = {
      ...DEFAULT_WORKING_HOURS,
      week: {
        ...DEFAULT_WORKING_HOURS.week,
        wed: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
      },
    };
    expect(presets('2026-05-06 12:00', withLunch).laterToday).toBe(iso('2026-05-06 15:00'));
    expect(presets('2026-05-06 16:00', withLunch).laterToday).toBe(iso('2026-05-06 18:00'));
  });

  it('on Friday «Завтра 09:00» is Monday 09:00; a holiday is skipped', () => {
    expect(presets('2026-05-08 15:00').tomorrowMorning).toBe(iso('2026-05-11 09:00'));
    const holiday = { ...DEFAULT_WORKING_HOURS, holidays: ['2026-05-07'] };
    expect(presets('2026-05-06 10:00', holiday).tomorrowMorning).toBe(iso('2026-05-08 09:00'));
  });

  it('is at or after tomorrow: at night before opening it is not the same morning', () => {
    expect(presets('2026-05-07 02:00').tomorrowMorning).toBe(iso('2026-05-08 09:00'));
  });

  it('follows the schedule time zone, not the machine one', () => {
    const novosibirsk = { ...DEFAULT_WORKING_HOURS, timeZone: 'Asia/Novosibirsk' }; // UTC+7
    // 10:00 in Moscow = 14:00 in Novosibirsk; the shop opens tomorrow at 09:00 local = 02:00Z.
    expect(presets('2026-05-06 10:00', novosibirsk)).toEqual({
      laterToday: iso('2026-05-06 13:00'),
      tomorrowMorning: '2026-05-07T02:00:00.000Z',
    });
  });
});

describe('snooze state', () => {
  const now = new Date('2026-05-06T07:00:00.000Z');
  it('none, snoozed while ahead, resurfaced once passed', () => {
    expect(snoozeState(null, now)).toBe('none');
    expect(snoozeState('2026-05-06T07:00:00.001Z', now)).toBe('snoozed');
    expect(snoozeState('2026-05-06T07:00:00.000Z', now)).toBe('resurfaced');
    expect(snoozeState('2026-05-01T00:00:00.000Z', now)).toBe('resurfaced');
  });
});
