import { normaliseToken } from '../../src-shared/domain/token';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { ENV_TOKEN_REF, envAccountId, ensureEnvAccount } from './accounts/connect';
import { AiKeys } from './ai/api-key';
import { runAutoRepliesAfterSync } from './ai/auto-reply-runner';
import { IntentFallback } from './ai/intent-fallback';
import { backupDirOf, backupIfDue, createBackup, newestBackup } from './db/backup';
import { openDatabase, type AppDatabase } from './db/database';
import { prepareDataDir } from './db/file-modes';
import { holdRunningMarker } from './db/running-marker';
import type { Account } from './db/schema';
import { PushBus } from './events';
import { dispatch, type CoreHandlers } from './ipc-dispatch';
import { SlaClock } from './inbox/sla-clock';
import { SnoozeWaker } from './inbox/snooze-waker';
import { createHandlers } from './ipc-handlers';
import { LinkEngine } from './links/link-engine';
import { MediaCache, mediaDirOf } from './media/media-cache';
import { PhotoPrefetch } from './media/photo-prefetch';
import { redactingLogger, silentLogger, type Logger } from './logger';
import { rememberSecret } from './redact';
import { Dispatcher, type DispatchStep } from './replies/dispatcher';
import { Outbox } from './replies/outbox';
import type { SecretStore } from './secrets';
import { readSettings } from './settings';
import { catchUpChat } from './sync/chat-catch-up';
import { SearchIndexer } from './search/search-index';
import { SyncService } from './sync/sync-service';
import { WbClientCache } from './wb/client-cache';
import type { WbClientOptions } from './wb/wb-client';
import { verifyAvitoCredentials, type AvitoClientOptions } from './avito/avito-client';
import { AvitoClientCache } from './avito/client-cache';
import {
  avitoCredentialsOf,
  ensureAvitoEnvAccount,
  type AvitoCredentials,
  type VerifyAvito,
} from './accounts/avito-connect';
import {
  botAnswererFromSettings,
  decideBotReply,
  outboxEnqueue,
  settleInterruptedDecisions,
  type AvitoBotDeps,
} from './avito-bot/bot-engine';
import { knowledgeDirIn } from './knowledge/knowledge-index';

export interface CoreDeps {
  /** Folder holding agentiq.db (the shells resolve it: OS user-data folder, or AGENTIQ_DATA_DIR). */
  dataDir: string;
  secrets: SecretStore;
  shell: 'electron' | 'host' | 'cli';
  version: string;
  logger?: Logger;
  /** Every time core stamps, compares or reports (the shells pass the system clock; tests their own). */
  clock: () => Date;
  nativeBinding?: string;
  /** AGENTIQ_WB_TOKEN: the token of a default account, kept in memory only, never written anywhere. */
  envToken?: string | null;
  /** WB connection options; `baseUrl` is AGENTIQ_WB_BASE_URL (every API group at one origin). */
  wb?: WbClientOptions;
  /** Avito connection options (avito/avito-client.ts); `baseUrl` is AGENTIQ_AVITO_BASE_URL. */
  avito?: Omit<AvitoClientOptions, 'userId'>;
  /** AGENTIQ_AVITO_CLIENT_ID / _SECRET: the pair of a default Avito account, kept in memory only. */
  avitoEnv?: AvitoCredentials | null;
  syncPageSize?: number;
  /** Test-only fault injection for the exactly-once tests (AGENTIQ_CRASH_AT). */
  afterDispatchStep?: (step: DispatchStep) => void;
  /**
   * A shell with a window (the app, the host): the first inbox rows come before the day's backup,
   * which then runs with the rest of the background work start() defers. Without it the open takes
   * the daily backup when it is due (the CLI; a one-shot command has no "later").
   */
  serveFirst?: boolean;
  /** A core worker restarted after its predecessor in this process died: that one's outbox leases are free at once. */
  reclaimOwnProcessLeases?: boolean;
}

/** What `core.internals` holds: the composed parts, for tests and the bench to drive and inspect. */
export interface CoreInternals {
  readonly handlers: CoreHandlers;
  readonly database: AppDatabase;
  readonly bus: PushBus;
  readonly sync: SyncService;
  readonly outbox: Outbox;
  readonly dispatcher: Dispatcher;
  /** The SLA clock: `tick()` applies crossed boundaries now, `recompute(accountId)` re-assesses an account. */
  readonly sla: SlaClock;
  /** Snoozes running out: `tick()` emits `inbox.changed` for the accounts whose snooze ended since its last look. */
  readonly snoozeWaker: SnoozeWaker;
  readonly searchIndexer: SearchIndexer;
  /** The linking pass (DESIGN §6): `recomputeFor(ids)`, `recomputeAll(accountId)`, `idle()` after a sync's queued pass. */
  readonly links: LinkEngine;
  /** The optional AI fallback for question intents, run in the background after each sync. */
  readonly intentFallback: IntentFallback;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** The AGENTIQ_WB_TOKEN account (created or refreshed on demand); null without the env token. */
  envAccount(): Account | null;
}

