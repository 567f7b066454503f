import { coveredChannels } from '../../../src-shared/domain/account';
import type { Channel, InboxChannel } from '../../../src-shared/domain/interaction';
import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import { decodeMessage } from '../../../src-shared/messages/stored';
import type { ChannelSyncResult, SyncReport, SyncStatusView } from '../../../src-shared/domain/sync';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { accountRow } from '../inbox/accounts';
import { readSettings, readSlaSettings } from '../settings';
import type { PushBus } from '../events';
import type { Logger } from '../logger';
import { redactValue } from '../redact';
import {
  assertTokenUsable,
  daysUntilExpiry,
  decodeWbToken,
  EXPIRY_WARNING_DAYS,
  tokenScopes,
  type WbTokenFacts,
} from '../wb/token';
import { createWbClient, type WbClient, type WbClientOptions } from '../wb/wb-client';
import { fillChatProducts, syncChats } from './chat-sync';
import { syncErrorOf } from './error-reason';
import { questionSpec, reviewSpec, syncFqChannel } from './fq-sync';
import { arrivedItems } from './arrived';
import { healthAlerts } from './health';
import { InteractionWriter, type AnswerObserved } from './interaction-writer';
import { bulkTransaction, type JobContext } from './job-context';
import { emptyCounters, SyncStore, type RunCounters } from './sync-store';
import type { AvitoClient } from '../avito/avito-client';
import { FULL_PASS_EVERY_MS, pollAvitoAccount } from '../avito-sync/avito-poll';

/** A `syncing` status older than this is shown as an error (DESIGN §4). */
export const SYNC_TIMEOUT_MS = 30 * 60_000;

export interface SyncServiceDeps {
  db: SqlRunner;
  bus: PushBus;
  logger: Logger;
  clock: () => Date;
  /** The token of an account, from the keychain or AGENTIQ_WB_TOKEN; null when there is none. */
  tokenFor(account: Account): Promise<string | null>;
  wb: WbClientOptions;
  /** The account's shared WB client (core.ts: one per account and process, its close() a no-op); else one per run. */
  clientFor?: (accountId: number, token: string, facts: WbTokenFacts) => WbClient;
  pageSize?: number;
  chunkSize?: number;
  /** Chat events pages per run (default MAX_EVENT_PAGES_PER_RUN); tests lower it. */
  maxEventPages?: number;
  /**
   * After each run (WB's answers are now local): the outbox confirms or flags conflicts, auto-replies
   * run, the linking pass is queued for `touched` (the interactions this run created or changed).
   */
  afterSync?: (accountId: number, observed: AnswerObserved[], touched: number[]) => void;
  /** Avito accounts (issue 12): absent, they are not synced (their channel says so). */
  avito?: AvitoSyncDeps;
}

export interface AvitoSyncDeps {
  /** The account's shared Avito client (core.ts: AvitoClientCache), or null when its pair is not in the keychain. */
  clientFor(account: Account): Promise<AvitoClient | null>;
  /**
   * After an Avito run, the new buyer messages per chat (chat_messages ids, oldest first) — never on the
   * account's first sync, which imports history. The bot decides them; awaited inside the account's lock,
   * so two runs never decide at once.
   */
  afterSync?(accountId: number, buyerMessages: Map<number, number[]>): Promise<void>;
}

const AVITO_CHANNEL_ID = 'avito_chat' as const;
/** The longest an Avito account waits between two scheduled runs (its cheap pass), whatever the WB interval. */
export const AVITO_POLL_MINUTES = 1;

/**
 * Per-account sync (DESIGN §4): one lock per account (a second request joins the running one),
 * one job per channel, partial success per channel, a scheduler, and status per channel.
 */
