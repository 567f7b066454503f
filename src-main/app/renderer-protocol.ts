import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { ELECTRON_CSP } from '../../src-shared/content-security-policy';
import { readMedia } from '../platform/media-files';
import { APP_HOST, APP_SCHEME, parseUrl } from './app-origin';

/** DESIGN: the renderer is untrusted; the policy (src-shared) allows only our own bundle, no inline script, no eval. */
export const CONTENT_SECURITY_POLICY = ELECTRON_CSP;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Privileges the scheme needs; must be registered before `app` is ready (Electron's rule). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * Maps an `app://agentiq/...` URL to a file inside `rendererDir`, or null when it must not be
 * served: another host, an encoded `..`/`\` escaping the folder, a NUL byte. The URL parser
 * already folds literal `../`; percent-encoded separators are decoded here and caught by the
 * containment check, which is the rule that matters.
 */
export function resolveRendererFile(rendererDir: string, url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative.replace(/\\/g, '/')}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Response for one request: the file with a strict CSP, or 404 / 405 with the same headers. */
export async function serveRendererRequest(
  rendererDir: string,
  request: Pick<Request, 'url' | 'method'>,
  mediaDir?: string,
): Promise<Response> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers });
  // Cached photos (core media/media-cache.ts): `/media/<sha256>.<ext>` from the data folder, nothing else there.
  const parsed = parseUrl(request.url);
  if (parsed?.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.pathname.startsWith('/media/')) {
    const media = mediaDir ? await readMedia(mediaDir, parsed.pathname) : null;
    if (!media) return new Response('Not found', { status: 404, headers });
    return new Response(request.method === 'HEAD' ? null : media.body, {
      status: 200,
      headers: { ...headers, 'Content-Type': media.type },
    });
  }
  const file = resolveRendererFile(rendererDir, request.url);
  if (!file) return new Response('Not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...headers, 'Content-Type': type },
    });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}

/** Call after `app.whenReady()`; the default session serves the renderer. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string, mediaDir?: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererRequest(rendererDir, request, mediaDir));
}