export interface Core {
  /** Parse + run one IPC call; never throws. */
  call(channel: unknown, input: unknown): Promise<IpcResult<unknown>>;
  /** The push events the shells forward to the window or the WebSocket. */
  readonly events: Pick<PushBus, 'subscribe'>;
  /** Starts the background work of a long-running shell: the sync scheduler, the outbox dispatcher, the SLA clock, the daily backup. */
  start(options?: { syncIntervalMs?: number }): void;
  /**
   * A one-shot shell (the CLI) before close: waits for the background work its calls started —
   * the AI intent fallback a sync scheduled — within that work's own time limit (close() cancels
   * whatever is left); true when it ended in time. Never throws.
   */
  settle(): Promise<boolean>;
  /** Stops timers, lets the running write finish, closes the database. Idempotent. */
  close(): Promise<void>;
  /**
   * Tests and the bench only: the parts behind `call`. The shells (app, host, cli) go through
   * `call` and `events` — lint refuses `.internals` anywhere in src-main (eslint.config.js).
   */
  readonly internals: CoreInternals;
}

/** How often a long-running shell looks whether the daily backup is due (a laptop asleep at the 24 h mark catches up within this). */
const BACKUP_CHECK_MS = 60 * 60_000;
/**
 * start() holds its background work (sync, outbox, SLA pass, search backfill, the deferred daily
 * backup, the background quick_check) until the window's first `inbox.list` and `inbox.counts`
 * are answered, or this long when no window asks (no account yet, a host nobody opened).
 */
const FIRST_ROWS_WAIT_MS = 2_000;
/** The calls a window makes for its first rows: background work waits for both. */
const FIRST_ROWS_CALLS: readonly unknown[] = ['inbox.list', 'inbox.counts'];

export const databaseFile = (dataDir: string) => `${dataDir.replace(/[\\/]+$/, '')}/agentiq.db`;

