/**
 * Scrolling the whole inbox in Chromium (issue 11 item 11), for `npm run bench` (BENCH_SCROLL=0
 * skips it). BENCH_SCROLL_ITEMS (default 100 000) generated interactions in one shop, the headless
 * host (as the E2E runs it: tsx src-main/host/main.ts, the built renderer) and the system Chromium
 * through Playwright. Once the first rows are painted, the list is scrolled from the top to the
 * bottom by BENCH_SCROLL_STEP px (default 3 000) per animation frame, in the page's own
 * requestAnimationFrame loop; every frame's duration is recorded there. Pages the viewport lands
 * on are fetched from the core as the seller would get them (offset jumps at this speed).
 *
 * Figures: `scroll_frame_p50_ms`, `scroll_frame_p95_ms`, `scroll_frame_max_ms`, `scroll_frames`,
 * `scroll_dropped_frames` (frames longer than 1.5 × 16.7 ms), `scroll_rows_per_s`, and
 * `scroll_first_rows_ms` (page load to the first row painted).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { createCore } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { generateInbox } from './generate';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const round = (n: number) => Math.round(n * 10) / 10;
const FRAME_MS = 1000 / 60;

export async function scrollBench(items = Number(process.env.BENCH_SCROLL_ITEMS ?? 100_000)) {
  const step = Number(process.env.BENCH_SCROLL_STEP ?? 3_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agentiq-bench-scroll-'));
  const stops: (() => Promise<void>)[] = [];
  try {
    const seed = await createCore({
      dataDir,
      secrets: new MemorySecretStore(),
      shell: 'cli',
      version: 'bench',
      clock: () => new Date(),
    });
    const db = seed.internals.database.runner;
    const now = new Date();
    const accountId = db.get(
      db.build
        .insertInto('accounts')
        .values({ name: 'Магазин', created_at: now.toISOString(), updated_at: now.toISOString() })
        .returning('id'),
    )!.id;
    const generated = generateInbox(db, { items, accountIds: [accountId], now, seed: 7 });
    await seed.close();
    console.log(`Scroll: ${items} items generated in ${round(generated.seconds)} s`);
    execFileSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'ignore' });

    const host = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/host/main.ts', '--data-dir', dataDir, '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGENTIQ_WB_TOKEN: '' } },
    );
    stops.push(async () => {
      const exited = new Promise((resolve) => host.once('exit', resolve));
      host.kill('SIGTERM');
      await exited;
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      host.on('exit', (code) => reject(new Error(`host exited with ${code}`)));
      host.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /AgentIQ host: (\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
    });

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    stops.unshift(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU' });
    const loaded = performance.now();
    await page.goto(url);
    await page.getByTestId('inbox-item').first().waitFor({ timeout: 60_000 });
    const firstRows = performance.now() - loaded;
    const total = Number(await page.getByTestId('inbox-list').getAttribute('data-total'));

    // The page's own loop, as source: this file is type-checked without the DOM library.
    const result = (await page.evaluate(`(async (px) => {
      const list = document.querySelector('[data-testid="inbox-list"]');
      const frames = [];
      let last = performance.now();
      const started = last;
      await new Promise((resolve) => {
        const tick = (at) => {
          frames.push(at - last);
          last = at;
          if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) return resolve();
          list.scrollTop += px;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame((at) => {
          last = at;
          list.scrollTop += px;
          requestAnimationFrame(tick);
        });
      });
      return { frames, seconds: (performance.now() - started) / 1000, height: list.scrollHeight };
    })(${step})`)) as { frames: number[]; seconds: number; height: number };

    const sorted = [...result.frames].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const dropped = result.frames.filter((ms) => ms > FRAME_MS * 1.5).length;
    console.log(
      `  ${total} rows, ${round(result.height / 1e6)} M px scrolled in ${result.frames.length} frames: ` +
        `p50 ${round(at(0.5))} ms, p95 ${round(at(0.95))} ms, max ${round(sorted.at(-1) ?? 0)} ms, ${dropped} dropped`,
    );
    return {
      scroll_items: total,
      scroll_first_rows_ms: round(firstRows),
      scroll_frames: result.frames.length,
      scroll_frame_p50_ms: round(at(0.5)),
      scroll_frame_p95_ms: round(at(0.95)),
      scroll_frame_max_ms: round(sorted.at(-1) ?? 0),
      scroll_dropped_frames: dropped,
      scroll_rows_per_s: Math.round(total / result.seconds),
    };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
