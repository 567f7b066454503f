import type BetterSqlite3 from 'better-sqlite3';
import type { Account, OutboxRow } from '../db/schema';
import type { PushBus } from '../events';
import type { Logger } from '../logger';
import { WbApiError } from '../wb/http';
import type { WbClient } from '../wb/wb-client';
import { interactionRow, sameText, transition } from './outbox-rows';
import type { Outbox } from './outbox';

/** Named points of the send sequence; the exactly-once tests crash the process at each one. */
export type DispatchStep = 'marked_sending' | 'sent' | 'recorded';

export interface DispatcherDeps {
  sqlite: BetterSqlite3.Database;
  bus: PushBus;
  clock: () => Date;
  logger: Logger;
  outbox: Outbox;
  /** A WB client for the account (null: no token); the caller closes it. */
  clientFor(account: Account): Promise<WbClient | null>;
  /** Brings chat events up to date (the sync), so a sent chat message can be looked for. */
  catchUpChat(accountId: number): Promise<void>;
  /** Test-only fault injection (AGENTIQ_CRASH_AT): called after each step. */
  afterStep?: (step: DispatchStep) => void;
  random?: () => number;
}

export interface FlushResult {
  attempted: number;
  sent: number;
  failed: number;
}

const RETRY_BASE_MS = 15_000;
const RETRY_CAP_MS = 5 * 60_000;

/**
 * Sends due outbox rows inside the WB limits (the client's queues). Exactly once: `sending` is
 * recorded before the request; a row found in `sending` (the app died mid-send, or the answer
 * was lost) is first looked up on WB and sent again only if WB does not have it.
 */
export class Dispatcher {
  private running: Promise<FlushResult> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private online = true;
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {}

