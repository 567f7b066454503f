import { sql } from 'kysely';
import type { OutboxEntryView, OutboxKind, OutboxState } from '../../../src-shared/domain/outbox';
import type { ReplyState } from '../../../src-shared/domain/interaction';
import type { Interaction, OutboxRow } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import { decodeMessage, encodeMessage } from '../../../src-shared/messages/stored';
import { CoreError } from '../errors';
import { redact, redactValue } from '../redact';
import { chatMatchWindow, type WbChatSeen } from './reply-verdict';

/**
 * Outbox row <-> view and the small statements every outbox step shares (STYLE habit 7), built
 * with Kysely and run through the database's SqlRunner. The shared ones run on every step of every
 * reply: they are compiled once per database.
 */
const preparedByDb = new WeakMap<SqlRunner, ReturnType<typeof prepareShared>>();

function shared(db: SqlRunner) {
  let prepared = preparedByDb.get(db);
  if (!prepared) preparedByDb.set(db, (prepared = prepareShared(db)));
  return prepared;
}

function prepareShared(db: SqlRunner) {
  return {
    outbox: db.prepare((p: { id: number }) => db.build.selectFrom('outbox').selectAll().where('id', '=', p.id)),
    interaction: db.prepare((p: { id: number }) =>
      db.build.selectFrom('interactions').selectAll().where('id', '=', p.id),
    ),
    // With `expectVersion` null the change is unconditional.
    transition: db.prepare(
      (p: {
        id: number;
        state: OutboxState;
        stamp: string;
        lastError: string | null;
        nextAttemptAt: string | null;
        leaseOwner: string | null;
        leaseUntil: string | null;
        expectVersion: number | null;
      }) =>
        db.build
          .updateTable('outbox')
          .set({
            state: p.state,
            updated_at: p.stamp,
            // A failure or a conflict keeps its reason unless given a new one; any other state clears it.
            last_error: sql<
              string | null
            >`COALESCE(${p.lastError}, CASE WHEN ${p.state} IN ('failed', 'conflict') THEN last_error END)`,
            next_attempt_at: p.nextAttemptAt,
            confirmed_at: sql<string | null>`CASE WHEN ${p.state} = 'confirmed' THEN ${p.stamp} ELSE confirmed_at END`,
            version: (eb) => eb('version', '+', 1),
            lease_owner: p.leaseOwner,
            lease_until: p.leaseUntil,
          })
          .where('id', '=', p.id)
          .where(sql<boolean>`(${p.expectVersion} IS NULL OR version = ${p.expectVersion})`),
    ),
    replyState: db.prepare((p: { id: number; replyState: ReplyState; stamp: string }) =>
      db.build
        .updateTable('interactions')
        .set({ reply_state: p.replyState, updated_at: p.stamp })
        .where('id', '=', p.id),
    ),
    addEvent: db.prepare((p: { interactionId: number; type: string; payload: string; stamp: string }) =>
      db.build
        .insertInto('interaction_events')
        .values({ interaction_id: p.interactionId, type: p.type, payload_json: p.payload, created_at: p.stamp }),
    ),
    needsAnswerAgain: db.prepare((p: { id: number }) =>
      db.build
        .updateTable('interactions')
        .set({ needs_response: 1, status: 'open', last_reply_text: null, answer_editable: null })
        .where('id', '=', p.id),
    ),
    chatWindow: db.prepare((p: { outboxId: number; interactionId: number; since: string; afterId: number | null }) =>
      db.build
        .selectFrom('chat_messages as m')
        .select((eb) => [
          'm.id',
          'm.external_id as externalId',
          'm.sender',
          'm.text',
          'm.sent_at as sentAt',
          eb
            .exists(
              eb
                .selectFrom('outbox as o')
                .select('o.id')
                .whereRef('o.interaction_id', '=', 'm.interaction_id')
                .whereRef('o.wb_event_id', '=', 'm.external_id')
                .where('o.id', '!=', p.outboxId),
            )
            .as('matchedToOtherReply'),
        ])
        .where('m.interaction_id', '=', p.interactionId)
        .where('m.sent_at', '>=', p.since)
        .where(sql<boolean>`(${p.afterId} IS NULL OR m.id > ${p.afterId})`),
    ),
  };
}

/**
 * `outbox.last_error` of a reply held for undo send (with `next_attempt_at` = the end of the hold):
 * tells a hold from a backoff, which «send now» and coming back online clear, and a hold they must not.
 */
export const HELD_MARK = encodeMessage(coreMessage('reply_held'));
/** The longest hold `reply.send` accepts (the UI holds 10 s). */
export const MAX_HOLD_SECONDS = 30;

export function outboxRow(db: SqlRunner, id: number): OutboxRow {
  const row = shared(db).outbox.get({ id });
  if (!row) throw new CoreError('not_found', { entity: 'outbox_entry', id });
  return row;
}

export function interactionRow(db: SqlRunner, id: number): Interaction {
  const row = shared(db).interaction.get({ id });
  if (!row) throw new CoreError('not_found', { entity: 'interaction', id });
  return row;
}

