import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import type { Logger } from '../core/logger';

/** The window's normal (not maximised) bounds and whether it was maximised, as last seen. */
export interface WindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** Where the window opens: saved bounds (x, y set) or the default size, centred by Electron (no x, y). */
export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
/** Moves and resizes come in bursts (a drag fires dozens): one write once the window is still. */
export const WINDOW_STATE_DEBOUNCE_MS = 500;

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** The saved state, or null when there is none or it is unreadable / not ours (never throws). */
export function readWindowState(file: string): WindowState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const { x, y, width, height, maximized } = raw as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height) || width <= 0 || height <= 0) return null;
  return { x, y, width, height, maximized: maximized === true };
}

const inside = (rect: Rectangle, area: Rectangle) =>
  rect.x >= area.x &&
  rect.y >= area.y &&
  rect.x + rect.width <= area.x + area.width &&
  rect.y + rect.height <= area.y + area.height;

/**
 * Saved bounds are used only when they lie wholly inside one current display's work area (a
 * monitor unplugged or a resolution lowered since must not leave the window off screen);
 * otherwise the default size, centred. The maximised flag is kept either way.
 */
export function placeWindow(
  saved: WindowState | null,
  displays: ReadonlyArray<{ workArea: Rectangle }>,
): WindowPlacement {
  const fallback: WindowPlacement = { ...DEFAULT_WINDOW_SIZE, maximized: saved?.maximized ?? false };
  if (!saved) return fallback;
  const rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  if (rect.width < MIN_WINDOW_SIZE.width || rect.height < MIN_WINDOW_SIZE.height) return fallback;
  if (!displays.some((display) => inside(rect, display.workArea))) return fallback;
  return { ...rect, maximized: saved.maximized };
}

/** Written through a temporary file renamed over the old one: a crash mid-write leaves the old state. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, file);
}

type TrackedWindow = Pick<
  BrowserWindow,
  'on' | 'removeListener' | 'getNormalBounds' | 'isMaximized' | 'isMinimized' | 'isFullScreen' | 'isDestroyed'
>;

/**
 * Saves the window's state on move / resize / maximise (debounced) and at once on close.
 * Normal bounds are saved, so a maximised window un-maximises to where it was. Returns the disposer.
 */
export function trackWindowState(
  window: TrackedWindow,
  file: string,
  logger: Logger,
  debounceMs = WINDOW_STATE_DEBOUNCE_MS,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed()) return;
    // Full screen is a passing mode, not a size to reopen at; the normal bounds from before stay saved.
    if (window.isFullScreen()) return;
    const bounds = window.getNormalBounds();
    try {
      writeWindowState(file, {
        x: Math.round(bounds.x),
        y: Math.round(bounds.y),
        width: Math.round(bounds.width),
        height: Math.round(bounds.height),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      logger.warn('window.state_not_saved', { error: error instanceof Error ? error.message : String(error) });
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
    timer.unref?.();
  };
  const events = ['move', 'resize', 'maximize', 'unmaximize'] as const;
  for (const event of events) window.on(event as 'move', later);
  window.on('close', save);
  return () => {
    clearTimeout(timer);
    for (const event of events) window.removeListener(event as 'move', later);
    window.removeListener('close', save);
  };
}
