import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Account, OutboxRow } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import type { Logger } from '../logger';
import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import { encodeMessage } from '../../../src-shared/messages/stored';
import { backoffMs, type BackoffSpec } from '../../../src-shared/backoff';
import { WbApiError } from '../wb/http';
import { wbErrorMessage } from '../wb/wb-error-message';
import type { WbClient } from '../wb/wb-client';
import { AvitoApiError, avitoErrorMessage, type AvitoClient } from '../avito/avito-client';
import { CoreError } from '../errors';
import { findOurAvitoMessage, storeSentMessage } from './avito-send';
import { HELD_MARK, interactionRow, markModerationRejected, outboxRow, seenInChat, transition } from './outbox-rows';
import type { Outbox } from './outbox';
import {
  isWaitingReply,
  itemSeenOnWb,
  mayHaveReachedWb,
  replyVerdict,
  type ReplyFacts,
  type ReplyVerdict,
} from './reply-verdict';

/** Named points of the send sequence; the exactly-once tests crash the process at each one. */
export type DispatchStep = 'claimed' | 'marked_sending' | 'sent' | 'recorded';

export interface DispatcherDeps {
  db: SqlRunner;
  bus: PushBus;
  clock: () => Date;
  logger: Logger;
  /** Replies queued there are sent at once (after start()), not at the next interval. */
  outbox: Pick<Outbox, 'onQueued'>;
  /** A WB client for the account (null: no token); the caller closes it. */
  clientFor(account: Account): Promise<WbClient | null>;
  /**
   * The Avito client of an Avito account (`marketplace = 'avito'`), shared with the sync and the
   * bot (an AvitoClientCache's): never closed here. Null: no credentials (disconnected, a missing
   * keychain entry). Absent: Avito is not wired in this shell, and Avito replies wait.
   */
  avitoClientFor?(account: Account): Promise<AvitoClient | null>;
  /**
   * Brings chat events up to date (the sync), so a sent chat message can be looked for. True only
   * when the chat channel really read the events feed to its end (`totalEvents == 0`) after this
   * call and the stored cursor is at or past `sinceMs` (the send); false (the feed failed or is
   * stuck, it lags behind the send, the token lacks chats, ...) means "unknown": nothing may be resent.
   */
  catchUpChat(accountId: number, sinceMs: number): Promise<boolean>;
  /** Test-only fault injection (AGENTIQ_CRASH_AT): called after each step. */
  afterStep?: (step: DispatchStep) => void;
  random?: () => number;
  /** How often a held lease is renewed (default LEASE_RENEW_MS); tests shorten it. */
  leaseRenewMs?: number;
  /**
   * This core replaces one of this process that died (a crashed core worker thread): leases held
   * under this process's pid are the dead core's, free at once. Only one core runs per app or host process.
   */
  reclaimOwnProcessLeases?: boolean;
}

export interface FlushResult {
  attempted: number;
  sent: number;
  failed: number;
}

/** Transient send failures: 15 s, 30 s, 1 min … up to 5 min. */
const RETRY_BACKOFF: BackoffSpec = { baseMs: 15_000, capMs: 5 * 60_000 };
/** A dispatcher's hold on a row; renewed while it works on it, so only a dead or stuck holder loses it. */
export const LEASE_MS = 60_000;
const LEASE_RENEW_MS = 15_000;
/**
 * A reply whose WB limit group is busy for longer than this is not claimed (nor marked `sending`):
 * it stays queued and cancellable until then, instead of waiting in `sending` (a Base token's
 * bucket frees one request in 12 minutes or an hour).
 */
export const LIMIT_DEFER_MS = 5_000;
const LIMIT_DEFERRED = encodeMessage(coreMessage('reply_limit_deferred'));

const limitGroupOf = (row: Pick<OutboxRow, 'kind'>) =>
  row.kind === 'chat_message' ? ('chat' as const) : ('feedbacks_questions' as const);