export function toOutboxView(
  row: OutboxRow,
  interaction: Pick<Interaction, 'channel' | 'last_reply_text' | 'answer_editable'>,
  pendingWindowMinutes: number,
  now: Date,
): OutboxEntryView {
  return {
    id: row.id,
    accountId: row.account_id,
    interactionId: row.interaction_id,
    channel: interaction.channel,
    kind: row.kind,
    text: row.text,
    state: row.state,
    origin: row.origin,
    attempts: row.attempts,
    // A stored reason may quote a server that echoed a secret: masked on the way out too. A hold is no error.
    lastError: row.last_error === HELD_MARK ? null : (redactValue(decodeMessage(row.last_error)) as CoreMessage | null),
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
    confirmedAt: row.confirmed_at,
    createdAt: row.created_at,
    overdue:
      row.state === 'sent_pending' &&
      row.sent_at !== null &&
      now.getTime() - Date.parse(row.sent_at) > pendingWindowMinutes * 60_000,
    wbAnswer: row.state === 'conflict' ? interaction.last_reply_text : null,
    wbAnswerEditable:
      row.state === 'conflict'
        ? interaction.answer_editable === null
          ? null
          : interaction.answer_editable === 1
        : null,
    heldUntil:
      row.state === 'queued' &&
      row.last_error === HELD_MARK &&
      row.next_attempt_at !== null &&
      row.next_attempt_at > now.toISOString()
        ? row.next_attempt_at
        : null,
  };
}

/**
 * One state change of a reply: the outbox row, the interaction's reply state and an event, together.
 * Every change bumps the row's `version` and ends any dispatcher lease (unless `lease` sets one).
 * With `expectVersion` the change happens only if nobody changed the row since it was read at that
 * version; returns false (and changes nothing) otherwise.
 */
export function transition(
  db: SqlRunner,
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
  const statements = shared(db);
  const changed = statements.transition.run({
    id: row.id,
    state,
    stamp,
    // A reason may quote WB's answer, which may echo the token: masked before it is stored.
    lastError: extra.lastError == null ? null : redact(extra.lastError),
    nextAttemptAt: extra.nextAttemptAt ?? null,
    leaseOwner: extra.lease?.owner ?? null,
    leaseUntil: extra.lease?.until ?? null,
    expectVersion: extra.expectVersion ?? null,
  }).changes;
  if (changed !== 1) return false;
  if (row.kind !== 'mark_viewed')
    statements.replyState.run({
      id: row.interaction_id,
      replyState: extra.replyState ?? (state === 'cancelled' ? 'none' : state),
      stamp,
    });
  if (extra.event)
    addEvent(db, row.interaction_id, extra.event, { outboxId: row.id, kind: row.kind, ...extra.payload }, now);
  return true;
}

export function addEvent(
  db: SqlRunner,
  interactionId: number,
  type: string,
  payload: Record<string, unknown>,
  now: Date,
): void {
  shared(db).addEvent.run({ interactionId, type, payload: redact(JSON.stringify(payload)), stamp: now.toISOString() });
}

/** The reply kinds that answer an item; at most one of them may be active per interaction. */
export const ANSWER_KINDS: readonly OutboxKind[] = ['answer', 'edit', 'reject', 'chat_message'];
export const ACTIVE_STATES: readonly OutboxState[] = ['queued', 'sending', 'sent_pending', 'conflict'];

/**
 * The chat's messages WB has shown within the window where this reply's message can be
 * (`chatMatchWindow`), each marked if another outbox row already matched it; `replyVerdict` decides.
 */
export function seenInChat(
  db: SqlRunner,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'sent_at' | 'created_at' | 'wb_sent_at' | 'chat_baseline_id'>,
  feedReadPastSend: boolean,
): WbChatSeen {
  const { since, afterId } = chatMatchWindow(row);
  const messages = shared(db).chatWindow.all({ outboxId: row.id, interactionId: row.interaction_id, since, afterId });
  // SQLite answers EXISTS with 0 or 1.
  return {
    channel: 'chat',
    messages: messages.map((m) => ({ ...m, matchedToOtherReply: Number(m.matchedToOtherReply) === 1 })),
    feedReadPastSend,
  };
}

/** Why an answer WB turned down on moderation failed. */
export const MODERATION_REJECTED = coreMessage('wb_moderation_rejected');

/** WB turned our review answer down on moderation: failed (editable, retry allowed), the review needs an answer again. */
export function markModerationRejected(
  db: SqlRunner,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'kind'>,
  now: Date,
  expectVersion: number,
): boolean {
  if (
    !transition(db, row, 'failed', now, {
      lastError: encodeMessage(MODERATION_REJECTED),
      event: 'reply_failed',
      payload: { reason: MODERATION_REJECTED },
      expectVersion,
    })
  )
    return false;
  shared(db).needsAnswerAgain.run({ id: row.interaction_id });
  return true;
}
