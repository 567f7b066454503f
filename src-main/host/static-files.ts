import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * One path segment of a built file. Vite names its output `assets/name-HASH.ext`, so nothing
 * served ever needs percent-decoding, a dot segment, a dotfile, a backslash, a colon (a Windows
 * drive or alternate data stream) or a trailing dot (Windows drops it: `index.html.`): refusing
 * them all, undecoded, leaves no traversal to normalise.
 */
const SEGMENT = /^[A-Za-z0-9_-](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?$/;

/** Resolves a raw URL path inside `root`, or null when it is not a plain file path there. */
export function resolveInside(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null;
  const segments = urlPath.slice(1).split('/');
  if (!segments.every((segment) => SEGMENT.test(segment))) return null;
  const target = path.resolve(root, ...segments);
  return isInside(root, target) ? target : null;
}

/** A regular file inside `root` (symlinks followed, then checked again), or null. `/` is index.html. */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) return null;
  try {
    const real = await realpath(file);
    if (!isInside(await realpath(root), real) || !(await stat(real)).isFile()) return null;
    return { body: await readFile(real), type: TYPES[path.extname(real)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}
