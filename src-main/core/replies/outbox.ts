import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { OutboxEntryView, OutboxKind, OutboxState, ReplyOrigin } from '../../../src-shared/domain/outbox';
import { classifySentReply } from '../ai/quality';
import type { Account, Interaction, OutboxRow } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import type { ReplyAction } from '../../../src-shared/messages/catalog';
import { CoreError } from '../errors';
import type { PushBus } from '../events';
import { AVITO_CHANNEL } from '../../../src-shared/domain/interaction';
import { checkReply } from './guardrails';
import {
  ACTIVE_STATES,
  addEvent,
  ANSWER_KINDS,
  HELD_MARK,
  interactionRow,
  markModerationRejected,
  outboxRow,
  seenInChat,
  MAX_HOLD_SECONDS,
  toOutboxView,
  transition,
} from './outbox-rows';
import { isWaitingReply, itemSeenInSync, replyVerdict, WAITING_STATES } from './reply-verdict';

/** WB allows one edit of an answer within 60 days of sending it (CONTRACT §3, §4). */
export const EDIT_WINDOW_DAYS = 60;

export interface OutboxDeps {
  db: SqlRunner;
  bus: PushBus;
  clock: () => Date;
  /** The account's pending window (settings `pendingWindowMinutes`): a reply waiting longer is flagged. */
  pendingWindowMinutes: (accountId: number) => number;
}

/** Told the account of a reply that became due to send (queued, retried, edited). */
export type QueuedListener = (accountId: number) => void;

export interface QueueInput {
  interactionId: number;
  text: string;
  kind: Exclude<OutboxKind, 'mark_viewed'>;
  origin: ReplyOrigin;
  draftText?: string | null;
  /** An auto-reply's template: recorded with the reply as an `auto_reply` event, which the daily cap counts. */
  templateId?: string;
  /**
   * Undo send: the reply is not sent before this many seconds (0..30) and can be cancelled until
   * then. The UI passes it; the CLI never does (its replies go at once).
   */
  holdSeconds?: number;
}

/**
 * The reply outbox (DESIGN §5): every check happens before the one transaction that writes the
 * outbox row, the interaction's reply state and the event, so a refused reply changes nothing
 * but a `reply_blocked` event when the guardrails refused it (analytics counts those).
 */
export class Outbox {
  private readonly queuedListeners = new Set<QueuedListener>();

  constructor(private readonly deps: OutboxDeps) {}

  /**
   * Subscribes to replies becoming due to send; returns the unsubscribe. The dispatcher listens, so
   * it sends at once instead of at its next interval; the outbox knows nothing of it.
   */
  onQueued(listener: QueuedListener): () => void {
    this.queuedListeners.add(listener);
    return () => this.queuedListeners.delete(listener);
  }

  queue(input: QueueInput): OutboxEntryView {
    const { db, clock } = this.deps;
    const interaction = interactionRow(db, input.interactionId);
    const account = this.accountOf(interaction);
    const text = input.text.trim();
    this.assertAllowed(account, interaction, input.kind, text);
    const now = clock();
    const hold = Math.min(Math.max(Math.trunc(input.holdSeconds ?? 0), 0), MAX_HOLD_SECONDS);
    const id = db.transaction(() => {
      const inserted = this.insert(interaction, input.kind, text, input.origin, now, hold);
      addEvent(db, interaction.id, 'reply_queued', { outboxId: inserted, kind: input.kind, origin: input.origin }, now);
      if (input.kind !== 'reject' && input.origin !== 'auto') {
        const quality = classifySentReply(input.draftText ?? null, text);
        addEvent(db, interaction.id, quality, { outboxId: inserted, origin: input.origin }, now);
      }
      if (input.origin === 'auto' && input.templateId)
        addEvent(db, interaction.id, 'auto_reply', { outboxId: inserted, templateId: input.templateId }, now);
      return inserted;
    });
    this.changed(account.id, interaction.id);
    this.queued(account.id);
    return this.view(id);
  }

