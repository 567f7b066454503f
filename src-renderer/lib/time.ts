/** Russian date/time wording for the inbox; all inputs are ISO-8601 UTC strings from core. */

const relative = new Intl.RelativeTimeFormat('ru', { numeric: 'auto' });
const dayMonth = new Intl.DateTimeFormat('ru', { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat('ru', { day: 'numeric', month: 'short', year: 'numeric' });
const full = new Intl.DateTimeFormat('ru', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const clock = new Intl.DateTimeFormat('ru', { hour: '2-digit', minute: '2-digit' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** «только что», «5 минут назад», «вчера», then a date once it is older than a week. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const ms = then.getTime();
  if (Number.isNaN(ms)) return '';
  const diff = now.getTime() - ms;
  const abs = Math.abs(diff);
  const sign = diff >= 0 ? -1 : 1;
  if (abs < MINUTE) return 'только что';
  if (abs < HOUR) return relative.format(sign * Math.round(abs / MINUTE), 'minute');
  if (abs < DAY) return relative.format(sign * Math.round(abs / HOUR), 'hour');
  if (abs < 7 * DAY) return relative.format(sign * Math.round(abs / DAY), 'day');
  return then.getFullYear() === now.getFullYear() ? dayMonth.format(then) : dayMonthYear.format(then);
}

export const fullDateTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : full.format(date);
};

export const clockTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : clock.format(date);
};

/** Day heading for a chat history: messages are grouped by calendar day. */
export const dayKey = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dayMonthYear.format(date);
};
