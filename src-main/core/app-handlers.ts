import type { BackupView } from '../../src-shared/ipc/contract';
import type { BackupInfo } from './db/backup';
import { coreMessage } from '../../src-shared/messages/catalog';
import type { SqlRunner } from './db/sql-runner';
import { seedDemoShop } from './demo/demo-shop';
import type { PushBus } from './events';
import { CoreError } from './errors';
import type { CoreHandlers } from './ipc-dispatch';
import type { Dispatcher } from './replies/dispatcher';
import type { SecretStore } from './secrets';
import type { SyncService } from './sync/sync-service';

export interface AppHandlerDeps {
  db: SqlRunner;
  bus: PushBus;
  clock: () => Date;
  secrets: SecretStore;
  sync: SyncService;
  dispatcher: Dispatcher;
  version: string;
  shell: 'electron' | 'host' | 'cli';
  dataDir: string;
  schemaVersion(): number;
  backups: { dir: string; newest(): Promise<BackupInfo | null>; create(): Promise<BackupInfo> };
}

const backupView = (info: BackupInfo): BackupView => ({
  file: info.file,
  takenAt: info.takenAt.toISOString(),
  bytes: info.bytes,
});

/** The app as a whole: what runs where, the network the shell watches, and the demo shop. */
export function appHandlers(
  deps: AppHandlerDeps,
): Pick<
  CoreHandlers,
  | 'app.info'
  | 'app.networkChanged'
  | 'demo.seed'
  | 'app.backups'
  | 'app.backup'
  | 'app.getLoginItem'
  | 'app.setLoginItem'
  | 'app.focusWindow'
  | 'app.openDataFolder'
> {
  const { db, bus, clock, sync, dispatcher } = deps;
  return {
    'app.info': async () => ({
      version: deps.version,
      shell: deps.shell === 'electron' ? 'electron' : 'host',
      dataDir: deps.dataDir,
      schemaVersion: deps.schemaVersion(),
      keychain: await deps.secrets.status(),
    }),
    'app.networkChanged': async ({ online }) => {
      sync.setOnline(online);
      dispatcher.setOnline(online);
      return { online };
    },
    'app.backups': async () => {
      const newest = await deps.backups.newest();
      return { newest: newest ? backupView(newest) : null, dir: deps.backups.dir };
    },
    'app.backup': async () => backupView(await deps.backups.create()),
    // Shell-only channels: Electron's main answers them itself (src-main/app/shell-handlers.ts);
    // what reaches the core is the host (a browser page), where they do not apply.
    'app.getLoginItem': async () => ({
      supported: false,
      openAtLogin: false,
      reason: coreMessage('login_item_unsupported', { where: 'host' }),
    }),
    'app.setLoginItem': async () => {
      throw new CoreError('login_item_unsupported', { where: 'host' });
    },
    'app.focusWindow': async () => ({ focused: false }),
    'app.openDataFolder': async () => {
      throw new CoreError('open_folder_unsupported');
    },
    'demo.seed': async () => {
      const result = seedDemoShop(db, clock());
      if (result.created > 0)
        bus.emit('inbox.changed', { accountId: result.accountId, channels: ['review', 'question', 'chat'] });
      return result;
    },
  };
}
