import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import { startWbSimulator, type WbSim, type WbSimOptions } from '../wb-sim/index';

/** Project root (this file lives in tests/e2e). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const HOST_ENTRY = 'src-main/host/main.ts';
const RENDERER_INDEX = path.join(ROOT, 'dist/renderer/index.html');

const READY_PREFIX = 'AgentIQ host: ';
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
/** How much of the child's output to keep for error messages. */
const LOG_LIMIT = 64 * 1024;

export interface HostOptions {
  /** Data dir to run on; the host's own data (SQLite file etc.). */
  dataDir: string;
  /** Extra environment on top of process.env, e.g. `{ AGENTIQ_WB_BASE_URL: sim.url }`. */
  env?: Record<string, string | undefined>;
  /** Extra CLI arguments after `--port 0 --data-dir DIR`. */
  args?: string[];
}

export interface RunningHost {
  /** The printed URL including `?s=SECRET`. */
  url: string;
  /** `url` without the secret (for negative tests). */
  origin: string;
  dataDir: string;
  pid: number;
  /** Everything the child wrote to stdout / stderr so far (capped). */
  stdout(): string;
  stderr(): string;
  /** SIGTERM, wait for exit, SIGKILL the process group after 5 s. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Spawns `tsx src-main/host/main.ts --port 0 --data-dir DIR` and resolves once it prints
 * `AgentIQ host: URL`. Exported so specs can restart a host on the same data dir or start
 * one with a WB simulator's URL in `env`. The caller owns `dataDir`; call `stop()`.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  if (!existsSync(RENDERER_INDEX)) {
    throw new Error(`${path.relative(ROOT, RENDERER_INDEX)} is missing: build the renderer first (npx vite build).`);
  }
  const child = spawn(TSX, [HOST_ENTRY, '--port', '0', '--data-dir', options.dataDir, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: tsx runs the host in a child node process, and the SIGKILL fallback
    // must take both down so no stray host survives a hung shutdown.
    detached: true,
  });
  let out = '';
  let err = '';
  const keep = (log: string, chunk: Buffer) => (log + chunk.toString('utf8')).slice(-LOG_LIMIT);
  child.stdout!.on('data', (chunk: Buffer) => (out = keep(out, chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (err = keep(err, chunk)));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  let url: string;
  try {
    url = await waitForReady(
      child,
      () => out,
      () => err,
    );
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    origin: new URL(url).origin,
    dataDir: options.dataDir,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    stop: () => (stopping ??= stopChild(child, exited)),
  };
}

function waitForReady(child: ChildProcess, stdout: () => string, stderr: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const describe = (what: string) =>
      `${what}\n--- host stdout ---\n${stdout() || '(empty)'}\n--- host stderr ---\n${stderr() || '(empty)'}`;
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    const onData = () => {
      // Complete lines only (drop the last, possibly partial one): the URL may arrive split across chunks.
      const line = stdout()
        .split('\n')
        .slice(0, -1)
        .find((candidate) => candidate.startsWith(READY_PREFIX));
      if (!line) return;
      cleanup();
      resolve(line.slice(READY_PREFIX.length).trim());
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      // Let the last stderr chunk land before quoting it.
      setImmediate(() =>
        reject(new Error(describe(`AgentIQ host exited before it was ready (code ${code}, signal ${signal}).`))),
      );
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(describe(`Could not spawn the AgentIQ host: ${error.message}`)));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(describe(`AgentIQ host did not print "${READY_PREFIX}…" within ${START_TIMEOUT_MS / 1000} s.`)));
    }, START_TIMEOUT_MS);
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
    onData();
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const running = () => child.exitCode === null && child.signalCode === null;
  if (running()) {
    // Only the tsx parent: it forwards SIGTERM to the node child, which closes the core and DB.
    // Signalling the whole group would deliver it twice and kill the host mid-shutdown.
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), delay(STOP_GRACE_MS).then(() => true)]);
    if (timedOut && running()) {
      killGroup(child, 'SIGKILL');
      await exited;
    }
  }
  // The group may still hold the grandchild if tsx died first; make sure it is gone.
  killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fresh temporary data dir; removed by the returned function. */
export async function makeDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'agentiq-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }) };
}

export interface HostFixtures {
  /**
   * Extra env for the `host` fixture. Override per file with
   * `test.use({ hostEnv: { AGENTIQ_WB_BASE_URL: '…' } })`, or, when the value comes from another
   * fixture (a WB simulator on a random port), with
   * `test.extend({ hostEnv: async ({ wbSim }, use) => use({ AGENTIQ_WB_BASE_URL: wbSim.url }) })`.
   */
  hostEnv: Record<string, string | undefined>;
  /** A host on a fresh temporary data dir, stopped and its dir removed after the test. */
  host: RunningHost;
}

export const test = base.extend<HostFixtures>({
  hostEnv: [{}, { option: true }],
  host: async ({ hostEnv }, use, testInfo) => {
    const data = await makeDataDir();
    let host: RunningHost | undefined;
    try {
      host = await startHost({ dataDir: data.dir, env: hostEnv });
      await use(host);
    } finally {
      await host?.stop();
      if (host && testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('host-stderr.txt', { body: host.stderr(), contentType: 'text/plain' });
      }
      await data.remove();
    }
  },
});

/** A port free right now, so a simulator can be stopped and started again on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A WB simulator that can go away and come back (`restart`): it runs on a fixed port, and a
 * restarted one regenerates the same shop from the seed, with the same ids. `current` is the
 * one running now.
 */
export interface RestartableSim {
  current: WbSim;
  restart(): Promise<WbSim>;
}

/** `test` with `sim`, a restartable WB simulator of this shop, and the `host` talking to it. */
export function testWithRestartableSim(shop: Omit<WbSimOptions, 'port'>) {
  return test.extend<{ sim: RestartableSim }>({
    sim: async ({}, use) => {
      const port = await freePort();
      const holder: RestartableSim = {
        current: await startWbSimulator({ ...shop, port }),
        async restart() {
          holder.current = await startWbSimulator({ ...shop, port });
          return holder.current;
        },
      };
      try {
        await use(holder);
      } finally {
        await holder.current.close().catch(() => undefined);
      }
    },
    hostEnv: async ({ sim }, use) => use({ AGENTIQ_WB_BASE_URL: sim.current.url }),
  });
}

export { expect };
