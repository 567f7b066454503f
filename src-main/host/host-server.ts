import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Core } from '../core/core';
import { silentLogger, type Logger } from '../core/logger';
import { HOST_CSP as SHARED_HOST_CSP } from '../../src-shared/content-security-policy';
import { serveIpcSocket } from './ipc-socket';
import { accessOf, assetCookie, isLoopbackHost, isOwnOrigin, parseTarget, secretMatches } from './request-guard';
import { readMedia } from '../platform/media-files';
import { readStatic } from './static-files';

/** Same CSP as the Electron shell, plus the loopback WebSocket the host bridge speaks (one source: src-shared). */
export const HOST_CSP = SHARED_HOST_CSP;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** How long a client may take to send its request: slowloris sockets are cut off after this. */
export interface HostTimeouts {
  headersMs: number;
  requestMs: number;
  /** How often Node looks for requests past those limits. */
  checkEveryMs: number;
}

/** The page's requests are small and local; nothing legitimate comes near these. */
const DEFAULT_TIMEOUTS: HostTimeouts = { headersMs: 10_000, requestMs: 15_000, checkEveryMs: 1_000 };
/** A browser opens a handful; the cap keeps a flood from exhausting file descriptors. */
const MAX_CONNECTIONS = 256;
/** Largest IPC frame; ws closes the socket with 1009 beyond it. */
const MAX_FRAME_BYTES = 1024 * 1024;
const PAGE_PATHS = new Set(['/', '/index.html']);
const NEED_SECRET = 'Нужна ссылка с ключом, которую напечатал `npm run host`.';

export interface HostOptions {
  core: Pick<Core, 'call' | 'events'>;
  rendererDir: string;
  port?: number;
  bind?: string;
  /** `<dataDir>/media`: cached photos served at `/media/<file>` (core media/media-cache.ts); none without it. */
  mediaDir?: string;
  /** Fixed only in tests; otherwise a fresh random secret per run. */
  secret?: string;
  /** Shorter only in tests. */
  timeouts?: HostTimeouts;
  /** Where request failures are logged (main.ts passes a redacting one: a request may carry a secret); silent when absent. */
  logger?: Logger;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class NonLoopbackBindError extends Error {
  constructor(address: string) {
    super(
      `Refusing to listen on ${address}: the host serves your shop data and binds to loopback only (127.0.0.1 or ::1).`,
    );
  }
}

interface HostContext {
  secret: string;
  rendererDir: string;
  mediaDir: string | null;
  /** Known once listening, before the first request. */
  port: number;
}

/**
 * The headless host (DESIGN §2): the same core and the built renderer on loopback, the IPC
 * contract over a WebSocket. Every request must be addressed to loopback (DNS rebinding) and carry
 * the per-run secret (`?s=`), so another local user or a web page cannot drive it; the page's own
 * asset requests carry a cookie instead, and WebSocket upgrades must also come from our own origin.
 * No request, however malformed, can end the process: every handler turns a throw into an answer.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bind = options.bind ?? '127.0.0.1';
  if (!LOOPBACK.has(bind)) throw new NonLoopbackBindError(bind);
  const { core } = options;
  const logger = options.logger ?? silentLogger;
  const context: HostContext = {
    secret: options.secret ?? randomBytes(24).toString('base64url'),
    rendererDir: options.rendererDir,
    mediaDir: options.mediaDir ?? null,
    port: 0,
  };
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;

  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    (req, res) => {
      serveRequest(req, res, context).catch((error: unknown) => {
        logger.error('host.request_failed', { error: describe(error) });
        try {
          refuse(res, 500, 'Внутренняя ошибка');
        } catch {
          res.destroy();
        }
      });
    },
  );
  server.maxConnections = MAX_CONNECTIONS;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without its own error listener: a reset would otherwise throw.
    socket.on('error', () => socket.destroy());
    try {
      const refusal = upgradeRefusal(req, context);
      if (refusal) refuseUpgrade(socket, refusal);
      else wss.handleUpgrade(req, socket, head, (ws) => serveIpcSocket(ws, core, logger));
    } catch (error) {
      logger.error('host.upgrade_failed', { error: describe(error) });
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After start-up (e.g. EMFILE while accepting): logged, never fatal.
  server.on('error', (error) => logger.error('host.server_error', { error: describe(error) }));
  context.port = (server.address() as AddressInfo).port;
  const host = bind === '::1' ? '[::1]' : '127.0.0.1';
  return {
    url: `http://${host}:${context.port}/?s=${context.secret}`,
    port: context.port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A slow or idle client would otherwise hold close() open until its timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Checked in this order, before anything is routed or decoded: Host, the form of the target, the
 * secret, then method, body and path. The secret opens everything; the page's cookie only `/assets/`.
 */
async function serveRequest(req: IncomingMessage, res: ServerResponse, context: HostContext): Promise<void> {
  if (!isLoopbackHost(req, context.port))
    return refuse(res, 421, 'Откройте адрес 127.0.0.1, который напечатал `npm run host`.');
  const target = parseTarget(req.url);
  if (!target) return refuse(res, 400, 'Некорректный запрос');
  const access = accessOf(req, target, context.secret, context.port);
  const isPage = PAGE_PATHS.has(target.pathname);
  // The page's <img> of a cached photo carries the cookie, like its scripts: `/media/` opens with it too.
  const isMedia = target.pathname.startsWith('/media/');
  if (access === 'none' || (access === 'assets' && !target.pathname.startsWith('/assets/') && !isMedia))
    return refuse(res, 403, NEED_SECRET);
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return refuse(res, 405, 'Разрешены только GET и HEAD', { allow: 'GET, HEAD' });
  // The host has no endpoint that takes a body; the answer closes the connection instead of reading it.
  if (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0') {
    return refuse(res, 413, 'Запрос с телом не принимается');
  }
  // The page is `/` or `/index.html` only; no other spelling reaches an HTML file.
  if (!isPage && /\.html?$/i.test(target.pathname)) return refuse(res, 404, 'Не найдено');
  const file = isMedia
    ? context.mediaDir
      ? await readMedia(context.mediaDir, target.pathname)
      : null
    : await readStatic(context.rendererDir, isPage ? '/' : target.pathname);
  if (!file) return refuse(res, 404, 'Не найдено');
  res.writeHead(200, {
    'content-type': file.type,
    'content-security-policy': HOST_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...(isPage ? { 'set-cookie': assetCookie(context.secret, context.port).header } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/** A short plain-text refusal; `connection: close` makes Node end the socket once it is written. */
function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    connection: 'close',
    ...headers,
  });
  res.end(message);
}

/** Same order as for pages; the WebSocket takes only the secret in its URL, never the cookie. */
function upgradeRefusal(req: IncomingMessage, context: HostContext): number | null {
  if (!isLoopbackHost(req, context.port)) return 421;
  const target = parseTarget(req.url);
  if (!target) return 400;
  if (!secretMatches(target.query.get('s'), context.secret)) return 403;
  if (target.pathname !== '/ipc') return 404;
  if (!isOwnOrigin(req.headers.origin, context.port)) return 403;
  return null;
}

function refuseUpgrade(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
    socket.destroy(),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
