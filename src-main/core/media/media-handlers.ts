import { AVITO_CHANNEL, type ChatAttachment } from '../../../src-shared/domain/interaction';
import { AvitoApiError, avitoCoreError, type AvitoClient } from '../avito/avito-client';
import { CoreError } from '../errors';
import type { SqlRunner } from '../db/sql-runner';
import type { CoreHandlers } from '../ipc-dispatch';
import type { MediaCache } from './media-cache';
import { photoLinksOf, reviewPhotos } from './photos';

export interface MediaHandlerDeps {
  db: SqlRunner;
  media: MediaCache;
  /** The Avito client of an Avito account (null: no credentials; absent: Avito not wired). */
  avitoClientOf?: (accountId: number) => Promise<AvitoClient | null>;
}

/** At most this many downloads of one item at once (a review has up to a handful of photos). */
const PARALLEL = 3;

export function mediaHandlers({
  db,
  media,
  avitoClientOf,
}: MediaHandlerDeps): Pick<CoreHandlers, 'media.photos' | 'media.attachment' | 'media.avitoVoiceUrl'> {
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
    'media.avitoVoiceUrl': async ({ messageId }) => {
      const row = db.get(
        db.build
          .selectFrom('chat_messages as m')
          .innerJoin('interactions as i', 'i.id', 'm.interaction_id')
          .select(['m.attachments_json', 'i.channel', 'i.account_id'])
          .where('m.id', '=', messageId),
      );
      if (!row) throw new CoreError('not_found', { entity: 'interaction', id: messageId });
      // The writer keeps a voice message's voice_id as its attachment's downloadId (avito-writer.ts).
      const voice = (JSON.parse(row.attachments_json) as ChatAttachment[]).find(
        (a) => a.avitoType === 'voice' && a.downloadId,
      );
      if ((row.channel as string) !== AVITO_CHANNEL || !voice?.downloadId) return { url: null };
      const client = await avitoClientOf?.(row.account_id);
      if (!client) throw new CoreError('avito_not_wired');
      try {
        const urls = await client.getVoiceUrls([voice.downloadId], { priority: 'user' });
        return { url: urls[voice.downloadId] ?? null };
      } catch (error) {
        throw error instanceof AvitoApiError ? avitoCoreError(error) : error;
      }
    },
  };
}
