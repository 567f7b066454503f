import os from 'node:os';
import path from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  net,
  powerMonitor,
  protocol,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import { createCoreInWorker } from '../core-worker/core-in-worker';
import { workerEnvDeps } from '../core-worker/env-deps';
import type { ShellCore } from '../core-worker/protocol';
import { coreEnvOptions } from '../platform/core-env';
import { createStderrLogger, type Logger } from '../core/logger';
import { mediaDirOf } from '../core/media/media-dir';
import { failureText } from '../platform/failure-text';
import { systemClock } from '../platform/system-clock';
import { KeytarSecretStore } from '../platform/keytar-secret-store';
import { loginItemsFor } from './autostart';
import { badgeShower, watchUnreadBadge } from './badge';
import { forwardPushEvents, pushToWindow, registerIpcHandlers } from './ipc-main';
import { appMenuTemplate } from './menu';
import { shellHandlers } from './shell-handlers';
import { WINDOW_STATE_FILE } from './window-state';
import { resolveBuildPaths, resolveDataDir } from './paths';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './renderer-protocol';
import { watchNetwork } from './network-watch';
import { denyAllPermissions } from './security';
import { createMainWindow, focusWindow } from './window';

export interface AppRuntime {
  /** The core, in a worker thread: this (Electron's main) thread keeps only windows and IPC. */
  core: ShellCore;
  window(): BrowserWindow | null;
}

export interface StartOptions {
  logger?: Logger;
  platform?: NodeJS.Platform;
}

/** A hung close (a stuck native call) must not keep a zombie app alive after the seller quit. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Electron only accepts scheme privileges before `ready`, so main.ts calls this first, synchronously. */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/**
 * Starts the app: single-instance lock, then the database, then the window.
 * Returns null when this process is a second instance or start-up failed (and is quitting).
 */
export async function startApp(options: StartOptions = {}): Promise<AppRuntime | null> {
  const logger = options.logger ?? createStderrLogger(systemClock);
  const platform = options.platform ?? process.platform;

  // The lock comes before the database: a second launch must neither open nor migrate the file
  // the first instance is writing (DESIGN §1: one writer). It only pokes the first instance.
  if (!app.requestSingleInstanceLock()) {
    logger.info('app.second_instance_quits');
    app.quit();
    return null;
  }

  let window: BrowserWindow | null = null;
  const currentWindow = () => (window && !window.isDestroyed() ? window : null);
  let openWindow: (() => void) | null = null;
  app.on('second-instance', () => {
    const existing = currentWindow();
    if (existing) focusWindow(existing);
    // macOS keeps running with no window: a second launch opens one, as a dock click does.
    else openWindow?.();
  });
  // macOS convention: the app stays in the dock with no window; elsewhere closing the window quits.
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  if (platform === 'win32') app.setAppUserModelId('ru.agentiq.desktop');

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  const { preload, rendererDir } = resolveBuildPaths(app);
  const dataDir = resolveDataDir(app);
  serveRenderer(protocol, rendererDir, mediaDirOf(dataDir));
  // An installed app ignores the test-only environment (never sends keychain tokens where it says).
  const envOptions = coreEnvOptions(process.env, { packaged: app.isPackaged, logger });
  let core: ShellCore;
  try {
    core = await createCoreInWorker({
      deps: { dataDir, serveFirst: true, shell: 'electron', version: app.getVersion(), ...workerEnvDeps(envOptions) },
      secrets: new KeytarSecretStore({ packaged: app.isPackaged }),
      logger,
    });
  } catch (error) {
    logger.error('app.core_failed', { error: error instanceof Error ? error.message : String(error) });
    dialog.showErrorBox(
      'AgentIQ Desktop не может открыть базу данных',
      `${failureText(error)}\n\nПапка данных: ${dataDir}`,
    );
    app.exit(1);
    return null;
  }

  const loginItems = loginItemsFor(platform, app, {
    env: process.env,
    homeDir: os.homedir(),
    execPath: process.execPath,
  });
  try {
    // Only an installed app: a development run (`npm start`, the tests) must not point the
    // installed app's autostart entry at node_modules' Electron.
    if (app.isPackaged) loginItems.refresh();
  } catch (error) {
    // Start at login keeps its old path; the switch still reads and sets it.
    logger.warn('app.login_item_refresh_failed', { error: error instanceof Error ? error.message : String(error) });
  }
  const disposers = [
    registerIpcHandlers(ipcMain, core, currentWindow, {
      handlers: shellHandlers({ loginItems, window: currentWindow, shell, dataDir }),
      logger,
    }),
    forwardPushEvents(core, currentWindow),
    watchNetwork(net, powerMonitor, (online) => void core.call('app.networkChanged', { online })),
    watchUnreadBadge(
      core,
      badgeShower({
        app,
        createFromBitmap: (buffer, size) => nativeImage.createFromBitmap(buffer, size),
        platform,
        window: currentWindow,
      }),
      logger,
    ),
  ];
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform,
        packaged: app.isPackaged,
        send: (command) => {
          const target = currentWindow();
          if (target) focusWindow(target);
          pushToWindow(currentWindow, 'app.menuCommand', { command });
        },
      }),
    ),
  );
  // Size, position and maximised state: the shell's own, beside Electron's files (not in the data folder).
  const stateFile = path.join(app.getPath('userData'), WINDOW_STATE_FILE);
  openWindow = () => {
    window = createMainWindow({ preload, logger, stateFile });
  };
  openWindow();
  core.start();
  app.on('activate', () => {
    if (!currentWindow()) openWindow?.();
  });

  installShutdown(core, disposers, logger);
  return { core, window: currentWindow };
}

/**
 * Quitting waits for the database: the first `before-quit` is held (preventDefault), IPC is
 * unhooked so no new write starts, core closes (timers stop, WAL is checkpointed), then
 * `app.exit(0)`, which does not emit `before-quit` again. Further quit requests while closing are
 * held too, so a double Cmd+Q cannot cut the close short.
 */
function installShutdown(core: ShellCore, disposers: Array<() => void>, logger: Logger): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    for (const dispose of disposers) dispose();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.error('app.shutdown_timeout', { ms: SHUTDOWN_TIMEOUT_MS });
        resolve();
      }, SHUTDOWN_TIMEOUT_MS);
    });
    Promise.race([core.close(), timeout])
      .catch((error: unknown) =>
        logger.error('app.shutdown_failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        clearTimeout(timer);
        state = 'closed';
        app.exit(0);
      });
  });
}
