import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The checks every request to the host passes before anything is routed or decoded: the Host
 * header names loopback on our port, the request target is a plain path, and the per-run secret
 * is present. They read only raw strings and never throw, so no request can end the process.
 */

/** What a request may reach: everything (it carries `?s=`), static files (the page's cookie), or nothing. */
export type Access = 'full' | 'assets' | 'none';

export interface RequestTarget {
  /** Raw, not decoded: static-files refuses anything that would need decoding. */
  pathname: string;
  query: URLSearchParams;
}

/**
 * A request must be addressed to loopback on our port, by exactly one Host header. A web page
 * that rebinds its own DNS name to 127.0.0.1 (DNS rebinding) still sends its own name here.
 */
export function isLoopbackHost(req: IncomingMessage, port: number): boolean {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') count += 1;
  const host = req.headers.host?.toLowerCase();
  if (count !== 1 || !host) return false;
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  // Browsers leave out the default port.
  return names.some((name) => host === `${name}:${port}` || (port === 80 && host === name));
}

/** Splits an origin-form target (`/path?query`); null for absolute-form, `*` or anything else. */
export function parseTarget(url: string | undefined): RequestTarget | null {
  if (!url || !url.startsWith('/')) return null;
  const mark = url.indexOf('?');
  if (mark < 0) return { pathname: url, query: new URLSearchParams() };
  return { pathname: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

/** Constant time in the secret's content and length: both sides are hashed to the same size first. */
export function secretMatches(given: string | null | undefined, secret: string): boolean {
  if (!given) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * The page's own asset requests (`./assets/…`, module imports, fonts) cannot carry `?s=`, so the
 * page sets a cookie that opens static files, never the page or the WebSocket. Its value is
 * derived from the secret rather than the secret itself, and its name carries the port: browsers
 * share 127.0.0.1 cookies across ports, so two hosts would otherwise overwrite each other's.
 */
export function assetCookie(secret: string, port: number): { name: string; value: string; header: string } {
  const name = `agentiq_assets_${port}`;
  const value = createHmac('sha256', secret).update('agentiq host assets').digest('base64url');
  return { name, value, header: `${name}=${value}; HttpOnly; SameSite=Strict; Path=/` };
}

export function accessOf(req: IncomingMessage, target: RequestTarget, secret: string, port: number): Access {
  if (secretMatches(target.query.get('s'), secret)) return 'full';
  const cookie = assetCookie(secret, port);
  return cookieValues(req.headers.cookie, cookie.name).some((value) => secretMatches(value, cookie.value))
    ? 'assets'
    : 'none';
}

function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/** Browsers always send Origin on WebSocket upgrades; only our own page may connect. */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // non-browser clients (tests, tools) hold the secret, which is the real guard
  try {
    const parsed = new URL(origin);
    const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
    return (
      parsed.protocol === 'http:' &&
      ['127.0.0.1', '::1', 'localhost'].includes(hostname) &&
      Number(parsed.port || 80) === port
    );
  } catch {
    return false;
  }
}
