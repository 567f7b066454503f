import { openDatabase, type AppDatabase } from './db/database';
import { seedDemoShop } from './demo/demo-shop';
import { listAccounts } from './inbox/accounts';
import { countInbox, getInteraction, listInbox } from './inbox/queries';
import { dispatch, type CoreHandlers } from './ipc-dispatch';
import { PushBus } from './events';
import { silentLogger, type Logger } from './logger';
import type { SecretStore } from './secrets';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { connectAccount, ENV_TOKEN_REF, ensureEnvAccount } from './accounts/connect';
import type { Account } from './db/schema';
import { CoreError } from './errors';
import { SyncService } from './sync/sync-service';
import type { WbClientOptions } from './wb/wb-client';

export interface CoreDeps {
  /** Folder holding agentiq.db (the shells resolve it: OS user-data folder, or AGENTIQ_DATA_DIR). */
  dataDir: string;
  secrets: SecretStore;
  shell: 'electron' | 'host' | 'cli';
  version: string;
  logger?: Logger;
  clock?: () => Date;
  nativeBinding?: string;
  /** AGENTIQ_WB_TOKEN: the token of a default account, kept in memory only, never written anywhere. */
  envToken?: string | null;
  /** WB connection options; `baseUrl` is AGENTIQ_WB_BASE_URL (every API group at one origin). */
  wb?: WbClientOptions;
  syncPageSize?: number;
}

export interface Core {
  readonly handlers: CoreHandlers;
  readonly database: AppDatabase;
  readonly bus: PushBus;
  readonly deps: Required<Pick<CoreDeps, 'dataDir' | 'shell' | 'version'>> & { clock: () => Date; logger: Logger; secrets: SecretStore };
  readonly sync: SyncService;
  /** The AGENTIQ_WB_TOKEN account (created or refreshed on demand); null without the env token. */
  envAccount(): Account | null;
  /** Starts the background work of a long-running shell (the sync scheduler). */
  startBackground(intervalMs?: number): void;
  /** Parse + run one IPC call; never throws. */
  call(channel: unknown, input: unknown): Promise<IpcResult<unknown>>;
  /** Stops timers, lets the running write finish, closes the database. Idempotent. */
  close(): Promise<void>;
}

export const databaseFile = (dataDir: string) => `${dataDir.replace(/[\\/]+$/, '')}/agentiq.db`;

/** Composes the engine (DESIGN §1 core.ts): one method per IPC channel, nothing Electron-specific. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const logger = deps.logger ?? silentLogger;
  const clock = deps.clock ?? (() => new Date());
  const { mkdir } = await import('node:fs/promises');
  await mkdir(deps.dataDir, { recursive: true });
  const database = await openDatabase(databaseFile(deps.dataDir), { logger, nativeBinding: deps.nativeBinding });
  const { db } = database;
  const bus = new PushBus();
  const { sqlite } = database;
  const envToken = deps.envToken?.trim() || null;
  const envAccount = () => (envToken ? ensureEnvAccount(sqlite, envToken, clock()) : null);
  const sync = new SyncService({
    sqlite,
    bus,
    logger,
    clock,
    wb: deps.wb ?? {},
    pageSize: deps.syncPageSize,
    tokenFor: async (account) => (account.token_ref === ENV_TOKEN_REF ? envToken : account.token_ref ? deps.secrets.get(account.token_ref) : null),
  });
  const accountRow = (id: number) => {
    const row = sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Account | undefined;
    if (!row) throw new CoreError('not_found', `Магазин #${id} не найден`);
    return row;
  };
  if (envToken) {
    try {
      envAccount();
    } catch (error) {
      logger.warn('core.env_token_refused', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  const handlers: CoreHandlers = {
    'app.info': async () => ({
      version: deps.version,
      shell: deps.shell === 'electron' ? 'electron' : 'host',
      dataDir: deps.dataDir,
      schemaVersion: database.schemaVersion(),
    }),
    'accounts.list': () => listAccounts(db),
    'demo.seed': async () => {
      const result = await seedDemoShop(db, clock());
      if (result.created > 0) bus.emit('inbox.changed', { accountId: result.accountId, channels: ['review', 'question', 'chat'] });
      return result;
    },
    'inbox.counts': ({ accountId }) => countInbox(db, accountId),
    'inbox.list': (input) => listInbox(db, input),
    'interaction.get': ({ id }) => getInteraction(db, id),
    'accounts.connect': (input) => connectAccount(sqlite, deps.secrets, input, clock()),
    'sync.run': ({ accountId, full }) => sync.syncAccount(accountRow(accountId).id, { full }),
    'sync.status': async ({ accountId }) => sync.status(accountRow(accountId)),
    'app.networkChanged': async ({ online }) => {
      sync.setOnline(online);
      return { online };
    },
  };

  let closed: Promise<void> | null = null;
  return {
    handlers,
    database,
    bus,
    deps: { dataDir: deps.dataDir, shell: deps.shell, version: deps.version, clock, logger, secrets: deps.secrets },
    sync,
    envAccount,
    startBackground: (intervalMs) => sync.start(intervalMs),
    call: (channel, input) => dispatch(handlers, channel, input, logger),
    close: () =>
      (closed ??= (async () => {
        sync.shutdown();
        // A running sync stops at its next chunk boundary; each chunk is one short transaction.
        await Promise.race([sync.idle(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
        await database.close();
      })()),
  };
}