  /**
   * Marks a question viewed on WB, or an Avito chat read on Avito (`/read`, CONTRACT §2.7), through
   * the outbox so it also works offline; called when the seller opens the item, never by a sync
   * (reading an Avito chat's messages does not mark it read, §5.3). Once per question; once per
   * Avito chat and newest stored message (a mark waiting, or done up to it, is not repeated).
   */
  queueMarkViewed(interactionId: number): boolean {
    const { db, clock } = this.deps;
    const interaction = interactionRow(db, interactionId);
    const account = this.accountOf(interaction);
    if ((interaction.channel as string) === AVITO_CHANNEL) return this.queueAvitoRead(interaction, account);
    if (
      interaction.channel !== 'question' ||
      interaction.was_viewed === 1 ||
      account.is_demo === 1 ||
      account.token_read_only === 1
    )
      return false;
    const now = clock();
    db.transaction(() => {
      db.run(db.build.updateTable('interactions').set({ was_viewed: 1 }).where('id', '=', interaction.id));
      this.insert(interaction, 'mark_viewed', '', 'manual', now);
    });
    this.queued(account.id);
    return true;
  }

  private queueAvitoRead(interaction: Interaction, account: Account): boolean {
    const { db, clock } = this.deps;
    if (account.is_demo === 1) return false;
    const newest =
      db.get(
        db.build
          .selectFrom('chat_messages')
          .select((eb) => eb.fn.max<number>('id').as('id'))
          .where('interaction_id', '=', interaction.id),
      )?.id ?? null;
    if (newest === null) return false;
    const id = db.transaction(() => {
      // A mark waiting to go covers this open too (Avito marks the whole chat read when it goes).
      const waiting = db.run(
        db.build
          .updateTable('outbox')
          .set({ chat_baseline_id: newest })
          .where('interaction_id', '=', interaction.id)
          .where('kind', '=', 'mark_viewed')
          .where('state', '=', 'queued'),
      ).changes;
      // So does one done, or going, after this message was stored; one that started before it does not.
      const done = db.get(
        db.build
          .selectFrom('outbox')
          .select('id')
          .where('interaction_id', '=', interaction.id)
          .where('kind', '=', 'mark_viewed')
          .where('state', 'in', ['sending', 'confirmed'])
          .where('chat_baseline_id', '>=', newest)
          .limit(1),
      );
      if (waiting > 0 || done) return null;
      const inserted = this.insert(interaction, 'mark_viewed', '', 'manual', clock());
      db.run(db.build.updateTable('outbox').set({ chat_baseline_id: newest }).where('id', '=', inserted));
      return inserted;
    });
    if (id === null) return false;
    this.queued(account.id);
    return true;
  }

  list(accountId: number, filter: { interactionId?: number; states?: readonly OutboxState[] } = {}): OutboxEntryView[] {
    const { db } = this.deps;
    let query = db.build
      .selectFrom('outbox as o')
      .innerJoin('interactions as i', 'i.id', 'o.interaction_id')
      .selectAll('o')
      .select(['i.channel', 'i.last_reply_text', 'i.answer_editable'])
      .where('o.account_id', '=', accountId)
      .where('o.kind', '!=', 'mark_viewed');
    if (filter.interactionId) query = query.where('o.interaction_id', '=', filter.interactionId);
    if (filter.states?.length) query = query.where('o.state', 'in', filter.states);
    const rows = db.all(query.orderBy('o.id', 'desc').limit(500));
    const window = this.deps.pendingWindowMinutes(accountId);
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
    const row = outboxRow(this.deps.db, outboxId);
    if (row.state !== 'queued' && row.state !== 'failed')
      throw new CoreError('reply_state_refused', { action: 'cancel', state: row.state as OutboxState });
    return this.move(row, 'cancelled', { event: 'reply_cancelled' }, 'cancel');
  }

  /** «Повторить» a failed reply: back to the queue, attempts reset. */
  retry(outboxId: number): OutboxEntryView {
    const { db, clock } = this.deps;
    const row = outboxRow(db, outboxId);
    if (row.state !== 'failed')
      throw new CoreError('reply_state_refused', { action: 'retry', state: row.state as OutboxState });
    const done = db.transaction(() => {
      if (!transition(db, row, 'queued', clock(), { event: 'reply_retried', expectVersion: row.version })) return false;
      db.run(db.build.updateTable('outbox').set({ attempts: 0, last_error: null }).where('id', '=', row.id));
      return true;
    });
    if (!done) this.refuseChanged(row.id, 'retry');
    this.changed(row.account_id, row.interaction_id);
    this.queued(row.account_id);
    return this.view(row.id);
  }

