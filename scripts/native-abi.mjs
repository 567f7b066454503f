#!/usr/bin/env node
// Usage: node scripts/native-abi.mjs node|electron
//
// better-sqlite3 and keytar are native addons: a build works for exactly one ABI. Tests run
// under Node (ABI 115 for Node 20), the app under Electron (its own ABI), and both use the same
// node_modules. This script keeps one build per runtime in a cache and swaps the right .node
// files into build/Release, so `npm test` after `npm start` (and back) costs a file copy, not a
// rebuild. A marker next to each binary says which runtime it was built for; when the marker
// and the file's hash agree with the wanted runtime, the script does nothing (fast path).
//
// It never rebuilds for Electron from postinstall: that needs Electron's headers from the
// internet, which the CI machines of this project do not have (DESIGN §2).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const nodeModules = path.join(root, 'node_modules');
const cacheRoot = path.join(nodeModules, '.cache', 'agentiq-native');
const MARKER = '.agentiq-runtime.json';

/** The addons we ship, and the one file of each that the module loads. */
const ALL_ADDONS = [
  { name: 'better-sqlite3', file: 'better_sqlite3.node', probe: "new (require('better-sqlite3'))(':memory:').close()" },
  // An optionalDependency: npm drops it when its native build fails (Linux without libsecret-1-dev),
  // and the app then reports the keychain unavailable, with the fix (`agentiq doctor`).
  {
    name: 'keytar',
    file: 'keytar.node',
    probe: "require('keytar')",
    optional: 'the OS keychain is unavailable; `npx agentiq doctor` says why and how to fix it',
  },
];
const isInstalled = (addon) => existsSync(path.join(nodeModules, addon.name, 'package.json'));
/** The addons to keep built: every one that is installed (a missing required one fails its probe). */
const ADDONS = ALL_ADDONS.filter((addon) => !addon.optional || isInstalled(addon));

/** Messages that mean "this binary is for another ABI / platform, or missing": a rebuild helps. */
const WRONG_BUILD =
  /NODE_MODULE_VERSION|compiled against a different Node\.js version|invalid ELF header|wrong ELF class|not a valid Win32 application|mach-o|Could not locate the bindings file|Cannot find module .*\.node/i;

const REBUILD_TIMEOUT_MS = 10 * 60_000;
const PROBE_TIMEOUT_MS = 30_000;

class NativeAbiError extends Error {}

function main() {
  const runtime = process.argv[2];
  if (runtime !== 'node' && runtime !== 'electron') {
    console.error('usage: node scripts/native-abi.mjs node|electron');
    process.exit(2);
  }
  for (const addon of ALL_ADDONS.filter((candidate) => !ADDONS.includes(candidate))) {
    console.warn(
      `native-abi: ${addon.name} is not installed (an optional dependency whose build failed during npm install): ${addon.optional}`,
    );
  }
  try {
    const target = runtime === 'node' ? nodeTarget() : electronTarget();
    ensure(target);
  } catch (error) {
    if (!(error instanceof NativeAbiError)) throw error;
    console.error(`native-abi: ${error.message}`);
    process.exit(1);
  }
}

function nodeTarget() {
  return {
    runtime: 'node',
    key: `node-abi${process.versions.modules}-${process.platform}-${process.arch}`,
    probe: (addon) => probeWith(process.execPath, [], addon),
    build: () => {
      const names = ADDONS.map((addon) => addon.name);
      run('npm', ['rebuild', ...names], `npm rebuild ${names.join(' ')}`);
    },
  };
}

function electronTarget() {
  const electronDir = path.join(nodeModules, 'electron');
  const version = readJson(path.join(electronDir, 'package.json'))?.version;
  if (!version) throw new NativeAbiError('the electron package is not installed; run `npm install` first.');
  // Running the app needs the Electron binary anyway; checking it first means a machine without
  // it (like this project's CI, DESIGN §2) gets a clear answer at once instead of a hanging download.
  const executable = electronExecutable(electronDir);
  if (!executable) {
    throw new NativeAbiError(
      `the Electron ${version} binary is not installed (node_modules/electron/dist is missing).\n` +
        '  It is downloaded from GitHub on `npm install`; on a machine with internet run `npx install-electron`,\n' +
        '  or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding it. Without it, use the headless host instead.',
    );
  }
  return {
    runtime: 'electron',
    key: `electron-${version}-${process.platform}-${process.arch}`,
    probe: (addon) => probeWith(executable, [], addon, { ELECTRON_RUN_AS_NODE: '1' }),
    build: () => {
      const builder = path.join(nodeModules, 'electron-builder', 'cli.js');
      try {
        run(process.execPath, [builder, 'install-app-deps'], 'electron-builder install-app-deps');
      } catch (error) {
        throw new NativeAbiError(
          `${error.message}\n  Rebuilding native modules for Electron ${version} downloads Electron's headers and needs internet access.\n` +
            '  Run `node scripts/native-abi.mjs electron` again when online.',
        );
      }
    },
  };
}

function electronExecutable(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (!relative) return null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override ? path.join(override, relative) : path.join(electronDir, 'dist', relative);
  return existsSync(executable) ? executable : null;
}

