import { z } from 'zod';

/** How an Avito chat is routed (issue 12 item 5): the bot answers, or a person does. */
export const CHAT_MODES = ['bot', 'manager'] as const;
export type ChatMode = (typeof CHAT_MODES)[number];

/**
 * Why the bot handed a chat to a person. Stored in SQLite (avito_bot_events.reason,
 * avito_chat_modes.reason): never rename or remove one, add a new one.
 */
export const HANDOFF_REASONS = [
  /** The buyer asked for a human (a manager, an operator, «вы бот?»). */
  'asked_for_person',
  /** The guardrails found something in the AI's answer; nobody reads a bot answer before it goes. */
  'guardrail_blocked',
  /** The AI provider failed, timed out, or none is configured. */
  'provider_failed',
  /** The knowledge base has nothing on the buyer's message. */
  'weak_grounding',
  /** Money back, a defect, a dispute or a complaint: a person's business. */
  'money_or_dispute',
  /** The bot already answered the setting's number of times in this chat. */
  'turn_limit',
  /** The account's bot answers for today are used up: the buyer is not left without a reply. */
  'daily_cap',
  /** The outbox refused the answer (say the seller is already answering this chat). */
  'send_refused',
  /** The app stopped while the AI was writing (a decision found unfinished at the next start). */
  'interrupted',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/**
 * Per-account bot settings (a section of the settings JSON). Off until the seller turns it on;
 * in dry run it decides and records what it would send, and sends nothing.
 */
export const avitoBotSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** When the bot answers: always, only inside the account's working hours, or only outside them. */
  schedule: z.enum(['always', 'working_hours', 'outside_working_hours']).default('always'),
  /** Bot answers per account and local day (the working-hours zone); reached: chats go to a person. */
  dailyCap: z.number().int().min(1).max(1000).default(100),
  dryRun: z.boolean().default(true),
  /** Bot answers per chat before it hands the chat over (`turn_limit`). */
  maxTurns: z.number().int().min(1).max(50).default(5),
  /** The knowledge folder; absent: `<data dir>/knowledge/account-<id>` (core/knowledge). */
  knowledgeDir: z.string().trim().min(1).max(1000).optional(),
});
export type AvitoBotSettings = z.infer<typeof avitoBotSettingsSchema>;
export const DEFAULT_AVITO_BOT_SETTINGS: AvitoBotSettings = avitoBotSettingsSchema.parse({});

/** One decision of the bot in a chat, as the detail pane shows it (avito_bot_events). */
export interface BotLogEntry {
  id: number;
  kind: 'answer' | 'handoff';
  reason: HandoffReason | null;
  dryRun: boolean;
  /** The answer sent, or the one that would have gone in dry run; null for a handoff without one. */
  text: string | null;
  citations: { ref: string; title: string }[];
  createdAt: string;
}

/** The bot's side of an Avito chat: why it is with a person, its turns, and what it answered. */
export interface BotLogView {
  reason: HandoffReason | null;
  botTurns: number;
  entries: BotLogEntry[];
}
