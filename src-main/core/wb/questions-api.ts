import { z } from 'zod';
import type { FqListPage, FqListQuery } from './feedbacks-api';
import type { WbHttp } from './http';
import { fqEnvelope, questionsListData, parseItems, questionSchema, type WbQuestion } from './schemas';
import { getJson } from './wb-json';

/** take + skip ≤ 10 000 for questions (CONTRACT §3): past that, page by date windows. */
export const QUESTIONS_MAX_WINDOW = 10_000;

const GROUP = 'feedbacks_questions' as const;
const countData = z.looseObject({ countUnanswered: z.number(), countUnansweredToday: z.number().nullish() });
const okEnvelope = z.looseObject({ error: z.boolean().nullish(), errorText: z.string().nullish() });

/** Questions on feedbacks-api (CONTRACT §3). */
export class QuestionsApi {
  constructor(private readonly http: WbHttp) {}

  async list(query: FqListQuery): Promise<FqListPage> {
    if (query.take + query.skip > QUESTIONS_MAX_WINDOW) throw new RangeError('questions paging beyond WB limits');
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/api/v1/questions', query: { ...query } }, fqEnvelope(questionsListData));
    return {
      rawItems: body.data.questions ?? [],
      countUnanswered: body.data.countUnanswered ?? null,
      countArchive: body.data.countArchive ?? null,
    };
  }

  async count(query: { isAnswered?: boolean; dateFrom?: number; dateTo?: number } = {}): Promise<number> {
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/api/v1/questions/count', query }, fqEnvelope(z.number()));
    return body.data;
  }

  async countUnanswered(): Promise<{ countUnanswered: number; countUnansweredToday: number | null }> {
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/api/v1/questions/count-unanswered' }, fqEnvelope(countData));
    return { countUnanswered: body.data.countUnanswered, countUnansweredToday: body.data.countUnansweredToday ?? null };
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

  /** null when WB does not know the id (422 «Невозможно получить вопрос по id»). */
  async get(id: string): Promise<{ value: WbQuestion; raw: unknown } | null> {
    const body = await getJson(
      this.http,
      GROUP,
      { method: 'GET', path: '/api/v1/question', query: { id }, accept: [422] },
      z.looseObject({ data: z.unknown().nullish(), error: z.boolean().nullish() }),
    );
    if (body.error || body.data == null) return null;
    return parseItems(questionSchema, [body.data]).items[0] ?? null;
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
    const response = await this.http.call(GROUP, { method: 'PATCH', path: '/api/v1/questions', json, idempotent: false });
    const body = okEnvelope.safeParse(JSON.parse(response.body.toString('utf8') || '{}'));
    if (body.success && body.data.error) throw new Error(body.data.errorText ?? 'WB refused the question update');
  }
}
