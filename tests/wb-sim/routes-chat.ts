// Buyers Chat endpoints (CONTRACT §5): chats, the ms-cursor event feed, multipart send, download.
import { randomBytes, randomUUID } from 'node:crypto';
import { utcSeconds } from './format';
import { BodyTooLarge, type Ctx, type Reply, chatErr, hexId } from './http';
import { boundaryOf, parseMultipart, sniffMime } from './multipart';
import type { SimState } from './store';
import type { ChatEvent, ChatFile, ChatImage } from './types';

export const EVENTS_PAGE = 50;
const MIB = 1024 * 1024;
const ALLOWED = new Set(['image/jpeg', 'image/png', 'application/pdf']);
const errCode = (): string => randomBytes(6).toString('hex').toUpperCase().slice(0, 11);

export function chatsRoute(s: SimState): Reply {
  return { status: 200, json: { result: s.chats, errors: null } };
}

/** First event index with addTimestamp > next. */
function after(events: readonly ChatEvent[], next: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as ChatEvent).addTimestamp <= next) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * GET /seller/events?next=<ms>. No `next` = from the oldest event; `next=0` and non-numbers are 400
 * (application/json, proxy-chats). Pages hold events with addTimestamp > next; the response `next`
 * is the last returned addTimestamp (or the given cursor when empty), so walking until
 * totalEvents == 0 yields each event exactly once.
 */
export function eventsRoute(s: SimState, q: URLSearchParams): Reply {
  const raw = q.get('next');
  let next: number | undefined;
  if (raw !== null) {
    if (!/^-?\d+$/.test(raw)) return chatErr(400, 'Invalid number');
    next = Number(raw);
    if (next <= 0) return chatErr(400, 'Invalid value for "next"');
  }
  const from = next === undefined ? 0 : after(s.events, next);
  // A lagging feed serves an event only `eventsLagMs` after its addTimestamp.
  const visible = s.quirks.eventsLagMs ? after(s.events, s.now() - s.quirks.eventsLagMs) : s.events.length;
  const page = s.events.slice(from, Math.min(visible, from + (s.quirks.eventsPage ?? EVENTS_PAGE)));
  const first = page[0];
  const last = page[page.length - 1];
  // Empty feed without a cursor: hand out "now" and make sure later events sort after it.
  const cursor =
    s.quirks.eventsCursorStuck && next !== undefined ? next : last ? last.addTimestamp : (next ?? s.issueCursor());
  return {
    status: 200,
    json: {
      result: {
        next: cursor,
        // [INF] on an empty page both times are the cursor's time (the spec shows only non-empty pages).
        newestEventTime: utcSeconds(last ? last.addTimestamp : cursor),
        oldestEventTime: utcSeconds(first ? first.addTimestamp : cursor),
        totalEvents: page.length,
        events: s.eventWire.size ? page.map((ev) => ({ ...ev, ...s.eventWire.get(ev.eventID) })) : page,
      },
      errors: null,
    },
  };
}

const msgErr = (detail: string): Reply => chatErr(400, detail, { problem: true });

