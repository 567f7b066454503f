// startWbSimulator: one node:http origin serving every WB API group (F&Q, chat, ping) plus /__sim/*.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SimControl, controlRoute } from './control';
import { breakItems, type FaultSpec } from './faults';
import { BodyTooLarge, type Ctx, type Reply, gatewayProblem, parseJson, pathNotFound, readBody } from './http';
import { RateLimiter, bucketSpec } from './rate-limit';
import { imageRoute } from './images';
import { makeResolver, type Route } from './routes';
import { SimState, type SimQuirks } from './store';
import { checkWbToken } from './tokens';

export interface WbSimOptions {
  /** 0 or absent = random free port. */
  port?: number;
  seed?: number | string;
  reviews?: number;
  questions?: number;
  chats?: number;
  /** Cross-channel cases with linking ground truth (link-cases.ts), read through control.linkTruth(). */
  linkCases?: number;
  /** Rate limits on (default true). */
  limits?: boolean;
  /** Clock for dates, token expiry and buckets (default Date.now). */
  now?: () => number;
  /** Spec-allowed server behaviours (store.ts SimQuirks), e.g. pages capped below `take`. */
  quirks?: SimQuirks;
}

export interface WbSim {
  url: string;
  port: number;
  state: SimState;
  control: SimControl;
  close(): Promise<void>;
}

function write(res: ServerResponse, r: Reply, extra: Record<string, string>): void {
  const headers: Record<string, string> = { ...extra, ...r.headers };
  if (r.status === 204 || (r.json === undefined && r.raw === undefined)) {
    res.writeHead(r.status, headers).end();
    return;
  }
  const body = r.raw ?? Buffer.from(JSON.stringify(r.json));
  headers['Content-Type'] = r.contentType ?? 'application/json; charset=utf-8';
  if (r.contentType === 'application/problem+json') headers['Content-Type'] = 'application/problem+json; charset=utf-8';
  headers['Content-Length'] = String(body.length);
  res.writeHead(r.status, headers).end(body);
}

/** What an echoing proxy answers (FaultSpec.echo): the request as it arrived, credentials and all. */
function echoReply(f: FaultSpec, method: string, req: IncomingMessage, body: Buffer): Reply {
  const headers = Object.entries(req.headers).map(([name, value]) => `${name}: ${String(value)}`);
  const text = [`${method} ${req.url ?? ''}`, ...headers, '', body.toString('utf8')].join('\n');
  const request = { method, url: req.url, headers: req.headers, body: body.toString('utf8') };
  if (f.echo === 'text')
    return { status: f.echoStatus ?? 400, raw: Buffer.from(text), contentType: 'text/plain; charset=utf-8' };
  if (f.echo === 'fq_error')
    return {
      status: f.echoStatus ?? 200,
      json: { data: null, error: true, errorText: text, additionalErrors: [JSON.stringify(request)] },
    };
  return {
    status: f.echoStatus ?? 400,
    contentType: 'application/problem+json',
    json: { title: 'bad request', detail: text, request },
  };
}