function ensure(target) {
  const states = ADDONS.map((addon) => installedState(addon));
  if (states.every((state) => state.key === target.key)) {
    console.log(`native-abi: ${ADDONS.map((a) => a.name).join(', ')} already built for ${target.key}`);
    return;
  }

  // Before replacing anything, keep what is installed: it is the other runtime's build.
  ADDONS.forEach((addon, index) => rememberInstalled(addon, states[index]));

  if (ADDONS.every((addon) => existsSync(cachedFile(addon, target.key)))) {
    for (const addon of ADDONS) install(addon, cachedFile(addon, target.key), target.key);
    if (verify(target)) {
      console.log(`native-abi: switched ${ADDONS.map((a) => a.name).join(', ')} to ${target.key} (from cache)`);
      return;
    }
    console.warn(`native-abi: the cached build for ${target.key} does not load; rebuilding`);
  } else if (target.runtime === 'node' && verify(target)) {
    // A fresh `npm install` already left Node builds in place: record and cache them.
    for (const addon of ADDONS) adopt(addon, target.key);
    console.log(`native-abi: ${ADDONS.map((a) => a.name).join(', ')} verified for ${target.key}`);
    return;
  }

  console.log(`native-abi: building ${ADDONS.map((a) => a.name).join(', ')} for ${target.key} ...`);
  try {
    target.build();
  } catch (error) {
    restore(states);
    throw error;
  }
  if (!verify(target))
    throw new NativeAbiError(
      `after the rebuild the modules still do not load under ${target.runtime}; see the errors above.`,
    );
  for (const addon of ADDONS) adopt(addon, target.key);
  console.log(`native-abi: built and cached ${target.key}`);
}

/** What the marker says is installed, trusted only if the file is still the one the marker hashed. */
function installedState(addon) {
  const file = releaseFile(addon);
  if (!existsSync(file)) return { key: null, hash: null };
  const hash = sha256(file);
  const marker = readJson(path.join(path.dirname(file), MARKER));
  return { key: marker && marker.hash === hash ? marker.key : null, hash };
}

function rememberInstalled(addon, state) {
  if (!state.key) return;
  const cached = cachedFile(addon, state.key);
  if (!existsSync(cached) || sha256(cached) !== state.hash) copyAtomically(releaseFile(addon), cached);
}

/** A failed rebuild may have wiped build/ (node-gyp cleans first): put back what was there, so the other runtime keeps working. */
function restore(states) {
  ADDONS.forEach((addon, index) => {
    const { key } = states[index];
    if (key && existsSync(cachedFile(addon, key))) install(addon, cachedFile(addon, key), key);
  });
}

/** Marks the binary in build/Release as built for `key` and keeps a copy in the cache. */
function adopt(addon, key) {
  const file = releaseFile(addon);
  copyAtomically(file, cachedFile(addon, key));
  writeMarker(addon, key, sha256(file));
}

function install(addon, cached, key) {
  copyAtomically(cached, releaseFile(addon));
  writeMarker(addon, key, sha256(cached));
}

function writeMarker(addon, key, hash) {
  writeFileSync(
    path.join(path.dirname(releaseFile(addon)), MARKER),
    `${JSON.stringify({ key, hash, at: new Date().toISOString() })}\n`,
  );
}

/**
 * Copy to a temp file, then rename over the target: a process that has the old binary loaded
 * (a running test or app) keeps its inode instead of seeing the file rewritten under it.
 * On Windows the rename fails while the DLL is loaded; the message says what to close.
 */
function copyAtomically(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  const temp = `${to}.${process.pid}.tmp`;
  copyFileSync(from, temp);
  try {
    renameSync(temp, to);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new NativeAbiError(
      `cannot replace ${path.relative(root, to)} (${error.code ?? error.message}); close running AgentIQ windows and test runs, then retry.`,
    );
  }
}

/** Loads each addon in a child of `executable`; a wrong build fails, an unrelated failure only warns. */
function verify(target) {
  return ADDONS.every((addon) => {
    const result = target.probe(addon);
    if (result.ok) return true;
    if (WRONG_BUILD.test(result.error)) return false;
    // e.g. keytar on Linux without libsecret-1.so: the build is right, the machine lacks a library.
    console.warn(`native-abi: ${addon.name} loads with a problem unrelated to the ABI: ${firstLine(result.error)}`);
    return true;
  });
}

function probeWith(executable, args, addon, env = {}) {
  const result = spawnSync(executable, [...args, '-e', addon.probe], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
  });
  if (result.error) return { ok: false, error: result.error.message };
  return result.status === 0 ? { ok: true } : { ok: false, error: result.stderr || `exit ${result.status}` };
}

function run(command, args, label) {
  const windows = process.platform === 'win32';
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    timeout: REBUILD_TIMEOUT_MS,
    shell: windows && command === 'npm',
  });
  if (result.error?.code === 'ETIMEDOUT')
    throw new NativeAbiError(`${label} did not finish within ${REBUILD_TIMEOUT_MS / 60_000} minutes.`);
  if (result.error) throw new NativeAbiError(`${label} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new NativeAbiError(`${label} failed (exit ${result.status ?? result.signal}).`);
}

const releaseFile = (addon) => path.join(nodeModules, addon.name, 'build', 'Release', addon.file);
/** Keyed by the addon's version too: an upgraded better-sqlite3 must not get last version's binary. */
const cachedFile = (addon, key) => path.join(cacheRoot, key, `${addon.name}@${addonVersion(addon)}`, addon.file);
const addonVersion = (addon) => readJson(path.join(nodeModules, addon.name, 'package.json'))?.version ?? 'unknown';
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const firstLine = (text) => text.split('\n').find((line) => line.trim()) ?? text;

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// Last, so every const helper above is initialised before it runs.
main();
