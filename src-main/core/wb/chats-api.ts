import { FormData } from 'undici';
import { CHAT_MESSAGE_LIMIT, replyLength } from '../../../src-shared/domain/reply-limits';
import { coreMessage, type CoreMessage } from '../../../src-shared/messages/catalog';
import { z } from 'zod';
import { WbApiError, type WbHttp } from './http';
import {
  chatEventSchema,
  chatSchema,
  chatsEnvelope,
  eventsEnvelope,
  parseItems,
  type Parsed,
  type WbChat,
  type WbChatEvent,
} from './schemas';
import { pingSchema } from './feedbacks-api';
import { getJson, parseBody } from './wb-json';

export const CHAT_MESSAGE_MAX = CHAT_MESSAGE_LIMIT.max;
export const CHAT_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const CHAT_FILES_TOTAL_MAX_BYTES = 30 * 1024 * 1024;
const CHAT_FILE_TYPES = new Set(['image/jpeg', 'image/png', 'application/pdf']);

export interface EventsPage extends Parsed<WbChatEvent> {
  /** Cursor for the next call (ms timestamp); `totalEvents == 0` means caught up. */
  next: number | null;
  totalEvents: number;
}

export interface ChatFile {
  name: string;
  contentType: string;
  data: Uint8Array;
}

export type DownloadResult =
  | { state: 'ready'; contentType: string; data: Buffer }
  | { state: 'moderation'; retrySeconds: number }
  | { state: 'blocked'; reason: CoreMessage };

const sendResult = z.looseObject({
  result: z
    .looseObject({ addTime: z.number().nullish(), chatID: z.string().nullish(), sign: z.string().nullish() })
    .nullish(),
  errors: z.array(z.unknown()).nullish(),
});

/** Buyers chat on buyer-chat-api (CONTRACT §5). */
export class ChatsApi {
  constructor(private readonly http: WbHttp) {}

  async ping(): Promise<{ status: string; ts: string | null }> {
    const body = await getJson(this.http, 'chat', { method: 'GET', path: '/ping' }, pingSchema);
    return { status: body.Status, ts: body.TS ?? null };
  }

  async list(): Promise<Parsed<WbChat>> {
    const body = await getJson(this.http, 'chat', { method: 'GET', path: '/api/v1/seller/chats' }, chatsEnvelope);
    return parseItems(chatSchema, body.result);
  }

  /** First call without `next`, then repeat with the returned `next` until totalEvents == 0. */
  async events(next: number | null): Promise<EventsPage> {
    // `next=0` is a 400 on WB («Invalid value for "next"»): leave it out instead.
    const query = next && next > 0 ? { next } : undefined;
    const body = await getJson(
      this.http,
      'chat',
      { method: 'GET', path: '/api/v1/seller/events', query },
      eventsEnvelope,
    );
    return {
      ...parseItems(chatEventSchema, body.result.events),
      next: body.result.next ?? null,
      totalEvents: body.result.totalEvents,
    };
  }

  /** Multipart with replySign (not the chatID), text ≤ 1000, JPEG/PNG/PDF files ≤ 5 MB each, ≤ 30 MB total. */
  async send(
    replySign: string,
    message: string,
    files: ChatFile[] = [],
  ): Promise<{ addTime: number | null; chatId: string | null }> {
    // Characters as WB and the guardrails count them (code points: an emoji is one).
    if (replyLength(message) > CHAT_MESSAGE_MAX)
      throw new RangeError(`chat message longer than ${CHAT_MESSAGE_MAX} characters`);
    let total = 0;
    const form = new FormData();
    form.set('replySign', replySign);
    if (message) form.set('message', message);
    for (const file of files) {
      if (!CHAT_FILE_TYPES.has(file.contentType))
        throw new RangeError(`WB accepts only JPEG, PNG and PDF files, not ${file.contentType}`);
      if (file.data.byteLength > CHAT_FILE_MAX_BYTES) throw new RangeError(`${file.name} is larger than 5 MB`);
      total += file.data.byteLength;
      form.append('file', new Blob([file.data], { type: file.contentType }), file.name);
    }
    if (total > CHAT_FILES_TOTAL_MAX_BYTES) throw new RangeError('files larger than 30 MB in total');
    const response = await this.http.call('chat', {
      method: 'POST',
      path: '/api/v1/seller/message',
      form,
      idempotent: false,
    });
    const parsed = parseBody(response.body, sendResult);
    if (!parsed.ok) return { addTime: null, chatId: null };
    return { addTime: parsed.value.result?.addTime ?? null, chatId: parsed.value.result?.chatID ?? null };
  }

  /** 202 while the file is under moderation, 451 when it failed moderation (CONTRACT §5). */
  async download(downloadId: string): Promise<DownloadResult> {
    const response = await this.http.call('chat_download', {
      method: 'GET',
      path: `/api/v1/seller/download/${encodeURIComponent(downloadId)}`,
      accept: [202, 451],
    });
    if (response.status === 202) {
      const pending = parseBody(response.body, z.looseObject({ retrySeconds: z.number().nullish() }));
      return { state: 'moderation', retrySeconds: pending.ok ? (pending.value.retrySeconds ?? 30) : 30 };
    }
    if (response.status === 451) return { state: 'blocked', reason: coreMessage('wb_file_blocked') };
    const type = response.headers['content-type'];
    if (response.status !== 200)
      throw new WbApiError('contract', response.status, `unexpected ${response.status} from download`);
    return {
      state: 'ready',
      contentType: (Array.isArray(type) ? type[0] : type) ?? 'application/octet-stream',
      data: response.body,
    };
  }
}