  /** «Изменить»: new text for a queued, failed or conflicting reply; guardrails run again. */
  update(outboxId: number, text: string): OutboxEntryView {
    const { db, clock } = this.deps;
    const row = outboxRow(db, outboxId);
    if (!['queued', 'failed', 'conflict'].includes(row.state))
      throw new CoreError('reply_state_refused', { action: 'edit', state: row.state as OutboxState });
    const interaction = interactionRow(db, row.interaction_id);
    const trimmed = text.trim();
    this.assertText(interaction, row.kind as QueueInput['kind'], trimmed);
    const now = clock();
    const done = db.transaction(() => {
      // Only if unchanged since read (a dispatcher may have marked it `sending` meanwhile). A new
      // version also stops a dispatcher that is looking the item up from sending the old text.
      const updated = db.run(
        db.build
          .updateTable('outbox')
          .set({
            text: trimmed,
            attempts: 0,
            // A reply still held for undo stays held (and cancellable) with its new text.
            last_error: row.last_error === HELD_MARK ? HELD_MARK : null,
            updated_at: now.toISOString(),
            version: (eb) => eb('version', '+', 1),
            lease_owner: null,
            lease_until: null,
          })
          .where('id', '=', row.id)
          .where('version', '=', row.version)
          .where('state', '=', row.state),
      ).changes;
      if (updated !== 1) return false;
      // A conflict stays a conflict: the seller still has to choose what happens with WB's answer.
      if (row.state === 'failed') transition(db, row, 'queued', now, { event: 'reply_edited' });
      else addEvent(db, row.interaction_id, 'reply_edited', { outboxId: row.id }, now);
      return true;
    });
    if (!done) this.refuseChanged(row.id, 'edit');
    this.changed(row.account_id, row.interaction_id);
    if (row.state !== 'conflict') this.queued(row.account_id);
    return this.view(row.id);
  }

  /**
   * After a conflict the seller chooses: `discard` ours (WB's answer stays), or `edit_wb` —
   * replace WB's answer with ours, which WB allows once within 60 days. A rejection is not an
   * answer: publishing its text as the answer would show the buyer the rejection reason, so a
   * conflicting rejection can only be discarded.
   */
  resolveConflict(outboxId: number, action: 'edit_wb' | 'discard'): OutboxEntryView {
    const { db, clock } = this.deps;
    const row = outboxRow(db, outboxId);
    if (row.state !== 'conflict')
      throw new CoreError('reply_state_refused', { action: 'resolve_conflict', state: row.state as OutboxState });
    if (action === 'discard')
      return this.move(row, 'cancelled', { event: 'reply_discarded', replyState: 'none' }, 'resolve_conflict');
    if (row.kind === 'reject') throw new CoreError('reject_after_answer');
    const interaction = interactionRow(db, row.interaction_id);
    this.assertEditable(interaction);
    const now = clock();
    const editId = db.transaction(() => {
      if (
        !transition(db, row, 'cancelled', now, {
          event: 'reply_conflict_resolved',
          payload: { action },
          expectVersion: row.version,
        })
      )
        return null;
      const id = this.insert(interaction, 'edit', row.text, row.origin, now);
      addEvent(db, interaction.id, 'reply_queued', { outboxId: id, kind: 'edit', origin: row.origin }, now);
      return id;
    });
    if (editId === null) this.refuseChanged(row.id, 'resolve_conflict');
    this.changed(row.account_id, row.interaction_id);
    this.queued(row.account_id);
    return this.view(editId);
  }

  view(outboxId: number): OutboxEntryView {
    const row = outboxRow(this.deps.db, outboxId);
    const interaction = interactionRow(this.deps.db, row.interaction_id);
    return toOutboxView(row, interaction, this.deps.pendingWindowMinutes(row.account_id), this.deps.clock());
  }