/** Composes the engine (DESIGN §1 core.ts): builds the parts and wires them; the domains decide, nothing Electron-specific. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  // Every known secret is masked in whatever core logs (a WB or AI server may echo one back).
  const logger = redactingLogger(deps.logger ?? silentLogger);
  const { clock } = deps;
  const file = databaseFile(deps.dataDir);
  await prepareDataDir(deps.dataDir, file);
  // Held while the database is open: `agentiq restore` refuses to replace it under a running process.
  const marker = await holdRunningMarker(deps.dataDir, deps.shell, clock());
  const serveFirst = deps.serveFirst === true;
  const database = await openDatabase(file, {
    logger,
    clock,
    nativeBinding: deps.nativeBinding,
    dailyBackup: !serveFirst,
  }).catch(async (error: unknown) => {
    await marker.release();
    throw error;
  });
  const { sqlite, runner: db } = database;
  const bus = new PushBus();
  // The auth header is the raw token: no "Bearer " prefix, no surrounding whitespace.
  rememberSecret(deps.envToken);
  const envToken = deps.envToken ? normaliseToken(deps.envToken) || null : null;
  const envAccount = () => (envToken ? ensureEnvAccount(db, envToken, clock()) : null);
  const tokenFor = async (account: Account) => {
    const token =
      account.token_ref === ENV_TOKEN_REF
        ? envToken
        : account.token_ref
          ? await deps.secrets.get(account.token_ref)
          : null;
    rememberSecret(token);
    return token;
  };

  const wbClients = new WbClientCache(db, clock, deps.wb);
  // One Avito client per account and process: the sync, the outbox and the bot share its token and pacing.
  const avitoClients = new AvitoClientCache(deps.avito ?? {});
  const avitoEnv = deps.avitoEnv ?? null;
  const avitoClientFor = async (account: Account) => {
    if (account.is_demo || account.marketplace !== 'avito') return null;
    // The AGENTIQ_AVITO_* account's pair lives in memory (env), every other one in the keychain.
    const credentials = await avitoCredentialsOf(deps.secrets, account, avitoEnv ?? {});
    const userId = account.avito_user_id ? Number(account.avito_user_id) : null;
    return credentials ? avitoClients.clientFor(account.id, credentials, userId) : null;
  };
  const avitoVerify: VerifyAvito = (credentials) => verifyAvitoCredentials(credentials, deps.avito ?? {});
  if (avitoEnv) {
    // The env pair's account is made (or its identity checked) at open, as the WB token's; a refusal is
    // logged and leaves the rest of core working (its sync then says why). The check is a network round
    // trip: a shell with a window does not wait for it before its first rows; a one-shot CLI does.
    const ensured = ensureAvitoEnvAccount(db, avitoVerify, avitoEnv, clock()).catch((error: unknown) =>
      logger.warn('core.avito_env_refused', { error: error instanceof Error ? error.message : String(error) }),
    );
    if (!serveFirst) await ensured;
  }
  const aiKeys = new AiKeys(deps.secrets, logger);
  const intentFallback = new IntentFallback({ db, bus, clock, logger, aiKeys });
  const outbox = new Outbox({
    db,
    bus,
    clock,
    pendingWindowMinutes: (accountId) => readSettings(db, accountId).pendingWindowMinutes,
  });
  // The stemmed search index: the sync indexes what it writes; this drains the rest (migration 0009 backfill).
  const searchIndexer = new SearchIndexer(db, logger);
  const links = new LinkEngine({ db, clock, logger });
  const media = new MediaCache({
    db,
    dir: mediaDirOf(deps.dataDir),
    clock,
    logger,
    baseUrl: deps.wb?.baseUrl,
    avitoBaseUrl: deps.avito?.baseUrl,
  });
  const photoPrefetch = new PhotoPrefetch({ db, media, logger });
  const knowledgeDir = knowledgeDirIn(deps.dataDir);
  /** The bot's deps for one account: the AI key is the account's own (AiKeys.keyFor binds it to its origin). */
  const avitoBotDeps = (accountId: number): AvitoBotDeps => ({
    db,
    clock,
    logger,
    events: bus,
    knowledgeDir,
    answerer: (settings) =>
      botAnswererFromSettings(settings.ai, (origin) => aiKeys.keyFor(accountId, origin, settings.ai.baseUrl)),
    enqueue: outboxEnqueue(outbox),
  });
  // Decisions a stopped process left waiting for the AI: each chat goes to a person (README «Avito bot»).
  try {
    settleInterruptedDecisions(avitoBotDeps(0));
  } catch (error) {
    logger.error('avito_bot.settle_failed', { error: error instanceof Error ? error.message : String(error) });
  }
  const sync = new SyncService({
    db,
    bus,
    logger,
    clock,
    wb: deps.wb ?? {},
    pageSize: deps.syncPageSize,
    tokenFor,
    clientFor: (accountId, token, facts) => wbClients.clientFor(accountId, token, facts),
    afterSync: (accountId, _observed, touched) => {
      void searchIndexer.kick();
      outbox.reconcile(accountId);
      runAutoRepliesAfterSync(db, outbox, accountId, readSettings(db, accountId, logger), clock());
      // Chunked and queued, after the sync's writes: never inside its transactions.
      links.schedule(touched);
      // In the background: the sync has written every question with the rules' intent already.
      intentFallback.schedule(accountId);
      // Thumbnails of new reviews waiting for an answer, for offline (a one-shot CLI does not).
      if (deps.shell !== 'cli') photoPrefetch.schedule(touched);
    },
    avito: {
      clientFor: avitoClientFor,
      // The bot decides each new buyer message of a BOT chat (README «Avito bot»), one at a time.
      afterSync: async (accountId, buyerMessages) => {
        void searchIndexer.kick();
        const bot = avitoBotDeps(accountId);
        for (const [interactionId, messageIds] of buyerMessages)
          for (const messageId of messageIds) {
            try {
              await decideBotReply(bot, { interactionId, messageId });
            } catch (error) {
              logger.error('avito_bot.decide_failed', {
                interactionId,
                error: error instanceof Error ? error.message : String(error),
              });
            }
          }
      },
    },
  });
  const dispatcher = new Dispatcher({
    db,
    bus,
    clock,
    logger,
    outbox,
    afterStep: deps.afterDispatchStep,
    reclaimOwnProcessLeases: deps.reclaimOwnProcessLeases,
    clientFor: async (account) => {
      const token = account.is_demo ? null : await tokenFor(account);
      return token ? wbClients.clientFor(account.id, token) : null;
    },
    catchUpChat: (accountId, sinceMs) => catchUpChat(sync, accountId, sinceMs, clock),
    avitoClientFor,
  });
  if (envToken) {
    try {
      envAccount();
    } catch (error) {
      logger.warn('core.env_token_refused', { error: error instanceof Error ? error.message : String(error) });
    }
  }
  const sla = new SlaClock({ db, bus, clock, logger });
  const snoozeWaker = new SnoozeWaker({ db, bus, clock, logger });
  let backupRunning: Promise<unknown> = Promise.resolve();
  const backups = {
    dir: backupDirOf(file),
    newest: () => newestBackup(backupDirOf(file)),
    // «Создать копию»: after any running backup; close() waits for it like for the daily one.
    create: () => {
      const made = backupRunning.then(() =>
        createBackup(sqlite, backupDirOf(file), { now: clock(), logger, nativeBinding: deps.nativeBinding }),
      );
      backupRunning = made.catch(() => undefined);
      return made;
    },
  };
  const handlers = createHandlers({
    db,
    bus,
    clock,
    logger,
    secrets: deps.secrets,
    sync,
    outbox,
    dispatcher,
    sla,
    snoozeWaker,
    links,
    aiKeys,
    media,
    avitoClientOf: async (accountId) => {
      const account = db.get(db.build.selectFrom('accounts').selectAll().where('id', '=', accountId));
      return account ? avitoClientFor(account) : null;
    },
    version: deps.version,
    shell: deps.shell,
    dataDir: deps.dataDir,
    schemaVersion: () => database.schemaVersion(),
    envAccountId: () => (envToken ? envAccountId(db) : null),
    avitoVerify,
    backups,
  });

  let backupTimer: NodeJS.Timeout | undefined;
  const dailyBackup = () => {
    backupRunning = backupIfDue(sqlite, backupDirOf(file), {
      now: clock(),
      logger,
      nativeBinding: deps.nativeBinding,
    }).catch((error: unknown) =>
      logger.warn('db.backup_failed', {
        code: 'backup_failed',
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  };
  let closed: Promise<void> | null = null;
  // Start-up order (issue 10 item 5): the window's first rows, then the background work.
  const firstRowsAnswered = new Set<unknown>();
  let background: { options?: { syncIntervalMs?: number }; started: boolean; wait?: NodeJS.Timeout } | null = null;
  const startBackground = () => {
    if (!background || background.started || closed) return;
    background.started = true;
    clearTimeout(background.wait);
    sync.start(background.options?.syncIntervalMs);
    dispatcher.start();
    sla.start();
    snoozeWaker.start();
    void searchIndexer.kick();
    if (serveFirst) dailyBackup();
    // The open trusted a clean-close stamp: the disk itself is re-read now and then, off this thread.
    if (database.verificationDue())
      database
        .verifyInBackground()
        .catch((error: unknown) =>
          logger.debug('db.verify_stopped', { error: error instanceof Error ? error.message : String(error) }),
        );
  };
  const answered = (channel: unknown) => {
    if (firstRowsAnswered.size === FIRST_ROWS_CALLS.length || !FIRST_ROWS_CALLS.includes(channel)) return;
    firstRowsAnswered.add(channel);
    // After the answer has gone out: the shells send it on this turn of the event loop.
    if (firstRowsAnswered.size === FIRST_ROWS_CALLS.length) setImmediate(startBackground);
  };
  return {
    call: (channel, input) =>
      dispatch(handlers, channel, input, logger).then((result) => {
        answered(channel);
        return result;
      }),
    events: { subscribe: (listener) => bus.subscribe(listener) },
    start: (options) => {
      backupTimer ??= setInterval(dailyBackup, BACKUP_CHECK_MS).unref();
      if (background) return;
      background = { options, started: false };
      if (firstRowsAnswered.size === FIRST_ROWS_CALLS.length) startBackground();
      else background.wait = setTimeout(startBackground, FIRST_ROWS_WAIT_MS);
    },
    internals: {
      handlers,
      database,
      bus,
      sync,
      outbox,
      dispatcher,
      sla,
      snoozeWaker,
      searchIndexer,
      links,
      intentFallback,
      secrets: deps.secrets,
      logger,
      clock,
      envAccount,
    },
    settle: () => intentFallback.settle(),
    close: () =>
      (closed ??= (async () => {
        sync.shutdown();
        snoozeWaker.stop();
        clearInterval(backupTimer);
        clearTimeout(background?.wait);
        // A running sync stops at its next chunk boundary; each chunk is one short transaction. The
        // linking pass a sync queued may finish inside the same grace time, else it stops at its next chunk.
        await Promise.race([
          Promise.all([
            sync.idle(),
            dispatcher.stop(),
            sla.stop(),
            searchIndexer.stop(),
            intentFallback.stop(),
            photoPrefetch.stop(),
          ]).then(() => links.idle()),
          new Promise((resolve) => setTimeout(resolve, 3_000).unref()),
        ]);
        links.stop();
        await links.idle();
        // Closing a client keeps its limit state for the next process (before the database closes).
        await wbClients.closeAll();
        await avitoClients.closeAll();
        // The online backup steps between ticks on this connection: it finishes before the close.
        await backupRunning;
        await database.close();
        await marker.release();
      })()),
  };
}
