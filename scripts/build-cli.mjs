// Bundles the Node shells: the `agentiq` command (dist/cli, run by bin/agentiq.mjs) and the headless
// host (dist/host, `npm run host`), so neither compiles TypeScript at run time (issue 10 item 4).
// ESM with code splitting: a command's `import()` becomes a chunk that only that command loads.
// better-sqlite3 and keytar stay in node_modules (native); `import.meta.url` is the bundle file's
// own URL, and dist/cli, dist/host sit two folders below the root as the sources did, so
// `new URL('../../package.json', import.meta.url)` still finds package.json.
//
// Runs from `npm run build:cli`, `prepare` (so `npm ci` leaves a working `agentiq`), the vitest
// globalSetup and the bench (both only when a bundle is missing or older than one of its inputs).
//
//   node scripts/build-cli.mjs           build both
//   node scripts/build-cli.mjs --if-stale  build only when missing or stale
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Each bundle: its folder under dist, its entry, the file bin/agentiq.mjs or `npm run host` runs. */
const BUNDLES = [
  { name: 'cli', entry: 'src-main/cli/main.ts', out: 'dist/cli', file: 'agentiq.mjs' },
  { name: 'host', entry: 'src-main/host/main.ts', out: 'dist/host', file: 'host.mjs' },
];
/** Written last, after every bundle: the build's start time and every input file (esbuild's metafile). */
const STAMP = 'dist/cli/build-inputs.json';
/** The core's worker thread, built next to the host bundle. */
const CORE_WORKER_ENTRY = 'src-main/core-worker/worker-entry.ts';
/** Changing these changes the output without being an input. */
const BUILD_FILES = ['scripts/build-cli.mjs', 'package.json', 'package-lock.json', 'tsconfig.base.json'];

/**
 * Two big CommonJS packages a command rarely needs stay out of the bundle and load on first use
 * (issue 10 item 4): undici (about 1 MB: only a WB or AI request needs it) and snowball-stemmers
 * (0.7 MB: only indexing, a search or the linking pass stems). `agentiq stats` reads, parses and
 * compiles neither. Each import of them resolves to a stand-in exporting exactly the names the
 * sources use; a new name fails the build ("No matching export"): add it here.
 */
const LAZY_PACKAGES = {
  undici: `
    import { createRequire } from 'node:module';
    const requireUndici = createRequire(import.meta.url);
    let undici;
    const load = () => (undici ??= requireUndici('undici'));
    export const request = (...args) => load().request(...args);
    // Classes: \`new\` builds the real one; statics read through.
    const lazyClass = (name) =>
      new Proxy(function () {}, {
        construct: (_target, args) => Reflect.construct(load()[name], args),
        get: (_target, key) => load()[name][key],
      });
    export const Agent = lazyClass('Agent');
    export const FormData = lazyClass('FormData');
    /** errors.X is the real class: \`instanceof\` works. */
    export const errors = new Proxy({}, { get: (_target, key) => load().errors[key] });
  `,
  'snowball-stemmers': `
    import { createRequire } from 'node:module';
    const requireSnowball = createRequire(import.meta.url);
    let snowball;
    /** A stemmer made at module load (search/stem.ts, links/issue-text.ts) loads Snowball on its first word. */
    export function newStemmer(language) {
      let stemmer;
      return { stem: (word) => (stemmer ??= (snowball ??= requireSnowball('snowball-stemmers')).newStemmer(language)).stem(word) };
    }
  `,
  'zod-locales': 'export {};',
};
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-package' }));
    // zod's \`z.locales\` (error messages in 50 languages, 0.35 MB) is never used: only English, which
    // zod configures from its own file, stays.
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'lazy-package' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
      contents: LAZY_PACKAGES[args.path],
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/** Why the bundles must be (re)built, or null when they are up to date. */
export function staleReason() {
  const stampFile = path.join(root, STAMP);
  if (!existsSync(stampFile)) return 'not built yet';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'unreadable build stamp';
  }
  for (const bundle of BUNDLES)
    if (!existsSync(path.join(root, bundle.out, bundle.file))) return `${bundle.out}/${bundle.file} missing`;
  if (!existsSync(path.join(root, 'dist/host/core-worker.cjs'))) return 'dist/host/core-worker.cjs missing';
  for (const file of [...BUILD_FILES, ...stamp.inputs]) {
    let mtime;
    try {
      mtime = statSync(path.join(root, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (mtime > stamp.startedAt) return `${file} changed`;
  }
  return null;
}

export async function buildCli({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const inputs = new Set();
  for (const bundle of BUNDLES) {
    // Chunk names carry a content hash: a previous build's chunks would pile up.
    rmSync(path.join(root, bundle.out), { recursive: true, force: true });
    const result = await build({
      absWorkingDir: root,
      entryPoints: { [path.basename(bundle.file, '.mjs')]: bundle.entry },
      outdir: bundle.out,
      outExtension: { '.js': '.mjs' },
      // Chunks next to the entry: import.meta.url-relative paths (package.json) resolve as from the entry.
      chunkNames: '[name]-[hash]',
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Stack traces of a failure point at the sources (node --enable-source-maps).
      sourcemap: 'linked',
      minify: false,
      legalComments: 'none',
      logLevel: quiet ? 'warning' : 'info',
      metafile: true,
      plugins: [lazyPackages],
      // Native modules; keytar is also required by a name esbuild does not follow (keytar-secret-store.ts).
      external: ['better-sqlite3', 'keytar'],
      // The bundled CommonJS packages (ws, undici, snowball-stemmers) require Node's built-ins.
      banner: {
        js: "import { createRequire as __agentiqCreateRequire } from 'node:module';\nconst require = __agentiqCreateRequire(import.meta.url);",
      },
    });
    for (const input of Object.keys(result.metafile.inputs)) if (!input.includes(':')) inputs.add(input);
  }
  // The host runs its core in a worker thread (src-main/core-worker): core-worker/worker-file.ts
  // finds this file next to the host bundle. CJS with the same shape as build-main.mjs's entry.
  const worker = await build({
    absWorkingDir: root,
    entryPoints: { 'core-worker': CORE_WORKER_ENTRY },
    outdir: 'dist/host',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: quiet ? 'warning' : 'info',
    metafile: true,
    banner: { js: "const __agentiq_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__agentiq_import_meta_url' },
    supported: { 'dynamic-import': false },
    external: ['better-sqlite3', 'keytar'],
  });
  for (const input of Object.keys(worker.metafile.inputs)) if (!input.includes(':')) inputs.add(input);
  writeFileSync(path.join(root, STAMP), JSON.stringify({ startedAt, inputs: [...inputs].sort() }));
}

/** Builds when missing or stale; returns what it did, for a one-line log. */
export async function buildCliIfStale() {
  const reason = staleReason();
  if (reason === null) return 'up to date';
  await buildCli({ quiet: true });
  return `built (${reason})`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale')) console.log(`CLI and host bundles: ${await buildCliIfStale()}`);
  else await buildCli();
}
