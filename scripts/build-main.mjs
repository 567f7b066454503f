// Bundles the Electron main process, the core worker and the preload into dist/main (package.json "main": dist/main/main.cjs).
// CJS because Electron's sandboxed preload can only be one CommonJS file, and a CJS main keeps
// require() of the native modules (better-sqlite3, keytar) plain, which electron-builder's asar unpacking expects.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.env.NODE_ENV === 'production';

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: false,
  logLevel: 'info',
  legalComments: 'none',
};

// `import.meta` is empty in CJS output. Core is ESM source; if any module reads import.meta.url
// (e.g. to find a file next to itself), point it at the bundle file instead of letting it be undefined.
const importMetaShim = {
  banner: { js: "const __agentiq_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__agentiq_import_meta_url' },
};

await Promise.all([
  build({
    ...common,
    ...importMetaShim,
    entryPoints: { main: 'src-main/app/main.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
    // Native modules are loaded from node_modules (unpacked from asar); electron is provided by the runtime.
    external: ['electron', 'better-sqlite3', 'keytar'],
    // Turn lazy `import()`s into require(): a CJS require from app.asar goes through Electron's
    // asar-aware loader, the ESM loader path is less certain there. (keytar itself is required by
    // name at run time, platform/keytar-secret-store.ts: it is optional and may be absent.)
    supported: { 'dynamic-import': false },
  }),
  // The core's thread (src-main/core-worker): the app and the host start it as a worker_threads
  // Worker from this file, next to their own bundle (core-worker/worker-file.ts finds it there).
  build({
    ...common,
    ...importMetaShim,
    entryPoints: { 'core-worker': 'src-main/core-worker/worker-entry.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
    external: ['better-sqlite3', 'keytar'],
    supported: { 'dynamic-import': false },
  }),
  build({
    ...common,
    entryPoints: { preload: 'src-main/app/preload.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
    // A sandboxed preload may require('electron') and nothing else from disk.
    external: ['electron'],
    platform: 'browser',
    target: 'chrome140',
    // The contract's zod schemas come along with the channel names; minified it parses faster on every window load.
    minify: true,
  }),
]);
