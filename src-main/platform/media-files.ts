import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_CONTENT_TYPES, MEDIA_FILE_PATTERN } from '../../src-shared/domain/media';

/**
 * A cached photo (core media/media-cache.ts) for `/media/<sha256>.<ext>`: the name must be exactly
 * a hex digest and an image extension (no other segment, dot or separator can get through), the
 * file a regular file directly inside `mediaDir`. Anything else, or a name not cached, is null.
 */
export async function readMedia(mediaDir: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const match = /^\/media\/([^/]+)$/.exec(urlPath);
  const name = match?.[1];
  if (!name || !MEDIA_FILE_PATTERN.test(name)) return null;
  try {
    const root = await realpath(mediaDir);
    const real = await realpath(path.join(root, name));
    if (path.dirname(real) !== root || !(await stat(real)).isFile()) return null;
    return { body: await readFile(real), type: MEDIA_CONTENT_TYPES[path.extname(real).slice(1)]! };
  } catch {
    return null;
  }
}
