import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeEvent,
  app,
  dialog,
  ipcMain,
  lastWindow,
  powerMonitor,
  resetFakeElectron,
  FakeBrowserWindow,
} from './app-fake-electron';
import { startApp } from '../../src-main/app/lifecycle';
import { silentLogger, type Logger } from '../../src-main/core/logger';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { listBackups } from '../../src-main/core/db/backup';
import { makeCore } from '../helpers/core';
import { garbageInTablePage, seededDataDir, sha256 } from '../helpers/damage';

vi.mock('electron', async () => (await import('./app-fake-electron')).fakeElectron);

let dataDir: string;
beforeEach(() => {
  resetFakeElectron();
  const root = mkdtempSync(path.join(tmpdir(), 'agentiq-app-'));
  dataDir = path.join(root, 'data');
  app.userData = path.join(root, 'user-data');
  app.appPath = root;
  vi.stubEnv('AGENTIQ_DATA_DIR', dataDir);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

const databaseFile = () => path.join(dataDir, 'agentiq.db');

describe('single instance', () => {
  it('asks for the single-instance lock before the database file exists', async () => {
    let databaseExistedAtLock: boolean | null = null;
    app.onLockRequested = () => {
      databaseExistedAtLock = existsSync(databaseFile());
    };
    const runtime = await startApp({ logger: silentLogger, platform: 'linux' });
    expect(app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(databaseExistedAtLock).toBe(false);
    expect(existsSync(databaseFile())).toBe(true);
    await runtime?.core.close();
  });

  it('a second instance quits without opening a database, a window or IPC', async () => {
    app.lockAvailable = false;
    const runtime = await startApp({ logger: silentLogger, platform: 'linux' });
    expect(runtime).toBeNull();
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(existsSync(dataDir)).toBe(false);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('a second launch brings the existing window forward', async () => {
    const runtime = await startApp({ logger: silentLogger, platform: 'linux' });
    app.emit('second-instance', new FakeEvent(), [], '/');
    expect(lastWindow().focusCount).toBe(1);
    await runtime?.core.close();
  });
});

describe('data folder', () => {
  it('uses the OS user-data folder when AGENTIQ_DATA_DIR is not set', async () => {
    vi.stubEnv('AGENTIQ_DATA_DIR', '');
    const runtime = await startApp({ logger: silentLogger, platform: 'linux' });
    expect(existsSync(path.join(app.userData, 'agentiq.db'))).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
    await runtime?.core.close();
  });
});

describe('the test-only environment (AGENTIQ_WB_BASE_URL, AGENTIQ_WB_TOKEN, AGENTIQ_WB_PACING)', () => {
  let sim: WbSim;
  let token: string;
  beforeEach(async () => {
    sim = await startWbSimulator({ seed: 3, reviews: 3, questions: 2, chats: 1, limits: false });
    token = makeWbToken();
    vi.stubEnv('AGENTIQ_WB_BASE_URL', sim.url);
    vi.stubEnv('AGENTIQ_WB_TOKEN', token);
    vi.stubEnv('AGENTIQ_WB_PACING', 'off');
  });
  afterEach(() => sim.close());

  const recordingLogger = () => {
    const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const logger: Logger = { ...silentLogger, warn: (message, fields) => warnings.push({ message, fields }) };
    return { logger, warnings };
  };

  it('`npm start` (not packaged) uses it: the AGENTIQ_WB_TOKEN shop syncs from AGENTIQ_WB_BASE_URL', async () => {
    const { logger, warnings } = recordingLogger();
    const runtime = await startApp({ logger, platform: 'linux' });
    // The AGENTIQ_WB_TOKEN shop, made by the core in its worker at start.
    const accounts = await runtime!.core.call('accounts.list', {});
    expect(accounts).toMatchObject({ ok: true, value: [{ id: expect.any(Number) }] });
    const [account] = (accounts as { value: Array<{ id: number }> }).value;
    const report = await runtime!.core.call('sync.run', { accountId: account!.id });
    expect(report).toMatchObject({ ok: true, value: { ok: true } });
    expect(sim.control.recorded().requests.length).toBeGreaterThan(0);
    expect(warnings.filter((w) => w.message === 'env.test_only_ignored')).toHaveLength(0);
    await runtime!.core.close();
  });

  it('an installed (packaged) app ignores it, never calls that address, and says so once by name only', async () => {
    app.isPackaged = true;
    const { logger, warnings } = recordingLogger();
    const runtime = await startApp({ logger, platform: 'linux' });
    const accounts = await runtime!.core.call('accounts.list', {});
    expect(accounts).toEqual({ ok: true, value: [] });
    const flushed = await runtime!.core.call('outbox.flush', {});
    expect(flushed.ok).toBe(true);
    expect(sim.control.recorded().requests).toHaveLength(0);

    const ignored = warnings.filter((w) => w.message === 'env.test_only_ignored');
    expect(ignored).toHaveLength(1);
    expect(ignored[0]!.fields).toMatchObject({
      variables: ['AGENTIQ_WB_BASE_URL', 'AGENTIQ_WB_TOKEN', 'AGENTIQ_WB_PACING'],
    });
    const logged = JSON.stringify(warnings);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(sim.url);
    await runtime!.core.close();
  });
});

describe('a damaged database', () => {
  it('is refused at start: the seller is told why and which backup to restore, no window opens, the file stays as it was', async () => {
    const file = await seededDataDir(dataDir);
    await (await makeCore(dataDir)).close();
    const [backup] = await listBackups(path.join(dataDir, 'backups'));
    garbageInTablePage(file);
    const before = sha256(file);

    expect(await startApp({ logger: silentLogger, platform: 'linux' })).toBeNull();
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, content] = dialog.showErrorBox.mock.calls[0]!;
    expect(title).toBe('AgentIQ Desktop не может открыть базу данных');
    expect(content).toContain('База данных повреждена');
    expect(content).toContain(`agentiq restore --from "${backup!.file}"`);
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
    expect(sha256(file)).toBe(before);
  });
});

describe('shutdown', () => {
  it('holds the quit, closes the database with the WAL checkpointed, then exits 0', async () => {
    const runtime = await startApp({ logger: silentLogger, platform: 'linux' });
    expect(runtime).not.toBeNull();
    const seeded = await runtime!.core.call('demo.seed', {});
    expect(seeded.ok).toBe(true);
    expect(powerMonitor.listenerCount('resume')).toBe(1);

    const quit = new FakeEvent();
    app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    // IPC and the network watch are unhooked at once, so no new write can start while the database closes.
    expect(ipcMain.handlers.size).toBe(0);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0));

    // Closing the last connection checkpoints the WAL into the main file and removes it.
    const wal = `${databaseFile()}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const reopened = new BetterSqlite3(databaseFile());
    try {
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((reopened.prepare('SELECT count(*) AS n FROM interactions').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      reopened.close();
    }
  });

  it('holds a second quit request while closing and lets the quit through once closed', async () => {
    await startApp({ logger: silentLogger, platform: 'linux' });
    const first = new FakeEvent();
    const second = new FakeEvent();
    app.emit('before-quit', first);
    app.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledTimes(1));
    const afterClose = new FakeEvent();
    app.emit('before-quit', afterClose);
    expect(afterClose.defaultPrevented).toBe(false);
    expect(app.exit).toHaveBeenCalledTimes(1);
  });

  it('closing the last window quits on Windows and Linux but not on macOS', async () => {
    const onMac = await startApp({ logger: silentLogger, platform: 'darwin' });
    app.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();
    await onMac?.core.close();

    resetFakeElectron();
    await startApp({ logger: silentLogger, platform: 'win32' });
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0));
  });
});
