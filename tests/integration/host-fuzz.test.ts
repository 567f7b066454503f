import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../src-main/core/core';
import { startHost, type RunningHost } from '../../src-main/host/host-server';
import { makeCore } from '../helpers/core';

/**
 * Issue 8, item 1: no request may end the headless host, and nothing is served without the
 * per-run secret. Hundreds of malformed requests over raw sockets and the `ws` client against the
 * real host over a real core; afterwards the host must still serve the page and answer IPC calls,
 * and the process must not have seen an unhandled rejection or exception.
 */

const PAGE_MARKER = 'PAGE-MARKER-7f3a';
const ASSET_MARKER = 'ASSET-MARKER-91c2';
const OUTSIDE_MARKER = 'OUTSIDE-MARKER-5d0e';
/** None of these may ever reach a malformed or unauthenticated request. */
const MARKERS = [PAGE_MARKER, ASSET_MARKER, OUTSIDE_MARKER];

/** Short, so that a slow client is seen cut off within the test. */
const TIMEOUTS = { headersMs: 600, requestMs: 1_200, checkEveryMs: 200 };
/** How long a case may wait for an answer before it counts as hung. */
const WAIT_MS = 2_500;
/** A slow client must be cut off well before this. */
const SLOW_CLIENT_LIMIT_MS = 4_000;

let root: string;
let core: Core;
let host: RunningHost;
let port: number;
let secret: string;
let casesSent = 0;
const unhandled: string[] = [];
const onRejection = (reason: unknown) => unhandled.push(`unhandledRejection: ${describeError(reason)}`);
const onException = (error: Error) => unhandled.push(`uncaughtException: ${describeError(error)}`);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  root = mkdtempSync(path.join(os.tmpdir(), 'agentiq-host-fuzz-'));
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), `<!doctype html><title>AgentIQ</title><p>${PAGE_MARKER}</p>`);
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), `console.log('${ASSET_MARKER}')`);
  // Next to the renderer folder: what a path traversal would reach.
  writeFileSync(path.join(root, 'outside.txt'), OUTSIDE_MARKER);
  core = await makeCore(path.join(root, 'data'));
  host = await startHost({ core, rendererDir, port: 0, timeouts: TIMEOUTS });
  port = host.port;
  secret = new URL(host.url).searchParams.get('s')!;
});