  /**
   * One pass over everything due; concurrent calls join it (and trigger one more pass).
   * `ignoreBackoff`: the seller (or `agentiq outbox --flush`) asked to send now.
   */
  flush(options: { ignoreBackoff?: boolean } = {}): Promise<FlushResult> {
    if (options.ignoreBackoff) this.clearBackoff();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: FlushResult = { attempted: 0, sent: 0, failed: 0 };
      do {
        this.again = false;
        const result = await this.pass();
        total.attempted += result.attempted;
        total.sent += result.sent;
        total.failed += result.failed;
      } while (this.again && !this.stopped);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Only after start(): one-shot shells (the CLI) send on `outbox --flush`, not as a side effect. */
  kick(): void {
    if (this.timer && this.online && !this.stopped) void this.flush().catch((error: unknown) => this.deps.logger.error('outbox.flush_failed', { error: String(error) }));
  }

  start(intervalMs = 30_000): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Back online: whatever waited for the network goes now, not at its backoff time. */
  setOnline(online: boolean): void {
    const cameBack = online && !this.online;
    this.online = online;
    if (cameBack) {
      this.clearBackoff();
      this.kick();
    }
  }

  private clearBackoff() {
    this.deps.sqlite.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE state IN ('queued', 'sending')`).run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<FlushResult> {
    const { sqlite, clock } = this.deps;
    const result: FlushResult = { attempted: 0, sent: 0, failed: 0 };
    const due = sqlite
      .prepare(`SELECT * FROM outbox WHERE state IN ('queued', 'sending') AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id`)
      .all(clock().toISOString()) as OutboxRow[];
    const byAccount = new Map<number, OutboxRow[]>();
    for (const row of due) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
    for (const [accountId, rows] of byAccount) {
      const account = sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(accountId) as Account;
      const client = await this.deps.clientFor(account);
      if (!client) continue;
      try {
        for (const row of rows) {
          if (this.stopped) break;
          result.attempted += 1;
          const outcome = await this.deliver(account, client, row);
          if (outcome === 'sent') result.sent += 1;
          if (outcome === 'failed') result.failed += 1;
        }
      } finally {
        await client.close();
      }
    }
    return result;
  }

  private async deliver(account: Account, client: WbClient, stale: OutboxRow): Promise<'sent' | 'failed' | 'later' | 'skipped'> {
    const { sqlite, clock } = this.deps;
    const row = sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(stale.id) as OutboxRow;
    if (row.state !== 'queued' && row.state !== 'sending') return 'skipped';
    try {
      if (row.kind !== 'mark_viewed') {
        const onWb = await this.lookUp(account, client, row);
        if (onWb.verdict === 'delivered') {
          this.record(row, 'confirmed', 'reply_confirmed');
          return 'sent';
        }
        if (onWb.verdict === 'answered_elsewhere') {
          // Keep WB's text with the item, so the seller sees both answers at once.
          sqlite.transaction(() => {
            sqlite
              .prepare(`UPDATE interactions SET last_reply_text = ?, answer_editable = ?, needs_response = 0, status = 'responded', sla_due_at = NULL WHERE id = ?`)
              .run(onWb.wbAnswer, onWb.editable === null ? null : onWb.editable ? 1 : 0, row.interaction_id);
            transition(sqlite, row, 'conflict', clock(), { event: 'reply_conflict', payload: { wbAnswer: onWb.wbAnswer } });
          })();
          this.changed(row);
          return 'skipped';
        }
      }
      const now = clock();
      sqlite.transaction(() => {
        sqlite.prepare('UPDATE outbox SET attempts = attempts + 1, sent_at = ? WHERE id = ?').run(now.toISOString(), row.id);
        transition(sqlite, row, 'sending', now);
      })();
      this.deps.afterStep?.('marked_sending');
      await this.send(client, row);
      this.deps.afterStep?.('sent');
      if (row.kind === 'mark_viewed') this.record(row, 'confirmed');
      else this.record(row, 'sent_pending', 'reply_sent');
      this.deps.afterStep?.('recorded');
      return 'sent';
    } catch (error) {
      return this.failure(row, error);
    }
  }

  /** WB's view before (re)sending: is our reply already there, or did someone else answer? */
  private async lookUp(account: Account, client: WbClient, row: OutboxRow): Promise<{ verdict: 'delivered' | 'answered_elsewhere' | 'absent'; wbAnswer: string | null; editable: boolean | null }> {
    const interaction = interactionRow(this.deps.sqlite, row.interaction_id);
    const absent = { verdict: 'absent' as const, wbAnswer: null, editable: null };
    if (row.kind === 'chat_message') {
      // Only after a possible send: catch up on chat events and look for our message.
      if (row.state !== 'sending') return absent;
      await this.deps.catchUpChat(account.id);
      const since = new Date(Date.parse(row.sent_at ?? row.created_at) - 120_000).toISOString();
      const texts = this.deps.sqlite
        .prepare(`SELECT text FROM chat_messages WHERE interaction_id = ? AND sender = 'seller' AND sent_at >= ?`)
        .pluck()
        .all(row.interaction_id, since) as string[];
      return texts.some((text) => sameText(text, row.text)) ? { ...absent, verdict: 'delivered' } : absent;
    }
    const found = interaction.channel === 'review' ? await client.feedbacks.get(interaction.external_id) : await client.questions.get(interaction.external_id);
    const wbAnswer = found?.value.answer?.text?.trim() ? found.value.answer.text : null;
    const seen = { wbAnswer, editable: found?.value.answer?.editable ?? null };
    if (row.kind === 'reject') return { ...seen, verdict: found?.value.state === 'none' ? 'delivered' : wbAnswer ? 'answered_elsewhere' : 'absent' };
    if (sameText(wbAnswer, row.text)) return { ...seen, verdict: 'delivered' };
    if (row.kind === 'answer' && wbAnswer) return { ...seen, verdict: 'answered_elsewhere' };
    return { ...seen, verdict: 'absent' };
  }

  private async send(client: WbClient, row: OutboxRow): Promise<void> {
    const interaction = interactionRow(this.deps.sqlite, row.interaction_id);
    const id = interaction.external_id;
    switch (row.kind) {
      case 'answer':
        return interaction.channel === 'review' ? client.feedbacks.answer(id, row.text) : client.questions.answer(id, row.text);
      case 'edit':
        return interaction.channel === 'review' ? client.feedbacks.editAnswer(id, row.text) : client.questions.answer(id, row.text);
      case 'reject':
        return client.questions.reject(id, row.text);
      case 'mark_viewed':
        return client.questions.markViewed(id);
      case 'chat_message':
        if (!interaction.reply_sign) throw new WbApiError('client', null, 'нет подписи чата (replySign)');
        await client.chats.send(interaction.reply_sign, row.text);
        return;
    }
  }

  private record(row: OutboxRow, state: 'sent_pending' | 'confirmed', event?: string) {
    const { sqlite, clock } = this.deps;
    const now = clock();
    sqlite.transaction(() => {
      transition(sqlite, row, state, now, { event });
      if (row.kind === 'edit') sqlite.prepare('UPDATE interactions SET answer_editable = 0 WHERE id = ?').run(row.interaction_id);
      if (row.kind === 'answer' || row.kind === 'chat_message' || row.kind === 'reject')
        sqlite.prepare(`UPDATE interactions SET needs_response = 0, status = CASE WHEN ? = 'reject' THEN 'closed' ELSE 'responded' END, sla_due_at = NULL WHERE id = ?`).run(row.kind, row.interaction_id);
    })();
    this.changed(row);
  }

  /**
   * Transient failures retry with backoff: still `queued` when WB provably never got the request
   * (offline, 429), `sending` when it may have (timeout, 5xx) so the next pass looks first.
   * Permanent ones become `failed` with the reason, editable and retryable by the seller.
   */
  private failure(row: OutboxRow, error: unknown): 'failed' | 'later' {
    const { sqlite, clock, logger } = this.deps;
    const now = clock();
    const current = sqlite.prepare('SELECT state, attempts FROM outbox WHERE id = ?').get(row.id) as { state: string; attempts: number };
    if (error instanceof WbApiError && error.retryable) {
      const delay = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, current.attempts - 1));
      const next = new Date(now.getTime() + delay / 2 + ((this.deps.random ?? Math.random)() * delay) / 2).toISOString();
      const state = current.state === 'sending' && !error.notSent ? 'sending' : 'queued';
      sqlite.transaction(() => transition(sqlite, row, state, now, { lastError: reasonOf(error), nextAttemptAt: next }))();
      logger.info('outbox.retry_later', { outboxId: row.id, kind: error.kind, state });
      this.changed(row);
      return 'later';
    }
    sqlite.transaction(() => transition(sqlite, row, 'failed', now, { lastError: reasonOf(error), event: 'reply_failed', payload: { reason: reasonOf(error) } }))();
    logger.warn('outbox.failed', { outboxId: row.id, error: error instanceof Error ? error.message : String(error) });
    this.changed(row);
    return 'failed';
  }

  private changed(row: OutboxRow) {
    this.deps.bus.emit('outbox.changed', { accountId: row.account_id, interactionId: row.interaction_id });
    this.deps.bus.emit('inbox.changed', { accountId: row.account_id, channels: [] });
  }
}

/** Seller-facing reason; WbApiError texts never carry the token. */
function reasonOf(error: unknown): string {
  if (error instanceof WbApiError) {
    if (error.kind === 'auth') return 'WB не принял токен (401)';
    if (error.kind === 'forbidden') return 'WB запретил действие (403)';
    if (error.kind === 'network') return 'Нет связи с WB';
    if (error.kind === 'timeout') return 'WB не ответил вовремя';
    if (error.kind === 'rate_limited') return 'WB ограничил частоту запросов';
    if (error.kind === 'server') return `Ошибка сервера WB (${error.status})`;
    return `WB отклонил ответ: ${error.detail ?? error.message}`.slice(0, 300);
  }
  return error instanceof Error ? error.message.slice(0, 300) : String(error);
}
