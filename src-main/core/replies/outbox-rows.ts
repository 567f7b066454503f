import type BetterSqlite3 from 'better-sqlite3';
import type { OutboxEntryView, OutboxKind, OutboxState, ReplyOrigin } from '../../../src-shared/domain/outbox';
import type { Channel, ReplyState } from '../../../src-shared/domain/interaction';
import type { Interaction, OutboxRow } from '../db/schema';
import { coreMessage } from '../../../src-shared/messages/catalog';
import { decodeMessage } from '../../../src-shared/messages/stored';
import { CoreError } from '../errors';

/** Outbox row <-> view and the small statements every outbox step shares (STYLE habit 7). */
export function outboxRow(sqlite: BetterSqlite3.Database, id: number): OutboxRow {
  const row = sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
  if (!row) throw new CoreError('not_found', { entity: 'outbox_entry', id });
  return row;
}

export function interactionRow(sqlite: BetterSqlite3.Database, id: number): Interaction {
  const row = sqlite.prepare('SELECT * FROM interactions WHERE id = ?').get(id) as Interaction | undefined;
  if (!row) throw new CoreError('not_found', { entity: 'interaction', id });
  return row;
}

export function toOutboxView(row: OutboxRow, interaction: Pick<Interaction, 'channel' | 'last_reply_text' | 'answer_editable'>, pendingWindowMinutes: number, now: Date): OutboxEntryView {
  return {
    id: row.id,
    accountId: row.account_id,
    interactionId: row.interaction_id,
    channel: interaction.channel as Channel,
    kind: row.kind as OutboxKind,
    text: row.text,
    state: row.state as OutboxState,
    origin: row.origin as ReplyOrigin,
    attempts: row.attempts,
    lastError: decodeMessage(row.last_error),
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
    confirmedAt: row.confirmed_at,
    createdAt: row.created_at,
    overdue: row.state === 'sent_pending' && row.sent_at !== null && now.getTime() - Date.parse(row.sent_at) > pendingWindowMinutes * 60_000,
    wbAnswer: row.state === 'conflict' ? interaction.last_reply_text : null,
    wbAnswerEditable: row.state === 'conflict' ? (interaction.answer_editable === null ? null : interaction.answer_editable === 1) : null,
  };
}

/**
 * One state change of a reply: the outbox row, the interaction's reply state and an event, together.
 * Every change bumps the row's `version` and ends any dispatcher lease (unless `lease` sets one).
 * With `expectVersion` the change happens only if nobody changed the row since it was read at that
 * version; returns false (and changes nothing) otherwise.
 */
export function transition(
  sqlite: BetterSqlite3.Database,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'kind'>,
  state: OutboxState,
  now: Date,
  extra: {
    lastError?: string | null;
    nextAttemptAt?: string | null;
    event?: string;
    payload?: Record<string, unknown>;
    replyState?: ReplyState;
    expectVersion?: number;
    lease?: { owner: string; until: string };
  } = {},
): boolean {
  const stamp = now.toISOString();
  const changed = sqlite
    .prepare(
      `UPDATE outbox SET state = ?, updated_at = ?, last_error = COALESCE(?, CASE WHEN ? IN ('failed', 'conflict') THEN last_error END),
         next_attempt_at = ?, confirmed_at = CASE WHEN ? = 'confirmed' THEN ? ELSE confirmed_at END,
         version = version + 1, lease_owner = ?, lease_until = ?
       WHERE id = ? AND (? IS NULL OR version = ?)`,
    )
    .run(
      state, stamp, extra.lastError ?? null, state, extra.nextAttemptAt ?? null, state, stamp,
      extra.lease?.owner ?? null, extra.lease?.until ?? null, row.id, extra.expectVersion ?? null, extra.expectVersion ?? null,
    ).changes;
  if (changed !== 1) return false;
  if (row.kind !== 'mark_viewed') {
    const replyState = extra.replyState ?? (state === 'cancelled' ? 'none' : state);
    sqlite.prepare('UPDATE interactions SET reply_state = ?, updated_at = ? WHERE id = ?').run(replyState, stamp, row.interaction_id);
  }
  if (extra.event) addEvent(sqlite, row.interaction_id, extra.event, { outboxId: row.id, kind: row.kind, ...extra.payload }, now);
  return true;
}

