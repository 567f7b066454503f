// The route table: every WB path on one origin, with its auth category, limit bucket and handler.
import { pingTs } from './format';
import type { Ctx, Reply } from './http';
import type { LimitGroup } from './rate-limit';
import {
  byId,
  countRoute,
  countUnanswered,
  feedbackAnswer,
  feedbackList,
  newFeedbacksQuestions,
  patchQuestion,
  questionList,
} from './routes-fq';
import { chatsRoute, downloadRoute, eventsRoute, messageRoute } from './routes-chat';
import type { SimState } from './store';
import type { WbScope } from './tokens';
import { feedbackWire, questionWire } from './wire';

export interface Route {
  group: LimitGroup;
  /** Token category the path needs; 'any' (ping) accepts either F&Q or chat. */
  scope: WbScope | 'any';
  write: boolean;
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

type Table = Record<string, Partial<Record<string, Route>>>;

function table(s: SimState): Table {
  const fq = (handle: Route['handle'], write = false): Route => ({ group: 'fq', scope: 'feedbacks', write, handle });
  const chat = (handle: Route['handle'], write = false): Route => ({ group: 'chat', scope: 'chat', write, handle });
  return {
    '/ping': {
      GET: {
        group: 'ping',
        scope: 'any',
        write: false,
        handle: () => ({ status: 200, json: { Status: 'OK', TS: pingTs(s.now()) } }),
      },
    },
    '/api/v1/new-feedbacks-questions': { GET: fq(() => newFeedbacksQuestions(s)) },
    '/api/v1/questions/count-unanswered': {
      GET: fq(() => countUnanswered(s, s.questions, s.counters.qUnanswered, (q) => q.state === 'suppliersPortalSynch')),
    },
    '/api/v1/questions/count': {
      GET: fq((c) => countRoute(s.questions, (q) => q.state !== 'suppliersPortalSynch', c.query)),
    },
    '/api/v1/questions': { GET: fq((c) => questionList(s, c.query)), PATCH: fq((c) => patchQuestion(s, c), true) },
    '/api/v1/question': {
      GET: fq((c) =>
        byId(s.questionById, c.query, 'Невозможно получить вопрос по id', (q) => questionWire(q, s.now())),
      ),
    },
    '/api/v1/feedbacks/count-unanswered': {
      GET: fq(() => countUnanswered(s, s.feedbacks, s.counters.fbUnanswered, (f) => f.state === 'none')),
    },
    '/api/v1/feedbacks/count': { GET: fq((c) => countRoute(s.feedbacks, (f) => f.state === 'wbRu', c.query)) },
    '/api/v1/feedbacks': { GET: fq((c) => feedbackList(s, c.query, false)) },
    '/api/v1/feedbacks/archive': { GET: fq((c) => feedbackList(s, c.query, true)) },
    '/api/v1/feedbacks/answer': {
      POST: fq((c) => feedbackAnswer(s, c, false), true),
      PATCH: fq((c) => feedbackAnswer(s, c, true), true),
    },
    '/api/v1/feedback': {
      GET: fq((c) => byId(s.feedbackById, c.query, 'Невозможно получить отзыв по id', (f) => feedbackWire(f, s.now()))),
    },
    '/api/v1/seller/chats': { GET: chat(() => chatsRoute(s)) },
    '/api/v1/seller/events': { GET: chat((c) => eventsRoute(s, c.query)) },
    '/api/v1/seller/message': { POST: chat((c) => messageRoute(s, c), true) },
  };
}

export type Resolved = { route: Route } | { wrongMethod: true } | undefined;

export function makeResolver(s: SimState): (method: string, path: string) => Resolved {
  const t = table(s);
  const download: Route = { group: 'download', scope: 'chat', write: false, handle: () => ({ status: 500 }) };
  return (method, path) => {
    const dl = /^\/api\/v1\/seller\/download\/([^/]+)$/.exec(path);
    if (dl) {
      const id = dl[1] as string;
      return method === 'GET' ? { route: { ...download, handle: () => downloadRoute(s, id) } } : { wrongMethod: true };
    }
    const byMethod = t[path.length > 1 ? path.replace(/\/+$/, '') : path];
    if (!byMethod) return undefined;
    const route = byMethod[method];
    return route ? { route } : { wrongMethod: true };
  };
}
