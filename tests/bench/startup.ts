/**
 * Start-up with a big database (issue 10 item 5), for `npm run bench` (BENCH_STARTUP=0 skips it).
 *
 * BENCH_STARTUP_ITEMS (default 100 000) generated interactions in a fresh data folder, closed
 * cleanly. Then the headless host is spawned as `npm run host` runs it (with --data-dir and
 * --port 0) and a WebSocket client does what the renderer does on load: `accounts.list`, then
 * `inbox.list` (first page of 100) and `inbox.counts` together. Timed from the spawn to both
 * answers; 3 runs, the median, and the first run on its own (it may take the day's first backup).
 * `core_open_ms`: createCore on the same folder in this process (median of 3).
 *
 * BENCH_STARTUP_FROM=FILE copies an existing agentiq.db instead of generating one (before/after
 * comparisons); BENCH_HOST_COMMAND="node dist/x.cjs" runs that instead of package.json's `host`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createCore } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { generateInbox } from './generate';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const RUNS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;

/** The host's command line as package.json's `host` script runs it (after its build step). */
function hostCommand(): string[] {
  if (process.env.BENCH_HOST_COMMAND) {
    const [command, ...rest] = process.env.BENCH_HOST_COMMAND.trim().split(/\s+/);
    return [command === 'node' ? process.execPath : command!, ...rest];
  }
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { host: string } })
    .scripts;
  const words = scripts.host.split('&&').at(-1)!.trim().split(/\s+/);
  if (words[0] === 'tsx') return [process.execPath, '--import', 'tsx', ...words.slice(1)];
  if (words[0] === 'node') return [process.execPath, ...words.slice(1)];
  throw new Error(`bench: cannot run the host script "${scripts.host}"`);
}

interface HostRun {
  /** Spawn to the printed URL. */
  listening: number;
  /** Spawn to the first inbox page and the counts both received. */
  rows: number;
  items: number;
}

async function hostRun(dataDir: string): Promise<HostRun> {
  const [command, ...args] = hostCommand();
  const started = performance.now();
  const child = spawn(command!, [...args, '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AGENTIQ_WB_TOKEN: '' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.on('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /AgentIQ host: (\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
    });
    const listening = performance.now() - started;
    const page = new URL(url);
    const ws = new WebSocket(`ws://${page.host}/ipc?s=${page.searchParams.get('s')}`, { origin: page.origin });
    let nextId = 1;
    const waiting = new Map<number, (result: { ok: boolean; value?: unknown; error?: unknown }) => void>();
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { id?: number; result?: { ok: boolean } };
      if (typeof frame.id === 'number') waiting.get(frame.id)?.(frame.result!);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const call = (channel: string, input: unknown) =>
      new Promise<unknown>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, (result) =>
          result.ok ? resolve(result.value) : reject(new Error(`${channel}: ${JSON.stringify(result.error)}`)),
        );
        ws.send(JSON.stringify({ id, channel, input }));
      });
    const accounts = (await call('accounts.list', {})) as { id: number }[];
    const accountId = accounts[0]!.id;
    const [list] = (await Promise.all([
      call('inbox.list', { accountId, limit: 100, offset: 0 }),
      call('inbox.counts', { accountId }),
    ])) as [{ items: unknown[] }, unknown];
    const rows = performance.now() - started;
    ws.close();
    return { listening, rows, items: list.items.length };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function startupBench(items = Number(process.env.BENCH_STARTUP_ITEMS ?? 100_000)) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agentiq-bench-startup-'));
  try {
    if (process.env.BENCH_STARTUP_FROM) copyFileSync(process.env.BENCH_STARTUP_FROM, path.join(dataDir, 'agentiq.db'));
    const seed = await createCore({
      dataDir,
      secrets: new MemorySecretStore(),
      shell: 'cli',
      version: 'bench',
      clock: () => new Date(),
    });
    const db = seed.internals.database.runner;
    const now = new Date();
    const accountIds = (process.env.BENCH_STARTUP_FROM ? [] : ['Магазин', 'Второй магазин']).map(
      (name) =>
        db.get(
          db.build
            .insertInto('accounts')
            .values({ name, created_at: now.toISOString(), updated_at: now.toISOString() })
            .returning('id'),
        )!.id,
    );
    const generated = process.env.BENCH_STARTUP_FROM
      ? { seconds: 0 }
      : generateInbox(db, { items, accountIds, now, seed: 5 });
    await seed.close();
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(path.join(dataDir, 'agentiq.db')));
    console.log(
      `Start-up: ${items} items generated in ${round(generated.seconds)} s, agentiq.db ${round(size / 1e6)} MB`,
    );

    const runs: HostRun[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const run = await hostRun(dataDir);
      runs.push(run);
      console.log(
        `  host run ${i + 1}: listening after ${round(run.listening)} ms, first ${run.items} rows + counts after ${round(run.rows)} ms`,
      );
    }
    const opens: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const core = await createCore({
        dataDir,
        secrets: new MemorySecretStore(),
        shell: 'host',
        version: 'bench',
        clock: () => new Date(),
      });
      opens.push(performance.now() - started);
      await core.close();
    }
    console.log(`  createCore in process: ${opens.map(round).join(', ')} ms`);
    return {
      host_start_to_rows_ms: round(median(runs.map((run) => run.rows))),
      host_start_to_rows_first_ms: round(runs[0]!.rows),
      host_start_to_listen_ms: round(median(runs.map((run) => run.listening))),
      core_open_ms: round(median(opens)),
      startup_items: items,
      startup_db_mb: round(size / 1e6),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
