// Response building blocks: handlers return a Reply; server.ts writes it (adding rate-limit headers
// and applying "malformed" faults in one place).
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  json?: unknown;
  raw?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export const hexId = (): string => randomBytes(16).toString('hex');
const nowIso = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** F&Q success envelope (CONTRACT §0.2). */
export const fqOk = (data: unknown): Reply => ({
  status: 200,
  json: { data, error: false, errorText: '', additionalErrors: null },
});

/** F&Q error envelope `responseFeedbackQuestionErr` (400/403/404/422). */
export const fqErr = (status: number, errorText: string, additionalErrors: string[] | null = null): Reply => ({
  status,
  json: { data: null, error: true, errorText, additionalErrors, requestId: randomUUID() },
});

/** `standardizedFQError`: the 400 shape of POST /api/v1/feedbacks/answer. */
export const fbapiErr = (detail: string): Reply => ({
  status: 400,
  json: { title: 'bad request', requestId: hexId(), origin: 'fbapi', detail },
});

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Gateway problem+json (401, 429, 404 path not found, injected 5xx). */
export function gatewayProblem(status: number, title: string, detail: string): Reply {
  return {
    status,
    contentType: 'application/problem+json',
    json: {
      title,
      detail,
      code: `07e4668e-${randomBytes(6).toString('hex')}-[UK-${randomBytes(6).toString('base64url')}]`,
      requestId: hexId(),
      origin: 's2s-api-auth-catalog',
      status,
      statusText: STATUS_TEXT[status] ?? 'Error',
      timestamp: nowIso(),
    },
  };
}

export const pathNotFound = (): Reply => ({
  status: 404,
  contentType: 'application/problem+json',
  json: {
    title: 'path not found',
    detail: 'Please consult the https://dev.wildberries.ru/openapi/api-information',
    status: 404,
    statusText: 'Not Found',
    timestamp: nowIso(),
  },
});

/** Chat (proxy-chats) error: application/json for events/download, problem+json for message. */
export function chatErr(status: number, detail: string, opts: { problem?: boolean; title?: string } = {}): Reply {
  return {
    status,
    contentType: opts.problem ? 'application/problem+json' : 'application/json',
    json: {
      status,
      title: opts.title ?? STATUS_TEXT[status] ?? 'Error',
      origin: 'proxy-chats',
      detail,
      requestId: hexId(),
      error: detail,
    },
  };
}

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What a route handler gets. `body()` reads (once) up to the route's size cap. */
export interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  req: IncomingMessage;
  body(maxBytes?: number): Promise<Buffer>;
}

/** Parses a JSON body; `undefined` means invalid JSON. */
export function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
