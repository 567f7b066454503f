import type BetterSqlite3 from 'better-sqlite3';
import type { OutboxEntryView, OutboxKind, OutboxState, ReplyOrigin } from '../../../src-shared/domain/outbox';
import type { Channel, ReplyState } from '../../../src-shared/domain/interaction';
import type { Interaction, OutboxRow } from '../db/schema';
import { CoreError } from '../errors';

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

/** One state change of a reply: the outbox row, the interaction's reply state and an event, together. */
export function transition(
  sqlite: BetterSqlite3.Database,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'kind'>,
  state: OutboxState,
  now: Date,
  extra: { lastError?: string | null; nextAttemptAt?: string | null; event?: string; payload?: Record<string, unknown>; replyState?: ReplyState } = {},
): void {
  const stamp = now.toISOString();
  sqlite
    .prepare(
      `UPDATE outbox SET state = ?, updated_at = ?, last_error = COALESCE(?, CASE WHEN ? IN ('failed', 'conflict') THEN last_error END),
         next_attempt_at = ?, confirmed_at = CASE WHEN ? = 'confirmed' THEN ? ELSE confirmed_at END WHERE id = ?`,
    )
    .run(state, stamp, extra.lastError ?? null, state, extra.nextAttemptAt ?? null, state, stamp, row.id);
  if (row.kind !== 'mark_viewed') {
    const replyState = extra.replyState ?? (state === 'cancelled' ? 'none' : state);
    sqlite.prepare('UPDATE interactions SET reply_state = ?, updated_at = ? WHERE id = ?').run(replyState, stamp, row.interaction_id);
  }
  if (extra.event) addEvent(sqlite, row.interaction_id, extra.event, { outboxId: row.id, kind: row.kind, ...extra.payload }, now);
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
