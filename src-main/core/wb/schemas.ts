import { z } from 'zod';

/**
 * WB payload schemas. Loose objects: unknown fields survive (the item's raw JSON is stored
 * whole). Only what we cannot work without is required; an item missing it is a contract
 * error, counted and skipped, and the sync goes on.
 */
const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');
const parsesAsDate = (value: string) => !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1')));
const wbDate = z.string().refine(parsesAsDate, 'not a date');
/** Unix ms that a JS Date can hold (toISOString throws past ±8.64e15); anything else reads as absent. */
const epochMs = z
  .number()
  .refine((value) => Number.isFinite(value) && Math.abs(value) <= 8.64e15, 'not a time')
  .nullish()
  .catch(null);

const productDetails = z
  .looseObject({
    nmId: z.number().int().nullish(),
    imtId: z.number().int().nullish(),
    productName: z.string().nullish(),
    supplierArticle: z.string().nullish(),
    supplierName: z.string().nullish(),
    brandName: z.string().nullish(),
    size: z.string().nullish(),
  })
  .nullish();

export const feedbackSchema = z.looseObject({
  id: z.string().min(1),
  text,
  pros: text,
  cons: text,
  productValuation: z.number().int().min(1).max(5),
  createdDate: wbDate,
  answer: z
    .looseObject({ text: z.string().nullish(), state: z.string().nullish(), editable: z.boolean().nullish() })
    .nullish(),
  state: z.string().nullish(),
  productDetails,
  wasViewed: z.boolean().nullish(),
  userName: z.string().nullish(),
  orderStatus: z.string().nullish(),
  photoLinks: z.array(z.looseObject({ fullSize: z.string().nullish(), miniSize: z.string().nullish() })).nullish(),
  lastOrderShkId: z.number().nullish(),
  bables: z.array(z.string()).nullish(),
});
export type WbFeedback = z.infer<typeof feedbackSchema>;

export const questionSchema = z.looseObject({
  id: z.string().min(1),
  text,
  createdDate: wbDate,
  state: z.string().nullish(),
  answer: z
    .looseObject({ text: z.string().nullish(), editable: z.boolean().nullish(), createDate: z.string().nullish() })
    .nullish(),
  productDetails,
  wasViewed: z.boolean().nullish(),
  isWarned: z.boolean().nullish(),
});
export type WbQuestion = z.infer<typeof questionSchema>;

export const goodCardSchema = z
  .looseObject({
    nmID: z.number().int().nullish(),
    price: z.number().nullish(),
    priceCurrency: z.string().nullish(),
    rid: z.string().nullish(),
    size: z.string().nullish(),
  })
  .nullish();

export const chatSchema = z.looseObject({
  chatID: z.string().min(1),
  replySign: z.string().nullish(),
  clientName: z.string().nullish(),
  goodCard: goodCardSchema,
  lastMessage: z.looseObject({ text: z.string().nullish(), addTimestamp: epochMs }).nullish(),
});
export type WbChat = z.infer<typeof chatSchema>;

const fileSchema = z.looseObject({
  contentType: z.string().nullish(),
  date: z.string().nullish(),
  downloadID: z.string().nullish(),
  name: z.string().nullish(),
  url: z.string().nullish(),
  size: z.number().nullish(),
});

export const chatEventSchema = z
  .looseObject({
    chatID: z.string().min(1),
    eventID: z.string().min(1),
    eventType: z.string().nullish(),
    isNewChat: z.boolean().nullish(),
    // The spec's last example event has no `message` (CONTRACT §5).
    message: z
      .looseObject({
        text: z.string().nullish(),
        attachments: z
          .looseObject({
            goodCard: goodCardSchema,
            files: z.array(fileSchema).nullish(),
            images: z.array(fileSchema).nullish(),
          })
          .nullish(),
      })
      .nullish(),
    source: z.string().nullish(),
    addTimestamp: epochMs,
    addTime: z.string().nullish(),
    replySign: z.string().nullish(),
    sender: z.enum(['client', 'seller', 'wb']),
    clientName: z.string().nullish(),
  })
  // Without a usable time the event cannot be ordered: a contract error, counted and skipped.
  .refine(
    (event) => event.addTimestamp != null || (event.addTime != null && parsesAsDate(event.addTime)),
    'event without a time',
  );
export type WbChatEvent = z.infer<typeof chatEventSchema>;

/** F&Q success envelope (CONTRACT §0.2). */
export const fqEnvelope = <T extends z.ZodTypeAny>(data: T) =>
  z.looseObject({ data, error: z.boolean().nullish(), errorText: z.string().nullish() });

export const eventsEnvelope = z.looseObject({
  result: z.looseObject({
    next: z.number().nullish(),
    newestEventTime: z.string().nullish(),
    oldestEventTime: z.string().nullish(),
    totalEvents: z.number().int(),
    events: z.array(z.unknown()).nullish(),
  }),
  errors: z.unknown().nullish(),
});

