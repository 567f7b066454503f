import { describe, expect, it } from 'vitest';
import { dueTimes } from '../../src-main/core/analytics/due-times';
import {
  addWorkingHours,
  allDayEveryDay,
  DEFAULT_WORKING_HOURS,
  type WorkingHours,
} from '../../src-shared/domain/working-hours';

const BERLIN: WorkingHours = {
  timeZone: 'Europe/Berlin',
  week: {
    mon: [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '15:00']],
    sat: [],
    sun: [],
  },
  holidays: ['2026-10-26'],
};

describe('due times laid out once give exactly addWorkingHours', () => {
  for (const [name, schedule] of [
    ['Moscow Mon–Fri 09–18', DEFAULT_WORKING_HOURS],
    ['Berlin with a lunch break, a holiday and the October clock change', BERLIN],
    ['around the clock', allDayEveryDay('Europe/Moscow')],
  ] as const)
    it(name, () => {
      const from = Date.parse('2026-10-01T00:00:00Z');
      const due = dueTimes(schedule, from);
      let seed = 7;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const starts = [from, Date.parse('2026-10-05T06:00:00Z'), Date.parse('2026-10-05T15:00:00Z')];
      for (let i = 0; i < 400; i += 1) starts.push(from + Math.floor(random() * 60 * 86_400_000));
      for (const start of starts)
        for (const hours of [0, 0.25, 2, 4, 9, 12, 24, 48, 200])
          expect(due(start, hours), `${new Date(start).toISOString()} + ${hours} h`).toBe(
            addWorkingHours(new Date(start), hours, schedule).getTime(),
          );
    });
});
