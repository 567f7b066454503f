import type BetterSqlite3 from 'better-sqlite3';
import type { OutboxEntryView, OutboxKind, OutboxState, ReplyOrigin } from '../../../src-shared/domain/outbox';
import type { Channel, ReplyState } from '../../../src-shared/domain/interaction';
import type { Interaction, OutboxRow } from '../db/schema';
import { CoreError } from '../errors';
import { chatMatchWindow, type SeenChatMessage, type WbChatSeen } from './reply-verdict';

/** Outbox row <-> view and the small statements every outbox step shares (STYLE habit 7). */
export function outboxRow(sqlite: BetterSqlite3.Database, id: number): OutboxRow {
  const row = sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
  if (!row) throw new CoreError('not_found', `Ответ #${id} в очереди не найден`);
  return row;
}

export function interactionRow(sqlite: BetterSqlite3.Database, id: number): Interaction {
  const row = sqlite.prepare('SELECT * FROM interactions WHERE id = ?').get(id) as Interaction | undefined;
  if (!row) throw new CoreError('not_found', `Обращение #${id} не найдено`);
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
    lastError: row.last_error,
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

/** The reply kinds that answer an item; at most one of them may be active per interaction. */
export const ANSWER_KINDS: readonly OutboxKind[] = ['answer', 'edit', 'reject', 'chat_message'];
export const ACTIVE_STATES: readonly OutboxState[] = ['queued', 'sending', 'sent_pending', 'conflict'];

/**
 * The chat's messages WB has shown within the window where this reply's message can be
 * (`chatMatchWindow`), each marked if another outbox row already matched it; `replyVerdict` decides.
 */
export function seenInChat(
  sqlite: BetterSqlite3.Database,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'sent_at' | 'created_at' | 'wb_sent_at' | 'chat_baseline_id'>,
  feedReadPastSend: boolean,
): WbChatSeen {
  const { since, afterId } = chatMatchWindow(row);
  const messages = sqlite
    .prepare(
      `SELECT m.id, m.external_id AS externalId, m.sender, m.text, m.sent_at AS sentAt,
         EXISTS (SELECT 1 FROM outbox o WHERE o.interaction_id = m.interaction_id AND o.wb_event_id = m.external_id AND o.id != ?) AS matchedToOtherReply
       FROM chat_messages m
       WHERE m.interaction_id = ? AND m.sent_at >= ? AND (? IS NULL OR m.id > ?)`,
    )
    .all(row.id, row.interaction_id, since, afterId, afterId) as (Omit<SeenChatMessage, 'matchedToOtherReply'> & { matchedToOtherReply: 0 | 1 })[];
  return { channel: 'chat', messages: messages.map((m) => ({ ...m, matchedToOtherReply: m.matchedToOtherReply === 1 })), feedReadPastSend };
}

/** Seller-facing reason of an answer WB turned down on moderation. */
export const MODERATION_REJECTED = 'WB отклонил ответ на модерации';

/** WB turned our review answer down on moderation: failed (editable, retry allowed), the review needs an answer again. */
export function markModerationRejected(sqlite: BetterSqlite3.Database, row: OutboxRow, now: Date, expectVersion: number): boolean {
  if (!transition(sqlite, row, 'failed', now, { lastError: MODERATION_REJECTED, event: 'reply_failed', payload: { reason: MODERATION_REJECTED }, expectVersion })) return false;
  sqlite.prepare(`UPDATE interactions SET needs_response = 1, status = 'open', last_reply_text = NULL, answer_editable = NULL WHERE id = ?`).run(row.interaction_id);
  return true;
}