  /**
   * After every sync: replies WB now shows are confirmed (or sent and waiting while WB moderates
   * them); a reply still waiting while WB shows another answer (the portal, WB's own AI, another
   * tool) becomes a conflict and is not sent; one WB rejected on moderation fails. The verdict is
   * the dispatcher's (reply-verdict.ts), from what the sync stored; a sync never knows whether the
   * chat feed covers a send, so a chat message not found stays as it is.
   */
  reconcile(accountId: number): number {
    const { db, clock } = this.deps;
    const rows = db
      .all(
        db.build
          .selectFrom('outbox')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('state', 'in', WAITING_STATES)
          .where('kind', '!=', 'mark_viewed')
          // Chat rows whose send WB acknowledged (exact WB time) pick their message first.
          .orderBy(sql`wb_sent_at IS NULL`)
          .orderBy('id'),
      )
      .filter(isWaitingReply);
    let changed = 0;
    const now = clock();
    for (const row of rows) {
      const interaction = interactionRow(db, row.interaction_id);
      const found = replyVerdict(
        row,
        row.kind === 'chat_message' ? seenInChat(db, row, false) : itemSeenInSync(interaction),
      );
      if (found.verdict === 'not_on_wb' || found.verdict === 'unknown') continue;
      if (found.verdict === 'on_wb' && found.underModeration && row.state === 'sent_pending') continue;
      // Each change only if the row is as read (a dispatcher or another process may be on it).
      const done = db.transaction(() => {
        const expectVersion = row.version;
        if (found.verdict === 'on_wb') {
          if (
            !transition(db, row, found.underModeration ? 'sent_pending' : 'confirmed', now, {
              event: 'reply_confirmed',
              expectVersion,
            })
          )
            return false;
          if (found.wbEventId)
            db.run(db.build.updateTable('outbox').set({ wb_event_id: found.wbEventId }).where('id', '=', row.id));
          return true;
        }
        if (found.verdict === 'rejected_on_moderation') return markModerationRejected(db, row, now, expectVersion);
        return transition(db, row, 'conflict', now, {
          event: 'reply_conflict',
          payload: { wbAnswer: found.wbAnswer },
          expectVersion,
        });
      });
      if (!done) continue;
      changed += 1;
      this.deps.bus.emit('outbox.changed', { accountId, interactionId: row.interaction_id });
    }
    return changed;
  }

  private insert(
    interaction: Interaction,
    kind: OutboxKind,
    text: string,
    origin: ReplyOrigin,
    now: Date,
    holdSeconds = 0,
  ): number {
    const { db } = this.deps;
    const stamp = now.toISOString();
    // A held reply is simply not due before the hold ends; HELD_MARK keeps «send now» from clearing it.
    const held =
      holdSeconds > 0
        ? { next_attempt_at: new Date(now.getTime() + holdSeconds * 1000).toISOString(), last_error: HELD_MARK }
        : {};
    const id = Number(
      db.run(
        db.build.insertInto('outbox').values({
          account_id: interaction.account_id,
          interaction_id: interaction.id,
          kind,
          text,
          idempotency_key: randomUUID(),
          state: 'queued',
          origin,
          created_at: stamp,
          updated_at: stamp,
          ...held,
        }),
      ).lastInsertRowid,
    );
    if (kind !== 'mark_viewed')
      db.run(
        db.build
          .updateTable('interactions')
          // A reply ends a snooze (issue 11).
          .set({ reply_state: 'queued', snoozed_until: null, updated_at: stamp })
          .where('id', '=', interaction.id),
      );
    return id;
  }

  /** A seller's state change, only if the row is still as read; refused with the current state otherwise. */
  private move(
    row: OutboxRow,
    state: OutboxState,
    extra: Parameters<typeof transition>[4],
    action: ReplyAction,
  ): OutboxEntryView {
    const now = this.deps.clock();
    const { db } = this.deps;
    const done = db.transaction(() => transition(db, row, state, now, { ...extra, expectVersion: row.version }));
    if (!done) this.refuseChanged(row.id, action);
    this.changed(row.account_id, row.interaction_id);
    return this.view(row.id);
  }