afterAll(async () => {
  await host?.close();
  await core?.close();
  rmSync(root, { recursive: true, force: true });
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

describe('headless host under malformed traffic', () => {
  it('refuses every path variant and method without the secret, before routing', async () => {
    const paths = [
      '/',
      '/index.html',
      '/index.html/',
      '/%69ndex.html',
      '/index%2ehtml',
      '/INDEX.HTML',
      '/index.html;s=x',
      '//',
      '//index.html',
      '/./index.html',
      '/assets/../index.html',
      '/assets/%2e%2e/index.html',
      '/assets/app.js',
      '/assets//app.js',
      '/assets/app.js/',
      '/assets/%61pp.js',
      '/assets/',
      '/assets',
      '/%',
      '/%zz',
      '/%%%',
      '/..%2f..',
      '/..%2f..%2foutside.txt',
      '/assets/..%2f..%2foutside.txt',
      '/%2e%2e/outside.txt',
      '/..%5coutside.txt',
      '/assets/..\\..\\outside.txt',
      '/%00',
      '/index.html%00',
      `/${'a'.repeat(8_000)}`,
      '/ipc',
      '/favicon.ico',
      '/?s=',
      '/?s=wrong',
      `/?s=${secret}x`,
      `/?s=${secret.slice(0, -1)}`,
      `/?S=${secret}`,
      '/?s=%zz',
      `/?x=${secret}`,
      `/?s[]=${secret}`,
    ];
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'];
    const cases: Case[] = paths.flatMap((target) =>
      methods.map((method) => ({
        name: `${method} ${short(target)} without secret`,
        raw: request(method, target),
        allowed: [400, 403, 431],
        head: method === 'HEAD',
      })),
    );
    cases.push(
      { name: 'absolute-form http://evil/', raw: request('GET', 'http://evil/'), allowed: [400, 403], head: false },
      {
        name: 'absolute-form to our own address',
        raw: request('GET', `http://127.0.0.1:${port}/index.html`),
        allowed: [400, 403],
        head: false,
      },
      { name: 'asterisk-form', raw: request('OPTIONS', '*'), allowed: [400, 403], head: false },
      { name: 'raw NUL in the path', raw: request('GET', '/\0index.html'), allowed: [400, 403], head: false },
      {
        name: 'page with only the asset cookie',
        raw: request('GET', '/', { headers: [`cookie: ${await assetCookie()}`] }),
        allowed: [403],
        head: false,
      },
      {
        name: 'index.html/ with only the asset cookie',
        raw: request('GET', '/index.html/', { headers: [`cookie: ${await assetCookie()}`] }),
        allowed: [403, 404],
        head: false,
      },
      {
        name: 'forged cookie',
        raw: request('GET', '/assets/app.js', { headers: ['cookie: agentiq_assets=forged'] }),
        allowed: [403],
        head: false,
      },
      {
        name: 'secret as cookie value of another name',
        raw: request('GET', '/', { headers: [`cookie: s=${secret}`] }),
        allowed: [403],
        head: false,
      },
    );
    expect(await judgeAll(cases)).toEqual({ problems: [], unhandled: [] });
  });

  it('with the secret, answers bad paths, methods and traversal attempts without leaking a file', async () => {
    const s = `s=${secret}`;
    const badPaths = [
      `//?${s}`,
      `//index.html?${s}`,
      `/%?${s}`,
      `/%zz?${s}`,
      `/..%2f..?${s}`,
      `/..%2f..%2foutside.txt?${s}`,
      `/assets/..%2f..%2foutside.txt?${s}`,
      `/assets/%2e%2e/%2e%2e/outside.txt?${s}`,
      `/%2e%2e/outside.txt?${s}`,
      `/..%5coutside.txt?${s}`,
      `/assets/..%5c..%5coutside.txt?${s}`,
      `/assets/..\\..\\outside.txt?${s}`,
      `/..%c0%af..%c0%afoutside.txt?${s}`,
      `/%00?${s}`,
      `/index.html%00.js?${s}`,
      `/assets/?${s}`,
      `/assets?${s}`,
      `/.?${s}`,
      `/..?${s}`,
      `/ipc?${s}`,
      `/${'b'.repeat(8_000)}?${s}`,
      `/assets/app.js:stream?${s}`,
    ];
    const cases: Case[] = badPaths.map((target) => ({
      name: `GET ${short(target)}`,
      raw: request('GET', target),
      allowed: [400, 404],
      head: false,
    }));
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
      cases.push({ name: `${method} with secret`, raw: request(method, `/?${s}`), allowed: [405], head: false });
      cases.push({
        name: `${method} asset with secret`,
        raw: request(method, `/assets/app.js?${s}`),
        allowed: [405],
        head: false,
      });
    }
    cases.push(
      {
        name: 'CONNECT',
        raw: request('CONNECT', `127.0.0.1:${port}`),
        allowed: [400, 403, 405],
        head: false,
        mayClose: true,
      },
      { name: 'unknown method FOO', raw: request('FOO', `/?${s}`), allowed: [400, 405], head: false, mayClose: true },
      { name: 'lower-case get', raw: request('get', `/?${s}`), allowed: [400, 405], head: false, mayClose: true },
      { name: 'absolute-form with secret', raw: request('GET', `http://evil/?${s}`), allowed: [400], head: false },
      {
        name: 'absolute-form to us with secret',
        raw: request('GET', `http://127.0.0.1:${port}/?${s}`),
        allowed: [400],
        head: false,
      },
      {
        name: 'HTTP/9.9',
        raw: `GET /?${s} HTTP/9.9\r\nhost: 127.0.0.1:${port}\r\n\r\n`,
        allowed: [400, 505],
        head: false,
        mayClose: true,
      },
      { name: 'HTTP/0.9', raw: `GET /?${s}\r\n\r\n`, allowed: [400, 421], head: false, mayClose: true },
      {
        name: 'TLS ClientHello',
        raw: Buffer.from('16030100a5010000a10303', 'hex'),
        allowed: [400],
        head: false,
        mayClose: true,
      },
      { name: 'only line breaks', raw: '\r\n\r\n\r\n\r\n', allowed: [400, 408], head: false, mayClose: true },
      {
        name: 'binary garbage',
        raw: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151) % 256)),
        allowed: [400],
        head: false,
        mayClose: true,
      },
    );
    expect(await judgeAll(cases)).toEqual({ problems: [], unhandled: [] });
  });

  it('refuses foreign and malformed Host headers (DNS rebinding), with or without the secret', async () => {
    const hosts = [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1:1',
      '127.0.0.1',
      `localhost.:${port}`,
      `127.0.0.2:${port}`,
      `0.0.0.0:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `127.1:${port}`,
      `2130706433:${port}`,
      `${port}`,
      `:${port}`,
      '',
      `127.0.0.1:${port}@evil.example`,
      `127.0.0.1:${port}/x`,
      `127.0.0.1:${port} evil`,
      `localhost:${port}.evil.example`,
      `127.0.0.1:0${port}`,
      `127.0.0.1:${port}:${port}`,
    ];
    const cases: Case[] = hosts.flatMap((value) => [
      {
        name: `Host "${value}" page with secret`,
        raw: request('GET', `/?s=${secret}`, { host: value }),
        allowed: [400, 403, 421],
        head: false,
      },
      {
        name: `Host "${value}" asset with secret`,
        raw: request('GET', `/assets/app.js?s=${secret}`, { host: value }),
        allowed: [400, 403, 421],
        head: false,
      },
    ]);
    cases.push(
      {
        name: 'no Host header (HTTP/1.1)',
        raw: request('GET', `/?s=${secret}`, { host: null }),
        allowed: [400, 421],
        head: false,
      },
      {
        name: 'no Host header (HTTP/1.0)',
        raw: `GET /?s=${secret} HTTP/1.0\r\n\r\n`,
        allowed: [400, 421],
        head: false,
      },
      {
        name: 'two Host headers',
        raw: request('GET', `/?s=${secret}`, { headers: ['host: evil.example'] }),
        allowed: [400, 421],
        head: false,
      },
    );
    const verdict = await judgeAll(cases);
    // The loopback names the page may legitimately be opened under still work.
    for (const value of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const reply = await exchange(request('GET', `/?s=${secret}`, { host: value }));
      if (reply.status !== 200 || !reply.body.includes(PAGE_MARKER))
        verdict.problems.push(`Host "${value}": expected the page, got ${reply.status}`);
    }
    expect(verdict).toEqual({ problems: [], unhandled: [] });
  });

  it('answers oversized headers and malformed bodies, and does not read bodies it has no use for', async () => {
    const s = `/?s=${secret}`;
    const cases: Case[] = [
      {
        name: '20 KB header',
        raw: request('GET', s, { headers: [`x-big: ${'a'.repeat(20_000)}`] }),
        allowed: [431],
        mayClose: true,
      },
      {
        name: '200 KB header',
        raw: request('GET', s, { headers: [`x-big: ${'a'.repeat(200_000)}`] }),
        allowed: [431],
        mayClose: true,
      },
      {
        name: '3000 headers',
        raw: request('GET', s, { headers: Array.from({ length: 3_000 }, (_, i) => `x-h${i}: 1`) }),
        allowed: [431],
        mayClose: true,
      },
      {
        name: '20 KB request line',
        raw: request('GET', `/${'c'.repeat(20_000)}`),
        allowed: [400, 403, 414, 431],
        mayClose: true,
      },
      {
        name: '20 KB cookie without secret',
        raw: request('GET', '/', { headers: [`cookie: ${'x=1; '.repeat(4_000)}`] }),
        allowed: [403, 431],
        mayClose: true,
      },
      { name: 'header name with a space', raw: request('GET', s, { headers: ['bad name: 1'] }), allowed: [400] },
      { name: 'header value with NUL', raw: request('GET', s, { headers: ['x-nul: a\0b'] }), allowed: [400] },
      { name: 'header line without colon', raw: request('GET', s, { headers: ['nocolon'] }), allowed: [400] },
      {
        name: 'obsolete line folding',
        raw: request('GET', s, { headers: ['x-fold: a', ' continued'] }),
        allowed: [400],
      },
      { name: 'Content-Length abc', raw: request('GET', s, { headers: ['content-length: abc'] }), allowed: [400] },
      { name: 'Content-Length -1', raw: request('GET', s, { headers: ['content-length: -1'] }), allowed: [400] },
      {
        name: 'two different Content-Lengths',
        raw: request('POST', s, { headers: ['content-length: 1', 'content-length: 2'], body: 'xx' }),
        allowed: [400],
      },
      {
        name: 'Content-Length and chunked',
        raw: request('POST', s, { headers: ['content-length: 3', 'transfer-encoding: chunked'], body: 'abc' }),
        allowed: [400],
      },
      {
        name: 'Transfer-Encoding gzip',
        raw: request('POST', s, { headers: ['transfer-encoding: gzip'], body: 'abc' }),
        allowed: [400, 405, 413, 501],
      },
      {
        name: 'bad chunk size',
        raw: request('POST', s, { headers: ['transfer-encoding: chunked'], body: 'zz\r\nabc\r\n0\r\n\r\n' }),
        allowed: [400, 405, 413],
      },
      {
        name: 'POST with a small body',
        raw: request('POST', s, { headers: ['content-length: 10'], body: '0123456789' }),
        allowed: [405, 413],
      },
      {
        name: 'POST with a small body, no secret',
        raw: request('POST', '/', { headers: ['content-length: 10'], body: '0123456789' }),
        allowed: [403],
      },
      {
        name: 'GET with a body',
        raw: request('GET', s, { headers: ['content-length: 5'], body: 'hello' }),
        allowed: [413],
      },
      {
        name: 'GET with a chunked body',
        raw: request('GET', s, { headers: ['transfer-encoding: chunked'], body: '5\r\nhello\r\n0\r\n\r\n' }),
        allowed: [413],
      },
      {
        name: 'GET with a body, no secret',
        raw: request('GET', '/', { headers: ['content-length: 5'], body: 'hello' }),
        allowed: [403],
      },
    ].map((c) => ({ ...c, head: false }));
    const verdict = await judgeAll(cases);

    // A body that never ends: the answer comes at once and the connection is closed, not drained forever.
    for (const [name, head] of [
      ['endless POST body', `POST ${s} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-length: 1000000000\r\n\r\n`],
      [
        'endless chunked GET body',
        `GET ${s} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ntransfer-encoding: chunked\r\n\r\n`,
      ],
      [
        'endless POST body, no secret',
        `POST / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-length: 1000000000\r\n\r\n`,
      ],
    ] as const) {
      casesSent += 1;
      const chunk = name.includes('chunked')
        ? Buffer.from(`10000\r\n${'x'.repeat(0x10000)}\r\n`)
        : Buffer.alloc(0x10000, 120);
      const reply = await rawExchange(
        (socket) => {
          socket.write(head);
          const timer = setInterval(() => socket.writable && socket.write(chunk), 5);
          socket.once('close', () => clearInterval(timer));
        },
        { waitMs: SLOW_CLIENT_LIMIT_MS, untilClose: true },
      );
      if (![403, 405, 413].includes(reply.status ?? 0) || !reply.closed)
        verdict.problems.push(`${name}: status ${reply.status}, closed ${reply.closed}`);
    }
    expect(verdict).toEqual({ problems: [], unhandled: [] });
  });

  it('cuts off slow clients and survives abrupt resets', async () => {
    const problems: string[] = [];
    const slow: [string, (socket: net.Socket) => void][] = [
      ['silent connection', () => {}],
      ['half a request line', (socket) => socket.write(`GET /?s=${secret} HT`)],
      [
        'headers without the blank line',
        (socket) => socket.write(`GET /?s=${secret} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n`),
      ],
      [
        'half an upgrade',
        (socket) => socket.write(`GET /ipc?s=${secret} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nupgrade: websocket\r\n`),
      ],
      [
        'one header byte every 100 ms',
        (socket) => {
          const text = `GET /?s=${secret} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${'x-slow: 1\r\n'.repeat(50)}\r\n`;
          let at = 0;
          const timer = setInterval(
            () => (socket.writable && at < text.length ? socket.write(text[at++]!) : clearInterval(timer)),
            100,
          );
          socket.once('close', () => clearInterval(timer));
        },
      ],
      [
        'a declared body that never comes',
        (socket) => socket.write(`POST / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-length: 100\r\n\r\n0123456789`),
      ],
    ];
    await Promise.all(
      slow.map(async ([name, act]) => {
        casesSent += 1;
        const reply = await rawExchange(act, { waitMs: SLOW_CLIENT_LIMIT_MS, untilClose: true });
        if (!reply.closed) problems.push(`${name}: still open after ${SLOW_CLIENT_LIMIT_MS} ms`);
        else if (reply.status === 200 || reply.status === 101) problems.push(`${name}: answered ${reply.status}`);
      }),
    );

    const resets: [string, string][] = [
      ['full request', request('GET', `/?s=${secret}`, { close: false })],
      ['partial request', `GET /?s=${secret} HTTP/1.1\r\nhost: 127.`],
      ['refused upgrade', upgradeRequest('/ipc')],
      ['bad upgrade path', upgradeRequest('//')],
      ['accepted upgrade', upgradeRequest(`/ipc?s=${secret}`)],
      ['big POST', `POST / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-length: 100000\r\n\r\n${'x'.repeat(50_000)}`],
    ];
    await Promise.all(
      resets.flatMap(([, text]) =>
        Array.from({ length: 5 }, async () => {
          casesSent += 1;
          await rawExchange((socket) => socket.write(text, () => socket.resetAndDestroy()), { waitMs: 300 });
        }),
      ),
    );
    // A reset in the middle of a WebSocket frame, after the handshake.
    for (let i = 0; i < 5; i++) {
      casesSent += 1;
      const socket = await handshake(`/ipc?s=${secret}`);
      socket.write(Buffer.from([0x81, 0xfe, 0x01, 0x00, 1, 2, 3, 4, 5, 6]), () => socket.resetAndDestroy());
    }
    await delay(200);
    expect({ problems, unhandled: unhandled.splice(0) }).toEqual({ problems: [], unhandled: [] });
  });

  it('refuses WebSocket upgrades with a bad path, secret, Host or Origin', async () => {
    const s = `s=${secret}`;
    const cases = [
      ['//', {}],
      ['//ipc', {}],
      ['/%', {}],
      [`/%?${s}`, {}],
      ['/ipc', {}],
      ['/ipc?s=', {}],
      ['/ipc?s=wrong', {}],
      [`/ipc?s=${secret}x`, {}],
      [`/ipc/?${s}`, {}],
      [`/%69pc?${s}`, {}],
      [`/IPC?${s}`, {}],
      [`/?${s}`, {}],
      [`/index.html?${s}`, {}],
      [`http://evil/ipc?${s}`, {}],
      [`/${'d'.repeat(8_000)}?${s}`, {}],
      [`/ipc?${s}`, { host: 'evil.example' }],
      [`/ipc?${s}`, { host: `evil.example:${port}` }],
      [`/ipc?${s}`, { host: null }],
      [`/ipc?${s}`, { origin: 'https://evil.example' }],
      [`/ipc?${s}`, { origin: 'null' }],
      [`/ipc?${s}`, { origin: 'http://127.0.0.1:1' }],
      [`/ipc?${s}`, { origin: `http://127.0.0.1:${port}.evil.example` }],
      [`/ipc?${s}`, { origin: `http://localhost.evil.example:${port}` }],
      [`/ipc?${s}`, { origin: 'file://' }],
      [`/ipc?${s}`, { origin: '%' }],
      [`/ipc?${s}`, { key: null }],
      [`/ipc?${s}`, { key: 'short' }],
      [`/ipc?${s}`, { version: '7' }],
      [`/ipc?${s}`, { method: 'POST' }],
    ] as const;
    expect(
      await judgeAll(
        cases.map(([target, options]) => ({
          name: `upgrade ${short(target)} ${JSON.stringify(options)}`,
          raw: upgradeRequest(target, options),
          allowed: [400, 403, 404, 405, 421, 426],
          head: false,
          mayClose: true,
        })),
      ),
    ).toEqual({ problems: [], unhandled: [] });
  });

  it('answers malformed IPC frames with an invalid_input error frame and keeps the socket', async () => {
    const ws = await openSocket();
    const frames: [string, string | Buffer, { id: number | null; code: string }][] = [
      ['null', 'null', { id: null, code: 'invalid_input' }],
      ['a number', '42', { id: null, code: 'invalid_input' }],
      ['a float', '-1.5', { id: null, code: 'invalid_input' }],
      ['true', 'true', { id: null, code: 'invalid_input' }],
      ['a string', '"app.info"', { id: null, code: 'invalid_input' }],
      ['an empty array', '[]', { id: null, code: 'invalid_input' }],
      ['an array of frames', '[{"id":1,"channel":"app.info"}]', { id: null, code: 'invalid_input' }],
      ['an empty object', '{}', { id: null, code: 'invalid_input' }],
      ['a string id', '{"id":"7","channel":"app.info"}', { id: null, code: 'invalid_input' }],
      ['an infinite id', '{"id":1e400,"channel":"app.info"}', { id: null, code: 'invalid_input' }],
      ['a fractional id', '{"id":1.5,"channel":"app.info"}', { id: null, code: 'invalid_input' }],
      ['no channel', '{"id":11}', { id: 11, code: 'invalid_input' }],
      ['a number channel', '{"id":12,"channel":5}', { id: 12, code: 'invalid_input' }],
      [
        'an object channel that cannot be printed',
        '{"id":13,"channel":{"toString":1}}',
        { id: 13, code: 'invalid_input' },
      ],
      ['a null channel', '{"id":14,"channel":null}', { id: 14, code: 'invalid_input' }],
      ['channel __proto__', '{"id":15,"channel":"__proto__"}', { id: 15, code: 'unknown_channel' }],
      ['channel constructor', '{"id":16,"channel":"constructor"}', { id: 16, code: 'unknown_channel' }],
      ['input null', '{"id":17,"channel":"app.info","input":null}', { id: 17, code: 'invalid_input' }],
      ['input an array', '{"id":18,"channel":"inbox.list","input":[1]}', { id: 18, code: 'invalid_input' }],
      ['bad JSON', '{', { id: null, code: 'invalid_input' }],
      ['an empty frame', '', { id: null, code: 'invalid_input' }],
      ['whitespace', '   ', { id: null, code: 'invalid_input' }],
      ['single quotes', "{'id':1}", { id: null, code: 'invalid_input' }],
      ['trailing garbage', '{"id":20,"channel":"app.info"}x', { id: null, code: 'invalid_input' }],
      ['a NUL', '\0', { id: null, code: 'invalid_input' }],
      ['deeply nested arrays', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, { id: null, code: 'invalid_input' }],
      ['deeply nested objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, { id: null, code: 'invalid_input' }],
      [
        '900 KB input',
        JSON.stringify({ id: 21, channel: 'app.info', input: { x: 'y'.repeat(900_000) } }),
        { id: 21, code: 'invalid_input' },
      ],
      ['a binary frame', Buffer.from('{"id":22,"channel":"app.info"}'), { id: null, code: 'invalid_input' }],
    ];
    const problems: string[] = [];
    for (const [name, payload, expected] of frames) {
      casesSent += 1;
      ws.send(payload, { binary: Buffer.isBuffer(payload) });
      const reply = await nextReply(ws);
      const got = reply.kind === 'frame' ? { id: reply.frame.id, code: reply.frame.result?.error?.code } : reply.kind;
      if (
        reply.kind !== 'frame' ||
        reply.frame.result?.ok !== false ||
        JSON.stringify(got) !== JSON.stringify(expected)
      ) {
        problems.push(`${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
      }
    }
    ws.close();
    expect({ problems, unhandled: unhandled.splice(0) }).toEqual({ problems: [], unhandled: [] });
  });

  it('closes a socket that breaks the WebSocket protocol, and only that socket', async () => {
    const bystander = await openSocket();
    const problems: string[] = [];
    const viaClient: [string, (ws: WebSocket) => void, number][] = [
      ['a frame over the size limit', (ws) => ws.send('x'.repeat(1024 * 1024 + 1)), 1009],
      ['invalid UTF-8 text', (ws) => ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false }), 1007],
      ['a UTF-16 surrogate in text', (ws) => ws.send(Buffer.from([0xed, 0xa0, 0x80]), { binary: false }), 1007],
    ];
    for (const [name, act, code] of viaClient) {
      casesSent += 1;
      const ws = await openSocket();
      const closed = new Promise<number>((resolve) => ws.on('close', (closeCode) => resolve(closeCode)));
      act(ws);
      const closeCode = await Promise.race([closed, delay(WAIT_MS).then(() => 'still open')]);
      if (closeCode !== code) problems.push(`${name}: expected close ${code}, got ${closeCode}`);
      ws.terminate();
    }
    const mask = [1, 2, 3, 4];
    const masked = (bytes: number[]) => bytes.map((b, i) => b ^ mask[i % 4]!);
    const viaRaw: [string, Buffer][] = [
      ['an unmasked frame', Buffer.from([0x81, 0x02, 0x7b, 0x7d])],
      ['RSV1 without an extension', Buffer.from([0xc1, 0x82, ...mask, ...masked([0x7b, 0x7d])])],
      ['a reserved opcode', Buffer.from([0x83, 0x80, ...mask])],
      ['a fragmented ping', Buffer.from([0x09, 0x80, ...mask])],
      ['a 126-byte ping', Buffer.from([0x89, 0xfe, 0x00, 0x7e, ...mask, ...masked(Array(126).fill(0))])],
      ['a 2^63 length', Buffer.from([0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, ...mask])],
      ['a 1 TB length', Buffer.from([0x82, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, ...mask])],
      ['a continuation without a start', Buffer.from([0x80, 0x80, ...mask])],
      ['a close frame with code 999', Buffer.from([0x88, 0x82, ...mask, ...masked([0x03, 0xe7])])],
      ['a one-byte close payload', Buffer.from([0x88, 0x81, ...mask, ...masked([0x03])])],
      ['invalid UTF-8 in a close reason', Buffer.from([0x88, 0x84, ...mask, ...masked([0x03, 0xe8, 0xc3, 0x28])])],
      [
        'invalid UTF-8 across fragments',
        Buffer.from([0x01, 0x81, ...mask, ...masked([0xc3]), 0x80, 0x81, ...mask, ...masked([0x28])]),
      ],
    ];
    await Promise.all(
      viaRaw.map(async ([name, frame]) => {
        casesSent += 1;
        const socket = await handshake(`/ipc?s=${secret}`);
        const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)));
        socket.on('error', () => {});
        socket.resume();
        socket.write(frame);
        if (!(await Promise.race([closed, delay(WAIT_MS).then(() => false)])))
          problems.push(`${name}: socket still open`);
        socket.destroy();
      }),
    );
    bystander.send(JSON.stringify({ id: 1, channel: 'app.info', input: {} }));
    const reply = await nextReply(bystander);
    if (reply.kind !== 'frame' || reply.frame.result?.ok !== true)
      problems.push(`the other socket: expected app.info, got ${JSON.stringify(reply)}`);
    bystander.close();
    expect({ problems, unhandled: unhandled.splice(0) }).toEqual({ problems: [], unhandled: [] });
  });

  it('afterwards still serves the page, its assets and IPC calls, with no unhandled error', async () => {
    const page = await exchange(request('GET', `/?s=${secret}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain(PAGE_MARKER);
    expect(page.headers['set-cookie']).toMatch(/HttpOnly/i);
    expect(page.headers['set-cookie']).toMatch(/SameSite=Strict/i);
    const asset = await exchange(request('GET', '/assets/app.js', { headers: [`cookie: ${await assetCookie()}`] }));
    expect(asset.status).toBe(200);
    expect(asset.body).toContain(ASSET_MARKER);
    expect((await exchange(request('GET', `/assets/app.js?s=${secret}`))).status).toBe(200);
    const ws = await openSocket({ origin: `http://127.0.0.1:${port}` });
    ws.send(JSON.stringify({ id: 99, channel: 'app.info', input: {} }));
    const reply = await nextReply(ws);
    ws.close();
    expect(reply).toMatchObject({ kind: 'frame', frame: { id: 99, result: { ok: true } } });
    expect(casesSent).toBeGreaterThanOrEqual(200);
    expect(unhandled).toEqual([]);
  });
});

// --- raw HTTP over node:net ---

interface RawReply {
  /** null: nothing that looks like an HTTP answer arrived. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection. */
  closed: boolean;
}

interface Case {
  name: string;
  raw: string | Buffer;
  /** Acceptable statuses. Never a 2xx: every case here is malformed or unauthenticated. */
  allowed: number[];
  head: boolean;
  /** The server may also close the connection without an answer (the parser gave up). */
  mayClose?: boolean;
}

function request(
  method: string,
  target: string,
  {
    host = `127.0.0.1:${port}`,
    headers = [],
    body = '',
    close = true,
  }: { host?: string | null; headers?: string[]; body?: string; close?: boolean } = {},
): string {
  const lines = [`${method} ${target} HTTP/1.1`];
  if (host !== null) lines.push(`host: ${host}`);
  if (close) lines.push('connection: close');
  return `${[...lines, ...headers].join('\r\n')}\r\n\r\n${body}`;
}

function upgradeRequest(
  target: string,
  options: { host?: string | null; origin?: string; key?: string | null; version?: string; method?: string } = {},
): string {
  const headers = ['connection: Upgrade', 'upgrade: websocket', `sec-websocket-version: ${options.version ?? '13'}`];
  if (options.key !== null) headers.push(`sec-websocket-key: ${options.key ?? 'dGhlIHNhbXBsZSBub25jZQ=='}`);
  if (options.origin !== undefined) headers.push(`origin: ${options.origin}`);
  return request(options.method ?? 'GET', target, { host: options.host, headers, close: false });
}

async function judgeAll(cases: Case[]): Promise<{ problems: string[]; unhandled: string[] }> {
  const problems: string[] = [];
  await forEachLimited(cases, 8, async (c) => {
    casesSent += 1;
    const reply = await exchange(c.raw, c.head);
    const leaked = MARKERS.find((marker) => reply.body.includes(marker));
    if (leaked) problems.push(`${c.name}: served ${leaked} (status ${reply.status})`);
    else if (reply.status === null ? !(c.mayClose && reply.closed) : !c.allowed.includes(reply.status)) {
      problems.push(
        `${c.name}: expected ${c.allowed.join('/')}, got ${reply.status ?? (reply.closed ? 'closed' : 'no answer')}`,
      );
    }
  });
  return { problems, unhandled: unhandled.splice(0) };
}

function exchange(raw: string | Buffer, head = false): Promise<RawReply> {
  return rawExchange((socket) => socket.write(raw), { waitMs: WAIT_MS, head });
}

/**
 * Connects, lets `act` write, and resolves once a complete answer arrived (or, with `untilClose`,
 * once the server closed the connection), or after `waitMs` with whatever came.
 */
function rawExchange(
  act: (socket: net.Socket) => void,
  options: { waitMs: number; head?: boolean; untilClose?: boolean },
): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseReply(received, options.head ?? false), closed });
    };
    const timer = setTimeout(finish, options.waitMs);
    socket.on('connect', () => act(socket));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!options.untilClose && parseReply(received, options.head ?? false).complete) finish();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
  });
}

