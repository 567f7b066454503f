import { CHANNELS } from '../../src-shared/domain/interaction';
import type { BrowserWindow, NativeImage } from 'electron';
import type { ShellCore } from '../core-worker/protocol';
import type { IpcResult } from '../../src-shared/ipc/errors';
import type { IpcOutput } from '../../src-shared/ipc/contract';
import type { Logger } from '../core/logger';

/**
 * The unread badge: how many items wait for the seller's answer (`needs_response`, every channel),
 * summed over the connected shops. The demo shop is left out: it is sample data, not work
 * (notifications skip it too). Main asks the core it holds; no renderer is involved.
 */
export async function unreadCount(core: Pick<ShellCore, 'call'>): Promise<number | null> {
  // `call` is untyped (any channel, validated inside); these two answer their contract outputs.
  const accounts = (await core.call('accounts.list', {})) as IpcResult<IpcOutput<'accounts.list'>>;
  if (!accounts.ok) return null;
  let total = 0;
  for (const account of accounts.value) {
    if (account.isDemo) continue;
    const counts = (await core.call('inbox.counts', { accountId: account.id })) as IpcResult<IpcOutput<'inbox.counts'>>;
    if (!counts.ok) return null;
    for (const channel of CHANNELS) total += counts.value[channel].needs_response;
  }
  return total;
}

/** At most one recount per this long, however many changes a sync pushes. */
export const BADGE_THROTTLE_MS = 2_000;
/**
 * The first count waits past the window's first rows (core holds its background work for them,
 * see core.ts FIRST_ROWS_WAIT_MS), so the badge never competes with the first paint.
 */
export const BADGE_FIRST_DELAY_MS = 3_000;

/**
 * Keeps the badge in step with the inbox: recounts (throttled) after `inbox.changed`,
 * `outbox.changed` and a core restart, and calls `show` when the count changes. Returns the disposer.
 */
export function watchUnreadBadge(
  core: Pick<ShellCore, 'call' | 'events'>,
  show: (count: number) => void,
  logger: Logger,
  timing: { throttleMs?: number; firstDelayMs?: number } = {},
): () => void {
  const throttleMs = timing.throttleMs ?? BADGE_THROTTLE_MS;
  let shown: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let disposed = false;

  const recount = async () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const count = await unreadCount(core);
      if (!disposed && count !== null && count !== shown) {
        shown = count;
        show(count);
      }
    } catch (error) {
      logger.warn('badge.count_failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
      if (again && !disposed) {
        again = false;
        schedule(throttleMs);
      }
    }
  };
  const schedule = (delayMs: number) => {
    if (timer || disposed) return;
    timer = setTimeout(() => void recount(), delayMs);
    timer.unref?.();
  };
  const unsubscribe = core.events.subscribe((event) => {
    if (event === 'inbox.changed' || event === 'outbox.changed' || event === 'app.coreRestarted') schedule(throttleMs);
  });
  schedule(timing.firstDelayMs ?? BADGE_FIRST_DELAY_MS);
  return () => {
    disposed = true;
    clearTimeout(timer);
    unsubscribe();
  };
}

/** Windows' taskbar overlay: a 16×16 dot in the accent red (BGRA), drawn once. */
export function overlayDotBitmap(size = 16): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size / 2 - 0.5;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      if (Math.hypot(x - centre, y - centre) > radius) continue;
      const at = (y * size + x) * 4;
      pixels[at] = 0x3b; // B
      pixels[at + 1] = 0x30; // G
      pixels[at + 2] = 0xe0; // R
      pixels[at + 3] = 0xff; // A
    }
  }
  return pixels;
}

export interface BadgeShell {
  app: { setBadgeCount(count?: number): boolean };
  createFromBitmap(buffer: Buffer, options: { width: number; height: number }): NativeImage;
  platform: NodeJS.Platform;
  window(): Pick<BrowserWindow, 'setOverlayIcon' | 'isDestroyed'> | null;
}

/**
 * Shows a count: the dock / launcher badge on macOS and Linux (app.setBadgeCount, darwin and linux
 * only in Electron 45), a taskbar overlay dot with the count as its accessible description on Windows.
 */
export function badgeShower(shell: BadgeShell): (count: number) => void {
  let dot: NativeImage | null = null;
  return (count) => {
    if (shell.platform !== 'win32') {
      shell.app.setBadgeCount(count);
      return;
    }
    const window = shell.window();
    if (!window || window.isDestroyed()) return;
    if (count === 0) {
      window.setOverlayIcon(null, '');
      return;
    }
    dot ??= shell.createFromBitmap(overlayDotBitmap(), { width: 16, height: 16 });
    window.setOverlayIcon(dot, `Ждут ответа: ${count}`);
  };
}
