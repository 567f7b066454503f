import { addWorkingHours, workingSpans, type WorkingHours } from '../../../src-shared/domain/working-hours';

/**
 * addWorkingHours for many starts at once (analytics: the due time of every item of a period).
 * The schedule's working intervals from `from` on are laid out once with their running total of
 * working time; a due time is then a binary search instead of a walk through the calendar with a
 * time-zone lookup per day (Intl), which cost seconds over 100 000 items. Same results as
 * addWorkingHours (a test compares them); a start before `from` falls back to it.
 */
export function dueTimes(schedule: WorkingHours, from: number): (start: number, hours: number) => number {
  const starts: number[] = [];
  const ends: number[] = [];
  /** Working time before each span. */
  const before: number[] = [];
  let total = 0;
  const spans = workingSpans(from, schedule);
  const extendTo = (workingMs: number) => {
    while (total < workingMs) {
      const next = spans.next();
      if (next.done) return;
      const [spanStart, spanEnd] = next.value;
      if (spanEnd <= from) continue;
      const begin = Math.max(spanStart, from);
      starts.push(begin);
      ends.push(spanEnd);
      before.push(total);
      total += spanEnd - begin;
    }
  };
  const reachTime = (instant: number) => {
    while (ends.length === 0 || ends[ends.length - 1]! <= instant) {
      const count = ends.length;
      extendTo(total + 1);
      if (ends.length === count) return;
    }
  };
  /** Index of the first span ending after `instant`. */
  const spanAfter = (instant: number) => {
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ends[mid]! <= instant) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return (start, hours) => {
    if (start < from) return addWorkingHours(new Date(start), hours, schedule).getTime();
    reachTime(start);
    const index = spanAfter(start);
    if (index >= ends.length) return addWorkingHours(new Date(start), hours, schedule).getTime();
    const workedBefore = before[index]! + Math.max(0, start - starts[index]!);
    const target = workedBefore + Math.max(0, hours) * 3_600_000;
    extendTo(target);
    // The span in which the running total reaches the target (the last whose total before is < target, or equal at its start).
    let low = index;
    let high = before.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (before[mid]! < target) low = mid;
      else high = mid - 1;
    }
    if (target - before[low]! > ends[low]! - starts[low]!)
      return addWorkingHours(new Date(start), hours, schedule).getTime();
    return starts[low]! + (target - before[low]!);
  };
}