function parseReply(buffer: Buffer, head: boolean): Omit<RawReply, 'closed'> & { complete: boolean } {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return { status: null, headers: {}, body: buffer.toString('latin1'), complete: false };
  const [statusLine = '', ...headerLines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = buffer.subarray(end + 4);
  const length = headers['content-length'];
  const complete =
    head || status === '101' || status === '204' || status === '304'
      ? true
      : length !== undefined
        ? body.length >= Number(length)
        : headers['transfer-encoding'] === 'chunked' && body.includes('0\r\n\r\n');
  return { status: status ? Number(status) : null, headers, body: body.toString('utf8'), complete };
}

/** The asset cookie the page sets (the renderer's asset requests carry it). */
async function assetCookie(): Promise<string> {
  const page = await exchange(request('GET', `/?s=${secret}`));
  return (page.headers['set-cookie'] ?? 'agentiq_assets=missing').split(';')[0]!;
}

// --- WebSocket helpers ---

type Reply =
  | { kind: 'frame'; frame: { id?: unknown; result?: { ok?: boolean; error?: { code?: string } } } }
  | { kind: 'closed'; code: number }
  | { kind: 'timeout' };

function openSocket(headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc?s=${secret}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

/** The next reply frame (push events are skipped), the close, or a timeout. */
function nextReply(ws: WebSocket): Promise<Reply> {
  return new Promise((resolve) => {
    const done = (reply: Reply) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(reply);
    };
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if ('id' in frame) done({ kind: 'frame', frame });
    };
    const onClose = (code: number) => done({ kind: 'closed', code });
    const timer = setTimeout(() => done({ kind: 'timeout' }), WAIT_MS);
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

/** A raw socket past a successful WebSocket handshake, for frames the `ws` client will not send. */
function handshake(target: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(upgradeRequest(target)));
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!received.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (received.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`handshake refused: ${received.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
}

// --- small utilities ---

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const short = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 40)}…(${text.length})` : text);

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
