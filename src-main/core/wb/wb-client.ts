import { ChatsApi } from './chats-api';
import { FeedbacksApi } from './feedbacks-api';
import { WbHttp, type WbHttpOptions } from './http';
import { QuestionsApi } from './questions-api';
import type { WbTokenFacts } from './token';

export const WB_ORIGINS = {
  feedbacks: 'https://feedbacks-api.wildberries.ru',
  feedbacksSandbox: 'https://feedbacks-api-sandbox.wildberries.ru',
  chat: 'https://buyer-chat-api.wildberries.ru',
} as const;

export interface WbClientOptions extends Pick<
  WbHttpOptions,
  | 'timeoutMs'
  | 'maxRetries'
  | 'max429Retries'
  | 'pacing'
  | 'sleep'
  | 'now'
  | 'random'
  | 'limitStore'
  | 'longWaitMs'
  | 'onLongWait'
> {
  /** AGENTIQ_WB_BASE_URL: every WB API group at one origin (simulator, tests, automation). */
  baseUrl?: string | null;
}

export interface WbClient {
  feedbacks: FeedbacksApi;
  questions: QuestionsApi;
  chats: ChatsApi;
  http: WbHttp;
  close(): Promise<void>;
}

/**
 * One client per account and process (core.ts keeps them): its queues and buckets are the
 * account's view of WB's limits, shared by the sync and the dispatcher. Test tokens go to the
 * F&Q sandbox host (chat has no sandbox).
 */
export function createWbClient(token: string, facts: WbTokenFacts, options: WbClientOptions = {}): WbClient {
  const { baseUrl, ...httpOptions } = options;
  const origins = baseUrl
    ? { feedbacks: baseUrl, chat: baseUrl }
    : { feedbacks: facts.sandbox ? WB_ORIGINS.feedbacksSandbox : WB_ORIGINS.feedbacks, chat: WB_ORIGINS.chat };
  const http = new WbHttp({ ...httpOptions, token, tokenType: facts.type, origins });
  return {
    feedbacks: new FeedbacksApi(http),
    questions: new QuestionsApi(http),
    chats: new ChatsApi(http),
    http,
    close: () => http.close(),
  };
}