/** POST /seller/message (multipart/form-data): replySign required, message <= 1000, files JPEG/PDF/PNG. */
export async function messageRoute(s: SimState, ctx: Ctx): Promise<Reply> {
  let body: Buffer;
  try {
    body = await ctx.body(40 * MIB);
  } catch (e) {
    if (e instanceof BodyTooLarge) return chatErr(413, 'request body too large', { problem: true });
    throw e;
  }
  const boundary = boundaryOf(ctx.req.headers['content-type']);
  const parts = boundary ? parseMultipart(body, boundary) : null;
  if (!parts) return msgErr("request Content-Type isn't multipart/form-data"); // [INF] wording
  const field = (name: string): string | undefined =>
    parts.find((p) => p.name === name && p.filename === undefined)?.data.toString('utf8');
  const replySign = field('replySign');
  if (!replySign || replySign.length > 255) return msgErr('Invalid value for "replySign"'); // [INF]
  const text = field('message') ?? '';
  const files = parts.filter((p) => p.filename !== undefined);
  if (Array.from(text).length > 1000 || (!text && files.length === 0)) return msgErr('Invalid value for "message"');
  let total = 0;
  for (const f of files) {
    const declared = (f.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const mime = ALLOWED.has(declared) ? declared : sniffMime(f.data);
    if (!mime || !ALLOWED.has(mime)) return msgErr(`${errCode()}: "${f.filename}" has unsupported mime type`);
    if (f.data.length > 5 * MIB) return msgErr(`${errCode()}: attachment too big. Max size: 5MiB`);
    total += f.data.length;
  }
  if (total > 30 * MIB) return msgErr(`${errCode()}: attachments too big. Max total size: 30MiB`); // [INF] wording
  const chat = s.chatBySign.get(replySign);
  if (!chat) return msgErr('Invalid signature');

  const at = s.now();
  const chatFiles: ChatFile[] = [];
  const images: ChatImage[] = [];
  for (const f of files) {
    const downloadID = randomUUID();
    const contentType = sniffMime(f.data) ?? (f.contentType as string);
    s.files.set(downloadID, {
      downloadID,
      contentType,
      name: f.filename as string,
      size: f.data.length,
      moderation: 'ok',
      data: Buffer.from(f.data),
    });
    const url = `https://chat-basket-01.wbbasket.ru/vol0/part1/${chat.chatID.slice(2)}/${downloadID}`;
    const date = new Date(at).toISOString();
    if (contentType.startsWith('image/')) images.push({ date, downloadID, url });
    else chatFiles.push({ contentType, date, downloadID, name: f.filename as string, url, size: f.data.length });
  }
  const ev: ChatEvent = {
    chatID: chat.chatID,
    eventID: randomUUID(),
    eventType: 'message',
    isNewChat: false,
    message: {
      ...(text ? { text } : {}),
      ...(chatFiles.length || images.length
        ? { attachments: { ...(chatFiles.length ? { files: chatFiles } : {}), ...(images.length ? { images } : {}) } }
        : {}),
    },
    source: 'seller-public-api',
    addTimestamp: at,
    addTime: '',
    sender: 'seller',
  };
  s.putEvent(ev, at);
  s.recorded.chatMessages.push({
    replySign,
    chatID: chat.chatID,
    text,
    at,
    files: files.map((f) => ({ name: f.filename as string, contentType: f.contentType ?? '', size: f.data.length })),
  });
  return {
    status: 200,
    json: { result: { addTime: ev.addTimestamp, chatID: chat.chatID, sign: chat.replySign }, errors: [] },
  };
}

/** Fake file bytes of `size` with the right magic numbers, so clients that sniff still work. */
function synthFile(contentType: string, size: number): Buffer {
  const buf = Buffer.alloc(Math.max(size, 32), 0x20);
  if (contentType === 'application/pdf') {
    buf.write('%PDF-1.4\n', 0, 'latin1');
    buf.write('%%EOF\n', buf.length - 6, 'latin1');
  } else if (contentType === 'image/png') {
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(buf);
  } else {
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(buf);
    Buffer.from([0xff, 0xd9]).copy(buf, buf.length - 2);
  }
  return buf;
}

/** GET /seller/download/{id}: 200 binary, 202 under moderation, 451 failed moderation, 400 invalid fileID. */
export function downloadRoute(s: SimState, id: string): Reply {
  const f = s.files.get(decodeURIComponent(id));
  if (!f) return chatErr(400, 'invalid fileID', { title: 'invalid fileID' });
  if (f.moderation === 'pending') return { status: 202, json: { moderationState: 'pending', retrySeconds: 30 } };
  if (f.moderation === 'rejected') {
    return {
      status: 451,
      contentType: 'application/problem+json',
      json: {
        status: 451,
        title: 'Unavailable for Legal Reasons',
        origin: 'proxy-chats',
        detail: 'moderation error',
        requestId: hexId(),
      },
    };
  }
  const data = f.data ?? synthFile(f.contentType, f.size);
  return {
    status: 200,
    raw: data,
    contentType: f.contentType,
    headers: { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}` },
  };
}
