import { snoozeState } from '../../src-shared/domain/snooze';

const sameDay = new Intl.DateTimeFormat('ru', { hour: '2-digit', minute: '2-digit' });
const otherDay = new Intl.DateTimeFormat('ru', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** «сегодня, 14:00», «завтра, 09:00», else «пн, 11 мая, 09:00» (the seller's local time). */
export function snoozeMomentText(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const dayOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((dayOf(date) - dayOf(now)) / 86_400_000);
  if (days === 0) return `сегодня, ${sameDay.format(date)}`;
  if (days === 1) return `завтра, ${sameDay.format(date)}`;
  return otherDay.format(date);
}

/** What a row or the detail says about an item's snooze; null when it has none. */
export function snoozeMark(snoozedUntil: string | null, now: Date = new Date()): string | null {
  const state = snoozeState(snoozedUntil, now);
  if (state === 'snoozed') return `Отложено до ${snoozeMomentText(snoozedUntil!, now)}`;
  if (state === 'resurfaced') return 'Вернулось из отложенных';
  return null;
}
