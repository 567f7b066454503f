import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { NonLoopbackBindError, startHost } from '../../src-main/host/host-server';
import { createCoreInWorker } from '../../src-main/core-worker/core-in-worker';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

async function setup() {
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>AgentIQ</title>');
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  // As `npm run host` runs it: the core in its worker thread.
  const core = await createCoreInWorker({
    deps: { dataDir: tempDir(), shell: 'host', version: '0.0.0-test' },
    secrets: new MemorySecretStore(),
    restart: { backoff: { baseMs: 20, capMs: 40 } },
  });
  const host = await startHost({ core, rendererDir, port: 0 });
  const secret = new URL(host.url).searchParams.get('s')!;
  return { core, host, secret, base: `http://127.0.0.1:${host.port}` };
}

function rpc(url: string, frames: object[], events: unknown[] = []): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const replies: unknown[] = [];
    ws.on('open', () => frames.forEach((frame) => ws.send(JSON.stringify(frame))));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: unknown };
      if ('id' in message) replies.push(message);
      else events.push(message);
      if (replies.length === frames.length) ws.close();
    });
    ws.on('close', () => resolve(replies));
    ws.on('error', reject);
  });
}

describe('headless host', () => {
  it('refuses to bind to a non-loopback address', async () => {
    const core = await makeCore(tempDir());
    await expect(startHost({ core, rendererDir: tempDir(), bind: '0.0.0.0' })).rejects.toBeInstanceOf(
      NonLoopbackBindError,
    );
    await expect(startHost({ core, rendererDir: tempDir(), bind: '192.168.1.10' })).rejects.toThrow(/loopback only/);
    await core.close();
  });

  it('serves the page only with the per-run secret, with a strict CSP', async () => {
    const { core, host, secret, base } = await setup();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?s=[\w-]{20,}$/);
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await fetch(`${base}/?s=wrong`)).status).toBe(403);
    const page = await fetch(`${base}/?s=${secret}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    expect(await page.text()).toContain('<title>AgentIQ</title>');
    expect((await fetch(`${base}/index.html/`)).status).toBe(403);
    expect((await fetch(`${base}/assets/..%2f..%2f..%2fetc%2fpasswd?s=${secret}`)).status).toBe(404);
    await host.close();
    await core.close();
  });

  it("opens the page's assets to the cookie the page sets, and nothing else to it", async () => {
    const { core, host, secret, base } = await setup();
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(403);
    const page = await fetch(`${base}/?s=${secret}`);
    const setCookie = page.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toContain(secret);
    const cookie = setCookie.split(';')[0]!;
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    expect((await fetch(`${base}/`, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${base}/assets/app.js?s=${secret}`)).status).toBe(200);
    await host.close();
    await core.close();
  });

  it('speaks the IPC contract over the WebSocket and pushes events', async () => {
    const { core, host, secret } = await setup();
    const url = `ws://127.0.0.1:${host.port}/ipc?s=${secret}`;
    const events: unknown[] = [];
    const replies = (await rpc(
      url,
      [
        { id: 1, channel: 'demo.seed', input: {} },
        { id: 2, channel: 'inbox.list', input: { accountId: 'x' } },
        { id: 3, channel: 'nope', input: {} },
      ],
      events,
    )) as { id: number; result: { ok: boolean; value?: unknown; error?: { code: string } } }[];
    const byId = Object.fromEntries(replies.map((r) => [r.id, r.result]));
    expect(byId[1]).toEqual({ ok: true, value: { accountId: 1, created: 12 } });
    expect(byId[2]).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(byId[3]).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(events).toContainEqual({
      event: 'inbox.changed',
      payload: { accountId: 1, channels: ['review', 'question', 'chat'] },
    });
    await host.close();
    await core.close();
  });

  it("tells the page when the core's worker crashed and was restarted, and answers again", async () => {
    const { core, host, secret } = await setup();
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?s=${secret}`);
    const messages: Array<{ id?: number; event?: string; payload?: unknown; result?: unknown }> = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as (typeof messages)[number]));
    await new Promise((resolve) => ws.on('open', resolve));
    await core.thread.kill();
    await core.thread.ready();
    await vi.waitFor(() =>
      expect(messages).toContainEqual({
        event: 'app.coreRestarted',
        payload: { message: { code: 'core_restarted', params: {} }, gaveUp: false },
      }),
    );
    ws.send(JSON.stringify({ id: 7, channel: 'demo.seed', input: {} }));
    await vi.waitFor(() =>
      expect(messages).toContainEqual({ id: 7, result: { ok: true, value: { accountId: 1, created: 12 } } }),
    );
    ws.close();
    await host.close();
    await core.close();
  });

  it('rejects WebSocket upgrades without the secret or from a foreign origin', async () => {
    const { core, host, secret } = await setup();
    const attempt = (url: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    expect(await attempt(`ws://127.0.0.1:${host.port}/ipc`)).toBe('refused');
    expect(await attempt(`ws://127.0.0.1:${host.port}/ipc?s=guess`)).toBe('refused');
    expect(await attempt(`ws://127.0.0.1:${host.port}/ipc?s=${secret}`, { origin: 'https://evil.example' })).toBe(
      'refused',
    );
    expect(
      await attempt(`ws://127.0.0.1:${host.port}/ipc?s=${secret}`, { origin: `http://127.0.0.1:${host.port}` }),
    ).toBe('open');
    await host.close();
    await core.close();
  });
});
