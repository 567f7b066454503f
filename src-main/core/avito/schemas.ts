import { z } from 'zod';

/**
 * Avito payload schemas (CONTRACT §1.1, §1.3, §2). Loose objects: unknown fields survive for the raw
 * JSON. Only what we cannot work without is required.
 *
 * Ids: chat and message ids are strings; user, author and item ids are integers that exceed 2^31
 * (CONTRACT §5.10) — JS numbers hold them exactly (< 2^53), never int32 arithmetic on them. A
 * numeric string is accepted too (the spec's own example writes `author_id` as a string, §5.9).
 */
export const avitoId = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .trim()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
const unixSeconds = z.number().int().nonnegative();
const urlMap = z.record(z.string(), z.string());

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().nullish(),
});

export const selfSchema = z.looseObject({
  id: avitoId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  profile_url: z.string().nullish(),
});

/**
 * `content` of a message: the field matching `type` is filled (§2.3 table). Kept loose: appCall,
 * file and video come as `{}` (§5.19), and new kinds may appear.
 */
export const messageContentSchema = z.looseObject({
  text: z.string().nullish(),
  image: z.looseObject({ sizes: urlMap.nullish() }).nullish(),
  link: z.looseObject({ text: z.string().nullish(), url: z.string().nullish() }).nullish(),
  item: z
    .looseObject({
      title: z.string().nullish(),
      item_url: z.string().nullish(),
      image_url: z.string().nullish(),
      price_string: z.string().nullish(),
    })
    .nullish(),
  location: z.looseObject({ text: z.string().nullish(), title: z.string().nullish() }).nullish(),
  call: z.looseObject({ status: z.string().nullish() }).nullish(),
  voice: z.looseObject({ voice_id: z.string().nullish() }).nullish(),
  /** Which Avito chat bot wrote a `system` message (§2.3): never buyer text. */
  flow_id: z.string().nullish(),
});

export const messageSchema = z.looseObject({
  id: z.string().min(1),
  author_id: avitoId.nullish(),
  created: unixSeconds,
  direction: z.enum(['in', 'out']),
  /** text, image, link, item, location, call, deleted, voice, system — and whatever Avito adds (a2u, appCall…). */
  type: z.string().min(1),
  /** Read by the requesting user (the seller). */
  is_read: z.boolean().nullish(),
  /** When the other party read it (unix seconds). */
  read: unixSeconds.nullish().catch(null),
  content: messageContentSchema.nullish().catch(null),
  quote: z.looseObject({ id: z.string().nullish() }).nullish().catch(null),
});
export type AvitoMessage = z.infer<typeof messageSchema>;

const lastMessageSchema = z.looseObject({
  id: z.string().min(1),
  author_id: avitoId.nullish(),
  created: unixSeconds,
  direction: z.enum(['in', 'out']).nullish(),
  type: z.string().nullish(),
  content: messageContentSchema.nullish().catch(null),
});

export const chatSchema = z.looseObject({
  /** `u2i-…`, `u2u-…`, `a2u-…` */
  id: z.string().min(1),
  created: unixSeconds,
  updated: unixSeconds,
  context: z
    .looseObject({
      type: z.string().nullish(),
      value: z
        .looseObject({
          id: avitoId.nullish(),
          title: z.string().nullish(),
          price_string: z.string().nullish(),
          url: z.string().nullish(),
          status_id: z.number().nullish(),
          user_id: avitoId.nullish(),
          images: z.looseObject({ main: urlMap.nullish() }).nullish().catch(null),
        })
        .nullish()
        .catch(null),
    })
    .nullish()
    .catch(null),
  users: z
    .array(z.looseObject({ id: avitoId, name: z.string().nullish() }))
    .nullish()
    .catch(null),
  last_message: lastMessageSchema.nullish().catch(null),
});
export type AvitoChat = z.infer<typeof chatSchema>;

/** The list's envelope; the chats are checked one by one (one broken chat does not lose the page). */
export const chatsEnvelopeSchema = z.looseObject({ chats: z.array(z.unknown()) });

/** The spec's bare array, or `{messages: […]}` that some clients see (CONTRACT §2.3): both accepted. */
export const messagesEnvelopeSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ messages: z.array(z.unknown()) }).transform((body) => body.messages),
]);

export const sentMessageSchema = z.looseObject({
  id: z.string().min(1),
  created: unixSeconds.nullish(),
  direction: z.string().nullish(),
  type: z.string().nullish(),
  content: messageContentSchema.nullish().catch(null),
});
export type AvitoSentMessage = z.infer<typeof sentMessageSchema>;

export const voiceFilesSchema = z.looseObject({ voices_urls: urlMap });
