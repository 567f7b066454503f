import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeBrowserWindow,
  FakeEvent,
  Menu,
  app,
  ipcMain,
  lastWindow,
  nativeImage,
  resetFakeElectron,
  screen,
  shell,
  type FakeMenuItem,
} from './app-fake-electron';
import { startApp, type AppRuntime } from '../../src-main/app/lifecycle';
import { appMenuTemplate } from '../../src-main/app/menu';
import { badgeShower, overlayDotBitmap, unreadCount, watchUnreadBadge } from '../../src-main/app/badge';
import {
  DEFAULT_WINDOW_SIZE,
  WINDOW_STATE_FILE,
  placeWindow,
  readWindowState,
  trackWindowState,
} from '../../src-main/app/window-state';
import { silentLogger } from '../../src-main/core/logger';
import { makeCore } from '../helpers/core';
import { startSyncEnv } from '../helpers/wb-env';
import type { IpcResult } from '../../src-shared/ipc/errors';
import type { MenuCommand } from '../../src-shared/ipc/events';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_ACCELERATORS, menuAccelerator, sequenceLabel, SHORTCUTS } from '../../src-shared/shortcuts';

vi.mock('electron', async () => (await import('./app-fake-electron')).fakeElectron);

let root: string;
let stateFile: string;
const runtimes: AppRuntime[] = [];
beforeEach(() => {
  resetFakeElectron();
  root = mkdtempSync(path.join(tmpdir(), 'agentiq-desktop-'));
  app.userData = path.join(root, 'user-data');
  app.appPath = root;
  stateFile = path.join(app.userData, WINDOW_STATE_FILE);
  vi.stubEnv('AGENTIQ_DATA_DIR', path.join(root, 'data'));
  // Start at login on Linux writes here, never into the real ~/.config.
  vi.stubEnv('XDG_CONFIG_HOME', path.join(root, 'config'));
  vi.stubEnv('APPIMAGE', '');
});
afterEach(async () => {
  vi.useRealTimers();
  for (const runtime of runtimes.splice(0)) await runtime.core.close();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

const start = async (platform: NodeJS.Platform = 'linux') => {
  const runtime = await startApp({ logger: silentLogger, platform });
  if (!runtime) throw new Error('app did not start');
  runtimes.push(runtime);
  return runtime;
};

/** Plays the window's renderer calling a contract channel. */
const invoke = async (channel: string, input: unknown = {}) => {
  const window = lastWindow();
  await vi.waitFor(() => expect(window.webContents.mainFrame.url).not.toBe(''));
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return (await handler(
    { sender: window.webContents, senderFrame: window.webContents.mainFrame },
    input,
  )) as IpcResult<unknown>;
};

const flatten = (items: Array<FakeMenuItem | MenuItemConstructorOptions>): Array<FakeMenuItem> =>
  items.flatMap((item) => [item as FakeMenuItem, ...flatten(((item as FakeMenuItem).submenu ?? []) as FakeMenuItem[])]);

describe('window size and position', () => {
  it('reads a saved state and refuses a missing, corrupt or foreign file without throwing', () => {
    expect(readWindowState(stateFile)).toBeNull();
    const write = (text: string) => {
      rmSync(app.userData, { recursive: true, force: true });
      mkdirSync(app.userData, { recursive: true });
      writeFileSync(stateFile, text);
    };
    write('{"x": 10, "y": 2');
    expect(readWindowState(stateFile)).toBeNull();
    write('[1, 2, 3]');
    expect(readWindowState(stateFile)).toBeNull();
    write('{"x": 10, "y": 20, "width": "wide", "height": 700}');
    expect(readWindowState(stateFile)).toBeNull();
    write('{"x": 10, "y": 20, "width": 1000, "height": 700, "maximized": true}');
    expect(readWindowState(stateFile)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
  });

  it('reopens where it was only when that still fits a display, otherwise the default size centred', () => {
    const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
    const external = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
    const onExternal = { x: 1600, y: 100, width: 1600, height: 1000, maximized: false };
    expect(placeWindow(null, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
    expect(placeWindow(onExternal, [laptop, external])).toEqual(onExternal);
    // The external monitor was unplugged: never off screen.
    expect(placeWindow(onExternal, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
    // Larger than any display now (a lowered resolution), or below the minimum size: the default, still maximised.
    expect(placeWindow({ x: 0, y: 0, width: 1440, height: 1000, maximized: true }, [laptop])).toEqual({
      ...DEFAULT_WINDOW_SIZE,
      maximized: true,
    });
    expect(placeWindow({ x: 0, y: 0, width: 300, height: 200, maximized: false }, [laptop])).toEqual({
      ...DEFAULT_WINDOW_SIZE,
      maximized: false,
    });
  });

  it('saves once after a burst of moves, at once on close, and the normal bounds of a maximised window', () => {
    vi.useFakeTimers();
    const window = new FakeBrowserWindow({ x: 100, y: 100, width: 1000, height: 700 });
    const stop = trackWindowState(window as never, stateFile, silentLogger, 500);
    for (let x = 101; x <= 140; x += 1) window.moveTo(x, 120);
    expect(existsSync(stateFile)).toBe(false);
    vi.advanceTimersByTime(500);
    expect(readWindowState(stateFile)).toEqual({ x: 140, y: 120, width: 1000, height: 700, maximized: false });

    window.maximize();
    window.emit('close', new FakeEvent());
    expect(readWindowState(stateFile)).toEqual({ x: 140, y: 120, width: 1000, height: 700, maximized: true });

    stop();
    window.moveTo(5, 5);
    window.emit('close', new FakeEvent());
    vi.advanceTimersByTime(1_000);
    expect(readWindowState(stateFile)?.x).toBe(140);
  });

  it('the app opens where the seller left it, maximised again if it was, and survives a corrupt state file', async () => {
    const first = await start();
    const window = lastWindow();
    expect(window.options).toMatchObject({ center: true, ...DEFAULT_WINDOW_SIZE });
    window.moveTo(200, 150);
    window.maximize();
    window.emit('close', new FakeEvent());
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      x: 200,
      y: 150,
      ...DEFAULT_WINDOW_SIZE,
      maximized: true,
    });
    await first.core.close();
    runtimes.length = 0;

    resetFakeElectron();
    await start();
    const reopened = lastWindow();
    expect(reopened.options).toMatchObject({ x: 200, y: 150, ...DEFAULT_WINDOW_SIZE });
    expect(reopened.options.center).toBeUndefined();
    reopened.emit('ready-to-show');
    expect(reopened.maximized).toBe(true);
    expect(reopened.visible).toBe(true);
    await runtimes.pop()!.core.close();

    resetFakeElectron();
    writeFileSync(stateFile, '\u0000garbage{');
    screen.displays = [{ workArea: { x: 0, y: 0, width: 1366, height: 728 } }];
    await start();
    expect(lastWindow().options).toMatchObject({ center: true, ...DEFAULT_WINDOW_SIZE });
  });
});

describe('single instance', () => {
  it('a second launch restores a minimised window and focuses it', async () => {
    await start();
    const window = lastWindow();
    window.minimize();
    app.emit('second-instance', new FakeEvent(), [], '/');
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focusCount).toBe(1);
  });

  it('on macOS with its window closed, a second launch opens a new one', async () => {
    await start('darwin');
    lastWindow().destroyed = true;
    app.emit('second-instance', new FakeEvent(), [], '/');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });
});

describe('the app menu', () => {
  const sent: MenuCommand[] = [];
  const template = (platform: NodeJS.Platform, packaged = false) => {
    sent.length = 0;
    return appMenuTemplate({ platform, packaged, send: (command) => sent.push(command) });
  };
  const byLabel = (items: FakeMenuItem[], label: string) => {
    const found = flatten(items).find((item) => item.label === label);
    if (!found) throw new Error(`no menu item ${label}`);
    return found;
  };

  it('follows macOS conventions: the app menu first, edit roles so copy and paste work, the window menu', () => {
    const mac = template('darwin') as FakeMenuItem[];
    expect(mac.map((item) => item.role ?? item.label)).toEqual([
      'appMenu',
      'fileMenu',
      'editMenu',
      'Перейти',
      'viewMenu',
      'windowMenu',
      'help',
    ]);
    const roles = flatten(mac).map((item) => item.role);
    for (const role of ['about', 'hide', 'quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'minimize'])
      expect(roles).toContain(role);
    expect(mac[0]!.submenu!.find((item) => item.label === 'Настройки…')?.accelerator).toBe('CmdOrCtrl+,');
  });

  it('on Windows and Linux has no app menu, settings and exit under «Файл», all labels in Russian', () => {
    const linux = template('linux') as FakeMenuItem[];
    expect(linux.map((item) => item.label)).toEqual(['Файл', 'Правка', 'Перейти', 'Вид', 'Окно', 'Справка']);
    expect(linux[0]!.submenu!.map((item) => item.label ?? item.type)).toEqual(['Настройки…', 'separator', 'Выход']);
    for (const item of flatten(linux)) if (item.type !== 'separator') expect(item.label).toMatch(/[а-яё]/i);
  });

  it('lists every shortcut of the shared table under «Справка», with its keys and description', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const items = template(platform) as FakeMenuItem[];
      const help = items.find((item) => item.label === 'Справка')!.submenu!;
      const listed = help.filter((item) => item.enabled === false).map((item) => item.label);
      expect(listed).toEqual(
        SHORTCUTS.map(
          (s) => `${s.keys.map((keys) => sequenceLabel(keys, platform === 'darwin')).join(' / ')} — ${s.description}`,
        ),
      );
    }
    const listed = flatten(template('linux') as FakeMenuItem[]).map((item) => item.label ?? '');
    for (const keys of ['j / ↓', 'k / ↑', 'Enter —', 'r —', 'g затем i', 'Esc —', '? —', 'Ctrl+Enter —', 'Ctrl+Z —'])
      expect(listed.some((label) => label.includes(keys))).toBe(true);
  });

  it('every accelerator comes from the shared table; only Ctrl/⌘ combinations are registered', () => {
    const fromTable = new Set<string>([
      ...Object.values(MENU_ACCELERATORS),
      ...SHORTCUTS.map(menuAccelerator).filter((a): a is string => a !== null),
    ]);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const withKeys = flatten(template(platform) as FakeMenuItem[]).filter((item) => item.accelerator);
      expect(withKeys.length).toBeGreaterThan(0);
      for (const item of withKeys) {
        expect(fromTable.has(item.accelerator!), item.accelerator).toBe(true);
        expect(item.registerAccelerator, item.accelerator).toBe(/^CmdOrCtrl\+/.test(item.accelerator!));
      }
    }
    const items = template('win32') as FakeMenuItem[];
    expect(byLabel(items, 'Найти')).toMatchObject({ accelerator: 'CmdOrCtrl+F', registerAccelerator: true });
    expect(byLabel(items, 'Настройки…')).toMatchObject({ accelerator: 'CmdOrCtrl+,', registerAccelerator: true });
    // «?» is shown beside «Горячие клавиши» but typed into the composer it stays a question mark.
    expect(byLabel(items, 'Горячие клавиши')).toMatchObject({ accelerator: 'Shift+/', registerAccelerator: false });
  });

  it('each item sends its command', () => {
    const items = template('win32') as FakeMenuItem[];
    for (const [label, command] of [
      ['Входящие (g, i)', 'go_inbox'],
      ['Аналитика (g, a)', 'go_analytics'],
      ['Настройки (g, s)', 'go_settings'],
      ['Найти', 'search'],
      ['Горячие клавиши', 'shortcuts'],
    ] as const) {
      byLabel(items, label).click!();
      expect(sent.at(-1)).toBe(command);
    }
  });

  it('developer tools only outside an installed app', () => {
    const roles = (packaged: boolean) =>
      flatten(template('linux', packaged) as FakeMenuItem[]).map((item) => item.role);
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(true)).not.toContain('toggleDevTools');
  });

  it('the running app sets it, and a menu item reaches the window as one app.menuCommand push', async () => {
    await start();
    const menu = Menu.applicationMenu!.template;
    const window = lastWindow();
    window.minimize();
    byLabel(menu, 'Аналитика (g, a)').click!();
    expect(window.webContents.sent.at(-1)).toEqual({
      channel: 'push:app.menuCommand',
      payload: { command: 'go_analytics' },
    });
    // The menu acts on a window the seller can see.
    expect(window.minimized).toBe(false);
  });
});

describe('the unread badge', () => {
  it('counts the items waiting for an answer over the real shops, not the demo, and follows the inbox', async () => {
    const env = await startSyncEnv(path.join(root, 'sync'), { reviews: 30, questions: 12, chats: 3 });
    try {
      const shown: number[] = [];
      const stop = watchUnreadBadge(env.core, (count) => shown.push(count), silentLogger, {
        throttleMs: 10,
        firstDelayMs: 0,
      });
      await vi.waitFor(() => expect(shown).toEqual([0]));
      await env.sync();
      const counts = await env.counts();
      const waiting = counts.review.needs_response + counts.question.needs_response + counts.chat.needs_response;
      expect(waiting).toBeGreaterThan(0);
      await vi.waitFor(() => expect(shown.at(-1)).toBe(waiting));

      // The demo shop's sample items are not the seller's work.
      expect((await env.core.call('demo.seed', {})).ok).toBe(true);
      expect(await unreadCount(env.core)).toBe(waiting);
      stop();
    } finally {
      await env.core.close();
      await env.sim.close();
    }
  });

  it('is the dock / launcher count on macOS and Linux, a taskbar overlay with the count on Windows', () => {
    badgeShower({
      app,
      createFromBitmap: nativeImage.createFromBitmap as never,
      platform: 'darwin',
      window: () => null,
    })(7);
    expect(app.badgeCounts).toEqual([7]);

    const window = new FakeBrowserWindow({});
    const show = badgeShower({
      app,
      createFromBitmap: nativeImage.createFromBitmap as never,
      platform: 'win32',
      window: () => window as never,
    });
    show(12);
    show(3);
    show(0);
    expect(app.badgeCounts).toEqual([7]);
    expect(window.overlays.map((overlay) => [overlay.image === null, overlay.description])).toEqual([
      [false, 'Ждут ответа: 12'],
      [false, 'Ждут ответа: 3'],
      [true, ''],
    ]);
    // One 16×16 image, drawn once.
    expect(nativeImage.createFromBitmap).toHaveBeenCalledTimes(1);
    expect(overlayDotBitmap()).toHaveLength(16 * 16 * 4);
  });
});

describe('start at login and focusing the window (shell-only channels)', () => {
  it('on macOS and Windows the OS login item is read and set', async () => {
    await start('darwin');
    expect(await invoke('app.getLoginItem')).toEqual({ ok: true, value: { supported: true, openAtLogin: false } });
    expect(await invoke('app.setLoginItem', { openAtLogin: true })).toEqual({
      ok: true,
      value: { supported: true, openAtLogin: true },
    });
    expect(app.openAtLogin).toBe(true);
    expect(await invoke('app.setLoginItem', { openAtLogin: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(app.openAtLogin).toBe(true);
  });

  it('on Linux an XDG autostart entry is written and removed, and Electron’s login item is left alone', async () => {
    await start('linux');
    const entry = path.join(root, 'config', 'autostart', 'agentiq-desktop.desktop');
    expect(await invoke('app.getLoginItem')).toEqual({ ok: true, value: { supported: true, openAtLogin: false } });
    expect(await invoke('app.setLoginItem', { openAtLogin: true })).toEqual({
      ok: true,
      value: { supported: true, openAtLogin: true },
    });
    expect(readFileSync(entry, 'utf8')).toContain(`Exec="${process.execPath}"`);
    expect(await invoke('app.setLoginItem', { openAtLogin: false })).toEqual({
      ok: true,
      value: { supported: true, openAtLogin: false },
    });
    expect(existsSync(entry)).toBe(false);
    expect(app.openAtLogin).toBe(false);
  });

  it('on Linux a write that fails answers login_item_failed with the OS’s reason', async () => {
    // The autostart folder's place is taken by a file: the entry cannot be written.
    mkdirSync(path.join(root, 'config'), { recursive: true });
    writeFileSync(path.join(root, 'config', 'autostart'), 'not a folder');
    await start('linux');
    expect(await invoke('app.setLoginItem', { openAtLogin: true })).toMatchObject({
      ok: false,
      error: { code: 'login_item_failed', params: { reason: expect.stringMatching(/EEXIST|ENOTDIR/) } },
    });
  });

  it('at start an enabled entry is pointed at the AppImage the app now runs from', async () => {
    const entry = path.join(root, 'config', 'autostart', 'agentiq-desktop.desktop');
    mkdirSync(path.dirname(entry), { recursive: true });
    writeFileSync(entry, '[Desktop Entry]\nType=Application\nExec="/old/place/AgentIQ.AppImage"\n');
    vi.stubEnv('APPIMAGE', '/home/seller/Apps/AgentIQ Desktop.AppImage');
    app.isPackaged = true;
    await start('linux');
    expect(readFileSync(entry, 'utf8')).toContain('Exec="/home/seller/Apps/AgentIQ Desktop.AppImage"');
    expect(await invoke('app.getLoginItem')).toEqual({ ok: true, value: { supported: true, openAtLogin: true } });
  });

  it('a clicked notification brings the minimised window back (app.focusWindow)', async () => {
    await start();
    const window = lastWindow();
    window.minimize();
    expect(await invoke('app.focusWindow')).toEqual({ ok: true, value: { focused: true } });
    expect(window.minimized).toBe(false);
    expect(window.focusCount).toBe(1);
  });

  it('a development run leaves the autostart entry alone', async () => {
    const entry = path.join(root, 'config', 'autostart', 'agentiq-desktop.desktop');
    mkdirSync(path.dirname(entry), { recursive: true });
    writeFileSync(entry, '[Desktop Entry]\nType=Application\nExec="/opt/AgentIQ/agentiq-desktop"\n');
    await start('linux');
    expect(readFileSync(entry, 'utf8')).toContain('Exec="/opt/AgentIQ/agentiq-desktop"');
  });

  it('«Открыть папку» opens the data folder in the OS file manager', async () => {
    await start();
    expect(await invoke('app.openDataFolder')).toEqual({ ok: true, value: { opened: true } });
    expect(shell.openPath.mock.calls).toEqual([[path.join(root, 'data')]]);
  });

  it('«Открыть папку» the OS could not open answers open_folder_failed with its reason', async () => {
    await start();
    shell.openPathAnswer = 'Failed to open path';
    expect(await invoke('app.openDataFolder')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'open_folder_failed', params: { reason: 'Failed to open path' } }),
    });
  });

  it('the host (the core answers) says these are the app’s, with a code', async () => {
    const core = await makeCore(path.join(root, 'host'));
    try {
      expect(await core.call('app.getLoginItem', {})).toEqual({
        ok: true,
        value: {
          supported: false,
          openAtLogin: false,
          reason: { code: 'login_item_unsupported', params: { where: 'host' } },
        },
      });
      expect(await core.call('app.setLoginItem', { openAtLogin: true })).toMatchObject({
        ok: false,
        error: { code: 'login_item_unsupported', params: { where: 'host' } },
      });
      expect(await core.call('app.focusWindow', {})).toEqual({ ok: true, value: { focused: false } });
      expect(await core.call('app.openDataFolder', {})).toMatchObject({
        ok: false,
        error: { code: 'open_folder_unsupported' },
      });
    } finally {
      await core.close();
    }
  });
});
