import { z } from 'zod';
import type { WbHttp } from './http';
import { feedbackSchema, fqEnvelope, feedbacksListData, parseItems, type Parsed, type WbFeedback } from './schemas';
import { getJson } from './wb-json';

export const FEEDBACKS_MAX_TAKE = 5000;
export const FEEDBACKS_MAX_SKIP = 199_990;

export interface FqListQuery {
  isAnswered: boolean;
  take: number;
  skip: number;
  order?: 'dateAsc' | 'dateDesc';
  /** Unix seconds, as WB's query expects (CONTRACT §7.9). */
  dateFrom?: number;
  dateTo?: number;
  nmId?: number;
}

/**
 * One list page. Items stay raw here and are validated by the caller in bounded slices
 * (`parseItems`), so a 1000-item page never blocks the event loop in one go.
 */
export interface FqListPage {
  rawItems: unknown[];
  countUnanswered: number | null;
  countArchive: number | null;
}

const GROUP = 'feedbacks_questions' as const;
export const pingSchema = z.looseObject({ Status: z.string(), TS: z.string().nullish() });
const countData = z.looseObject({ countUnanswered: z.number(), countUnansweredToday: z.number().nullish() });

/** Feedbacks (reviews) on feedbacks-api (CONTRACT §4). */
export class FeedbacksApi {
  constructor(private readonly http: WbHttp) {}

  /** Checks token, URL and category (CONTRACT §2); WB allows 3 pings per 30 s, so never on a timer. */
  async ping(): Promise<{ status: string; ts: string | null }> {
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/ping' }, pingSchema);
    return { status: body.Status, ts: body.TS ?? null };
  }

  async list(query: FqListQuery): Promise<FqListPage> {
    if (query.take > FEEDBACKS_MAX_TAKE || query.skip > FEEDBACKS_MAX_SKIP) throw new RangeError('feedbacks paging beyond WB limits');
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/api/v1/feedbacks', query: { ...query } }, fqEnvelope(feedbacksListData));
    return {
      rawItems: body.data.feedbacks ?? [],
      countUnanswered: body.data.countUnanswered ?? null,
      countArchive: body.data.countArchive ?? null,
    };
  }

  async count(query: { isAnswered?: boolean; dateFrom?: number; dateTo?: number } = {}): Promise<number> {
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/api/v1/feedbacks/count', query }, fqEnvelope(z.number()));
    return body.data;
  }

  async countUnanswered(): Promise<{ countUnanswered: number; countUnansweredToday: number | null }> {
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/api/v1/feedbacks/count-unanswered' }, fqEnvelope(countData));
    return { countUnanswered: body.data.countUnanswered, countUnansweredToday: body.data.countUnansweredToday ?? null };
  }

  /** null when WB does not know the id (422 «Невозможно получить отзыв по id»). */
  async get(id: string): Promise<{ value: WbFeedback; raw: unknown } | null> {
    const body = await getJson(
      this.http,
      GROUP,
      { method: 'GET', path: '/api/v1/feedback', query: { id }, accept: [422] },
      z.looseObject({ data: z.unknown().nullish(), error: z.boolean().nullish() }),
    );
    if (body.error || body.data == null) return null;
    return parseItems(feedbackSchema, [body.data]).items[0] ?? null;
  }

  async archive(query: { take: number; skip: number; nmId?: number; order?: 'dateAsc' | 'dateDesc' }): Promise<Parsed<WbFeedback>> {
    if (query.take > FEEDBACKS_MAX_TAKE) throw new RangeError('archive take beyond WB limits');
    const body = await getJson(this.http, GROUP, { method: 'GET', path: '/api/v1/feedbacks/archive', query: { ...query } }, fqEnvelope(z.looseObject({ feedbacks: z.array(z.unknown()).nullish() })));
    return parseItems(feedbackSchema, body.data.feedbacks);
  }

  /** 204 on success — even for an unknown id, which WB does not validate (CONTRACT §4). */
  async answer(id: string, text: string): Promise<void> {
    await this.http.call(GROUP, { method: 'POST', path: '/api/v1/feedbacks/answer', json: { id, text }, idempotent: false });
  }

  /** Allowed once within 60 days of the answer (CONTRACT §4). */
  async editAnswer(id: string, text: string): Promise<void> {
    await this.http.call(GROUP, { method: 'PATCH', path: '/api/v1/feedbacks/answer', json: { id, text }, idempotent: false });
  }
}