  /** The row changed between reading and writing it (a dispatcher started sending it, a sync confirmed it). */
  private refuseChanged(outboxId: number, action: ReplyAction): never {
    const current = outboxRow(this.deps.db, outboxId);
    if (current.state === 'queued' || current.state === 'failed')
      throw new CoreError('reply_changed_meanwhile', { action });
    throw new CoreError('reply_state_refused', { action, state: current.state as OutboxState });
  }

  private changed(accountId: number, interactionId: number) {
    this.deps.bus.emit('outbox.changed', { accountId, interactionId });
    this.deps.bus.emit('inbox.changed', { accountId, channels: [] });
  }

  private queued(accountId: number) {
    for (const listener of this.queuedListeners) listener(accountId);
  }

  private accountOf(interaction: Interaction): Account {
    const { db } = this.deps;
    const account = db.get(db.build.selectFrom('accounts').selectAll().where('id', '=', interaction.account_id));
    // interactions.account_id references accounts: a missing one is a broken database, not input.
    if (!account) throw new Error(`account #${interaction.account_id} of interaction #${interaction.id} is missing`);
    return account;
  }

  private assertAllowed(account: Account, interaction: Interaction, kind: QueueInput['kind'], text: string) {
    if (account.is_demo === 1) throw new CoreError('demo_no_replies');
    if (account.token_read_only === 1) throw new CoreError('wb_token_read_only');
    const channelKinds: Record<string, QueueInput['kind'][]> = {
      review: ['answer', 'edit'],
      question: ['answer', 'edit', 'reject'],
      chat: ['chat_message'],
      [AVITO_CHANNEL]: ['chat_message'],
    };
    if (!channelKinds[interaction.channel]!.includes(kind)) throw new CoreError('reply_kind_not_allowed', { kind });
    const { db } = this.deps;
    const active = db.get(
      db.build
        .selectFrom('outbox')
        .select('state')
        .where('interaction_id', '=', interaction.id)
        .where('kind', 'in', ANSWER_KINDS)
        .where('state', 'in', ACTIVE_STATES)
        .limit(1),
    );
    if (kind === 'answer' || kind === 'reject') {
      if (interaction.last_reply_text !== null) throw new CoreError('reply_already_answered');
      if (kind === 'reject' && interaction.wb_state === 'none') throw new CoreError('question_already_rejected');
    }
    if (kind === 'edit') this.assertEditable(interaction);
    // Chats are conversations: several messages may wait in turn. Answers are one per item.
    if (active && kind !== 'chat_message') throw new CoreError('reply_already_queued');
    // WB writes to a chat only with its replySign; Avito by the chat id alone.
    if (kind === 'chat_message' && interaction.channel === 'chat' && !interaction.reply_sign)
      throw new CoreError('chat_no_reply_sign');
    this.assertText(interaction, kind, text);
  }

  private assertEditable(interaction: Interaction) {
    if (interaction.channel === 'chat' || (interaction.channel as string) === AVITO_CHANNEL)
      throw new CoreError('chat_message_not_editable');
    if (interaction.last_reply_text === null) throw new CoreError('answer_nothing_to_edit');
    if (interaction.answer_editable === 0) throw new CoreError('answer_edit_used');
    if (
      interaction.last_reply_at &&
      this.deps.clock().getTime() - Date.parse(interaction.last_reply_at) > EDIT_WINDOW_DAYS * 86_400_000
    )
      throw new CoreError('answer_edit_expired', { days: EDIT_WINDOW_DAYS });
  }

  private assertText(interaction: Interaction, kind: QueueInput['kind'], text: string) {
    const check = checkReply({ channel: interaction.channel, text, kind });
    const blocking = check.violations.find((v) => v.severity === 'block');
    if (!blocking) return;
    // The one write a refused reply makes: analytics counts guardrail blocks by category (no text kept).
    addEvent(this.deps.db, interaction.id, 'reply_blocked', { category: blocking.category, kind }, this.deps.clock());
    // Every violation's message names the phrase it found.
    throw new CoreError('reply_blocked', { violation: blocking.message });
  }
}
