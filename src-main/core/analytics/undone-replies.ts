import { sql } from 'kysely';

/**
 * True for an event (aliased `e`) recorded for a reply that never reached the buyer: its outbox
 * row (the event's `outboxId`) ended `cancelled` — undone during the undo-send hold, a failed
 * reply cancelled, a conflict discarded. The quality event (draft_accepted / draft_edited /
 * reply_manual) and the `auto_reply` event are written when the reply is queued, so without this
 * an undone send would still count in the reply figures and use up the auto-reply daily cap.
 * A conflict resolved by editing WB's answer (`reply_conflict_resolved`) also cancels the row, but
 * its text went to WB as the edit: that reply counts.
 *
 * An event without `outboxId`, or whose row is gone, is not undone. Per event one outbox
 * primary-key probe; the conflict check runs only for the few cancelled rows.
 */
export const UNDONE_REPLY = sql<boolean>`EXISTS (SELECT 1 FROM outbox o
  WHERE o.id = json_extract(e.payload_json, '$.outboxId') AND o.state = 'cancelled'
  AND NOT EXISTS (SELECT 1 FROM interaction_events r
    WHERE r.interaction_id = e.interaction_id AND r.type = 'reply_conflict_resolved'
    AND json_extract(r.payload_json, '$.outboxId') = o.id))`;
