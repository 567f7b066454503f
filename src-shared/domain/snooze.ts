import type { CoreMessage } from '../messages/catalog';
import { workingSpans, zoneOffsetMs, type WorkingHours } from './working-hours';

/**
 * Snooze (issue 11 item 4). An item is snoozed while `snoozedUntil` is ahead of now; once that
 * moment has passed (or the buyer wrote again, which sets it to the time of the sync) it is
 * resurfaced: back in its queues, listed first, until the seller opens it, replies or unsnoozes it.
 */
export type SnoozeState = 'none' | 'snoozed' | 'resurfaced';

export function snoozeState(snoozedUntil: string | null, now: Date): SnoozeState {
  if (snoozedUntil === null) return 'none';
  return Date.parse(snoozedUntil) > now.getTime() ? 'snoozed' : 'resurfaced';
}

/** `interaction.snooze` takes at most this many ids (a bulk selection). */
export const SNOOZE_MAX_IDS = 500;
/** …and a moment at most this far ahead. */
export const SNOOZE_MAX_DAYS = 366;
/** «Позже сегодня»: this many hours ahead, or the end of today's working hours when that comes first. */
export const LATER_TODAY_HOURS = 3;
/** The end of the working day is taken for «Позже сегодня» only when it is at least this far ahead. */
const LATER_TODAY_MIN_MS = 30 * 60_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The local calendar day (days since the epoch) an instant falls on in the zone. */
function localDay(instant: number, timeZone: string): number {
  return Math.floor((instant + zoneOffsetMs(instant, timeZone)) / DAY_MS);
}

export interface SnoozePresets {
  /** «Позже сегодня»: now + 3 h, or the end of today's working hours when that is sooner (and 30+ min away). */
  laterToday: Date;
  /** «Завтра 09:00»: the start of the first working interval on a later local day than today (skips days off). */
  tomorrowMorning: Date;
}

/** The snooze menu's preset moments for `now`, in the shop's working hours and time zone. Pure. */
export function snoozePresets(now: Date, schedule: WorkingHours): SnoozePresets {
  const at = now.getTime();
  const today = localDay(at, schedule.timeZone);
  let dayEnd: number | null = null;
  let tomorrowMorning: number | null = null;
  for (const [start, end] of workingSpans(at, schedule)) {
    if (localDay(start, schedule.timeZone) === today) {
      if (end > at) dayEnd = end;
      continue;
    }
    if (start > at) {
      tomorrowMorning = start;
      break;
    }
  }
  const plusHours = at + LATER_TODAY_HOURS * HOUR_MS;
  const laterToday = dayEnd !== null && dayEnd - at >= LATER_TODAY_MIN_MS && dayEnd < plusHours ? dayEnd : plusHours;
  return {
    laterToday: new Date(laterToday),
    // A schedule with no working time at all in three years (not one the settings accept): a day ahead.
    tomorrowMorning: new Date(tomorrowMorning ?? at + DAY_MS),
  };
}

/** One item's outcome in a bulk action (snooze, mark viewed, approve): done, or why not. */
export type BulkItemResult = { id: number; ok: true } | { id: number; ok: false; error: CoreMessage };

/** A dry-run auto-reply for one selected review: the text it would send, or why none. */
export type AutoReplyPreviewItem =
  { id: number; ok: true; text: string; templateId: string } | { id: number; ok: false; error: CoreMessage };

/** An approved auto-reply: queued through the outbox (guardrails ran again), or why not. */
export type AutoReplyApproveItem =
  { id: number; ok: true; outboxId: number } | { id: number; ok: false; error: CoreMessage };