export const chatsEnvelope = z.looseObject({ result: z.array(z.unknown()).nullish(), errors: z.unknown().nullish() });

export interface Parsed<T> {
  /** Each valid item with the exact JSON WB sent (unknown fields included), for raw_json. */
  items: { value: T; raw: unknown }[];
  /** Items that broke the contract: skipped, counted, never fatal to the sync. */
  contractErrors: number;
}

export function parseItems<T>(schema: z.ZodType<T>, raw: unknown[] | null | undefined): Parsed<T> {
  const items: { value: T; raw: unknown }[] = [];
  let contractErrors = 0;
  const quick = quickChecks.get(schema) as QuickCheck<T> | undefined;
  for (const item of raw ?? []) {
    const value = quick?.(item);
    if (value !== undefined) {
      items.push({ value, raw: item });
      continue;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push({ value: parsed.data, raw: item });
    else contractErrors += 1;
  }
  return { items, contractErrors };
}

/**
 * A hand check of a list item, ~50 times cheaper than the schema (a sync validates every item of
 * 100 000). It accepts only items the schema accepts and returns what the schema would (tested
 * against it, tests/unit/wb-quick-check.test.ts); whatever it does not accept goes to the schema,
 * which alone decides what is a contract error.
 */
type QuickCheck<T> = (item: unknown) => T | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => value == null || typeof value === 'string';
const isFlag = (value: unknown) => value == null || typeof value === 'boolean';
const isInt = (value: unknown) => value == null || Number.isSafeInteger(value);
const isNumber = (value: unknown) => value == null || (typeof value === 'number' && Number.isFinite(value));
const isDate = (value: unknown) => typeof value === 'string' && parsesAsDate(value);
const isId = (value: unknown) => typeof value === 'string' && value.length > 0;
const every = (value: unknown, check: (entry: unknown) => boolean) =>
  value == null || (Array.isArray(value) && value.every(check));
const isProductDetails = (value: unknown) =>
  value == null ||
  (isRecord(value) &&
    isInt(value.nmId) &&
    isInt(value.imtId) &&
    isText(value.productName) &&
    isText(value.supplierArticle) &&
    isText(value.supplierName) &&
    isText(value.brandName) &&
    isText(value.size));

const quickFeedback: QuickCheck<WbFeedback> = (item) => {
  if (!isRecord(item)) return undefined;
  const { answer, photoLinks, productValuation } = item;
  const ok =
    isId(item.id) &&
    isText(item.text) &&
    isText(item.pros) &&
    isText(item.cons) &&
    Number.isSafeInteger(productValuation) &&
    (productValuation as number) >= 1 &&
    (productValuation as number) <= 5 &&
    isDate(item.createdDate) &&
    (answer == null || (isRecord(answer) && isText(answer.text) && isText(answer.state) && isFlag(answer.editable))) &&
    isText(item.state) &&
    isProductDetails(item.productDetails) &&
    isFlag(item.wasViewed) &&
    isText(item.userName) &&
    isText(item.orderStatus) &&
    every(photoLinks, (link) => isRecord(link) && isText(link.fullSize) && isText(link.miniSize)) &&
    isNumber(item.lastOrderShkId) &&
    every(item.bables, (bable) => typeof bable === 'string');
  return ok
    ? ({ ...item, text: item.text ?? '', pros: item.pros ?? '', cons: item.cons ?? '' } as WbFeedback)
    : undefined;
};

const quickQuestion: QuickCheck<WbQuestion> = (item) => {
  if (!isRecord(item)) return undefined;
  const { answer } = item;
  const ok =
    isId(item.id) &&
    isText(item.text) &&
    isDate(item.createdDate) &&
    isText(item.state) &&
    (answer == null ||
      (isRecord(answer) && isText(answer.text) && isFlag(answer.editable) && isText(answer.createDate))) &&
    isProductDetails(item.productDetails) &&
    isFlag(item.wasViewed) &&
    isFlag(item.isWarned);
  return ok ? ({ ...item, text: item.text ?? '' } as WbQuestion) : undefined;
};

const quickChecks = new Map<z.ZodType<unknown>, QuickCheck<unknown>>([
  [feedbackSchema, quickFeedback],
  [questionSchema, quickQuestion],
]);

/** The quick check `parseItems` tries before `schema` (tests hold it against the schema). */
export const quickCheckFor = (schema: z.ZodType<unknown>): QuickCheck<unknown> | undefined => quickChecks.get(schema);

/**
 * WB dates carry offsets (`+03:00`) or nanoseconds (`.769513469Z`); JS parses at most
 * milliseconds, so extra digits are cut before parsing. Returns UTC ISO.
 */
export function wbDateToUtc(value: string): string {
  return new Date(Date.parse(value.replace(/(\.\d{3})\d+/, '$1'))).toISOString();
}