/** The statements of each send, compiled once per dispatcher. */
function prepareStatements(db: SqlRunner) {
  const { build } = db;
  return {
    due: db.prepare((p: { now: string }) =>
      build
        .selectFrom('outbox')
        .selectAll()
        .where('state', 'in', ['queued', 'sending'])
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', p.now)]))
        .orderBy('id'),
    ),
    account: db.prepare((p: { id: number }) => build.selectFrom('accounts').selectAll().where('id', '=', p.id)),
    row: db.prepare((p: { id: number }) => build.selectFrom('outbox').selectAll().where('id', '=', p.id)),
    /** The lease, only if the row is exactly as read (its lease too: `IS` matches NULL as well). */
    claim: db.prepare(
      (p: {
        id: number;
        owner: string;
        until: string;
        state: OutboxRow['state'];
        version: number;
        readOwner: string | null;
        readUntil: string | null;
      }) =>
        build
          .updateTable('outbox')
          .set({ lease_owner: p.owner, lease_until: p.until })
          .where('id', '=', p.id)
          .where('state', '=', p.state)
          .where('version', '=', p.version)
          .where('lease_owner', 'is', p.readOwner)
          .where('lease_until', 'is', p.readUntil),
    ),
    defer: db.prepare((p: { id: number; version: number; next: string; reason: string }) =>
      build
        .updateTable('outbox')
        .set({ next_attempt_at: p.next, last_error: p.reason })
        .where('id', '=', p.id)
        .where('version', '=', p.version)
        .where('state', 'in', ['queued', 'sending']),
    ),
    renewLease: db.prepare((p: { id: number; owner: string; until: string }) =>
      build
        .updateTable('outbox')
        .set({ lease_until: p.until })
        .where('id', '=', p.id)
        .where('lease_owner', '=', p.owner),
    ),
    releaseLease: db.prepare((p: { id: number; owner: string }) =>
      build
        .updateTable('outbox')
        .set({ lease_owner: null, lease_until: null })
        .where('id', '=', p.id)
        .where('lease_owner', '=', p.owner),
    ),
    /** A new attempt: nothing of an earlier send is kept; a chat remembers its newest message now. */
    newAttempt: db.prepare((p: { id: number }) =>
      build
        .updateTable('outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          sent_at: null,
          wb_sent_at: null,
          wb_chat_id: null,
          chat_baseline_id: eb
            .case()
            .when('kind', '=', 'chat_message')
            .then(
              eb
                .selectFrom('chat_messages as m')
                .select((m) => m.fn.max('m.id').as('newest'))
                .whereRef('m.interaction_id', '=', 'outbox.interaction_id'),
            )
            // An Avito chat's mark-read keeps the newest message it reads up to (Outbox.queueMarkViewed).
            .when('kind', '=', 'mark_viewed')
            .then(eb.ref('chat_baseline_id'))
            .end(),
        }))
        .where('id', '=', p.id),
    ),
    requestStarts: db.prepare((p: { id: number; version: number; at: string }) =>
      build.updateTable('outbox').set({ sent_at: p.at }).where('id', '=', p.id).where('version', '=', p.version),
    ),
    /** What WB returned for the send or the look-up; what is not known keeps what was recorded. */
    recordWb: db.prepare((p: { id: number; wbSentAt: string | null; chatId: string | null; eventId: string | null }) =>
      build
        .updateTable('outbox')
        .set((eb) => ({
          wb_sent_at: eb.fn.coalesce(eb.val(p.wbSentAt), 'wb_sent_at'),
          wb_chat_id: eb.fn.coalesce(eb.val(p.chatId), 'wb_chat_id'),
          wb_event_id: eb.fn.coalesce(eb.val(p.eventId), 'wb_event_id'),
        }))
        .where('id', '=', p.id),
    ),
    answerEdited: db.prepare((p: { id: number }) =>
      build.updateTable('interactions').set({ answer_editable: 0 }).where('id', '=', p.id),
    ),
    answered: db.prepare((p: { id: number; status: 'responded' | 'closed' }) =>
      build
        .updateTable('interactions')
        .set({ needs_response: 0, status: p.status, sla_due_at: null })
        .where('id', '=', p.id),
    ),
    answeredElsewhere: db.prepare((p: { id: number; wbAnswer: string; editable: 0 | 1 | null }) =>
      build
        .updateTable('interactions')
        .set({
          last_reply_text: p.wbAnswer,
          answer_editable: p.editable,
          needs_response: 0,
          status: 'responded',
          sla_due_at: null,
        })
        .where('id', '=', p.id),
    ),
    /** «Send now»: every backoff ends, but not a hold for undo send (the seller may still cancel it). */
    clearBackoff: db.prepare(() =>
      build
        .updateTable('outbox')
        .set({ next_attempt_at: null })
        .where('state', 'in', ['queued', 'sending'])
        .where((eb) => eb.or([eb('last_error', 'is', null), eb('last_error', '!=', HELD_MARK)])),
    ),
    /** When the earliest hold still running ends (a past one is due: the passes and the interval see it). */
    nextHoldEnd: db.prepare((p: { now: string }) =>
      build
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('state', '=', 'queued')
        .where('last_error', '=', HELD_MARK)
        .where('next_attempt_at', '>', p.now),
    ),
  };
}

