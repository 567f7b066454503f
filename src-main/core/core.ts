import { normaliseToken } from '../../src-shared/domain/token';
import { aiBaseUrlProblem } from '../../src-shared/domain/settings';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { connectAccount, ENV_TOKEN_REF, ensureEnvAccount } from './accounts/connect';
import { AiKeys } from './ai/api-key';
import { runAutoReplies } from './ai/auto-reply-runner';
import { draftFor } from './ai/drafts';
import { backupDirOf, backupIfDue } from './db/backup';
import { openDatabase, type AppDatabase } from './db/database';
import { prepareDataDir } from './db/file-modes';
import { holdRunningMarker } from './db/running-marker';
import type { Account } from './db/schema';
import { seedDemoShop } from './demo/demo-shop';
import { CoreError } from './errors';
import { PushBus } from './events';
import { accountRow as findAccount, listAccounts } from './inbox/accounts';
import { countInbox, getInteraction, listInbox } from './inbox/queries';
import { dispatch, type CoreHandlers } from './ipc-dispatch';
import { redactingLogger, silentLogger, type Logger } from './logger';
import { rememberSecret } from './redact';
import { BUILTIN_TEMPLATES } from './replies/builtin-templates';
import { Dispatcher, type DispatchStep } from './replies/dispatcher';
import { flagOverdueReplies } from './replies/pending-window';
import { checkReply } from './replies/guardrails';
import { Outbox } from './replies/outbox';
import type { SecretStore } from './secrets';
import { readSettings, writeSettings } from './settings';
import { SyncService } from './sync/sync-service';
import { decodeWbToken } from './wb/token';
import { sqliteLimitStore } from './wb/limit-store';
import { createWbClient, type WbClient, type WbClientOptions } from './wb/wb-client';

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
  syncPageSize?: number;
  /** Test-only fault injection for the exactly-once tests (AGENTIQ_CRASH_AT). */
  afterDispatchStep?: (step: DispatchStep) => void;
}

export interface Core {
  readonly handlers: CoreHandlers;
  readonly database: AppDatabase;
  readonly bus: PushBus;
  readonly deps: Required<Pick<CoreDeps, 'dataDir' | 'shell' | 'version'>> & { clock: () => Date; logger: Logger; secrets: SecretStore };
  readonly sync: SyncService;
  readonly outbox: Outbox;
  readonly dispatcher: Dispatcher;
  /** The AGENTIQ_WB_TOKEN account (created or refreshed on demand); null without the env token. */
  envAccount(): Account | null;
  /** Starts the background work of a long-running shell: the sync scheduler and the outbox dispatcher. */
  startBackground(intervalMs?: number): void;
  /** Parse + run one IPC call; never throws. */
  call(channel: unknown, input: unknown): Promise<IpcResult<unknown>>;
  /** Stops timers, lets the running write finish, closes the database. Idempotent. */
  close(): Promise<void>;
}

/** Far longer than WB's events feed takes to show a message just sent (seconds, in practice). */
export const CHAT_FEED_LAG_MAX_MS = 10 * 60_000;
/** How often a long-running shell looks whether the daily backup is due (a laptop asleep at the 24 h mark catches up within this). */
const BACKUP_CHECK_MS = 60 * 60_000;

export const databaseFile = (dataDir: string) => `${dataDir.replace(/[\\/]+$/, '')}/agentiq.db`;

