import { describe, expect, it } from 'vitest';
import { snoozeMark, snoozeMomentText } from '../../src-renderer/lib/snooze-labels';

// Local wall-clock dates: the labels speak in the seller's own time zone.
const now = new Date(2026, 4, 6, 10, 0);
const local = (day: number, hour: number) => new Date(2026, 4, day, hour, 0).toISOString();

describe('snooze labels (renderer)', () => {
  it('say today / tomorrow / the weekday and date', () => {
    expect(snoozeMomentText(local(6, 13), now)).toBe('сегодня, 13:00');
    expect(snoozeMomentText(local(7, 9), now)).toBe('завтра, 09:00');
    expect(snoozeMomentText(local(11, 9), now)).toMatch(/пн.*11.*мая.*09:00/);
  });

  it('mark a snoozed item with its moment and a resurfaced one as back', () => {
    expect(snoozeMark(null, now)).toBeNull();
    expect(snoozeMark(local(6, 13), now)).toBe('Отложено до сегодня, 13:00');
    expect(snoozeMark(local(6, 9), now)).toBe('Вернулось из отложенных');
  });
});
