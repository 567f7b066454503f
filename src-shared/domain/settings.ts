import { z } from 'zod';
import { channelSchema } from './interaction';
import { coreMessage, type MessageOf } from '../messages/catalog';
import { avitoBotSettingsSchema, DEFAULT_AVITO_BOT_SETTINGS } from './avito-bot';
import { DEFAULT_WORKING_HOURS, isValidTimeZone, parseHhMm, WEEKDAYS, type WorkingHours } from './working-hours';

/**
 * Per-account settings (DESIGN §3 `settings`): one JSON document per account, validated with
 * these schemas on every read and write. Shared so the renderer edits exactly what core accepts.
 */

/** Local reply templates: WB switched its template API off in 2025 (CONTRACT §4, "Removed"). */
export const templateSchema = z.object({
  id: z.string().min(1).max(64),
  folder: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().min(2).max(5000),
  channels: z.array(channelSchema).min(1),
  /** Star ratings the template fits; null = any (questions and chats have no rating). */
  ratings: z.array(z.number().int().min(1).max(5)).nullable(),
  /** Intents or topics it answers (question intents, review topics, chat stages); absent/null = any. */
  intents: z.array(z.string().min(1)).nullable().optional(),
});
export type Template = z.infer<typeof templateSchema>;

export const templateListSchema = z.array(templateSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  for (const [index, template] of list.entries()) {
    if (seen.has(template.id))
      ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Шаблон с id «${template.id}» уже есть` });
    seen.add(template.id);
  }
});

/**
 * Per-account auto-reply rules (settings JSON). Off, and in dry run, until the seller says
 * otherwise; the kill switch stops everything at once without losing the rest of the setup.
 */
export const autoReplyRulesSchema = z.object({
  enabled: z.boolean().default(false),
  // Only 4–5★ can be positive (isPositiveReview), so lower stars would be a setting that never fires.
  stars: z.array(z.number().int().min(4).max(5)).default([5]),
  /** Templates the seller approved for sending unattended; none approved means nothing is sent. */
  templateIds: z.array(z.string().min(1)).default([]),
  dryRun: z.boolean().default(true),
  dailyCap: z.number().int().min(1).max(1000).default(50),
  killSwitch: z.boolean().default(false),
});
export type AutoReplyRules = z.infer<typeof autoReplyRulesSchema>;

export const toneSchema = z.object({
  formality: z.enum(['вы', 'ты']).default('вы'),
  signature: z.string().trim().max(200).optional(),
  style: z.enum(['friendly', 'formal', 'brief']).default('friendly'),
});

export const aiSettingsSchema = z.object({
  provider: z.enum(['offline', 'openai_compatible']).default('offline'),
  /** OpenAI-compatible endpoint (OpenAI, DeepSeek, a local server); the API key lives in the keychain. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  model: z.string().trim().min(1).max(100).optional(),
  timeoutMs: z.number().int().min(1000).max(120_000).default(20_000),
  /**
   * Questions the intent rules are unsure about are asked of the AI after a sync (ai/intent-fallback.ts).
   * Off by default: the buyers' question texts then travel to the AI server.
   */
  intentFallback: z.boolean().default(false),
});

/** Hosts that never leave this computer: the only ones an AI server may be reached at over plain http. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why an AI API address is refused, in the seller's words; null when it is fine. The key and the
 * buyers' texts travel to it, so it must be https — plain http only to a server on this computer.
 */
export function aiBaseUrlProblem(
  value: string,
): MessageOf<'ai_base_url_invalid'> | MessageOf<'ai_base_url_insecure'> | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return coreMessage('ai_base_url_invalid');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return null;
  return coreMessage('ai_base_url_insecure');
}

/** Why the settings show no AI key although one was entered: the API address moved to another server. */
export type AiKeyReason = 'origin_changed';

/**
 * What the settings view says about the AI key (never the key itself). A key is bound to the
 * server (origin) it was entered for; moving the API address elsewhere removes it.
 */
export interface AiKeyStatus {
  aiKeyStored: boolean;
  aiKeyReason: AiKeyReason | null;
}

const hhMmSchema = z.string().refine((value) => parseHhMm(value) !== null, { message: 'Время в формате ЧЧ:ММ' });

/** One weekday's working intervals: each starts before it ends, in time order, without overlaps. */
const workingDaySchema = z
  .array(z.tuple([hhMmSchema, hhMmSchema]))
  .max(12)
  .superRefine((intervals, ctx) => {
    let previousEnd = -1;
    for (const [index, [start, end]] of intervals.entries()) {
      const from = parseHhMm(start);
      const to = parseHhMm(end);
      if (from === null || to === null) continue;
      if (from >= to) ctx.addIssue({ code: 'custom', path: [index], message: 'Начало должно быть раньше конца' });
      else if (from < previousEnd)
        ctx.addIssue({ code: 'custom', path: [index], message: 'Интервалы идут по порядку и не пересекаются' });
      previousEnd = Math.max(previousEnd, to);
    }
  });

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД')
  // zod runs this even when the regex failed: an unparsable date must be refused, not thrown on.
  .refine(
    (value) => {
      const time = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
    },
    { message: 'Нет такой даты' },
  );

/**
 * The seller's working hours (working-hours.ts): SLA due times count only time inside them.
 * Moscow, Monday to Friday 09:00–18:00 by default.
 */
export const workingHoursSchema = z
  .object({
    timeZone: z.string().refine(isValidTimeZone, { message: 'Неизвестный часовой пояс' }),
    week: z.object(
      Object.fromEntries(WEEKDAYS.map((day) => [day, workingDaySchema])) as Record<
        (typeof WEEKDAYS)[number],
        typeof workingDaySchema
      >,
    ),
    holidays: z.array(isoDateSchema).max(1000),
  })
  .refine((value) => WEEKDAYS.some((day) => value.week[day].length > 0), {
    message: 'Нужен хотя бы один рабочий интервал в неделе',
    path: ['week'],
  }) satisfies z.ZodType<WorkingHours>;

/**
 * Desktop notifications of one shop (issue 11 item 7). Per shop, like the working hours they are
 * quiet outside of: a seller may want every chat of one shop and only urgent items of another.
 * The sound is off by default.
 */
export const notificationSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  sound: z.boolean().default(false),
  /** The sound's loudness, 0 (silent) to 1 (issue 12 item 6). */
  volume: z.number().min(0).max(1).default(0.6),
  /** New urgent items (priority «срочно»: a low rating, a defect, an overdue answer). */
  urgent: z.boolean().default(true),
  /** A new buyer message in a chat (a new chat included). */
  chat: z.boolean().default(true),
  /** A reply WB refused or that went to conflict. */
  replyProblem: z.boolean().default(true),
  /** Also outside the shop's working hours (SLA settings); quiet there otherwise. */
  outsideWorkingHours: z.boolean().default(false),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = notificationSettingsSchema.parse({});

export const accountSettingsSchema = z.object({
  /** A sent reply still unconfirmed by WB after this many minutes is flagged to the seller. */
  pendingWindowMinutes: z.number().int().min(30).max(1440).default(180),
  syncIntervalMinutes: z.number().int().min(1).max(120).default(5),
  slaHours: z.record(z.string(), z.number().min(0.25).max(720)).default({}),
  workingHours: workingHoursSchema.default(DEFAULT_WORKING_HOURS),
  /** Working hours before the due time at which an open item turns «скоро просрочено». */
  slaDueSoonHours: z.number().min(0).max(72).default(1),
  tone: toneSchema.default({ formality: 'вы', style: 'friendly' }),
  ai: aiSettingsSchema.default({ provider: 'offline', timeoutMs: 20_000, intentFallback: false }),
  autoReply: autoReplyRulesSchema.default({
    enabled: false,
    stars: [5],
    templateIds: [],
    dryRun: true,
    dailyCap: 50,
    killSwitch: false,
  }),
  /** The seller's own templates (the built-in set is always available besides these). */
  templates: templateListSchema.default([]),
  notifications: notificationSettingsSchema.default(DEFAULT_NOTIFICATION_SETTINGS),
  /** The Avito bot (issue 12 item 5): off by default. */
  avitoBot: avitoBotSettingsSchema.default(DEFAULT_AVITO_BOT_SETTINGS),
});
export type AccountSettings = z.infer<typeof accountSettingsSchema>;
/**
 * What `settings.update` takes: any subset of the top-level sections. The defaults are removed
 * first — zod 4 would otherwise fill every section left out with its default, and a one-section
 * save would wipe the seller's templates and auto-reply rules.
 */
export const accountSettingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(accountSettingsSchema.shape).map(([key, field]) => [
        key,
        (field instanceof z.ZodDefault ? field.unwrap() : field).optional(),
      ]),
    ) as unknown as {
      [K in keyof typeof accountSettingsSchema.shape]: z.ZodOptional<
        z.ZodType<z.output<(typeof accountSettingsSchema.shape)[K]>>
      >;
    },
  )
  .strict();
