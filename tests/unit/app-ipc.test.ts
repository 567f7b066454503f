import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FakeWebContents,
  app,
  ipcMain,
  lastWindow,
  resetFakeElectron,
  type FakeBrowserWindow,
  type FakeFrame,
} from './app-fake-electron';
import BetterSqlite3 from 'better-sqlite3';
import type { BrowserWindow } from 'electron';
import { forwardPushEvents } from '../../src-main/app/ipc-main';
import { startApp, type AppRuntime } from '../../src-main/app/lifecycle';
import { PushBus } from '../../src-main/core/events';
import { silentLogger } from '../../src-main/core/logger';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract';
import type { IpcResult } from '../../src-shared/ipc/errors';

vi.mock('electron', async () => (await import('./app-fake-electron')).fakeElectron);

let root: string;
let runtime: AppRuntime;
let window: FakeBrowserWindow;

beforeAll(async () => {
  resetFakeElectron();
  root = mkdtempSync(path.join(tmpdir(), 'agentiq-ipc-'));
  app.appPath = root;
  vi.stubEnv('AGENTIQ_DATA_DIR', path.join(root, 'data'));
  const started = await startApp({ logger: silentLogger, platform: 'linux' });
  if (!started) throw new Error('app did not start');
  runtime = started;
  window = lastWindow();
});
afterAll(async () => {
  await runtime.core.close();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

/** Plays Electron: calls the registered handler as if `frame` of `sender` had invoked `channel`. */
const invoke = async (
  channel: string,
  input: unknown,
  sender: FakeWebContents = window.webContents,
  frame: FakeFrame | null = window.webContents.mainFrame,
) => {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return (await handler({ sender, senderFrame: frame }, input)) as IpcResult<unknown>;
};

/** Rows in every table (FTS shadow tables included): any write shows up here. The core's worker
 * writes the file; a read-only connection of this thread sees every committed row (WAL). */
const rowCounts = () => {
  const sqlite = new BetterSqlite3(path.join(root, 'data', 'agentiq.db'), { readonly: true });
  try {
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
      ]),
    );
  } finally {
    sqlite.close();
  }
};

describe('IPC handlers', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('answers a call from the main frame of our window', async () => {
    const result = await invoke('app.info', {});
    expect(result).toMatchObject({
      ok: true,
      value: { shell: 'electron', version: '0.1.0-test', dataDir: path.join(root, 'data') },
    });
    // The shell's keychain (keytar), working or not on this machine: the settings screen shows which.
    expect(result).toMatchObject({ value: { keychain: { backend: 'keytar', available: expect.any(Boolean) } } });
  });

  it.each([
    [
      'an iframe inside our page',
      () => ({
        sender: window.webContents,
        frame: { url: 'app://agentiq/index.html', parent: window.webContents.mainFrame },
      }),
    ],
    [
      'our window after it navigated to a foreign page',
      () => ({ sender: window.webContents, frame: { url: 'https://evil.example/', parent: null } }),
    ],
    [
      'another app:// host',
      () => ({ sender: window.webContents, frame: { url: 'app://other/index.html', parent: null } }),
    ],
    ['a frame that is already gone', () => ({ sender: window.webContents, frame: null })],
    [
      'another webContents showing our URL',
      () => ({ sender: new FakeWebContents(), frame: { url: 'app://agentiq/index.html', parent: null } }),
    ],
  ])('refuses a call from %s with forbidden_sender and writes nothing', async (_case, who) => {
    const before = rowCounts();
    const { sender, frame } = who();
    const result = await invoke('demo.seed', {}, sender, frame);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(rowCounts()).toEqual(before);
  });

  // Malformed for every channel: each input schema is a strict object with positive integer ids.
  const malformedInputs: unknown[] = [
    'not an object',
    42,
    [1, 2],
    { unexpected: true },
    { accountId: -1 },
    { id: 'DROP TABLE accounts' },
    { accountId: 1, limit: 10_000 },
  ];

  it.each(IPC_CHANNELS)('%s refuses malformed input with invalid_input and writes nothing', async (channel) => {
    const before = rowCounts();
    for (const input of malformedInputs) {
      const result = await invoke(channel, input);
      expect(result, `${channel} with ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(rowCounts()).toEqual(before);
  });

  it('the row count does see a write (so the checks above can fail)', async () => {
    const before = rowCounts();
    expect(await invoke('demo.seed', {})).toMatchObject({ ok: true });
    expect(rowCounts()).not.toEqual(before);
  });
});

describe('push events', () => {
  it("forwards the core worker's events to the window on the derived push channel", async () => {
    const seeded = await invoke('demo.seed', {});
    expect(seeded).toMatchObject({ ok: true });
    const { accountId } = (seeded as { value: { accountId: number } }).value;
    // Seeded here or by the write test above: either way its inbox.changed reached the window.
    expect(window.webContents.sent).toContainEqual({
      channel: 'push:inbox.changed',
      payload: { accountId, channels: ['review', 'question', 'chat'] },
    });
  });

  it('sends nothing to a destroyed window', () => {
    const bus = new PushBus();
    const dispose = forwardPushEvents({ events: bus }, () => window as unknown as BrowserWindow);
    window.destroyed = true;
    const sentBefore = window.webContents.sent.length;
    bus.emit('inbox.changed', { accountId: 1, channels: ['review'] });
    expect(window.webContents.sent).toHaveLength(sentBefore);
    window.destroyed = false;
    bus.emit('outbox.changed', { accountId: 1, interactionId: 7 });
    expect(window.webContents.sent).toContainEqual({
      channel: 'push:outbox.changed',
      payload: { accountId: 1, interactionId: 7 },
    });
    dispose();
  });
});
