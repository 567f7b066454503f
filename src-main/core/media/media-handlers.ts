import type { ChatAttachment } from '../../../src-shared/domain/interaction';
import { CoreError } from '../errors';
import type { SqlRunner } from '../db/sql-runner';
import type { CoreHandlers } from '../ipc-dispatch';
import type { MediaCache } from './media-cache';
import { photoLinksOf, reviewPhotos } from './photos';

export interface MediaHandlerDeps {
  db: SqlRunner;
  media: MediaCache;
}

/** At most this many downloads of one item at once (a review has up to a handful of photos). */
const PARALLEL = 3;

export function mediaHandlers({
  db,
  media,
}: MediaHandlerDeps): Pick<CoreHandlers, 'media.photos' | 'media.attachment'> {
  return {
    // Downloads what is missing (every thumbnail; the full size of `full` when asked), then the photos.
    'media.photos': async ({ id, full }) => {
      const row = db.get(db.build.selectFrom('interactions').select(['channel', 'raw_json']).where('id', '=', id));
      if (!row) throw new CoreError('not_found', { entity: 'interaction', id });
      const links = photoLinksOf(row);
      const urls = links.map((link) => link.thumbUrl);
      if (full !== undefined && links[full]) urls.push(links[full].fullUrl);
      for (let start = 0; start < urls.length; start += PARALLEL) {
        await Promise.all(urls.slice(start, start + PARALLEL).map((url) => media.ensure(url)));
      }
      return reviewPhotos(db, row);
    },
    'media.attachment': async ({ messageId, index }) => {
      const row = db.get(db.build.selectFrom('chat_messages').select(['attachments_json']).where('id', '=', messageId));
      if (!row) throw new CoreError('not_found', { entity: 'interaction', id: messageId });
      const attachment = (JSON.parse(row.attachments_json) as ChatAttachment[])[index];
      if (attachment?.kind !== 'image' || !attachment.url) return { file: null, refused: true };
      const result = await media.ensure(attachment.url);
      return 'file' in result
        ? { file: result.file, refused: false }
        : { file: null, refused: result.failure !== 'network' };
    },
  };
}