export class SyncService {
  private readonly running = new Map<number, Promise<SyncReport>>();
  private readonly store: SyncStore;
  private timer: NodeJS.Timeout | null = null;
  private online = true;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: SyncServiceDeps) {
    this.store = new SyncStore(deps.db);
  }

  syncAccount(accountId: number, options: { full?: boolean } = {}): Promise<SyncReport> {
    const current = this.running.get(accountId);
    if (current) return current;
    if (this.stopping.signal.aborted) return Promise.reject(new CoreError('app_closing', {}, true));
    const run = this.run(accountId, options.full ?? false).finally(() => this.running.delete(accountId));
    this.running.set(accountId, run);
    return run;
  }

  /** Every connected (non-demo) account; the scheduler's and the network-back trigger. */
  async syncAll(): Promise<SyncReport[]> {
    return this.inTurn(this.connectedAccountIds());
  }

  /**
   * WB accounts one after another, as ever; each Avito account alongside them: its background pace
   * (a request a second, a first sync of a big shop takes minutes) never holds a WB account back, nor
   * the other way round. Reports in the order of `ids`.
   */
  private async inTurn(ids: number[]): Promise<SyncReport[]> {
    const { db } = this.deps;
    const one = (id: number) => this.syncAccount(id).catch((error: unknown) => this.failedReport(id, error));
    const reports = new Map<number, Promise<SyncReport>>();
    const wb: number[] = [];
    for (const id of ids)
      if (accountRow(db, id).marketplace === 'avito') reports.set(id, one(id));
      else wb.push(id);
    const chain = (async () => {
      for (const id of wb) {
        const report = one(id);
        reports.set(id, report);
        await report;
      }
    })();
    await chain;
    return Promise.all(ids.map((id) => reports.get(id)!));
  }

  /**
   * The scheduler: every `tickMs` each connected account whose last sync is older than its own
   * interval (settings `syncIntervalMinutes`, default 5) is synced; one sync runs at start-up.
   */
  start(tickMs = 60_000): void {
    this.stop();
    const tick = () => {
      if (this.online)
        void this.syncDue().catch((error: unknown) =>
          this.deps.logger.error('sync.tick_failed', { error: String(error) }),
        );
    };
    this.timer = setInterval(tick, tickMs);
    this.timer.unref();
    tick();
  }

  private async syncDue(): Promise<void> {
    const now = this.deps.clock().getTime();
    const { db } = this.deps;
    const due: number[] = [];
    for (const id of this.connectedAccountIds()) {
      const settingsMinutes = readSettings(db, id).syncIntervalMinutes;
      // An Avito account's run is the cheap pass (a few requests when nothing changed, avito-poll.ts) and
      // Avito buyers expect a quick answer (and the bot answers them): at most AVITO_POLL_MINUTES apart.
      const minutes =
        accountRow(db, id).marketplace === 'avito' ? Math.min(settingsMinutes, AVITO_POLL_MINUTES) : settingsMinutes;
      const last = db.get(
        db.build
          .selectFrom('sync_state')
          .select((eb) => eb.fn.max('last_sync_at').as('at'))
          .where('account_id', '=', id),
      )?.at;
      if (last && now - Date.parse(last) < minutes * 60_000) continue;
      due.push(id);
    }
    await this.inTurn(due);
  }

  private connectedAccountIds(): number[] {
    const { db } = this.deps;
    return db
      .all(
        db.build
          .selectFrom('accounts')
          .select('id')
          .where('is_demo', '=', 0)
          // WB accounts by their token, Avito accounts by their pair (token_ref stays NULL for them, migration 0018).
          .where((eb) =>
            eb.or([
              eb('token_ref', 'is not', null),
              eb.and([eb('marketplace', '=', 'avito'), eb('avito_client_secret_ref', 'is not', null)]),
            ]),
          )
          .orderBy('id'),
      )
      .map((row) => row.id);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Shutdown: no new runs; running ones stop at their next chunk boundary. */
  shutdown(): void {
    this.stop();
    this.stopping.abort();
  }

  /** Coming back online syncs at once instead of waiting for the next tick. */
  setOnline(online: boolean): void {
    const cameBack = online && !this.online;
    this.online = online;
    if (cameBack) void this.syncAll();
  }

  /** Waits for running syncs (shutdown: let the running transaction and run finish). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  /** The stored chat events cursor (WB's `next`), committed with the events it covers; null before the first page. */
  chatCursor(accountId: number): number | null {
    const cursor = Number(this.store.state(accountId, 'chat')?.cursor ?? NaN);
    return Number.isFinite(cursor) ? cursor : null;
  }

  status(account: Account): SyncStatusView {
    const now = this.deps.clock();
    // A run of this process is alive however long it waits (Base tokens pace chat at 1 request an
    // hour); only a `syncing` left by a dead process times out.
    if (!this.running.has(account.id)) this.store.expireStale(account.id, now, SYNC_TIMEOUT_MS);
    const covered: InboxChannel[] = account.marketplace === 'avito' ? [AVITO_CHANNEL_ID] : accountCoverage(account);
    const shown: readonly InboxChannel[] =
      account.marketplace === 'avito' ? [AVITO_CHANNEL_ID] : (['review', 'question', 'chat'] as const);
    const channels = shown.map((channel) => {
      const state = this.store.state(account.id, channel);
      return {
        channel,
        covered: covered.includes(channel),
        status: state?.status ?? 'idle',
        reason: (state?.status_reason ?? null) as ChannelSyncResult['reason'],
        // Masked on the way out too: a row written before masking existed may hold a token.
        message: redactValue(decodeMessage(state?.last_error ?? null)) as CoreMessage | null,
        fetched: state?.progress_fetched ?? 0,
        total: state?.progress_total ?? null,
        lastSyncAt: state?.last_sync_at ?? null,
        lastSuccessAt: state?.last_success_at ?? null,
      };
    });
    const expiresAt = account.token_expires_at ? new Date(account.token_expires_at) : null;
    return {
      accountId: account.id,
      channels,
      alerts: healthAlerts(this.deps.db, account.id, covered, now),
      tokenExpiresAt: account.token_expires_at,
      tokenWarning: tokenWarning(expiresAt, now),
      readOnly: account.token_read_only === 1,
    };
  }

  private async run(accountId: number, full: boolean): Promise<SyncReport> {
    const { db, clock } = this.deps;
    const account = accountRow(db, accountId);
    if (account.is_demo) throw new CoreError('demo_not_synced');
    this.store.expireStale(accountId, clock(), SYNC_TIMEOUT_MS);
    if (account.marketplace === 'avito') return this.runAvito(account, full);

    const token = await this.deps.tokenFor(account);
    if (!token) throw new CoreError('no_token');
    const facts = decodeWbToken(token);
    const covered = coveredChannels({ isDemo: false, tokenScopes: tokenScopes(facts) });
    const results: ChannelSyncResult[] = [];
    try {
      assertTokenUsable(facts, clock());
    } catch (error) {
      // A token that covers no channel at all (wb_token_scope) fails every channel, never "ok".
      for (const channel of covered.length ? covered : ALL_CHANNELS)
        results.push(this.refuseChannel(accountId, channel, error));
      return this.report(accountId, results);
    }

    const client = this.deps.clientFor?.(accountId, token, facts) ?? createWbClient(token, facts, this.deps.wb);
    const observed: AnswerObserved[] = [];
    const touched = new Set<number>();
    try {
      const job = (channel: Channel, body: (ctx: JobContext) => Promise<void>) =>
        covered.includes(channel)
          ? this.runChannel(accountId, channel, full, client, observed, touched, body)
          : Promise.resolve(skipped(channel));
      // Every channel at once: reviews and questions share one WB limit bucket, which (not their
      // order) bounds them, and each keeps its next page requested while it writes the last, so
      // the bucket never waits for a write; chat has buckets of its own.
      results.push(
        ...(await Promise.all([
          job('review', (ctx) => syncFqChannel(ctx, reviewSpec(ctx))),
          job('question', (ctx) => syncFqChannel(ctx, questionSpec(ctx))),
          job('chat', syncChats),
        ])),
      );
      if (covered.includes('chat')) fillChatProducts(db, accountId);
    } finally {
      await client.close();
    }
    try {
      this.deps.afterSync?.(accountId, observed, [...touched]);
    } catch (error) {
      this.deps.logger.error('sync.after_sync_failed', {
        accountId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return this.report(accountId, results);
  }

  private async runChannel(
    accountId: number,
    channel: Channel,
    full: boolean,
    client: ReturnType<typeof createWbClient>,
    observed: AnswerObserved[],
    touched: Set<number>,
    body: (ctx: JobContext) => Promise<void>,
  ): Promise<ChannelSyncResult> {
    const { db, clock, bus, logger } = this.deps;
    const started = clock();
    // A channel's first sync imports its history: what it writes has not "arrived" (no notifications).
    const importing = !this.store.state(accountId, channel)?.last_success_at;
    const arrived = new Map<number, 'new' | 'message'>();
    const runId = this.store.markSyncing(accountId, channel, started.toISOString());
    const counters = emptyCounters();
    // This job's own requests (reviews and questions run at once in one limit group).
    const tally = { requests: 0, rateLimited: 0, retries: 0 };
    bus.emit('sync.progress', {
      accountId,
      channel,
      status: 'syncing',
      fetched: 0,
      total: null,
      reason: null,
      message: null,
    });
    const ctx: JobContext = {
      db,
      accountId,
      channel,
      client,
      writer: new InteractionWriter(db, accountId, touched, arrived),
      store: this.store,
      counters,
      clock,
      logger,
      sla: readSlaSettings(db, accountId, logger),
      full,
      // The first sync of a channel (never succeeded) loads its whole history, as a full one does.
      bulk: full || !this.store.state(accountId, channel)?.last_success_at,
      pageSize: this.deps.pageSize ?? 1000,
      maxEventPages: this.deps.maxEventPages,
      chunkSize: this.deps.chunkSize ?? 50,
      observed,
      signal: this.stopping.signal,
      progress: (fetched, total) => {
        // Progress is display-only: no fsync for it.
        bulkTransaction(db, () => this.store.progress(accountId, channel, fetched, total));
        bus.emit('sync.progress', {
          accountId,
          channel,
          status: 'syncing',
          fetched,
          total,
          reason: null,
          message: null,
        });
      },
    };
    let failure: RunFailure | null = null;
    try {
      await client.http.tally(tally, () => body(ctx));
    } catch (error) {
      failure = this.failed(accountId, channel, error);
    }
    counters.requests = tally.requests;
    counters.rateLimited = tally.rateLimited;
    this.finishRun({ runId, accountId, channel, started, counters, failure, importing, arrived });
    return {
      ...channelResult(channel, counters, failure),
      ...(channel === 'chat' ? { eventsCaughtUp: !failure && ctx.eventsCaughtUp === true } : {}),
    };
  }

  /** A run's failure as its reason and message, logged once (WB and Avito runs alike). */
  private failed(accountId: number, channel: InboxChannel, error: unknown): RunFailure {
    const failure = syncErrorOf(error);
    this.deps.logger.warn('sync.channel_failed', {
      accountId,
      channel,
      reason: failure.reason,
      error: error instanceof Error ? error.message : String(error),
    });
    return failure;
  }

  /**
   * A run's end, WB and Avito alike: its sync_runs row, the status bar, the inbox, and what arrived.
   * Pages committed before a failure hold new items too: they are in the inbox, so they arrived —
   * except on a first sync, which imports history.
   */
  private finishRun(run: {
    runId: number;
    accountId: number;
    channel: InboxChannel;
    started: Date;
    counters: RunCounters;
    failure: RunFailure | null;
    importing: boolean;
    arrived: Map<number, 'new' | 'message'>;
  }) {
    const { db, clock, bus } = this.deps;
    const { accountId, channel, counters, failure } = run;
    this.store.finish(run.runId, accountId, channel, clock().toISOString(), run.started.getTime(), counters, failure);
    bus.emit('sync.progress', {
      accountId,
      channel,
      status: failure ? 'error' : 'idle',
      fetched: counters.fetched,
      total: null,
      reason: failure?.reason ?? null,
      message: failure?.message ?? null,
    });
    bus.emit('inbox.changed', { accountId, channels: [channel] });
    if (!run.importing && run.arrived.size > 0) bus.emit('inbox.arrived', arrivedItems(db, accountId, run.arrived));
  }

  /**
   * One Avito account's run: its own channel `avito_chat` with its own sync_state / sync_runs rows, in
   * the account's lock (syncAccount). An Avito account is its own account, so its failure is its own:
   * a WB account's run never waits for it nor sees it.
   */
  private async runAvito(account: Account, forceFull: boolean): Promise<SyncReport> {
    const { db, clock, bus, logger } = this.deps;
    const accountId = account.id;
    const channel = AVITO_CHANNEL_ID;
    const started = clock();
    const state = this.store.state(accountId, channel);
    // The first sync imports history: what it writes has not "arrived" (no notifications, no bot).
    const importing = !state?.last_success_at;
    // The watermark of this channel is when the last full pass succeeded.
    const lastFull = state?.watermark ? Date.parse(state.watermark) : NaN;
    const full = forceFull || !(started.getTime() - lastFull < FULL_PASS_EVERY_MS);
    const runId = this.store.markSyncing(accountId, channel, started.toISOString());
    const counters = emptyCounters();
    const progress = (fetched: number, total: number | null) => {
      bulkTransaction(db, () => this.store.progress(accountId, channel, fetched, total));
      bus.emit('sync.progress', { accountId, channel, status: 'syncing', fetched, total, reason: null, message: null });
    };
    progress(0, null);
    let failure: RunFailure | null = null;
    let buyerMessages = new Map<number, number[]>();
    const arrived = new Map<number, 'new' | 'message'>();
    let client: AvitoClient | null = null;
    let before = { requests: 0, rateLimited: 0 };
    try {
      client = this.deps.avito ? await this.deps.avito.clientFor(account) : null;
      if (!client) throw new CoreError('no_token');
      before = { requests: client.stats.requests, rateLimited: client.stats.rateLimited };
      const result = await pollAvitoAccount({
        db,
        accountId,
        avitoUserId: account.avito_user_id,
        client,
        clock,
        logger,
        counters,
        full,
        signal: this.stopping.signal,
        progress,
      });
      if (result.full) bulkTransaction(db, () => this.store.setWatermark(accountId, channel, started.toISOString()));
      buyerMessages = result.buyerMessages;
      for (const id of result.createdChats) arrived.set(id, 'new');
      for (const id of result.buyerMessages.keys()) if (!arrived.has(id)) arrived.set(id, 'message');
    } catch (error) {
      failure = this.failed(accountId, channel, error);
    }
    if (client) {
      counters.requests = client.stats.requests - before.requests;
      counters.rateLimited = client.stats.rateLimited - before.rateLimited;
    }
    this.finishRun({ runId, accountId, channel, started, counters, failure, importing, arrived });
    if (!importing && buyerMessages.size > 0 && this.deps.avito?.afterSync)
      await this.deps.avito.afterSync(accountId, buyerMessages).catch((error: unknown) =>
        logger.error('sync.avito_after_sync_failed', {
          accountId,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    return this.report(accountId, [channelResult(channel, counters, failure)]);
  }

  private refuseChannel(accountId: number, channel: Channel, error: unknown): ChannelSyncResult {
    const now = this.deps.clock();
    const failure = syncErrorOf(error);
    const runId = this.store.markSyncing(accountId, channel, now.toISOString());
    this.store.finish(runId, accountId, channel, now.toISOString(), now.getTime(), emptyCounters(), failure);
    this.deps.bus.emit('sync.progress', {
      accountId,
      channel,
      status: 'error',
      fetched: 0,
      total: null,
      reason: failure.reason,
      message: failure.message,
    });
    return { ...skipped(channel), skipped: false, ok: false, reason: failure.reason, message: failure.message };
  }

  private report(accountId: number, channels: ChannelSyncResult[]): SyncReport {
    return { accountId, ok: channels.every((c) => c.ok), channels };
  }

  private failedReport(accountId: number, error: unknown): SyncReport {
    const failure = syncErrorOf(error);
    this.deps.logger.warn('sync.account_failed', { accountId, reason: failure.reason });
    return { accountId, ok: false, channels: [] };
  }
}

const ALL_CHANNELS: Channel[] = ['review', 'question', 'chat'];

type RunFailure = ReturnType<typeof syncErrorOf>;

/** One channel's line of a sync report. */
function channelResult(channel: InboxChannel, counters: RunCounters, failure: RunFailure | null): ChannelSyncResult {
  return {
    channel,
    ok: !failure,
    skipped: false,
    reason: failure?.reason ?? null,
    message: failure?.message ?? null,
    fetched: counters.fetched,
    created: counters.created,
    updated: counters.updated,
    contractErrors: counters.errors,
    requests: counters.requests,
    rateLimited: counters.rateLimited,
  };
}

function skipped(channel: Channel): ChannelSyncResult {
  return {
    channel,
    ok: true,
    skipped: true,
    reason: null,
    message: null,
    fetched: 0,
    created: 0,
    updated: 0,
    contractErrors: 0,
    requests: 0,
    rateLimited: 0,
  };
}

/** What the account row says the stored token covers (its scopes, decoded when it was connected). */
const accountCoverage = (account: Account): Channel[] =>
  coveredChannels({ isDemo: account.is_demo === 1, tokenScopes: JSON.parse(account.token_scopes) as string[] });

/** Within 14 days of the token's expiry, and after it: what the seller should do. */
export function tokenWarning(expiresAt: Date | null, now: Date): CoreMessage | null {
  const days = expiresAt ? daysUntilExpiry({ expiresAt }, now) : null;
  if (expiresAt === null || days === null) return null;
  if (days < 0) return coreMessage('wb_token_expired', { expiredAt: expiresAt.toISOString() });
  if (days <= EXPIRY_WARNING_DAYS)
    return coreMessage('wb_token_expiring', { expiresAt: expiresAt.toISOString(), days });
  return null;
}
