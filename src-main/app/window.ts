import { BrowserWindow, screen, shell, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { hardenWebContents } from './security';
import type { Logger } from '../core/logger';
import { MIN_WINDOW_SIZE, placeWindow, readWindowState, trackWindowState } from './window-state';

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

/**
 * The main window, where the seller left it (`stateFile`, see window-state.ts) when that still fits
 * a display, else the default size centred.
 */
export function createMainWindow(options: { preload: string; logger: Logger; stateFile: string }): BrowserWindow {
  const placement = placeWindow(readWindowState(options.stateFile), screen.getAllDisplays());
  const window = new BrowserWindow({
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : { center: true }),
    width: placement.width,
    height: placement.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'AgentIQ Desktop',
    // Shown on ready-to-show so the seller never sees an empty white frame.
    show: false,
    webPreferences: secureWebPreferences(options.preload),
  });
  hardenWebContents(window.webContents, shell, options.logger);
  trackWindowState(window, options.stateFile, options.logger);
  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize();
    window.show();
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    options.logger.error('window.load_failed', { error: error instanceof Error ? error.message : String(error) });
  });
  return window;
}

/** Brings the window forward (second launch, dock click, a notification clicked): restored if minimised, shown if hidden. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
