import { z } from 'zod';
import type { WbHttp } from './http';
import { fqEnvelope, parseItems } from './schemas';
import { getJson } from './wb-json';

/** Feedbacks and questions share one host, one limit bucket and one envelope (CONTRACT §0.2, §1.2). */
export const FQ_GROUP = 'feedbacks_questions' as const;

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

const countData = z.looseObject({ countUnanswered: z.number(), countUnansweredToday: z.number().nullish() });
const itemData = z.looseObject({ data: z.unknown().nullish(), error: z.boolean().nullish() });

export async function fqList(
  http: WbHttp,
  path: string,
  key: 'feedbacks' | 'questions',
  query: FqListQuery,
): Promise<FqListPage> {
  const data = z.looseObject({
    countUnanswered: z.number().nullish(),
    countArchive: z.number().nullish(),
    [key]: z.array(z.unknown()).nullish(),
  });
  const body = await getJson(http, FQ_GROUP, { method: 'GET', path, query: { ...query } }, fqEnvelope(data));
  const record = body.data as Record<string, unknown>;
  return {
    rawItems: (record[key] as unknown[] | null | undefined) ?? [],
    countUnanswered: (record.countUnanswered as number | null | undefined) ?? null,
    countArchive: (record.countArchive as number | null | undefined) ?? null,
  };
}

export async function fqCount(
  http: WbHttp,
  path: string,
  query: { isAnswered?: boolean; dateFrom?: number; dateTo?: number },
): Promise<number> {
  return (await getJson(http, FQ_GROUP, { method: 'GET', path, query }, fqEnvelope(z.number()))).data;
}

export async function fqCountUnanswered(
  http: WbHttp,
  path: string,
): Promise<{ countUnanswered: number; countUnansweredToday: number | null }> {
  const body = await getJson(http, FQ_GROUP, { method: 'GET', path }, fqEnvelope(countData));
  return { countUnanswered: body.data.countUnanswered, countUnansweredToday: body.data.countUnansweredToday ?? null };
}

/** null when WB does not know the id (422 «Невозможно получить … по id»). */
export async function fqGetById<T>(
  http: WbHttp,
  path: string,
  id: string,
  schema: z.ZodType<T>,
): Promise<{ value: T; raw: unknown } | null> {
  const body = await getJson(http, FQ_GROUP, { method: 'GET', path, query: { id }, accept: [422] }, itemData);
  if (body.error || body.data == null) return null;
  return parseItems(schema, [body.data]).items[0] ?? null;
}