/** The chat could not be checked on WB: the message may be there, so it is not sent again yet. */
class LookupUnavailable extends Error {}

/** A chat without WB's replySign cannot be written to (only the buyer starts a chat). */
class MissingReplySign extends WbApiError {
  constructor() {
    super('client', null, 'the chat has no replySign');
  }
}

/** `pid@host#random`: one per dispatcher, so two cores in one process are told apart too. */
const newOwner = () => `${process.pid}@${hostname()}#${randomUUID()}`;

/** A lease is free when unset, run out, or held by a process of this machine that no longer exists. */
function leaseHeldByOther(
  row: Pick<OutboxRow, 'lease_owner' | 'lease_until'>,
  owner: string,
  now: Date,
  ownProcessOrphaned = false,
): boolean {
  if (!row.lease_owner || !row.lease_until || row.lease_owner === owner) return false;
  if (row.lease_until <= now.toISOString()) return false;
  const match = /^(\d+)@(.*)#/.exec(row.lease_owner);
  if (ownProcessOrphaned && match && match[2] === hostname() && Number(match[1]) === process.pid) return false;
  if (match && match[2] === hostname() && Number(match[1]) !== process.pid && !processAlive(Number(match[1])))
    return false;
  return true;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Sends due outbox rows inside the WB limits (the client's queues). Exactly once, also with several
 * dispatchers on one database (the app and the CLI): a row is first claimed with a lease (atomic,
 * conditional on the row as read); `sending` is recorded before the request, again only if nobody
 * changed the row meanwhile (a cancel or an edit during the look-up wins); a row in `sending` whose
 * lease ran out (the process died mid-send, or the answer was lost) is first looked up on WB and
 * sent again only if WB provably does not have it.
 */
export class Dispatcher {
  /** This dispatcher's name in `outbox.lease_owner`. */
  readonly owner = newOwner();
  private running: Promise<FlushResult> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Wakes the dispatcher when the earliest held reply's hold ends (after start()). */
  private wake: { timer: NodeJS.Timeout; at: number } | null = null;
  private online = true;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(private readonly deps: DispatcherDeps) {
    this.statements = prepareStatements(deps.db);
  }

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
      this.scheduleHoldEnd();
    });
    return this.running;
  }

  /** Only after start(): one-shot shells (the CLI) send on `outbox --flush`, not as a side effect. */
  kick(): void {
    if (this.timer && this.online && !this.stopped)
      void this.flush().catch((error: unknown) =>
        this.deps.logger.error('outbox.flush_failed', { error: String(error) }),
      );
  }

  start(intervalMs = 30_000): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.unsubscribe ??= this.deps.outbox.onQueued(() => this.kick());
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
    this.statements.clearBackoff.run({});
  }

  /**
   * A running dispatcher sends a held reply when its hold ends, not at the next interval. After
   * every pass: one timer, for the earliest hold end (a restarted core finds the holds in the database).
   */
  private scheduleHoldEnd() {
    if (!this.timer || this.stopped || !this.deps.db.open) return;
    let at: string | null;
    try {
      at = this.statements.nextHoldEnd.get({ now: this.deps.clock().toISOString() })?.at ?? null;
    } catch {
      return; // busy or closing: the interval comes round anyway
    }
    if (!at) return;
    const when = Date.parse(at);
    if (this.wake && this.wake.at <= when) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const delay = Math.min(Math.max(when - this.deps.clock().getTime(), 0), 60_000);
    const timer = setTimeout(() => {
      this.wake = null;
      this.kick();
    }, delay + 20);
    timer.unref();
    this.wake = { timer, at: when };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<FlushResult> {
    const result: FlushResult = { attempted: 0, sent: 0, failed: 0 };
    const due = this.statements.due.all({ now: this.deps.clock().toISOString() });
    const byAccount = new Map<number, OutboxRow[]>();
    for (const row of due) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
    for (const [accountId, rows] of byAccount) {
      const account = this.statements.account.get({ id: accountId });
      if (!account) continue;
      if (account.marketplace === 'avito') {
        await this.passAvito(account, rows, result);
        continue;
      }
      const client = await this.deps.clientFor(account);
      if (!client) continue;
      try {
        for (const row of rows) {
          if (this.stopped) break;
          // Not claimed while its limit group is busy for long: it stays queued and cancellable.
          const wait = client.http.waitMs(limitGroupOf(row));
          if (wait > LIMIT_DEFER_MS) {
            this.defer(row, wait);
            continue;
          }
          const outcome = await this.deliver(account, client, row);
          if (outcome === 'busy') continue;
          result.attempted += 1;
          if (outcome === 'sent') result.sent += 1;
          if (outcome === 'failed') result.failed += 1;
        }
      } finally {
        await client.close();
      }
    }
    return result;
  }

  /** An Avito account's due rows, one after the other (its client paces them; Avito has no limit groups). */
  private async passAvito(account: Account, rows: OutboxRow[], result: FlushResult): Promise<void> {
    const client = (await this.deps.avitoClientFor?.(account)) ?? null;
    if (!client) return;
    for (const row of rows) {
      if (this.stopped) break;
      const outcome = await this.deliverAvito(account, client, row);
      if (outcome === 'busy') continue;
      result.attempted += 1;
      if (outcome === 'sent') result.sent += 1;
      if (outcome === 'failed') result.failed += 1;
    }
  }

  /**
   * The row to `sending` under this dispatcher's lease, only if nobody changed it since `version`
   * was read, with a new attempt counted; the row as now stored, or null when it was changed.
   */
  private markSending(row: OutboxRow, version: number): OutboxRow | null {
    const { db, clock } = this.deps;
    const now = clock();
    const until = new Date(now.getTime() + LEASE_MS).toISOString();
    return db.transaction(() => {
      if (!transition(db, row, 'sending', now, { expectVersion: version, lease: { owner: this.owner, until } }))
        return null;
      this.statements.newAttempt.run({ id: row.id });
      return outboxRow(db, row.id);
    });
  }

  /**
   * One Avito chat message or mark-read, exactly once (issue 12 item 4), the same steps as WB's:
   * claim, look first when the row may already have gone out, mark `sending`, stamp `sent_at` just
   * before the request, send, record. Avito answers a send with the message itself, so a send is
   * recorded `confirmed` with Avito's message id at once (no sync needed to confirm it); a row found
   * in `sending` after its request started is looked for in the chat (avito-send.ts) and sent again
   * only when it is not there. An error without `notSent` keeps the row `sending`: looked for first.
   */
  private async deliverAvito(
    account: Account,
    client: AvitoClient,
    stale: OutboxRow,
  ): Promise<'sent' | 'failed' | 'later' | 'busy'> {
    const { db, clock } = this.deps;
    const row = this.claim(stale.id);
    if (!row) return 'busy';
    const release = this.holdLease(row.id);
    let version = row.version;
    let marked = false;
    try {
      this.deps.afterStep?.('claimed');
      const chatId = interactionRow(db, row.interaction_id).external_id;
      if (row.kind === 'chat_message' && isWaitingReply(row) && mayHaveReachedWb(row)) {
        // A look-up Avito refused says nothing about the send: the row stays `sending` (even after a
        // 429, which would otherwise put it back in the queue as never sent) and is looked for again.
        const found = await findOurAvitoMessage(db, client, row, chatId).catch((error: unknown) => {
          this.deps.logger.info('outbox.avito_lookup_failed', {
            outboxId: row.id,
            kind: error instanceof AvitoApiError ? error.kind : 'error',
          });
          throw new LookupUnavailable('the Avito chat could not be checked');
        });
        if (found) return this.recordAvito(account, row, version, found) ? 'sent' : 'busy';
      }
      const claimed = this.markSending(row, version);
      if (!claimed) return 'busy';
      marked = true;
      version = claimed.version;
      this.deps.afterStep?.('marked_sending');
      const startedAt = clock().toISOString();
      if (this.statements.requestStarts.run({ id: row.id, version, at: startedAt }).changes !== 1) return 'busy';
      if (claimed.kind === 'mark_viewed') {
        await client.markRead(chatId);
        this.deps.afterStep?.('sent');
        this.record(claimed, version, 'confirmed');
        this.deps.afterStep?.('recorded');
        return 'sent';
      }
      if (claimed.kind !== 'chat_message') throw new Error(`outbox #${row.id}: a ${claimed.kind} for an Avito chat`);
      const sent = await client.sendText(chatId, claimed.text);
      this.deps.afterStep?.('sent');
      this.recordAvito(account, { ...claimed, sent_at: startedAt }, version, sent);
      this.deps.afterStep?.('recorded');
      return 'sent';
    } catch (error) {
      // Avito's own answer (an AvitoApiError) says whether it went; a CoreError or a RangeError is the
      // client refusing before the request. Anything else after the mark may follow a send Avito got.
      const unknownOutcome =
        marked && !(error instanceof AvitoApiError) && !(error instanceof CoreError) && !(error instanceof RangeError);
      return this.failure(row, version, error, unknownOutcome);
    } finally {
      release();
    }
  }

  /** Avito has our message (sent now, or found in the chat): confirmed with its id, and the chat shows it. */
  private recordAvito(
    account: Account,
    row: OutboxRow,
    version: number,
    message: { id: string; created?: number | null },
  ): boolean {
    const { db, clock } = this.deps;
    const now = clock();
    const done = db.transaction(() => {
      if (!transition(db, row, 'confirmed', now, { event: 'reply_sent', expectVersion: version })) return false;
      this.statements.recordWb.run({
        id: row.id,
        wbSentAt: message.created ? new Date(message.created * 1000).toISOString() : null,
        chatId: null,
        eventId: message.id,
      });
      this.statements.answered.run({ id: row.interaction_id, status: 'responded' });
      storeSentMessage(db, row.interaction_id, message, row.text, Number(account.avito_user_id ?? 0), now);
      return true;
    });
    if (done) this.changed(row);
    return done;
  }

  /**
   * Claims the row: a lease for this dispatcher, only if the row is still as read and no live
   * dispatcher holds it. Null: someone else has it (or it changed), leave it alone.
   */
  private claim(id: number): OutboxRow | null {
    const now = this.deps.clock();
    const row = this.statements.row.get({ id });
    if (!row || (row.state !== 'queued' && row.state !== 'sending')) return null;
    if (row.next_attempt_at && row.next_attempt_at > now.toISOString()) return null;
    if (leaseHeldByOther(row, this.owner, now, this.deps.reclaimOwnProcessLeases)) return null;
    const until = new Date(now.getTime() + LEASE_MS).toISOString();
    const claimed = this.statements.claim.run({
      id: row.id,
      owner: this.owner,
      until,
      state: row.state,
      version: row.version,
      readOwner: row.lease_owner,
      readUntil: row.lease_until,
    }).changes;
    return claimed === 1 ? { ...row, lease_owner: this.owner, lease_until: until } : null;
  }

  /** A due row left for later: its next attempt after the limit's wait, only if nobody changed it. */
  private defer(row: OutboxRow, waitMs: number) {
    const now = this.deps.clock();
    if (leaseHeldByOther(row, this.owner, now, this.deps.reclaimOwnProcessLeases)) return;
    const next = new Date(now.getTime() + waitMs).toISOString();
    const done = this.statements.defer.run({ id: row.id, version: row.version, next, reason: LIMIT_DEFERRED }).changes;
    this.deps.logger.info('outbox.limit_deferred', { outboxId: row.id, waitMs });
    if (done === 1) this.changed(row);
  }

  /**
   * Keeps the lease alive while this dispatcher works on the row (a send may wait in the rate-limit
   * queue). A failed renewal (SQLITE_BUSY while another process writes) is retried on the next
   * tick; only a closed database ends it (and the end of the send, via the returned release).
   */
  private holdLease(id: number): () => void {
    const renew = setInterval(() => {
      if (!this.deps.db.open) {
        clearInterval(renew);
        return;
      }
      try {
        const until = new Date(this.deps.clock().getTime() + LEASE_MS).toISOString();
        this.statements.renewLease.run({ id, owner: this.owner, until });
      } catch (error) {
        this.deps.logger.warn('outbox.lease_renew_failed', {
          outboxId: id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }, this.deps.leaseRenewMs ?? LEASE_RENEW_MS);
    renew.unref();
    return () => {
      clearInterval(renew);
      try {
        this.statements.releaseLease.run({ id, owner: this.owner });
      } catch {
        // closed: the lease runs out by itself
      }
    };
  }

  private async deliver(
    account: Account,
    client: WbClient,
    stale: OutboxRow,
  ): Promise<'sent' | 'failed' | 'later' | 'skipped' | 'busy'> {
    const { db, clock } = this.deps;
    const row = this.claim(stale.id);
    if (!row) return 'busy';
    const release = this.holdLease(row.id);
    let version = row.version;
    /** Past the `sending` mark: from here an error that is not WB's answer may follow a send WB got. */
    let marked = false;
    try {
      this.deps.afterStep?.('claimed');
      if (isWaitingReply(row)) {
        const { verdict: onWb, editable } = await this.lookUp(account, client, row);
        if (onWb.verdict === 'on_wb') {
          const done = this.record(
            row,
            version,
            onWb.underModeration ? 'sent_pending' : 'confirmed',
            'reply_confirmed',
            { wbEventId: onWb.wbEventId },
          );
          return done ? 'sent' : 'busy';
        }
        if (onWb.verdict === 'rejected_on_moderation') {
          const done = db.transaction(() => markModerationRejected(db, row, clock(), version));
          if (done) this.changed(row);
          return done ? 'failed' : 'busy';
        }
        if (onWb.verdict === 'someone_else_answered') {
          // Keep WB's text with the item, so the seller sees both answers at once.
          const done = db.transaction(() => {
            if (
              !transition(db, row, 'conflict', clock(), {
                event: 'reply_conflict',
                payload: { wbAnswer: onWb.wbAnswer },
                expectVersion: version,
              })
            )
              return false;
            this.statements.answeredElsewhere.run({
              id: row.interaction_id,
              wbAnswer: onWb.wbAnswer,
              editable: editable === null ? null : editable ? 1 : 0,
            });
            return true;
          });
          if (done) this.changed(row);
          return done ? 'skipped' : 'busy';
        }
        // WB may have it (the chat could not be checked): not sent again yet.
        if (onWb.verdict === 'unknown') throw new LookupUnavailable('the chat could not be checked on WB');
      }
      // The look-up may have spent the group's slot: a long wait is spent queued, not `sending`.
      const wait = client.http.waitMs(limitGroupOf(row));
      if (wait > LIMIT_DEFER_MS) {
        const next = new Date(clock().getTime() + wait).toISOString();
        const done = db.transaction(() =>
          transition(db, row, 'queued', clock(), {
            lastError: LIMIT_DEFERRED,
            nextAttemptAt: next,
            expectVersion: version,
          }),
        );
        if (done) this.changed(row);
        return done ? 'later' : 'busy';
      }
      // The claim: `sending` only if nobody changed the row since it was read (a cancel or an edit
      // during the look-up, a sync that confirmed it, another dispatcher). `sent_at` stays unset
      // until the request starts: a row found in `sending` without it provably never reached WB.
      // `chat_baseline_id`: the chat's newest message now; only newer ones can be this one.
      const claimed = this.markSending(row, version);
      if (!claimed) return 'busy';
      marked = true;
      version = claimed.version;
      this.deps.afterStep?.('marked_sending');
      const startedAt = clock().toISOString();
      if (this.statements.requestStarts.run({ id: row.id, version, at: startedAt }).changes !== 1) return 'busy';
      // The text sent is the text of the claimed row, read back after the claim.
      const sent = await this.send(client, { ...claimed, sent_at: startedAt });
      this.deps.afterStep?.('sent');
      if (claimed.kind === 'mark_viewed') this.record(claimed, version, 'confirmed');
      else this.record(claimed, version, 'sent_pending', 'reply_sent', sent);
      this.deps.afterStep?.('recorded');
      return 'sent';
    } catch (error) {
      // After the `sending` mark, an error of ours (SQLite failing to record a send WB accepted)
      // says nothing about WB: the row stays `sending`, so the next pass looks on WB first. A
      // RangeError is the client refusing the request before it goes out.
      const unknownOutcome = marked && !(error instanceof WbApiError) && !(error instanceof RangeError);
      return this.failure(row, version, error, unknownOutcome);
    } finally {
      release();
    }
  }

  /**
   * WB's view before (re)sending: is our reply already there, or did someone else answer? The
   * verdict is reply-verdict.ts's, from WB's live item. A chat message is looked for only after a
   * request that may have carried it: the chat events are caught up first (a sync), and a message
   * not found is absent only if the feed was read to its end and past the send.
   */
  private async lookUp(
    account: Account,
    client: WbClient,
    row: OutboxRow & ReplyFacts,
  ): Promise<{ verdict: ReplyVerdict; editable: boolean | null }> {
    if (row.kind === 'chat_message') {
      if (!mayHaveReachedWb(row)) return { verdict: { verdict: 'not_on_wb' }, editable: null };
      const caughtUp = await this.deps.catchUpChat(
        account.id,
        Date.parse(row.wb_sent_at ?? row.sent_at ?? row.created_at),
      );
      return { verdict: replyVerdict(row, seenInChat(this.deps.db, row, caughtUp)), editable: null };
    }
    const interaction = interactionRow(this.deps.db, row.interaction_id);
    if (interaction.channel === 'chat') throw new Error(`outbox #${row.id}: a ${row.kind} for a chat`);
    const found =
      interaction.channel === 'review'
        ? await client.feedbacks.get(interaction.external_id)
        : await client.questions.get(interaction.external_id);
    return {
      verdict: replyVerdict(row, itemSeenOnWb(interaction.channel, found?.value ?? null)),
      editable: found?.value.answer?.editable ?? null,
    };
  }

  private async send(
    client: WbClient,
    row: OutboxRow,
  ): Promise<{ addTime: number | null; chatId: string | null } | undefined> {
    const interaction = interactionRow(this.deps.db, row.interaction_id);
    const id = interaction.external_id;
    switch (row.kind) {
      case 'answer':
        await (interaction.channel === 'review'
          ? client.feedbacks.answer(id, row.text)
          : client.questions.answer(id, row.text));
        return undefined;
      case 'edit':
        await (interaction.channel === 'review'
          ? client.feedbacks.editAnswer(id, row.text)
          : client.questions.answer(id, row.text));
        return undefined;
      case 'reject':
        await client.questions.reject(id, row.text);
        return undefined;
      case 'mark_viewed':
        await client.questions.markViewed(id);
        return undefined;
      case 'chat_message':
        if (!interaction.reply_sign) throw new MissingReplySign();
        return client.chats.send(interaction.reply_sign, row.text);
    }
  }

  /** The outcome of a send or a look-up, only if the row is still the version this dispatcher holds. */
  private record(
    row: OutboxRow,
    version: number,
    state: 'sent_pending' | 'confirmed',
    event?: string,
    wb: { addTime?: number | null; chatId?: string | null; wbEventId?: string | null } = {},
  ): boolean {
    const { db, clock } = this.deps;
    const now = clock();
    const done = db.transaction(() => {
      if (!transition(db, row, state, now, { event, expectVersion: version })) return false;
      if (wb.addTime || wb.chatId || wb.wbEventId)
        this.statements.recordWb.run({
          id: row.id,
          wbSentAt: wb.addTime ? new Date(wb.addTime).toISOString() : null,
          chatId: wb.chatId ?? null,
          eventId: wb.wbEventId ?? null,
        });
      if (row.kind === 'edit') this.statements.answerEdited.run({ id: row.interaction_id });
      if (row.kind === 'answer' || row.kind === 'chat_message' || row.kind === 'reject')
        this.statements.answered.run({
          id: row.interaction_id,
          status: row.kind === 'reject' ? 'closed' : 'responded',
        });
      return true;
    });
    if (done) this.changed(row);
    return done;
  }

  /**
   * Transient failures retry with backoff: still `queued` when WB provably never got the request
   * (offline, 429), `sending` when it may have (timeout, 5xx, a chat that could not be checked) so
   * the next pass looks first. Permanent ones become `failed` with the reason, editable and
   * retryable by the seller. Only for the version this dispatcher holds.
   */
  private failure(
    row: OutboxRow,
    version: number,
    error: unknown,
    unknownOutcome = false,
  ): 'failed' | 'later' | 'busy' {
    const { db, clock, logger } = this.deps;
    const now = clock();
    const current = this.statements.row.get({ id: row.id });
    if (!current || current.version !== version) return 'busy';
    const retryable =
      unknownOutcome ||
      error instanceof LookupUnavailable ||
      ((error instanceof WbApiError || error instanceof AvitoApiError) && error.retryable);
    if (retryable) {
      const next = new Date(
        now.getTime() + backoffMs(current.attempts, RETRY_BACKOFF, this.deps.random ?? Math.random),
      ).toISOString();
      const notSent = (error instanceof WbApiError || error instanceof AvitoApiError) && error.notSent;
      // A mark (viewed on WB, read on Avito) is harmless twice: it has nothing to look up, it waits queued.
      const state = current.state === 'sending' && !notSent && row.kind !== 'mark_viewed' ? 'sending' : 'queued';
      const done = db.transaction(() =>
        transition(db, row, state, now, {
          lastError: encodeMessage(reasonOf(error)),
          nextAttemptAt: next,
          expectVersion: version,
        }),
      );
      // outbox.last_error keeps only the code: our own error's text goes to the log.
      const detail =
        error instanceof WbApiError || error instanceof AvitoApiError || error instanceof LookupUnavailable
          ? undefined
          : error instanceof Error
            ? error.message
            : String(error);
      logger.info('outbox.retry_later', {
        outboxId: row.id,
        kind:
          error instanceof WbApiError || error instanceof AvitoApiError
            ? error.kind
            : unknownOutcome
              ? 'unknown_outcome'
              : 'lookup_unavailable',
        state,
        detail,
      });
      if (done) this.changed(row);
      return 'later';
    }
    const done = db.transaction(() =>
      transition(db, row, 'failed', now, {
        lastError: encodeMessage(reasonOf(error)),
        event: 'reply_failed',
        payload: { reason: reasonOf(error) },
        expectVersion: version,
      }),
    );
    logger.warn('outbox.failed', { outboxId: row.id, error: error instanceof Error ? error.message : String(error) });
    if (done) this.changed(row);
    return 'failed';
  }

  private changed(row: OutboxRow) {
    this.deps.bus.emit('outbox.changed', { accountId: row.account_id, interactionId: row.interaction_id });
    this.deps.bus.emit('inbox.changed', { accountId: row.account_id, channels: [] });
  }
}

/** Why a send did not go through, as the message stored in outbox.last_error (the log has the details). */
function reasonOf(error: unknown): CoreMessage {
  if (error instanceof MissingReplySign) return coreMessage('chat_no_reply_sign');
  if (error instanceof WbApiError) return wbErrorMessage(error, 'wb_refused');
  if (error instanceof AvitoApiError) return avitoErrorMessage(error);
  if (error instanceof LookupUnavailable) return coreMessage('reply_chat_unchecked');
  if (error instanceof CoreError) return { code: error.code, params: error.params } as CoreMessage;
  return coreMessage('internal');
}
