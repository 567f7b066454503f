/**
 * The renderer is served from `app://agentiq/` rather than `file://`: a custom standard+secure
 * scheme gives the page a real origin (so CSP 'self', fetch and storage work) without granting
 * it read access to the whole file system, which `file://` pages have.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'agentiq';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True when `url` belongs to our renderer. Compares scheme and host, not `URL.origin`:
 * WHATWG gives non-special schemes (like `app:`) the opaque origin "null", so origins
 * would compare equal for any custom-scheme page.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
