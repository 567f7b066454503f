import { z } from 'zod';
import type { WbHttp } from './http';
import { feedbackSchema, fqEnvelope, parseItems, type Parsed, type WbFeedback } from './schemas';
import { getJson } from './wb-json';
import {
  FQ_GROUP,
  fqCount,
  fqCountUnanswered,
  fqGetById,
  fqList,
  type FqListPage,
  type FqListQuery,
} from './fq-common';

export const FEEDBACKS_MAX_TAKE = 5000;
export const FEEDBACKS_MAX_SKIP = 199_990;

export type { FqListPage, FqListQuery } from './fq-common';

const GROUP = FQ_GROUP;
export const pingSchema = z.looseObject({ Status: z.string(), TS: z.string().nullish() });

/** Feedbacks (reviews) on feedbacks-api (CONTRACT §4). */
export class FeedbacksApi {
  constructor(private readonly http: WbHttp) {}

  /** Checks token, URL and category (CONTRACT §2); WB allows 3 pings per 30 s, so never on a timer. */
  async ping(): Promise<{ status: string; ts: string | null }> {
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/ping' }, pingSchema);
    return { status: body.Status, ts: body.TS ?? null };
  }

  async list(query: FqListQuery): Promise<FqListPage> {
    if (query.take > FEEDBACKS_MAX_TAKE || query.skip > FEEDBACKS_MAX_SKIP)
      throw new RangeError('feedbacks paging beyond WB limits');
    return fqList(this.http, '/api/v1/feedbacks', 'feedbacks', query);
  }

  count(query: { isAnswered?: boolean; dateFrom?: number; dateTo?: number } = {}): Promise<number> {
    return fqCount(this.http, '/api/v1/feedbacks/count', query);
  }

  countUnanswered() {
    return fqCountUnanswered(this.http, '/api/v1/feedbacks/count-unanswered');
  }

  get(id: string): Promise<{ value: WbFeedback; raw: unknown } | null> {
    return fqGetById(this.http, '/api/v1/feedback', id, feedbackSchema);
  }

  async archive(query: {
    take: number;
    skip: number;
    nmId?: number;
    order?: 'dateAsc' | 'dateDesc';
  }): Promise<Parsed<WbFeedback>> {
    if (query.take > FEEDBACKS_MAX_TAKE) throw new RangeError('archive take beyond WB limits');
    const body = await getJson(
      this.http,
      GROUP,
      { method: 'GET', path: '/api/v1/feedbacks/archive', query: { ...query } },
      fqEnvelope(z.looseObject({ feedbacks: z.array(z.unknown()).nullish() })),
    );
    return parseItems(feedbackSchema, body.data.feedbacks);
  }

  /** 204 on success — even for an unknown id, which WB does not validate (CONTRACT §4). */
  async answer(id: string, text: string): Promise<void> {
    await this.http.call(GROUP, {
      method: 'POST',
      path: '/api/v1/feedbacks/answer',
      json: { id, text },
      idempotent: false,
    });
  }

  /** Allowed once within 60 days of the answer (CONTRACT §4). */
  async editAnswer(id: string, text: string): Promise<void> {
    await this.http.call(GROUP, {
      method: 'PATCH',
      path: '/api/v1/feedbacks/answer',
      json: { id, text },
      idempotent: false,
    });
  }
}
