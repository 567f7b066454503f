import type { Session, Shell, WebContents } from 'electron';
import { isAppUrl } from './app-origin';
import { isSellerPortalUrl } from './external-links';
import type { Logger } from '../core/logger';

/**
 * The inbox needs no camera, geolocation, notifications-from-web, USB, clipboard-read ...:
 * every permission is refused, both the prompt (request) and the synchronous check.
 */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Keeps the window on our renderer (Electron security checklist items 13–15):
 * no navigation or redirect away from `app://agentiq`, no new windows, no <webview>.
 * A seller-portal https link the seller clicks opens in the system browser instead.
 */
export function hardenWebContents(
  contents: HardenedContents,
  shell: Pick<Shell, 'openExternal'>,
  logger: Logger,
): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openIfSellerPortal(event.url, shell, logger);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfSellerPortal(url, shell, logger);
    return { action: 'deny' };
  });
}

function openIfSellerPortal(url: string, shell: Pick<Shell, 'openExternal'>, logger: Logger): void {
  if (!isSellerPortalUrl(url)) {
    // Only the origin is logged: a full URL may carry query parameters we have no business keeping.
    logger.warn('window.blocked_url', { origin: safeOrigin(url) });
    return;
  }
  shell.openExternal(url).catch((error: unknown) => {
    logger.warn('window.open_external_failed', { error: error instanceof Error ? error.message : String(error) });
  });
}

const safeOrigin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid';
  }
};
