// startAvitoSimulator: one node:http origin serving the Avito token endpoint, /core/v1/accounts/self,
// the Messenger paths with their exact verbs and versions (CONTRACT §0 table), media, and /__sim/*.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readBody, BodyTooLarge, parseJson, isObj, type Reply } from '../wb-sim/http';
import { tinyPng } from '../wb-sim/images';
import { boundaryOf, parseMultipart } from '../wb-sim/multipart';
import { AvitoSimControl } from './control';
import { controlRoute } from './control-http';
import { AvitoSimState, MEDIA_ORIGIN, type SimChat } from './store';
import { avitoError, chatWire, messageWire, noRoute } from './wire';

export interface AvitoSimOptions {
  /** 0 or absent = random free port. */
  port?: number;
  seed?: number | string;
  chats?: number;
  /** Share of u2u chats among the generated ones (default 0.15). */
  u2uShare?: number;
  messagesPerChat?: [number, number];
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime in seconds (default 86400, CONTRACT §1.1). */
  expiresIn?: number;
  /** Clock for dates and token expiry (default Date.now). */
  now?: () => number;
  /** A buyer writes in a random chat every this many ms (off by default). */
  buyerEveryMs?: number;
}

export interface AvitoSim {
  url: string;
  port: number;
  state: AvitoSimState;
  control: AvitoSimControl;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_ID = 'sim-client-id';
export const DEFAULT_CLIENT_SECRET = 'sim-client-secret-0123456789';

const MAX_TEXT = 1000;
const MAX_UPLOAD = 24 * 1024 * 1024;

interface Ctx {
  method: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body(max?: number): Promise<Buffer>;
  req: IncomingMessage;
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  names: string[];
  /** Messenger paths carry {user_id} and are subject to the tier. */
  messenger: boolean;
  /** The path names one chat: forbidden to an employee key when the chat is on a company item. */
  chatScoped: boolean;
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

function route(method: Route['method'], template: string, handle: Route['handle']): Route {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return {
    method,
    pattern,
    names,
    messenger: template.startsWith('/messenger/'),
    chatScoped: names.includes('chat_id'),
    handle,
  };
}

const ok = (json: unknown): Reply => ({ status: 200, json });
const bad = (message: string, fields: Record<string, string> | null = null): Reply => ({
  status: 400,
  json: { error: { code: 400, message, fields } },
});

/** An integer query parameter within [min, max], or a 400 naming it. */
function intParam(q: URLSearchParams, name: string, min: number, max: number, fallback: number): number | Reply {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || n < min || n > max)
    return bad('Validation error', { [name]: `must be an integer between ${min} and ${max}` });
  return n;
}

/** Comma-joined (`a,b`) and repeated keys both read as one list (CONTRACT §5.17). */
function listParam(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function write(res: ServerResponse, r: Reply, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extra, ...r.headers };
  const body = r.raw ?? Buffer.from(JSON.stringify(r.json ?? {}));
  headers['Content-Type'] = r.contentType ?? 'application/json; charset=utf-8';
  headers['Content-Length'] = String(body.length);
  res.writeHead(r.status, headers).end(body);
}

export async function startAvitoSimulator(options: AvitoSimOptions = {}): Promise<AvitoSim> {
  const now = options.now ?? Date.now;
  const state = new AvitoSimState({
    seed: options.seed ?? 1,
    chats: options.chats ?? 40,
    u2uShare: options.u2uShare,
    messagesPerChat: options.messagesPerChat,
    now,
  });
  const control = new AvitoSimControl(
    state,
    { clientId: options.clientId ?? DEFAULT_CLIENT_ID, clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET },
    options.expiresIn ?? 86_400,
  );
  const sockets = new Set<Socket>();
  const window = { start: 0, used: 0 };

  const chatOf = (ctx: Ctx): SimChat | Reply => {
    const chat = state.chatById.get(ctx.params.chat_id ?? '');
    return chat ?? avitoError(404, 'Not found');
  };

  const routes: Route[] = [
    route('GET', '/core/v1/accounts/self', () =>
      ok({
        id: state.sellerId,
        name: state.sellerName,
        email: 'shop@example.ru',
        phone: '79991234567',
        phones: ['79991234567'],
        profile_url: `https://www.avito.ru/user/${state.sellerId}/profile`,
      }),
    ),
    route('GET', '/messenger/v2/accounts/{user_id}/chats', (ctx) => {
      const limit = intParam(ctx.query, 'limit', 1, 100, 100);
      if (typeof limit !== 'number') return limit;
      const offset = intParam(ctx.query, 'offset', 0, 1000, 0);
      if (typeof offset !== 'number') return offset;
      const types = listParam(ctx.query, 'chat_types');
      const chatTypes = types.length ? types : ['u2i']; // the spec's default: item chats only
      if (chatTypes.some((t) => t !== 'u2i' && t !== 'u2u' && t !== 'a2u'))
        return bad('Validation error', { chat_types: 'must be u2i, u2u or a2u' });
      const itemIds = listParam(ctx.query, 'item_ids');
      if (itemIds.some((id) => !/^\d+$/.test(id))) return bad('Validation error', { item_ids: 'must be integers' });
      const unread = ctx.query.get('unread_only');
      if (unread !== null && !['true', 'false', '1', '0'].includes(unread))
        return bad('Validation error', { unread_only: 'must be a boolean' });
      const unreadOnly = unread === 'true' || unread === '1';
      const chats = state
        .ordered()
        .filter((c) => chatTypes.includes(c.type))
        .filter((c) => !itemIds.length || (c.item && itemIds.includes(String(c.item.id))))
        .filter((c) => !unreadOnly || state.hasUnread(c))
        .filter((c) => !(control.modes.employeeKey && c.item?.company));
      return ok({ chats: chats.slice(offset, offset + limit).map((c) => chatWire(state, c)) });
    }),
    route('GET', '/messenger/v2/accounts/{user_id}/chats/{chat_id}', (ctx) => {
      const chat = chatOf(ctx);
      return 'status' in chat ? chat : ok(chatWire(state, chat));
    }),
    // The trailing slash is part of the spec's path; without it Kong matches nothing [INF].
    route('GET', '/messenger/v3/accounts/{user_id}/chats/{chat_id}/messages/', (ctx) => {
      const chat = chatOf(ctx);
      if ('status' in chat) return chat;
      const limit = intParam(ctx.query, 'limit', 1, 100, 100);
      if (typeof limit !== 'number') return limit;
      const offset = intParam(ctx.query, 'offset', 0, 1000, 0);
      if (typeof offset !== 'number') return offset;
      // Newest first; listing never marks anything read (CONTRACT §2.3).
      const page = [...chat.messages]
        .reverse()
        .slice(offset, offset + limit)
        .map((m) => messageWire(m, state.baseUrl));
      return ok(control.modes.messagesEnvelope ? { messages: page } : page);
    }),
    route('POST', '/messenger/v1/accounts/{user_id}/chats/{chat_id}/messages', async (ctx) => {
      const chat = chatOf(ctx);
      if ('status' in chat) return chat;
      const body = parseJson(await ctx.body());
      const message = isObj(body) && isObj(body.message) ? body.message : null;
      const text = message && typeof message.text === 'string' ? message.text : null;
      if (!isObj(body) || (body.type !== undefined && body.type !== 'text')) return bad('type must be text');
      if (text === null || text.trim() === '') return bad('Validation error', { 'message.text': 'required' });
      if ([...text].length > MAX_TEXT) return bad('Validation error', { 'message.text': `longer than ${MAX_TEXT}` });
      if (control.modes.buyerRaceOnSend.delete(chat.id)) state.buyerWrites(chat.id, null);
      const sent = state.sellerSends(chat, { text }, 'text');
      state.sent.push({ chatId: chat.id, messageId: sent.id, text, responseLost: false });
      return ok({ id: sent.id, created: sent.created, direction: 'out', type: 'text', content: { text } });
    }),
    route('POST', '/messenger/v1/accounts/{user_id}/chats/{chat_id}/messages/image', async (ctx) => {
      const chat = chatOf(ctx);
      if ('status' in chat) return chat;
      const body = parseJson(await ctx.body());
      const imageId = isObj(body) && typeof body.image_id === 'string' ? body.image_id : null;
      if (!imageId || !state.uploads.has(imageId)) return bad('Validation error', { image_id: 'unknown image' });
      const sent = state.sellerSends(chat, { image: { sizes: state.imageSizes(imageId) } }, 'image');
      return ok({
        id: sent.id,
        author_id: state.sellerId,
        created: sent.created,
        direction: 'out',
        type: 'image',
        content: messageWire(sent, state.baseUrl).content,
      });
    }),
    // Deleting is a POST, allowed for one's own messages within an hour (CONTRACT §2.6).
    route('POST', '/messenger/v1/accounts/{user_id}/chats/{chat_id}/messages/{message_id}', (ctx) => {
      const chat = chatOf(ctx);
      if ('status' in chat) return chat;
      const message = chat.messages.find((m) => m.id === ctx.params.message_id);
      if (!message) return avitoError(404, 'Not found');
      if (message.direction !== 'out') return avitoError(403, 'Forbidden');
      if (state.nowSec() - message.created > 3600) return bad('message is older than one hour');
      message.type = 'deleted';
      message.content = {};
      return ok({});
    }),
    route('POST', '/messenger/v1/accounts/{user_id}/chats/{chat_id}/read', (ctx) => {
      const chat = chatOf(ctx);
      if ('status' in chat) return chat;
      state.markRead(chat);
      return ok({ ok: true });
    }),
    route('POST', '/messenger/v1/accounts/{user_id}/uploadImages', async (ctx) => {
      const boundary = boundaryOf(ctx.req.headers['content-type']);
      if (!boundary) return bad('multipart/form-data expected');
      const parts = parseMultipart(await ctx.body(MAX_UPLOAD + 64 * 1024), boundary);
      const files = parts?.filter((p) => p.name === 'uploadfile[]') ?? [];
      if (files.length !== 1) return bad('Validation error', { 'uploadfile[]': 'exactly one image per request' });
      if (files[0]!.data.length > MAX_UPLOAD) return bad('image larger than 24 MB');
      const imageId = `${state.rng.digits(5)}.${state.rng.hex(16)}`;
      state.uploads.set(imageId, { bytes: files[0]!.data.length });
      const at = (size: string) => state.imageSizes(imageId)[size]!.replace(MEDIA_ORIGIN, state.baseUrl);
      const [big, small, tiny] = ['1280x960', '140x105', '32x32'].map(at);
      return ok({ [imageId]: { '1280x960': big, '140x105': small, '32x32': tiny } });
    }),
    route('GET', '/messenger/v1/accounts/{user_id}/getVoiceFiles', (ctx) => {
      const ids = listParam(ctx.query, 'voice_ids');
      if (!ids.length) return bad('Validation error', { voice_ids: 'required' });
      return ok({ voices_urls: Object.fromEntries(ids.map((id) => [id, `${state.baseUrl}/__voice/${id}.mp4`])) });
    }),
    route('POST', '/messenger/v2/accounts/{user_id}/blacklist', () => ok({})),
    route('POST', '/messenger/v3/webhook', () => ok({ ok: true })),
    route('POST', '/messenger/v1/subscriptions', () => ok({ subscriptions: [] })),
    route('POST', '/messenger/v1/webhook/unsubscribe', () => ok({ ok: true })),
  ];

  async function tokenRoute(req: IncomingMessage): Promise<Reply> {
    const type = req.headers['content-type'] ?? '';
    const raw = (await readBody(req, 64 * 1024)).toString('utf8');
    // Form only (CONTRACT §1.1); OAuth2-style error bodies (RFC 6749 §5.2), as Avito documents none [INF].
    if (!/^application\/x-www-form-urlencoded/i.test(type))
      return { status: 400, json: { error: 'invalid_request', error_description: 'form body expected' } };
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'client_credentials')
      return { status: 400, json: { error: 'unsupported_grant_type', error_description: 'unsupported grant type' } };
    if (!form.get('client_id') || !form.get('client_secret'))
      return {
        status: 400,
        json: { error: 'invalid_request', error_description: 'client_id and client_secret required' },
      };
    if (
      form.get('client_id') !== control.credentials.clientId ||
      form.get('client_secret') !== control.credentials.clientSecret
    )
      return { status: 401, json: { error: 'invalid_client', error_description: 'invalid client credentials' } };
    const { token, expiresIn } = control.issueToken();
    return ok({ access_token: token, expires_in: expiresIn, token_type: 'Bearer' });
  }

