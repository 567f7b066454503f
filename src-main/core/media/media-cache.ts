import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { request } from 'undici';
import { MEDIA_FILE_PATTERN } from '../../../src-shared/domain/media';
import type { SqlRunner } from '../db/sql-runner';
import type { Logger } from '../logger';
import { mediaFetchUrl } from './media-url';

/** WB's chat attachments are capped at 5 MiB (CONTRACT §5); a review photo is far below. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
/** A refused link (not an image, too big, 4xx) is not asked for again sooner than this. */
const REFUSED_RETRY_MS = 24 * 60 * 60_000;
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Stop reading a body we refuse; the abort it causes is expected, not an error to surface. */
function discard(body: { on(event: 'error', listener: () => void): unknown; destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
}

export type MediaFailure = 'refused_host' | 'not_image' | 'too_large' | 'http_error' | 'network';

export type MediaResult = { file: string } | { failure: MediaFailure };

export interface MediaCacheDeps {
  db: SqlRunner;
  /** `<dataDir>/media`. */
  dir: string;
  clock: () => Date;
  logger: Logger;
  /** AGENTIQ_WB_BASE_URL: every WB host at one base (tests, the simulator). */
  baseUrl?: string | null;
  /** AGENTIQ_AVITO_BASE_URL: the Avito simulator's own image links are allowed (media-url.ts). */
  avitoBaseUrl?: string | null;
  maxBytes?: number;
}

export { mediaDirOf } from './media-dir';

/**
 * Downloads WB's and Avito's photo links into a content-addressed folder (`<sha256>.<ext>`: the same bytes
 * under two links are one file) and remembers each link in SQLite, so the detail shows them
 * offline. Only the marketplaces' image hosts (media-url.ts), only image/* answers, at most 5 MiB, never a
 * redirect. A network failure is not remembered (the next open tries again); a refusal is, for a day.
 */
export class MediaCache {
  private readonly running = new Map<string, Promise<MediaResult>>();
  private readonly maxBytes: number;

  constructor(private readonly deps: MediaCacheDeps) {
    this.maxBytes = deps.maxBytes ?? MAX_MEDIA_BYTES;
  }

  /** The cached file of a link, if any (no download). */
  cached(url: string): string | null {
    const row = this.deps.db.get(
      this.deps.db.build
        .selectFrom('media_cache')
        .select(['file'])
        .where('url', '=', url)
        .where('file', 'is not', null),
    );
    return row?.file ?? null;
  }

  /** The link's file: from the cache, else downloaded now. Never throws. */
  ensure(url: string): Promise<MediaResult> {
    const file = this.cached(url);
    if (file) return Promise.resolve({ file });
    let pending = this.running.get(url);
    if (!pending) {
      pending = this.download(url).finally(() => this.running.delete(url));
      this.running.set(url, pending);
    }
    return pending;
  }

  private async download(url: string): Promise<MediaResult> {
    const { db, clock } = this.deps;
    const refusedAt = db.get(
      db.build.selectFrom('media_cache').select(['error', 'failed_at']).where('url', '=', url),
    )?.failed_at;
    if (refusedAt && clock().getTime() - Date.parse(refusedAt) < REFUSED_RETRY_MS) return { failure: 'http_error' };
    const target = mediaFetchUrl(url, { wb: this.deps.baseUrl, avito: this.deps.avitoBaseUrl });
    if (!target) return this.refuse(url, 'refused_host');
    let body: Buffer;
    let type: string;
    try {
      const response = await request(target, {
        method: 'GET',
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
        headers: { accept: 'image/*' },
      });
      type = String(response.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const declared = Number(response.headers['content-length'] ?? 0);
      if (response.statusCode !== 200) {
        await response.body.dump();
        return response.statusCode >= 500 || response.statusCode === 429
          ? { failure: 'network' }
          : this.refuse(url, 'http_error');
      }
      if (!EXTENSIONS[type]) {
        await response.body.dump();
        return this.refuse(url, 'not_image');
      }
      if (declared > this.maxBytes) {
        discard(response.body);
        return this.refuse(url, 'too_large');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > this.maxBytes) {
          discard(response.body);
          return this.refuse(url, 'too_large');
        }
        chunks.push(chunk as Buffer);
      }
      body = Buffer.concat(chunks);
    } catch (error) {
      this.deps.logger.debug('media.download_failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return { failure: 'network' };
    }
    const file = `${createHash('sha256').update(body).digest('hex')}.${EXTENSIONS[type]!}`;
    if (!MEDIA_FILE_PATTERN.test(file)) return this.refuse(url, 'not_image');
    await this.write(file, body);
    const now = clock().toISOString();
    const values = { file, content_type: type, bytes: body.length, fetched_at: now, error: null, failed_at: null };
    db.run(
      db.build
        .insertInto('media_cache')
        .values({ url, ...values })
        .onConflict((oc) => oc.column('url').doUpdateSet(values)),
    );
    return { file };
  }

  /** Same bytes, same name: an existing file is kept; a new one is written beside and renamed in. */
  private async write(file: string, body: Buffer): Promise<void> {
    await mkdir(this.deps.dir, { recursive: true, mode: 0o700 });
    const final = path.join(this.deps.dir, file);
    const exists = await stat(final).then(
      (info) => info.isFile() && info.size === body.length,
      () => false,
    );
    if (exists) return;
    const temp = path.join(this.deps.dir, `.${randomBytes(8).toString('hex')}.tmp`);
    try {
      await writeFile(temp, body, { mode: 0o600 });
      await rename(temp, final);
    } finally {
      await rm(temp, { force: true });
    }
  }

  private refuse(url: string, failure: MediaFailure): MediaResult {
    const now = this.deps.clock().toISOString();
    const values = { error: failure, failed_at: now };
    this.deps.db.run(
      this.deps.db.build
        .insertInto('media_cache')
        .values({ url, ...values })
        .onConflict((oc) => oc.column('url').doUpdateSet(values)),
    );
    return { failure };
  }
}
