import { openDatabase, type AppDatabase } from './db/database';
import { seedDemoShop } from './demo/demo-shop';
import { listAccounts } from './inbox/accounts';
import { countInbox, getInteraction, listInbox } from './inbox/queries';
import { dispatch, type CoreHandlers } from './ipc-dispatch';
import { PushBus } from './events';
import { silentLogger, type Logger } from './logger';
import type { SecretStore } from './secrets';
import type { IpcResult } from '../../src-shared/ipc/errors';

export interface CoreDeps {
  /** Folder holding agentiq.db (the shells resolve it: OS user-data folder, or AGENTIQ_DATA_DIR). */
  dataDir: string;
  secrets: SecretStore;
  shell: 'electron' | 'host' | 'cli';
  version: string;
  logger?: Logger;
  clock?: () => Date;
  nativeBinding?: string;
}

export interface Core {
  readonly handlers: CoreHandlers;
  readonly database: AppDatabase;
  readonly bus: PushBus;
  readonly deps: Required<Pick<CoreDeps, 'dataDir' | 'shell' | 'version'>> & { clock: () => Date; logger: Logger; secrets: SecretStore };
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
  };

  let closed: Promise<void> | null = null;
  return {
    handlers,
    database,
    bus,
    deps: { dataDir: deps.dataDir, shell: deps.shell, version: deps.version, clock, logger, secrets: deps.secrets },
    call: (channel, input) => dispatch(handlers, channel, input, logger),
    close: () => (closed ??= database.close()),
  };
}