export function addEvent(sqlite: BetterSqlite3.Database, interactionId: number, type: string, payload: Record<string, unknown>, now: Date): void {
  sqlite.prepare('INSERT INTO interaction_events (interaction_id, type, payload_json, created_at) VALUES (?, ?, ?, ?)').run(interactionId, type, JSON.stringify(payload), now.toISOString());
}

/** WB may normalise whitespace; compare answers the way a reader would. */
export const sameText = (a: string | null | undefined, b: string | null | undefined) =>
  a != null && b != null && a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** The reply kinds that answer an item; at most one of them may be active per interaction. */
export const ANSWER_KINDS: readonly OutboxKind[] = ['answer', 'edit', 'reject', 'chat_message'];
export const ACTIVE_STATES: readonly OutboxState[] = ['queued', 'sending', 'sent_pending', 'conflict'];

/**
 * How far back of the moment a row went `sending` (our clock) a seller message of ours may be
 * dated by WB: our clock may be fast or slow by minutes (after a crash, a bad RTC, a VM resume).
 */
export const CHAT_CLOCK_SKEW_MS = 10 * 60_000;
/** When WB returned the send's addTime (WB's own clock), its event is looked for from a minute before it. */
const WB_TIME_SLACK_MS = 60_000;

/**
 * The WB chat event that shows this sent (or possibly sent) chat message: a seller message in the
 * same chat with the same text, dated at/after the send (generously, see above), newer than the
 * chat's newest message when the row went `sending` (`chat_baseline_id`: an equal text the seller
 * sent from the WB portal before is another message), not already matched to another outbox row.
 * Null when there is none. The caller records the match.
 */
export function findChatEvent(
  sqlite: BetterSqlite3.Database,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'text' | 'sent_at' | 'created_at' | 'wb_sent_at' | 'chat_baseline_id'>,
): string | null {
  const since = row.wb_sent_at
    ? Date.parse(row.wb_sent_at) - WB_TIME_SLACK_MS
    : Date.parse(row.sent_at ?? row.created_at) - CHAT_CLOCK_SKEW_MS;
  const candidates = sqlite
    .prepare(
      `SELECT m.external_id, m.text FROM chat_messages m
       WHERE m.interaction_id = ? AND m.sender = 'seller' AND m.sent_at >= ? AND (? IS NULL OR m.id > ?)
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.interaction_id = m.interaction_id AND o.wb_event_id = m.external_id AND o.id != ?)
       ORDER BY m.sent_at, m.id`,
    )
    .all(row.interaction_id, new Date(since).toISOString(), row.chat_baseline_id, row.chat_baseline_id, row.id) as { external_id: string; text: string }[];
  return candidates.find((m) => sameText(m.text, row.text))?.external_id ?? null;
}

/**
 * WB's moderation state of a review's answer (CONTRACT §4 `answer.state`): `wbRu` shown,
 * `reviewRequired` under moderation, `rejected`, `none` new. Read from the synced raw item.
 */
export function reviewAnswerModeration(interaction: Pick<Interaction, 'channel' | 'raw_json'>): { state: string | null; text: string | null } {
  if (interaction.channel !== 'review') return { state: null, text: null };
  try {
    const raw = JSON.parse(interaction.raw_json) as { answer?: { state?: unknown; text?: unknown } | null };
    return { state: typeof raw.answer?.state === 'string' ? raw.answer.state : null, text: typeof raw.answer?.text === 'string' ? raw.answer.text : null };
  } catch {
    return { state: null, text: null };
  }
}

/** Why an answer WB turned down on moderation failed. */
export const MODERATION_REJECTED = coreMessage('wb_moderation_rejected');
