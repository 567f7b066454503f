/**
 * A fake `electron` module for the app/ tests (STYLE habit 11: fakes only at the process edge).
 * It records what the app asks of Electron and lets a test play Electron's part: fire app and
 * webContents events, invoke ipcMain handlers with a chosen sender, call the protocol handler.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault() {
    this.defaultPrevented = true;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(handler: WindowOpenHandler) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
}

export interface FakeRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  focusCount = 0;
  minimized = false;
  maximized = false;
  fullScreen = false;
  visible = false;
  /** Normal (not maximised) bounds: from the options, or 800×600 at 0,0 when Electron would centre. */
  bounds: FakeRectangle;
  /** Every setOverlayIcon call (Windows' taskbar overlay). */
  readonly overlays: Array<{ image: unknown; description: string }> = [];
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    const number = (key: string, fallback: number) =>
      typeof options[key] === 'number' ? (options[key] as number) : fallback;
    this.bounds = { x: number('x', 0), y: number('y', 0), width: number('width', 800), height: number('height', 600) };
    FakeBrowserWindow.instances.push(this);
  }
  /** Plays the seller dragging the window: moves it and fires Electron's 'move'. */
  moveTo(x: number, y: number) {
    this.bounds = { ...this.bounds, x, y };
    this.emit('move');
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isMaximized() {
    return this.maximized;
  }
  isFullScreen() {
    return this.fullScreen;
  }
  maximize() {
    this.maximized = true;
    this.emit('maximize');
  }
  minimize() {
    this.minimized = true;
    this.visible = false;
  }
  setOverlayIcon(image: unknown, description: string) {
    this.overlays.push({ image, description });
  }
  async loadURL(url: string) {
    this.webContents.mainFrame.url = url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
    this.visible = true;
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focusCount += 1;
  }
}

type IpcHandler = (event: unknown, input: unknown) => unknown;
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;

class FakeApp extends EventEmitter {
  /** Electron's `app.isPackaged`: false under `npm start`, true in an installed app. */
  isPackaged = false;
  lockAvailable = true;
  userData = '';
  appPath = '';
  /** Called when the app asks for the single-instance lock, so a test can look at the disk at that moment. */
  onLockRequested: () => void = () => {};
  readonly requestSingleInstanceLock = vi.fn(() => {
    this.onLockRequested();
    return this.lockAvailable;
  });
  readonly quit = vi.fn(() => {
    this.emit('before-quit', new FakeEvent());
  });
  readonly exit = vi.fn((_code?: number) => {});
  whenReady() {
    return Promise.resolve();
  }
  getPath(_name: string) {
    return this.userData;
  }
  getAppPath() {
    return this.appPath;
  }
  getVersion() {
    return '0.1.0-test';
  }
  setAppUserModelId(_id: string) {}
  /** app.setBadgeCount (macOS, Linux): every count set, in order. */
  readonly badgeCounts: number[] = [];
  setBadgeCount(count = 0) {
    this.badgeCounts.push(count);
    return true;
  }
  /** The OS's login item (macOS, Windows). */
  openAtLogin = false;
  getLoginItemSettings() {
    return { openAtLogin: this.openAtLogin };
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean }) {
    this.openAtLogin = settings.openAtLogin ?? false;
  }
}

export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, IpcHandler>(),
  handle(channel: string, handler: IpcHandler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    this.handlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    requestHandler: null as PermissionRequestHandler | null,
    checkHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
      this.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
      this.checkHandler = handler;
    },
  },
};

/** shell.openPath answers `openPathAnswer`: '' (opened) or the OS's reason; tests set it. */
export const shell = {
  openExternal: vi.fn(async (_url: string) => {}),
  openPathAnswer: '',
  openPath: vi.fn(async (_path: string): Promise<string> => shell.openPathAnswer),
};
export const dialog = { showErrorBox: vi.fn((_title: string, _content: string) => {}) };

/** `net.isOnline()` answers `online`; tests flip it. */
export const net = {
  online: true,
  isOnline() {
    return this.online;
  },
};
export const powerMonitor = new EventEmitter();

/** `screen.getAllDisplays()`: one 1920×1080 display (a 40 px taskbar) unless a test sets others. */
export const screen = {
  displays: [] as Array<{ workArea: FakeRectangle }>,
  getAllDisplays() {
    return this.displays;
  },
};
const defaultDisplays = () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
screen.displays = defaultDisplays();

export interface FakeMenuItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  enabled?: boolean;
  submenu?: FakeMenuItem[];
  click?: () => void;
}
/** Menu: records the template the app set as its application menu. */
export const Menu = {
  applicationMenu: null as { template: FakeMenuItem[] } | null,
  buildFromTemplate(template: FakeMenuItem[]) {
    return { template };
  },
  setApplicationMenu(menu: { template: FakeMenuItem[] } | null) {
    this.applicationMenu = menu;
  },
};

export const nativeImage = {
  createFromBitmap: vi.fn((buffer: Buffer, size: { width: number; height: number }) => ({
    kind: 'bitmap',
    buffer,
    size,
  })),
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    if (this.exposed.has(key)) throw new Error(`${key} exposed twice`);
    this.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
}
export const ipcRenderer = new FakeIpcRenderer();

/** What `vi.mock('electron', ...)` returns. */
export const fakeElectron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  protocol,
  session,
  shell,
  dialog,
  contextBridge,
  ipcRenderer,
  net,
  powerMonitor,
  screen,
  Menu,
  nativeImage,
};

/** Fresh Electron state between tests of one file (each test file runs in its own process). */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.isPackaged = false;
  app.lockAvailable = true;
  app.onLockRequested = () => {};
  app.requestSingleInstanceLock.mockClear();
  app.quit.mockClear();
  app.exit.mockClear();
  ipcMain.handlers.clear();
  protocol.handlers.clear();
  FakeBrowserWindow.instances.length = 0;
  session.defaultSession.requestHandler = null;
  session.defaultSession.checkHandler = null;
  shell.openExternal.mockClear();
  shell.openPath.mockClear();
  shell.openPathAnswer = '';
  dialog.showErrorBox.mockClear();
  net.online = true;
  powerMonitor.removeAllListeners();
  screen.displays = defaultDisplays();
  Menu.applicationMenu = null;
  nativeImage.createFromBitmap.mockClear();
  app.badgeCounts.length = 0;
  app.openAtLogin = false;
}

/** The last window the app created. */
export function lastWindow(): FakeBrowserWindow {
  const window = FakeBrowserWindow.instances.at(-1);
  if (!window) throw new Error('the app created no window');
  return window;
}