  /** Missing → 401; unknown → 401; expired → 403 as the doc says (CONTRACT §1.2). */
  function checkAuth(req: IncomingMessage): Reply | null {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return avitoError(401, 'Unauthorized');
    const expiry = control.tokens.get(m[1]!);
    if (expiry === undefined) return avitoError(401, 'Unauthorized');
    if (expiry <= now()) return avitoError(403, 'Forbidden');
    return null;
  }

  function rateWindow(): { reply?: Reply; headers: Record<string, string> } {
    const limit = control.modes.perMinute;
    if (limit === null) return { headers: {} };
    const t = now();
    if (t - window.start >= 60_000) Object.assign(window, { start: t, used: 0 });
    if (window.used >= limit) {
      const retry = Math.max(1, Math.ceil((window.start + 60_000 - t) / 1000));
      return {
        reply: avitoError(429, 'Too many requests'),
        headers: { 'Retry-After': String(retry), 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0' },
      };
    }
    window.used++;
    return { headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(limit - window.used) } };
  }

  function media(path: string): Reply | undefined {
    const img = /^\/__img\/([\w.-]+)\/(\d+)x(\d+)\.png$/.exec(path);
    if (img) {
      const seed = [...img[1]!].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) & 0xffffff, 7);
      const size = Math.min(64, Number(img[2]) >> 4 || 8);
      return {
        status: 200,
        raw: tinyPng(size, [seed & 0xff, (seed >> 8) & 0xff, (seed >> 16) & 0xff]),
        contentType: 'image/png',
      };
    }
    const voice = /^\/__voice\/([\w.-]+)\.mp4$/.exec(path);
    if (voice) return { status: 200, raw: Buffer.from('\0\0\0\x18ftypmp42opus-sim'), contentType: 'audio/mp4' };
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    let bodyP: Promise<Buffer> | undefined;
    const body = (max = 1 << 20): Promise<Buffer> => (bodyP ??= readBody(req, max));

    if (path.startsWith('/__sim/')) {
      const raw = method === 'GET' ? Buffer.alloc(0) : await body();
      return write(res, controlRoute(control, method, path, raw.length ? parseJson(raw) : {}));
    }
    const file = method === 'GET' ? media(path) : undefined;
    if (file) return write(res, file);

    const entry = { method, path, rawQuery: url.search.replace(/^\?/, ''), status: 0, time: now() };
    state.requests.push(entry);
    if (state.requests.length > 20_000) state.requests.splice(0, 5_000);
    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
    });

    const fault = control.takeFault(method, path);
    if (fault?.reset) return void req.socket.destroy();
    if (fault?.echo) {
      // Credentials first, as a proxy's dump of the request line, body and auth header would show them.
      const headers = Object.entries(req.headers)
        .sort(([a], [b]) => (a === 'authorization' ? -1 : b === 'authorization' ? 1 : 0))
        .map(([name, value]) => `${name}: ${String(value)}`);
      const dump = [`${method} ${req.url ?? ''}`, (await body()).toString('utf8'), ...headers].join('\n');
      return write(res, avitoError(400, dump));
    }
    if (fault?.status) {
      const headers: Record<string, string> = {};
      if (fault.status === 429 && fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      if (fault.status === 429 && fault.rateLimitHeaders)
        Object.assign(headers, { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0' });
      const message =
        fault.status === 429 ? 'Too many requests' : 'Service temporarily unavailable. Please, contact support';
      return write(res, avitoError(fault.status, message), headers);
    }

    if ((path === '/token' || path === '/token/') && method === 'POST') return write(res, await tokenRoute(req));
    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const r of routes) {
      const m = r.pattern.exec(path);
      if (!m || r.method !== method) continue;
      matched = { route: r, params: Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
      break;
    }
    // Kong routes by path and verb: an unknown one of either is the same 404 (CONTRACT §3).
    if (!matched) return write(res, noRoute());
    const denied = checkAuth(req);
    if (denied) return write(res, denied);
    const limited = rateWindow();
    if (limited.reply) return write(res, limited.reply, limited.headers);
    const { route: r, params } = matched;
    if (r.messenger) {
      if (params.user_id !== String(state.sellerId)) return write(res, avitoError(403, 'Forbidden'), limited.headers);
      if (control.modes.tierDenied === 402) return write(res, avitoError(402, 'Payment required'), limited.headers);
      if (control.modes.tierDenied === 403) return write(res, avitoError(403, 'Forbidden'), limited.headers);
      const chat = r.chatScoped ? state.chatById.get(params.chat_id ?? '') : undefined;
      // An employee key: company items' chats return an error for reading and sending [DOC]; 403 [INF].
      if (chat?.item?.company && control.modes.employeeKey)
        return write(res, avitoError(403, 'Forbidden'), limited.headers);
    }
    let reply: Reply;
    try {
      reply = await r.handle({ method, query: url.searchParams, params, body, req });
    } catch (e) {
      reply =
        e instanceof BodyTooLarge
          ? bad('request body too large')
          : avitoError(500, 'Error while processing request. Please, contact support');
    }
    if (fault?.lostResponse) {
      const last = state.sent.at(-1);
      if (last && reply.status === 200) last.responseLost = true;
      if (fault.lostResponse === 'reset') return void req.socket.destroy();
      return write(res, { status: 504, json: { message: 'The upstream server is timing out' } });
    }
    write(res, reply, limited.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) write(res, avitoError(500, String(e)));
      else res.destroy();
    });
  });
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;
  const timer =
    options.buyerEveryMs && options.buyerEveryMs > 0
      ? setInterval(() => {
          const chat = state.rng.pick(state.chats);
          state.buyerWrites(chat.id, null);
        }, options.buyerEveryMs)
      : null;
  return {
    url: state.baseUrl,
    port,
    state,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
