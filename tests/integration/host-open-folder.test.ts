import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost } from '../../src-main/host/host-server';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

/**
 * «Открыть папку» (issue 11 item 8) is the desktop app's: the headless host, a page in a browser,
 * answers the channel with a code the page shows, and touches nothing.
 */
const tempDir = useTempDirs();

function call(url: string, channel: string): Promise<{ ok: boolean; error?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, channel, input: {} })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: { ok: boolean } };
      if (message.id === 1) {
        ws.close();
        resolve(message.result!);
      }
    });
    ws.on('error', reject);
  });
}

/** Every file under the folder with its size and modification time. */
const listing = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => {
      const stat = statSync(path.join(dir, name));
      return `${name} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
    })
    .sort();

describe('the host and «Открыть папку»', () => {
  it('answers open_folder_unsupported and leaves the data folder as it was', async () => {
    const rendererDir = tempDir();
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>AgentIQ</title>');
    const dataDir = tempDir();
    const core = await makeCore(dataDir);
    const host = await startHost({ core, rendererDir, port: 0 });
    try {
      const url = `ws://127.0.0.1:${host.port}/ipc?s=${new URL(host.url).searchParams.get('s')}`;
      const before = listing(dataDir);
      expect(await call(url, 'app.openDataFolder')).toMatchObject({
        ok: false,
        error: { code: 'open_folder_unsupported' },
      });
      expect(listing(dataDir)).toEqual(before);
    } finally {
      await host.close();
      await core.close();
    }
  });
});
