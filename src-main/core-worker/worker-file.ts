import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The worker bundle's name: scripts/build-main.mjs writes it next to the main and host bundles. */
export const CORE_WORKER_BUNDLE = 'core-worker.cjs';

/** esbuild is a build tool, not a dependency of the bundles: found by a name esbuild itself does not follow. */
const ESBUILD_MODULE = 'esbuild';

let built: Promise<string> | null = null;

/**
 * The file a core worker runs. A bundle (dist/main/main.cjs, the host's bundle) has
 * core-worker.cjs next to it. Run from the sources (tsx, vitest, the bench) it is built from
 * them with esbuild into dist/dev/ of the checkout (so its require() of the native module finds
 * node_modules as the bundles' does), once per process, and only when a source is newer than it.
 */
export function coreWorkerFile(): Promise<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, CORE_WORKER_BUNDLE);
  if (existsSync(bundled)) return Promise.resolve(bundled);
  return (built ??= buildFromSources(path.join(here, 'worker-entry.ts')));
}

/** The newest modification time under the folders the worker is built from (and the lock file). */
function newestSource(root: string): number {
  let newest = statSync(path.join(root, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['src-main', 'src-shared', 'migrations'])
    if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return newest;
}

async function buildFromSources(entry: string): Promise<string> {
  const root = path.resolve(path.dirname(entry), '../..');
  const file = path.join(root, 'dist/dev', CORE_WORKER_BUNDLE);
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing && existing.mtimeMs > newestSource(root)) return file;
  const esbuild = (await import(ESBUILD_MODULE)) as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // The same shape as scripts/build-main.mjs's core-worker entry.
    banner: { js: "const __agentiq_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__agentiq_import_meta_url' },
    supported: { 'dynamic-import': false },
    external: ['better-sqlite3', 'keytar'],
  });
  await mkdir(path.dirname(file), { recursive: true });
  // Written aside and renamed over: parallel test processes never read half a file.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, result.outputFiles[0]!.contents);
  await rename(temp, file);
  return file;
}