/** Composes the engine (DESIGN §1 core.ts): one method per IPC channel, nothing Electron-specific. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  // Every known secret is masked in whatever core logs (a WB or AI server may echo one back).
  const logger = redactingLogger(deps.logger ?? silentLogger);
  const { clock } = deps;
  const file = databaseFile(deps.dataDir);
  await prepareDataDir(deps.dataDir, file);
  // Held while the database is open: `agentiq restore` refuses to replace it under a running process.
  const marker = await holdRunningMarker(deps.dataDir, deps.shell, clock());
  const database = await openDatabase(file, { logger, clock, nativeBinding: deps.nativeBinding }).catch(async (error: unknown) => {
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
    const token = account.token_ref === ENV_TOKEN_REF ? envToken : account.token_ref ? await deps.secrets.get(account.token_ref) : null;
    rememberSecret(token);
    return token;
  };
  const accountRow = (id: number) => findAccount(db, id);

  // One WB client per account and process: the sync and the dispatcher share its queues and
  // buckets (two clients would each spend WB's whole limit). A new token replaces it; close() closes them.
  const clients = new Map<number, { token: string; client: WbClient; shared: WbClient }>();
  const clientFor = (accountId: number, token: string, facts = decodeWbToken(token)): WbClient => {
    const cached = clients.get(accountId);
    if (cached?.token === token) return cached.shared;
    // The old client may still be in use by a running sync or send: it closes once drained.
    if (cached) void cached.client.http.idle().then(() => cached.client.close()).catch(() => undefined);
    const client = createWbClient(token, facts, { limitStore: sqliteLimitStore(db, accountId, clock), ...deps.wb });
    const shared: WbClient = { ...client, close: async () => {} };
    clients.set(accountId, { token, client, shared });
    return shared;
  };

  const outbox = new Outbox({ db, bus, clock, pendingWindowMinutes: (accountId) => readSettings(db, accountId).pendingWindowMinutes });
  const sync = new SyncService({
    db,
    bus,
    logger,
    clock,
    wb: deps.wb ?? {},
    pageSize: deps.syncPageSize,
    tokenFor,
    clientFor,
    afterSync: (accountId) => {
      outbox.reconcile(accountId);
      const settings = readSettings(db, accountId, logger);
      if (settings.autoReply.enabled && !settings.autoReply.dryRun && !settings.autoReply.killSwitch) runAutoReplies(db, outbox, accountId, settings, clock());
    },
  });
  const dispatcher = new Dispatcher({
    db,
    bus,
    clock,
    logger,
    outbox,
    afterStep: deps.afterDispatchStep,
    clientFor: async (account) => {
      const token = account.is_demo ? null : await tokenFor(account);
      return token ? clientFor(account.id, token) : null;
    },
    // Only a chat channel that walked the events feed to `totalEvents == 0` has read it to its end
    // (a stuck cursor ends the walk "ok" with events left), and only a stored cursor at or past
    // the send shows the feed covers it (a lagging feed ends before it). A sync already running
    // may have read the feed before the send, so it is waited for and a new one run.
    catchUpChat: async (accountId, sinceMs) => {
      await sync.idle();
      const report = await sync.syncAccount(accountId).catch(() => null);
      if (!report?.channels.some((c) => c.channel === 'chat' && c.ok && !c.skipped && c.eventsCaughtUp === true)) return false;
      const cursor = sync.chatCursor(accountId);
      if (cursor !== null && cursor >= sinceMs) return true;
      // A quiet chat moves no cursor: once the feed, read to its end, has had far longer than WB
      // takes to show a sent message (seconds), our message is not there. Both times are ours.
      return clock().getTime() - sinceMs > CHAT_FEED_LAG_MAX_MS;
    },
  });
  if (envToken) {
    try {
      envAccount();
    } catch (error) {
      logger.warn('core.env_token_refused', { error: error instanceof Error ? error.message : String(error) });
    }
  }
  const aiKeys = new AiKeys(deps.secrets, logger);
  const settingsView = async (accountId: number) => {
    const settings = readSettings(db, accountId, logger);
    return { ...settings, ...(await aiKeys.status(accountId, settings.ai.baseUrl)) };
  };

  const handlers: CoreHandlers = {
    'app.info': async () => ({
      version: deps.version,
      shell: deps.shell === 'electron' ? 'electron' : 'host',
      dataDir: deps.dataDir,
      schemaVersion: database.schemaVersion(),
      keychain: await deps.secrets.status(),
    }),
    'accounts.list': async () => listAccounts(db),
    'demo.seed': async () => {
      const result = seedDemoShop(db, clock());
      if (result.created > 0) bus.emit('inbox.changed', { accountId: result.accountId, channels: ['review', 'question', 'chat'] });
      return result;
    },
    'inbox.counts': async ({ accountId }) => countInbox(db, accountId),
    'inbox.list': async (input) => flagOverdueReplies(db, listInbox(db, input), readSettings(db, input.accountId).pendingWindowMinutes, clock()),
    'interaction.get': async ({ id }) => getInteraction(db, id),
    'accounts.connect': (input) => connectAccount(db, deps.secrets, input, clock()),
    'sync.run': ({ accountId, full }) => sync.syncAccount(accountRow(accountId).id, { full }),
    'sync.status': async ({ accountId }) => sync.status(accountRow(accountId)),
    'interaction.open': async ({ id }) => ({ queued: outbox.queueMarkViewed(id) }),
    'reply.send': async ({ interactionId, text, origin, draftText }) => {
      const channel = getInteraction(db, interactionId).channel;
      return outbox.queue({ interactionId, text, kind: channel === 'chat' ? 'chat_message' : 'answer', origin, draftText });
    },
    'reply.edit': async ({ interactionId, text }) => outbox.queue({ interactionId, text, kind: 'edit', origin: 'manual' }),
    'question.reject': async ({ interactionId, text }) => outbox.queue({ interactionId, text, kind: 'reject', origin: 'manual' }),
    'outbox.list': async ({ accountId, interactionId, states }) => outbox.list(accountRow(accountId).id, { interactionId, states }),
    'outbox.retry': async ({ outboxId }) => outbox.retry(outboxId),
    'outbox.cancel': async ({ outboxId }) => outbox.cancel(outboxId),
    'outbox.update': async ({ outboxId, text }) => outbox.update(outboxId, text),
    'outbox.resolveConflict': async ({ outboxId, action }) => outbox.resolveConflict(outboxId, action),
    'outbox.flush': async () => dispatcher.flush({ ignoreBackoff: true }),
    'guardrails.check': async (input) => checkReply(input),
    'drafts.generate': async ({ interactionId, regenerate }) => {
      const accountId = getInteraction(db, interactionId).accountId;
      const settings = readSettings(db, accountId, logger);
      const getApiKey = (origin: string) => aiKeys.keyFor(accountId, origin, settings.ai.baseUrl);
      return draftFor({ db, clock, logger, settings, getApiKey }, interactionId, regenerate);
    },
    'templates.list': async ({ accountId }) => ({ builtin: [...BUILTIN_TEMPLATES], custom: readSettings(db, accountRow(accountId).id).templates }),
    'templates.save': async ({ accountId, template }) => {
      const current = readSettings(db, accountRow(accountId).id).templates.filter((t) => t.id !== template.id);
      if (BUILTIN_TEMPLATES.some((t) => t.id === template.id)) throw new CoreError('template_builtin_readonly');
      return writeSettings(db, accountId, { templates: [...current, template] }, clock()).templates;
    },
    'templates.delete': async ({ accountId, templateId }) => {
      const current = readSettings(db, accountRow(accountId).id).templates;
      if (!current.some((t) => t.id === templateId)) throw new CoreError('not_found', { entity: 'template', id: templateId });
      return writeSettings(db, accountId, { templates: current.filter((t) => t.id !== templateId) }, clock()).templates;
    },
    'settings.get': async ({ accountId }) => settingsView(accountRow(accountId).id),
    'settings.update': async ({ accountId, patch }) => {
      const id = accountRow(accountId).id;
      const problem = patch.ai?.baseUrl !== undefined ? aiBaseUrlProblem(patch.ai.baseUrl) : null;
      if (problem) throw new CoreError(problem.code);
      // The key first: if the keychain fails, the address has not moved without it either.
      if (patch.ai) await aiKeys.beforeAddressChange(id, readSettings(db, id).ai.baseUrl, patch.ai.baseUrl);
      writeSettings(db, id, patch, clock());
      return settingsView(id);
    },
    'ai.setApiKey': async ({ accountId, apiKey }) => {
      const id = accountRow(accountId).id;
      if (apiKey === null) {
        await aiKeys.remove(id);
        return { stored: false };
      }
      const { baseUrl } = readSettings(db, id).ai;
      if (!baseUrl) throw new CoreError('ai_key_needs_base_url');
      const problem = aiBaseUrlProblem(baseUrl);
      if (problem) throw new CoreError(problem.code);
      await aiKeys.store(id, apiKey, baseUrl);
      return { stored: true };
    },
    'autoReply.run': async ({ accountId, dryRun }) => {
      const account = accountRow(accountId);
      if (account.is_demo && !dryRun) throw new CoreError('demo_no_auto_replies');
      return runAutoReplies(db, outbox, account.id, readSettings(db, account.id), clock(), dryRun ?? false);
    },
    'app.networkChanged': async ({ online }) => {
      sync.setOnline(online);
      dispatcher.setOnline(online);
      return { online };
    },
  };

  let backupTimer: NodeJS.Timeout | undefined;
  let backupRunning: Promise<unknown> = Promise.resolve();
  const dailyBackup = () => {
    backupRunning = backupIfDue(sqlite, backupDirOf(file), { now: clock(), logger, nativeBinding: deps.nativeBinding }).catch((error: unknown) =>
      logger.warn('db.backup_failed', { code: 'backup_failed', error: error instanceof Error ? error.message : String(error) }),
    );
  };
  let closed: Promise<void> | null = null;
  return {
    handlers,
    database,
    bus,
    deps: { dataDir: deps.dataDir, shell: deps.shell, version: deps.version, clock, logger, secrets: deps.secrets },
    sync,
    outbox,
    dispatcher,
    envAccount,
    startBackground: (intervalMs) => {
      sync.start(intervalMs);
      dispatcher.start();
      backupTimer ??= setInterval(dailyBackup, BACKUP_CHECK_MS).unref();
    },
    call: (channel, input) => dispatch(handlers, channel, input, logger),
    close: () =>
      (closed ??= (async () => {
        sync.shutdown();
        clearInterval(backupTimer);
        // A running sync stops at its next chunk boundary; each chunk is one short transaction.
        await Promise.race([Promise.all([sync.idle(), dispatcher.stop()]), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
        // Closing a client keeps its limit state for the next process (before the database closes).
        await Promise.all([...clients.values()].map(({ client }) => client.close().catch(() => undefined)));
        clients.clear();
        // The online backup steps between ticks on this connection: it finishes before the close.
        await backupRunning;
        await database.close();
        await marker.release();
      })()),
  };
}
