import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { app, protocol, resetFakeElectron } from './app-fake-electron';
import { registerPrivilegedSchemes, startApp, type AppRuntime } from '../../src-main/app/lifecycle';
import { CONTENT_SECURITY_POLICY, resolveRendererFile } from '../../src-main/app/renderer-protocol';
import { silentLogger } from '../../src-main/core/logger';

vi.mock('electron', async () => (await import('./app-fake-electron')).fakeElectron);

let root: string;
let rendererDir: string;
let runtime: AppRuntime | null;

beforeAll(async () => {
  resetFakeElectron();
  root = mkdtempSync(path.join(tmpdir(), 'agentiq-protocol-'));
  rendererDir = path.join(root, 'dist', 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>AgentIQ</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  // A file next to the renderer folder that a traversal would try to reach.
  writeFileSync(path.join(root, 'secret.txt'), 'not for the renderer');
  app.appPath = root;
  vi.stubEnv('AGENTIQ_DATA_DIR', path.join(root, 'data'));
  registerPrivilegedSchemes();
  runtime = await startApp({ logger: silentLogger, platform: 'linux' });
});
afterAll(async () => {
  await runtime?.core.close();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

const fetchApp = async (url: string, method = 'GET') => {
  const handler = protocol.handlers.get('app');
  if (!handler) throw new Error('app:// is not handled');
  return handler(new Request(url, { method }));
};

describe('app:// scheme', () => {
  it('is registered as standard and secure before the app is ready', () => {
    expect(protocol.privileged).toContainEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true }),
    });
  });

  it('serves index.html for the root with the strict CSP', async () => {
    const response = await fetchApp('app://agentiq/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' data:;");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https:(?!\/\/)/);
    expect(await response.text()).toContain('<title>AgentIQ</title>');
  });

  it('serves a bundle file with its MIME type', async () => {
    const response = await fetchApp('app://agentiq/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([
    'app://agentiq/../secret.txt',
    'app://agentiq/%2e%2e/secret.txt',
    'app://agentiq/..%2fsecret.txt',
    'app://agentiq/assets/..%2f..%2fsecret.txt',
    'app://agentiq/..%5csecret.txt',
    'app://agentiq/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://agentiq/index.html%00.png',
    'app://other-host/index.html',
  ])('refuses %s', async (url) => {
    const response = await fetchApp(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the renderer');
  });

  it('never resolves a path outside the renderer folder', () => {
    for (const url of [
      'app://agentiq/..%2f..%2fetc%2fpasswd',
      'app://agentiq/%2e%2e%2fsecret.txt',
      'app://agentiq/a/..%2f..%2f..%2fsecret.txt',
    ]) {
      const file = resolveRendererFile(rendererDir, url);
      expect(file === null || file.startsWith(rendererDir + path.sep), `${url} -> ${file}`).toBe(true);
    }
  });

  it('answers 404 for a missing file and 405 for a write', async () => {
    expect((await fetchApp('app://agentiq/missing.js')).status).toBe(404);
    expect((await fetchApp('app://agentiq/index.html', 'POST')).status).toBe(405);
  });

  it('serves a cached photo from <dataDir>/media at /media/<sha256>.<ext>, and nothing else from there', async () => {
    const media = path.join(root, 'data', 'media');
    mkdirSync(media, { recursive: true });
    const name = `${'c'.repeat(64)}.png`;
    writeFileSync(path.join(media, name), 'png bytes');
    writeFileSync(path.join(media, 'notes.txt'), 'not a photo');
    const ok = await fetchApp(`app://agentiq/media/${name}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await ok.text()).toBe('png bytes');
    for (const url of [
      'app://agentiq/media/notes.txt',
      'app://agentiq/media/..%2fagentiq.db',
      'app://agentiq/media/%2e%2e%2f%2e%2e%2fsecret.txt',
      `app://agentiq/media/${'d'.repeat(64)}.png`,
      `app://agentiq/media/sub/${name}`,
      `app://other-host/media/${name}`,
    ])
      expect((await fetchApp(url)).status, url).toBe(404);
  });
});
