import type { SqlRunner } from '../db/sql-runner';
import type { Logger } from '../logger';
import type { MediaCache } from './media-cache';
import { photoLinksOf } from './photos';

/** At most this many reviews' thumbnails per sync (a first sync of a big shop fills the rest on open). */
const MAX_REVIEWS_PER_RUN = 200;
const CHUNK = 100;
const PARALLEL = 3;

/**
 * After a sync, the thumbnails of the reviews it brought that still wait for an answer are
 * downloaded in the background, so they show when the seller is offline later. In order, a few
 * at a time, never inside the sync's transactions; stop() ends it between downloads.
 */
export class PhotoPrefetch {
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: { db: SqlRunner; media: MediaCache; logger: Logger }) {}

  schedule(ids: readonly number[]): void {
    if (ids.length === 0 || this.stopped) return;
    const batch = [...ids];
    this.queue = this.queue
      .then(() => this.run(batch))
      .catch((error: unknown) =>
        this.deps.logger.warn('media.prefetch_failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue;
  }

  idle(): Promise<void> {
    return this.queue;
  }

  private async run(ids: number[]): Promise<void> {
    const { db, media } = this.deps;
    const urls: string[] = [];
    for (let start = 0; start < ids.length && !this.stopped; start += CHUNK) {
      const rows = db.all(
        db.build
          .selectFrom('interactions')
          .select(['channel', 'raw_json'])
          .where('id', 'in', ids.slice(start, start + CHUNK))
          .where('channel', '=', 'review')
          .where('needs_response', '=', 1)
          .where('raw_json', 'like', '%"photoLinks":[{%'),
      );
      for (const row of rows) urls.push(...photoLinksOf(row).map((link) => link.thumbUrl));
      if (urls.length >= MAX_REVIEWS_PER_RUN) break;
    }
    const wanted = urls.slice(0, MAX_REVIEWS_PER_RUN * 2);
    for (let start = 0; start < wanted.length && !this.stopped; start += PARALLEL) {
      const results = await Promise.all(wanted.slice(start, start + PARALLEL).map((url) => media.ensure(url)));
      // WB's CDN unreachable: the rest would fail the same way; the next sync or an open tries again.
      if (results.every((result) => 'failure' in result && result.failure === 'network')) return;
    }
  }
}
