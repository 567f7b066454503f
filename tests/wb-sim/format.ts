// Date formats the contract shows (CONTRACT §7.9): F&Q dates mix RFC3339 with a +03:00 offset
// (`2024-09-26T10:20:48+03:00`) and UTC with nanoseconds (`2022-02-01T11:18:08.769513469Z`);
// chat uses unix ms plus a UTC string without fraction (`2023-10-23T05:02:20Z`).

const MSK_OFFSET_MS = 3 * 3600_000;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2024-09-26T10:20:48+03:00` (second precision: callers keep such timestamps on whole seconds). */
export function mskOffsetDate(ms: number): string {
  const d = new Date(ms + MSK_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+03:00`
  );
}

/** `2022-02-01T11:18:08.769513469Z`; `subMs` is the six digits below the millisecond. */
export function nanoUtcDate(ms: number, subMs: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}${pad(subMs, 6)}Z`);
}

/** `2023-10-23T05:02:20Z` as in chat `addTime` / `newestEventTime`. */
export function utcSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Start of the current Moscow day, for `countUnansweredToday`. */
export function startOfMskDay(ms: number): number {
  const local = ms + MSK_OFFSET_MS;
  return local - (local % 86_400_000) - MSK_OFFSET_MS;
}

/** `2024-08-16T11:19:05+03:00` as in /ping `TS`. */
export const pingTs = mskOffsetDate;
