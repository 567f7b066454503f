import { existsSync } from 'node:fs';
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
 * them once per process with esbuild, into dist/dev/ of the checkout (so its require() of the
 * native module finds node_modules as the bundles' does).
 */
export function coreWorkerFile(): Promise<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, CORE_WORKER_BUNDLE);
  if (existsSync(bundled)) return Promise.resolve(bundled);
  return (built ??= buildFromSources(path.join(here, 'worker-entry.ts')));
}

async function buildFromSources(entry: string): Promise<string> {
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
  const dir = path.resolve(path.dirname(entry), '../../dist/dev');
  const file = path.join(dir, CORE_WORKER_BUNDLE);
  await mkdir(dir, { recursive: true });
  // Written aside and renamed over: parallel test processes never read half a file.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, result.outputFiles[0]!.contents);
  await rename(temp, file);
  return file;
}
