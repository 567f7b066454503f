import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeEvent,
  app,
  lastWindow,
  resetFakeElectron,
  session,
  shell,
  type FakeBrowserWindow,
} from './app-fake-electron';
import { startApp, type AppRuntime } from '../../src-main/app/lifecycle';
import { silentLogger } from '../../src-main/core/logger';

vi.mock('electron', async () => (await import('./app-fake-electron')).fakeElectron);

let root: string;
let runtime: AppRuntime | null;
let window: FakeBrowserWindow;

beforeAll(async () => {
  resetFakeElectron();
  root = mkdtempSync(path.join(tmpdir(), 'agentiq-window-'));
  app.appPath = root;
  vi.stubEnv('AGENTIQ_DATA_DIR', path.join(root, 'data'));
  runtime = await startApp({ logger: silentLogger, platform: 'linux' });
  window = lastWindow();
});
afterAll(async () => {
  await runtime?.core.close();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => shell.openExternal.mockClear());

const navigate = (url: string) => {
  const event = new FakeEvent(url);
  window.webContents.emit('will-navigate', event, url);
  return event.defaultPrevented;
};
const openWindow = (url: string) => window.webContents.windowOpenHandler!({ url });

describe('main window', () => {
  it('runs the renderer isolated, sandboxed, without Node, with web security and our preload', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: path.join(root, 'dist', 'main', 'preload.cjs'),
    });
  });

  it('loads the renderer from the app:// origin', () => {
    expect(window.webContents.mainFrame.url).toBe('app://agentiq/index.html');
  });
});

describe('navigation', () => {
  it('prevents navigation to a foreign site and does not open it externally', () => {
    expect(navigate('https://evil.example/phish')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('allows navigation inside the app origin', () => {
    expect(navigate('app://agentiq/index.html#/inbox')).toBe(false);
  });

  it('prevents navigation to another app:// host', () => {
    expect(navigate('app://other/index.html')).toBe(true);
  });

  it('sends a seller-portal link clicked in the page to the system browser instead of navigating', () => {
    expect(navigate('https://seller.wildberries.ru/feedback-and-questions')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://seller.wildberries.ru/feedback-and-questions');
  });

  it('prevents a redirect to a foreign site', () => {
    const event = new FakeEvent('https://evil.example/');
    window.webContents.emit('will-redirect', event, event.url);
    expect(event.defaultPrevented).toBe(true);
  });

  it('refuses to attach a <webview>', () => {
    const event = new FakeEvent();
    window.webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('window.open', () => {
  it('is always denied; a seller-portal https link opens in the system browser', () => {
    expect(openWindow('https://seller.wildberries.ru/supplies')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://seller.wildberries.ru/supplies');
  });

  it.each([
    ['plain http', 'http://seller.wildberries.ru/'],
    ['a lookalike host', 'https://seller.wildberries.ru.evil.com/'],
    ['a host merely ending in the name', 'https://evilseller.wildberries.ru.com/'],
    ['credentials before the host', 'https://seller.wildberries.ru@evil.com/'],
    ['a non-default port', 'https://seller.wildberries.ru:8443/'],
    ['a buyer-facing page', 'https://www.wildberries.ru/catalog/1/detail.aspx'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a foreign site', 'https://evil.example/'],
  ])('is denied and not opened externally for %s', (_case, url) => {
    expect(openWindow(url)).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])(
    'denies a request for %s',
    (permission) => {
      const callback = vi.fn();
      session.defaultSession.requestHandler!(window.webContents, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    },
  );

  it('answers every permission check with false', () => {
    expect(session.defaultSession.checkHandler!(window.webContents, 'media', 'app://agentiq', {})).toBe(false);
    expect(session.defaultSession.checkHandler!(null, 'notifications', 'app://agentiq', {})).toBe(false);
  });
});
