import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { OutboxEntryView, OutboxKind, OutboxState, ReplyOrigin } from '../../../src-shared/domain/outbox';
import { classifySentReply } from '../ai/quality';
import type { Account, Interaction, OutboxRow } from '../db/schema';
import type { ReplyAction } from '../../../src-shared/messages/catalog';
import { encodeMessage } from '../../../src-shared/messages/stored';
import { CoreError } from '../errors';
import type { PushBus } from '../events';
import { readSettings } from '../settings';
import { checkReply } from './guardrails';
import {
  ACTIVE_STATES, addEvent, ANSWER_KINDS, findChatEvent, interactionRow, MODERATION_REJECTED, outboxRow, reviewAnswerModeration, sameText, toOutboxView, transition,
} from './outbox-rows';

/** WB allows one edit of an answer within 60 days of sending it (CONTRACT §3, §4). */
export const EDIT_WINDOW_DAYS = 60;

export interface OutboxDeps {
  sqlite: BetterSqlite3.Database;
  bus: PushBus;
  clock: () => Date;
  /** Wakes the dispatcher after a reply is queued. */
  kick?: (accountId: number) => void;
}

export interface QueueInput {
  interactionId: number;
  text: string;
  kind: Exclude<OutboxKind, 'mark_viewed'>;
  origin: ReplyOrigin;
  draftText?: string | null;
}

/**
 * The reply outbox (DESIGN §5): every check happens before the one transaction that writes the
 * outbox row, the interaction's reply state and the event, so a refused reply changes nothing.
 */
export class Outbox {
  constructor(private readonly deps: OutboxDeps) {}

  queue(input: QueueInput): OutboxEntryView {
    const { sqlite, clock } = this.deps;
    const interaction = interactionRow(sqlite, input.interactionId);
    const account = this.accountOf(interaction);
    const text = input.text.trim();
    this.assertAllowed(account, interaction, input.kind, text);
    const now = clock();
    const id = sqlite.transaction(() => {
      const inserted = this.insert(interaction, input.kind, text, input.origin, now);
      addEvent(sqlite, interaction.id, 'reply_queued', { outboxId: inserted, kind: input.kind, origin: input.origin }, now);
      if (input.kind !== 'reject' && input.origin !== 'auto') {
        const quality = classifySentReply(input.draftText ?? null, text);
        addEvent(sqlite, interaction.id, quality, { outboxId: inserted, origin: input.origin }, now);
      }
      return inserted;
    })();
    this.changed(account.id, interaction.id);
    return this.view(id);
  }

  /** Marks a question viewed on WB (through the outbox so it also works offline); once per question. */
  queueMarkViewed(interactionId: number): boolean {
    const { sqlite, clock } = this.deps;
    const interaction = interactionRow(sqlite, interactionId);
    const account = this.accountOf(interaction);
    if (interaction.channel !== 'question' || interaction.was_viewed === 1 || account.is_demo === 1 || account.token_read_only === 1) return false;
    const now = clock();
    sqlite.transaction(() => {
      sqlite.prepare('UPDATE interactions SET was_viewed = 1 WHERE id = ?').run(interaction.id);
      this.insert(interaction, 'mark_viewed', '', 'manual', now);
    })();
    this.deps.kick?.(account.id);
    return true;
  }

