import type { ChatMessage } from '../../../src-shared/domain/interaction';
import type { ReviewPhoto } from '../../../src-shared/domain/media';
import type { SqlRunner } from '../db/sql-runner';
import type { Interaction } from '../db/schema';

interface PhotoLink {
  fullUrl: string;
  thumbUrl: string;
}

/** A review's `photoLinks` as WB sent them (kept in raw_json); questions and chats have none. */
export function photoLinksOf(row: Pick<Interaction, 'channel' | 'raw_json'>): PhotoLink[] {
  if (row.channel !== 'review') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(row.raw_json);
  } catch {
    return [];
  }
  const links = (raw as { photoLinks?: unknown } | null)?.photoLinks;
  if (!Array.isArray(links)) return [];
  const out: PhotoLink[] = [];
  for (const link of links as { fullSize?: unknown; miniSize?: unknown }[]) {
    if (typeof link?.fullSize !== 'string' || typeof link.miniSize !== 'string') continue;
    out.push({ fullUrl: link.fullSize, thumbUrl: link.miniSize });
  }
  return out;
}

/** The review's photos with what the cache holds for each (one query for all links). */
export function reviewPhotos(db: SqlRunner, row: Pick<Interaction, 'channel' | 'raw_json'>): ReviewPhoto[] {
  const links = photoLinksOf(row);
  if (links.length === 0) return [];
  const urls = links.flatMap((link) => [link.thumbUrl, link.fullUrl]);
  const rows = db.all(db.build.selectFrom('media_cache').select(['url', 'file', 'error']).where('url', 'in', urls));
  const byUrl = new Map(rows.map((r) => [r.url, r]));
  return links.map((link, index) => {
    const thumb = byUrl.get(link.thumbUrl);
    return {
      index,
      thumbUrl: link.thumbUrl,
      fullUrl: link.fullUrl,
      thumbFile: thumb?.file ?? null,
      fullFile: byUrl.get(link.fullUrl)?.file ?? null,
      thumbRefused: thumb !== undefined && thumb.file === null && thumb.error !== null,
    };
  });
}

/** Fills in the cached copies of a chat's image attachments (one query for the whole chat). */
export function withCachedImages(db: SqlRunner, messages: ChatMessage[]): void {
  const urls = messages.flatMap((m) => m.attachments.filter((a) => a.kind === 'image' && a.url).map((a) => a.url!));
  if (urls.length === 0) return;
  const rows = db.all(
    db.build.selectFrom('media_cache').select(['url', 'file']).where('url', 'in', urls).where('file', 'is not', null),
  );
  const byUrl = new Map(rows.map((r) => [r.url, r.file]));
  for (const message of messages)
    for (const attachment of message.attachments)
      if (attachment.kind === 'image' && attachment.url) attachment.cachedFile = byUrl.get(attachment.url) ?? null;
}
