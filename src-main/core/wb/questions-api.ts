import { z } from 'zod';
import {
  FQ_GROUP,
  fqCount,
  fqCountUnanswered,
  fqGetById,
  fqList,
  type FqListPage,
  type FqListQuery,
} from './fq-common';
import { WbApiError, type WbHttp } from './http';
import { fqEnvelope, questionSchema, type WbQuestion } from './schemas';
import { getJson } from './wb-json';

/** take + skip ≤ 10 000 for questions (CONTRACT §3): past that, page by date windows. */
export const QUESTIONS_MAX_WINDOW = 10_000;

const GROUP = FQ_GROUP;
const okEnvelope = z.looseObject({ error: z.boolean().nullish(), errorText: z.string().nullish() });

/** Questions on feedbacks-api (CONTRACT §3). */
export class QuestionsApi {
  constructor(private readonly http: WbHttp) {}

  async list(query: FqListQuery): Promise<FqListPage> {
    if (query.take + query.skip > QUESTIONS_MAX_WINDOW) throw new RangeError('questions paging beyond WB limits');
    return fqList(this.http, '/api/v1/questions', 'questions', query);
  }

  count(query: { isAnswered?: boolean; dateFrom?: number; dateTo?: number } = {}): Promise<number> {
    return fqCount(this.http, '/api/v1/questions/count', query);
  }

  countUnanswered() {
    return fqCountUnanswered(this.http, '/api/v1/questions/count-unanswered');
  }

  async newItems(): Promise<{ hasNewQuestions: boolean; hasNewFeedbacks: boolean }> {
    const body = await getJson(
      this.http,
      GROUP,
      { method: 'GET', path: '/api/v1/new-feedbacks-questions' },
      fqEnvelope(z.looseObject({ hasNewQuestions: z.boolean(), hasNewFeedbacks: z.boolean() })),
    );
    return { hasNewQuestions: body.data.hasNewQuestions, hasNewFeedbacks: body.data.hasNewFeedbacks };
  }

  get(id: string): Promise<{ value: WbQuestion; raw: unknown } | null> {
    return fqGetById(this.http, '/api/v1/question', id, questionSchema);
  }

  /** Answer, or edit the answer (once within 60 days): one PATCH, chosen by the body (CONTRACT §3). */
  answer(id: string, text: string): Promise<void> {
    return this.patch({ id, answer: { text }, state: 'wbRu' });
  }

  reject(id: string, text: string): Promise<void> {
    return this.patch({ id, answer: { text }, state: 'none' });
  }

  markViewed(id: string): Promise<void> {
    return this.patch({ id, wasViewed: true });
  }

  private async patch(json: unknown): Promise<void> {
    const response = await this.http.call(GROUP, {
      method: 'PATCH',
      path: '/api/v1/questions',
      json,
      idempotent: false,
    });
    // A 2xx is WB accepting it; only the F&Q envelope with error:true says otherwise. An empty or
    // unparseable body is not a failure: the answer went through (the outbox confirms it by a later sync).
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(response.body.toString('utf8'));
    } catch {
      return;
    }
    const body = okEnvelope.safeParse(parsed);
    if (body.success && body.data.error)
      throw new WbApiError(
        'client',
        response.status,
        body.data.errorText || 'WB refused the question update',
        body.data.errorText ?? null,
      );
  }
}
