import { BrowserWindow, shell, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { hardenWebContents } from './security';
import type { Logger } from '../core/logger';

/** The renderer is untrusted (STYLE habit 2): isolated, sandboxed, no Node, web security on. */
export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  };
}

export function createMainWindow(options: { preload: string; logger: Logger }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'AgentIQ Desktop',
    // Shown on ready-to-show so the seller never sees an empty white frame.
    show: false,
    webPreferences: secureWebPreferences(options.preload),
  });
  hardenWebContents(window.webContents, shell, options.logger);
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    options.logger.error('window.load_failed', { error: error instanceof Error ? error.message : String(error) });
  });
  return window;
}

/** Brings the window forward (second launch, dock click). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