export async function startWbSimulator(options: WbSimOptions = {}): Promise<WbSim> {
  const now = options.now ?? Date.now;
  const state = new SimState({
    seed: options.seed ?? 1,
    reviews: options.reviews ?? 500,
    questions: options.questions ?? 200,
    chats: options.chats ?? 30,
    linkCases: options.linkCases ?? 0,
    now,
  });
  Object.assign(state.quirks, options.quirks);
  const limiter = new RateLimiter(now);
  const control = new SimControl(state, options.limits ?? true, (on) => {
    if (!on) limiter.reset();
  });
  const resolve = makeResolver(state);
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  /** Injected gateway/network failures that pre-empt auth and limits. */
  function applyFault(f: FaultSpec, req: IncomingMessage, res: ServerResponse): boolean {
    if (f.lostResponse) return false; // applied after the route has run
    if (f.reset) {
      req.socket.destroy();
      return true;
    }
    if (f.timeoutMs !== undefined) {
      const t = setTimeout(() => {
        timers.delete(t);
        req.socket.destroy();
      }, f.timeoutMs);
      timers.add(t);
      return true;
    }
    if (f.status === 429) {
      state.stats.rateLimited++;
      write(res, gatewayProblem(429, 'too many requests', 'limited by injected fault'), {
        'X-Ratelimit-Retry': '1',
        'X-Ratelimit-Limit': '6',
        'X-Ratelimit-Reset': '2',
      });
      return true;
    }
    if (f.status === 401) {
      write(res, gatewayProblem(401, 'unauthorized', 'token problem; injected fault'), {});
      return true;
    }
    if (f.status) {
      const titles: Record<number, string> = {
        500: 'internal server error',
        502: 'bad gateway',
        503: 'service unavailable',
      };
      write(res, gatewayProblem(f.status, titles[f.status] ?? 'error', 'injected fault'), {});
      return true;
    }
    return false;
  }

  /** Auth (CONTRACT §0.1 / §7.2) then the token bucket (§1); returns a reply to send instead, or headers. */
  function guard(
    route: Route,
    req: IncomingMessage,
  ): { reply: Reply; headers: Record<string, string> } | { headers: Record<string, string> } {
    const check = checkWbToken(req.headers.authorization, now());
    const unauthorized = (detail: string, headers: Record<string, string>) => ({
      reply: gatewayProblem(401, 'unauthorized', detail),
      headers,
    });
    if (!check.ok)
      return unauthorized(check.detail, { 'X-Ratelimit-Remaining': String(bucketSpec(route.group, 'personal').burst) });
    const tok = check.token;
    const spec = bucketSpec(route.group, tok.type);
    const key = `${tok.sellerId}|${route.group}`;
    const peek = { 'X-Ratelimit-Remaining': String(control.limits ? limiter.peek(key, spec) : spec.burst) };
    const allowed = route.scope === 'any' ? tok.has('feedbacks') || tok.has('chat') : tok.has(route.scope);
    // A token whose category does not match the API is a 401, like an invalid one (CONTRACT §0.3).
    if (!allowed) return unauthorized('token scope not allowed', peek);
    if (route.write && tok.readOnly) return unauthorized('read-only token scope not allowed for this method', peek);
    if (!control.limits) return { headers: peek };
    const r = limiter.take(key, spec);
    if (!r.allowed) {
      state.stats.rateLimited++;
      return {
        reply: gatewayProblem(429, 'too many requests', `limited by ${tok.payload.id}`),
        headers: {
          'X-Ratelimit-Retry': String(r.retrySec),
          'X-Ratelimit-Limit': String(r.limit),
          'X-Ratelimit-Reset': String(r.resetSec),
        },
      };
    }
    return { headers: { 'X-Ratelimit-Remaining': String(r.remaining) } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    let bodyP: Promise<Buffer> | undefined;
    const body = (max = 1 << 20): Promise<Buffer> => (bodyP ??= readBody(req, max));

    if (path.startsWith('/__sim/')) {
      const raw = method === 'GET' ? Buffer.alloc(0) : await body();
      write(res, controlRoute(control, method, path, raw.length ? parseJson(raw) : {}), {});
      return;
    }

    // WB's image CDN is not the API: no token, no limits, not counted among the API requests.
    const image = method === 'GET' ? imageRoute(path) : undefined;
    if (image) return write(res, image, {});

    state.stats.requests++;
    const entry = { method, path, query: Object.fromEntries(url.searchParams), status: 0, time: now() };
    state.recorded.requests.push(entry);
    if (state.recorded.requests.length > 20_000) state.recorded.requests.splice(0, 5_000);
    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
    });

    const fault = control.faults.take(method, path);
    if (fault?.echo) return write(res, echoReply(fault, method, req, await body()), {});
    if (fault && applyFault(fault, req, res)) return;

    const resolved = resolve(method, path);
    if (!resolved) return write(res, pathNotFound(), {});
    if ('wrongMethod' in resolved)
      return write(res, gatewayProblem(405, 'method not allowed', `${method} is not allowed for ${path}`), {});
    const g = guard(resolved.route, req);
    if ('reply' in g) return write(res, g.reply, g.headers);

    const ctx: Ctx = { method, path, query: url.searchParams, req, body };
    let reply: Reply;
    try {
      reply = await resolved.route.handle(ctx);
    } catch (e) {
      reply =
        e instanceof BodyTooLarge
          ? gatewayProblem(413, 'request entity too large', 'body too large')
          : gatewayProblem(500, 'internal server error', String(e));
    }
    if (fault?.lostResponse === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.lostResponse) {
      write(
        res,
        gatewayProblem(
          fault.lostResponse,
          fault.lostResponse === 502 ? 'bad gateway' : 'gateway timeout',
          'injected fault after handling',
        ),
        {},
      );
      return;
    }
    if (fault?.malformed === 'json') {
      // Truncated JSON: what a proxy cutting the body mid-stream produces.
      const text = reply.json !== undefined ? JSON.stringify(reply.json) : '{"data":{"feedbacks":[{"id":"x"}]}}';
      reply = {
        status: 200,
        raw: Buffer.from(text.slice(0, Math.max(10, Math.floor(text.length / 2)))),
        contentType: 'application/json; charset=utf-8',
      };
    } else if (fault?.malformed && reply.json !== undefined) {
      reply = { ...reply, json: breakItems(reply.json) };
    }
    write(res, reply, g.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) write(res, gatewayProblem(500, 'internal server error', String(e)), {});
      else res.destroy();
    });
  });
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    control,
    close: () =>
      new Promise<void>((ok) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