  list(accountId: number, filter: { interactionId?: number; states?: readonly OutboxState[] } = {}): OutboxEntryView[] {
    const clauses = ['o.account_id = ?', "o.kind != 'mark_viewed'"];
    const params: unknown[] = [accountId];
    if (filter.interactionId) {
      clauses.push('o.interaction_id = ?');
      params.push(filter.interactionId);
    }
    if (filter.states?.length) {
      clauses.push(`o.state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    const rows = this.deps.sqlite
      .prepare(`SELECT o.*, i.channel, i.last_reply_text, i.answer_editable FROM outbox o JOIN interactions i ON i.id = o.interaction_id WHERE ${clauses.join(' AND ')} ORDER BY o.id DESC LIMIT 500`)
      .all(...params) as (OutboxRow & Pick<Interaction, 'channel' | 'last_reply_text' | 'answer_editable'>)[];
    const window = readSettings(this.deps.sqlite, accountId).pendingWindowMinutes;
    const now = this.deps.clock();
    return rows.map((row) => toOutboxView(row, row, window, now));
  }

  /**
   * «Отменить»: only while the reply has not started to go out (queued, or failed). Conditional on
   * the row being unchanged since read: a dispatcher that meanwhile looked the item up on WB then
   * finds the row changed and does not send it; one that already marked it `sending` wins, and the
   * cancel is refused.
   */
  cancel(outboxId: number): OutboxEntryView {
    const row = outboxRow(this.deps.sqlite, outboxId);
    if (row.state !== 'queued' && row.state !== 'failed') throw new CoreError('reply_state_refused', { action: 'cancel', state: row.state as OutboxState });
    return this.move(row, 'cancelled', { event: 'reply_cancelled' }, 'cancel');
  }

  /** «Повторить» a failed reply: back to the queue, attempts reset. */
  retry(outboxId: number): OutboxEntryView {
    const { sqlite, clock } = this.deps;
    const row = outboxRow(sqlite, outboxId);
    if (row.state !== 'failed') throw new CoreError('reply_state_refused', { action: 'retry', state: row.state as OutboxState });
    const done = sqlite.transaction(() => {
      if (!transition(sqlite, row, 'queued', clock(), { event: 'reply_retried', expectVersion: row.version })) return false;
      sqlite.prepare('UPDATE outbox SET attempts = 0, last_error = NULL WHERE id = ?').run(row.id);
      return true;
    })();
    if (!done) this.refuseChanged(row.id, 'retry');
    this.changed(row.account_id, row.interaction_id);
    return this.view(row.id);
  }

  /** «Изменить»: new text for a queued, failed or conflicting reply; guardrails run again. */
  update(outboxId: number, text: string): OutboxEntryView {
    const { sqlite, clock } = this.deps;
    const row = outboxRow(sqlite, outboxId);
    if (!['queued', 'failed', 'conflict'].includes(row.state)) throw new CoreError('reply_state_refused', { action: 'edit', state: row.state as OutboxState });
    const interaction = interactionRow(sqlite, row.interaction_id);
    const trimmed = text.trim();
    this.assertText(interaction, row.kind as QueueInput['kind'], trimmed);
    const now = clock();
    const done = sqlite.transaction(() => {
      // Only if unchanged since read (a dispatcher may have marked it `sending` meanwhile). A new
      // version also stops a dispatcher that is looking the item up from sending the old text.
      const updated = sqlite
        .prepare(
          `UPDATE outbox SET text = ?, attempts = 0, last_error = NULL, updated_at = ?, version = version + 1, lease_owner = NULL, lease_until = NULL
           WHERE id = ? AND version = ? AND state = ?`,
        )
        .run(trimmed, now.toISOString(), row.id, row.version, row.state).changes;
      if (updated !== 1) return false;
      // A conflict stays a conflict: the seller still has to choose what happens with WB's answer.
      if (row.state === 'failed') transition(sqlite, row, 'queued', now, { event: 'reply_edited' });
      else addEvent(sqlite, row.interaction_id, 'reply_edited', { outboxId: row.id }, now);
      return true;
    })();
    if (!done) this.refuseChanged(row.id, 'edit');
    this.changed(row.account_id, row.interaction_id);
    this.deps.kick?.(row.account_id);
    return this.view(row.id);
  }

  /**
   * After a conflict the seller chooses: `discard` ours (WB's answer stays), or `edit_wb` —
   * replace WB's answer with ours, which WB allows once within 60 days. A rejection is not an
   * answer: publishing its text as the answer would show the buyer the rejection reason, so a
   * conflicting rejection can only be discarded.
   */
  resolveConflict(outboxId: number, action: 'edit_wb' | 'discard'): OutboxEntryView {
    const { sqlite, clock } = this.deps;
    const row = outboxRow(sqlite, outboxId);
    if (row.state !== 'conflict') throw new CoreError('reply_state_refused', { action: 'resolve_conflict', state: row.state as OutboxState });
    if (action === 'discard') return this.move(row, 'cancelled', { event: 'reply_discarded', replyState: 'none' }, 'resolve_conflict');
    if (row.kind === 'reject') throw new CoreError('reject_after_answer');
    const interaction = interactionRow(sqlite, row.interaction_id);
    this.assertEditable(interaction);
    const now = clock();
    const editId = sqlite.transaction(() => {
      if (!transition(sqlite, row, 'cancelled', now, { event: 'reply_conflict_resolved', payload: { action }, expectVersion: row.version })) return null;
      const id = this.insert(interaction, 'edit', row.text, row.origin as ReplyOrigin, now);
      addEvent(sqlite, interaction.id, 'reply_queued', { outboxId: id, kind: 'edit', origin: row.origin }, now);
      return id;
    })();
    if (editId === null) this.refuseChanged(row.id, 'resolve_conflict');
    this.changed(row.account_id, row.interaction_id);
    return this.view(editId);
  }

  view(outboxId: number): OutboxEntryView {
    const row = outboxRow(this.deps.sqlite, outboxId);
    const interaction = interactionRow(this.deps.sqlite, row.interaction_id);
    return toOutboxView(row, interaction, readSettings(this.deps.sqlite, row.account_id).pendingWindowMinutes, this.deps.clock());
  }

  /**
   * After every sync: replies WB now shows are confirmed; a reply still waiting while WB shows
   * another answer (the portal, WB's own AI, another tool) becomes a conflict and is not sent.
   */
  reconcile(accountId: number): number {
    const { sqlite, clock } = this.deps;
    // Chat rows whose send WB acknowledged (exact WB time) pick their event first.
    const rows = sqlite
      .prepare(`SELECT * FROM outbox WHERE account_id = ? AND state IN ('queued', 'sending', 'sent_pending') AND kind != 'mark_viewed' ORDER BY wb_sent_at IS NULL, id`)
      .all(accountId) as OutboxRow[];
    let changed = 0;
    const now = clock();
    for (const row of rows) {
      const interaction = interactionRow(sqlite, row.interaction_id);
      const found = verdictFor(sqlite, row, interaction);
      if (found.verdict === 'pending') continue;
      // Each change only if the row is as read (a dispatcher or another process may be on it).
      const done = sqlite.transaction(() => {
        const expectVersion = row.version;
        if (found.verdict === 'confirmed') {
          if (!transition(sqlite, row, 'confirmed', now, { event: 'reply_confirmed', expectVersion })) return false;
          if (found.eventId) sqlite.prepare('UPDATE outbox SET wb_event_id = ? WHERE id = ?').run(found.eventId, row.id);
          return true;
        }
        if (found.verdict === 'rejected') return markModerationRejected(sqlite, row, now, expectVersion);
        return transition(sqlite, row, 'conflict', now, { event: 'reply_conflict', payload: { wbAnswer: interaction.last_reply_text }, expectVersion });
      })();
      if (!done) continue;
      changed += 1;
      this.deps.bus.emit('outbox.changed', { accountId, interactionId: row.interaction_id });
    }
    return changed;
  }

  private insert(interaction: Interaction, kind: OutboxKind, text: string, origin: ReplyOrigin, now: Date): number {
    const stamp = now.toISOString();
    const id = Number(
      this.deps.sqlite
        .prepare(
          `INSERT INTO outbox (account_id, interaction_id, kind, text, idempotency_key, state, origin, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
        )
        .run(interaction.account_id, interaction.id, kind, text, randomUUID(), origin, stamp, stamp).lastInsertRowid,
    );
    if (kind !== 'mark_viewed') this.deps.sqlite.prepare(`UPDATE interactions SET reply_state = 'queued', updated_at = ? WHERE id = ?`).run(stamp, interaction.id);
    return id;
  }

  /** A seller's state change, only if the row is still as read; refused with the current state otherwise. */
  private move(row: OutboxRow, state: OutboxState, extra: Parameters<typeof transition>[4], action: ReplyAction): OutboxEntryView {
    const now = this.deps.clock();
    const done = this.deps.sqlite.transaction(() => transition(this.deps.sqlite, row, state, now, { ...extra, expectVersion: row.version }))();
    if (!done) this.refuseChanged(row.id, action);
    this.changed(row.account_id, row.interaction_id);
    return this.view(row.id);
  }

  /** The row changed between reading and writing it (a dispatcher started sending it, a sync confirmed it). */
  private refuseChanged(outboxId: number, action: ReplyAction): never {
    const current = outboxRow(this.deps.sqlite, outboxId);
    if (current.state === 'queued' || current.state === 'failed') throw new CoreError('reply_changed_meanwhile', { action });
    throw new CoreError('reply_state_refused', { action, state: current.state as OutboxState });
  }

  private changed(accountId: number, interactionId: number) {
    this.deps.bus.emit('outbox.changed', { accountId, interactionId });
    this.deps.bus.emit('inbox.changed', { accountId, channels: [] });
    this.deps.kick?.(accountId);
  }

  private accountOf(interaction: Interaction): Account {
    return this.deps.sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(interaction.account_id) as Account;
  }

  private assertAllowed(account: Account, interaction: Interaction, kind: QueueInput['kind'], text: string) {
    if (account.is_demo === 1) throw new CoreError('demo_no_replies');
    if (account.token_read_only === 1) throw new CoreError('wb_token_read_only');
    const channelKinds: Record<string, QueueInput['kind'][]> = { review: ['answer', 'edit'], question: ['answer', 'edit', 'reject'], chat: ['chat_message'] };
    if (!channelKinds[interaction.channel]!.includes(kind)) throw new CoreError('reply_kind_not_allowed', { kind });
    const active = this.deps.sqlite
      .prepare(`SELECT state FROM outbox WHERE interaction_id = ? AND kind IN (${ANSWER_KINDS.map(() => '?').join(', ')}) AND state IN (${ACTIVE_STATES.map(() => '?').join(', ')}) LIMIT 1`)
      .pluck()
      .get(interaction.id, ...ANSWER_KINDS, ...ACTIVE_STATES) as string | undefined;
    if (kind === 'answer' || kind === 'reject') {
      if (interaction.last_reply_text !== null) throw new CoreError('reply_already_answered');
      if (kind === 'reject' && interaction.wb_state === 'none') throw new CoreError('question_already_rejected');
    }
    if (kind === 'edit') this.assertEditable(interaction);
    // Chats are conversations: several messages may wait in turn. Answers are one per item.
    if (active && kind !== 'chat_message') throw new CoreError('reply_already_queued');
    if (kind === 'chat_message' && !interaction.reply_sign) throw new CoreError('chat_no_reply_sign');
    this.assertText(interaction, kind, text);
  }

  private assertEditable(interaction: Interaction) {
    if (interaction.channel === 'chat') throw new CoreError('chat_message_not_editable');
    if (interaction.last_reply_text === null) throw new CoreError('answer_nothing_to_edit');
    if (interaction.answer_editable === 0) throw new CoreError('answer_edit_used');
    if (interaction.last_reply_at && this.deps.clock().getTime() - Date.parse(interaction.last_reply_at) > EDIT_WINDOW_DAYS * 86_400_000)
      throw new CoreError('answer_edit_expired', { days: EDIT_WINDOW_DAYS });
  }

  private assertText(interaction: Interaction, kind: QueueInput['kind'], text: string) {
    const check = checkReply({ channel: interaction.channel, text, kind });
    const blocking = check.violations.find((v) => v.severity === 'block');
    // Every violation's message names the phrase it found.
    if (blocking) throw new CoreError('reply_blocked', { violation: blocking.message });
  }
}

type Verdict = { verdict: 'confirmed' | 'conflict' | 'pending' | 'rejected'; eventId?: string };

/** What WB's current state (as synced) says about one waiting reply. */
function verdictFor(sqlite: BetterSqlite3.Database, row: OutboxRow, interaction: Interaction): Verdict {
  switch (row.kind) {
    case 'answer':
    case 'edit': {
      // A review answer WB holds for moderation is not published yet; one it rejected is not published at all.
      const moderation = reviewAnswerModeration(interaction);
      if (moderation.state === 'rejected' && row.state !== 'queued' && sameText(moderation.text, row.text)) return { verdict: 'rejected' };
      if (sameText(interaction.last_reply_text, row.text)) return { verdict: moderation.state === 'reviewRequired' ? 'pending' : 'confirmed' };
      return { verdict: row.kind === 'answer' && interaction.last_reply_text !== null ? 'conflict' : 'pending' };
    }
    case 'reject':
      return { verdict: interaction.wb_state === 'none' ? 'confirmed' : interaction.last_reply_text !== null ? 'conflict' : 'pending' };
    case 'chat_message': {
      // A queued message was never sent, nor a `sending` one whose request has not started
      // (sent_at unset): an equal text in the chat is another message, not this one.
      if (row.state === 'queued' || !row.sent_at) return { verdict: 'pending' };
      const eventId = findChatEvent(sqlite, row);
      return eventId ? { verdict: 'confirmed', eventId } : { verdict: 'pending' };
    }
    default:
      return { verdict: 'pending' };
  }
}

/** WB turned our review answer down on moderation: failed (editable, retry allowed), the review needs an answer again. */
export function markModerationRejected(sqlite: BetterSqlite3.Database, row: OutboxRow, now: Date, expectVersion: number): boolean {
  if (!transition(sqlite, row, 'failed', now, { lastError: encodeMessage(MODERATION_REJECTED), event: 'reply_failed', payload: { reason: MODERATION_REJECTED }, expectVersion })) return false;
  sqlite.prepare(`UPDATE interactions SET needs_response = 1, status = 'open', last_reply_text = NULL, answer_editable = NULL WHERE id = ?`).run(row.interaction_id);
  return true;
}
