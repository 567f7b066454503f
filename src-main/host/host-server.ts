import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail } from '../../src-shared/ipc/errors';
import { coreMessage } from '../../src-shared/messages/catalog';
import type { Core } from '../core/core';
import { readStatic } from './static-files';

/** Same CSP as the Electron shell, plus the loopback WebSocket the host bridge speaks. */
export const HOST_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface HostOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  bind?: string;
  /** Fixed only in tests; otherwise a fresh random secret per run. */
  secret?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class NonLoopbackBindError extends Error {
  constructor(address: string) {
    super(`Refusing to listen on ${address}: the host serves your shop data and binds to loopback only (127.0.0.1 or ::1).`);
  }
}

/**
 * The headless host (DESIGN §2): the same core and the built renderer on loopback, the IPC
 * contract over a WebSocket. Every request must carry the per-run secret (`?s=`), so another
 * local user or a web page cannot drive it; WebSocket upgrades must also come from our own origin.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bind = options.bind ?? '127.0.0.1';
  if (!LOOPBACK.has(bind)) throw new NonLoopbackBindError(bind);
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const { core } = options;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    // The page itself needs the secret; hashed build assets carry no data.
    if (isPage && !secretMatches(url.searchParams.get('s'), secret)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Нужна ссылка с ключом, которую напечатал `npm run host`.');
      return;
    }
    const file = await readStatic(options.rendererDir, isPage ? '/' : url.pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': HOST_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/ipc' || !secretMatches(url.searchParams.get('s'), secret) || !sameOrigin(req, server.address() as AddressInfo)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, core));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = bind === '::1' ? '[::1]' : '127.0.0.1';
  return {
    url: `http://${host}:${port}/?s=${secret}`,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(ws: WebSocket, core: Core) {
  const unsubscribe = core.bus.subscribe((event, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
  });
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let frame: { id?: unknown; channel?: unknown; input?: unknown };
    try {
      frame = JSON.parse(data.toString()) as typeof frame;
    } catch {
      ws.send(JSON.stringify({ id: null, result: fail(coreMessage('invalid_json')) }));
      return;
    }
    const result = await core.call(frame.channel, frame.input);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: typeof frame.id === 'number' ? frame.id : null, result }));
  });
}

function secretMatches(given: string | null, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Browsers always send Origin on WebSocket upgrades; only our own page may connect. */
function sameOrigin(req: IncomingMessage, address: AddressInfo): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients (tests, tools) hold the secret, which is the real guard
  try {
    const parsed = new URL(origin);
    return LOOPBACK.has(parsed.hostname.replace(/^\[|\]$/g, '')) && Number(parsed.port) === address.port;
  } catch {
    return false;
  }
}
