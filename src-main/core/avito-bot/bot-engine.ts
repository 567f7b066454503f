import { sql } from 'kysely';
import type { AvitoBotSettings, HandoffReason } from '../../../src-shared/domain/avito-bot';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import { workingSpans, zoneOffsetMs, type WorkingHours } from '../../../src-shared/domain/working-hours';
import { requestCompletion } from '../ai/openai-compatible-provider';
import { DraftProviderError } from '../ai/types';
import type { ChatMessageRow } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import { searchKnowledge, syncKnowledge } from '../knowledge/knowledge-index';
import type { Logger } from '../logger';
import { checkReply } from '../replies/guardrails';
import type { Outbox } from '../replies/outbox';
import { readSettings } from '../settings';
import { buildBotPrompt, NO_ANSWER, parseBotAnswer } from './bot-prompt';
import type { ChatPromptMessage } from '../ai/draft-prompt';
import { asksForPerson, mentionsMoneyOrDispute } from './buyer-signals';
import { chatRouting, countBotTurn, setChatMode } from './chat-mode';

/**
 * The Avito bot's decision for one new buyer message (issue 12 item 5): answer it from the
 * knowledge base through the AI provider, or hand the chat to a person with a reason. The sync
 * calls it for each new incoming message of a chat; the caller supplies the `enqueue` that puts
 * an answer in the outbox (the guardrails and exactly-once delivery are the outbox's).
 *
 * Every decision is one row of `avito_bot_events`, unique per buyer message: a message is decided
 * at most once, whatever calls it twice. A handoff puts the chat in MANAGER (the bot stops there
 * until the seller switches it back) and emits `avito.handoff`. Dry run only withholds the send:
 * it records the answer that would have gone, and routes, counts turns and the cap as if sent.
 */

/** Why a message got no decision at all (nothing recorded, the chat's mode unchanged). */
export type BotSkipReason =
  | 'not_bot_channel'
  | 'demo'
  | 'disabled'
  | 'not_buyer_message'
  | 'system_message'
  | 'not_latest'
  | 'manager_mode'
  | 'already_decided'
  | 'outside_schedule'
  /** While the AI wrote, the seller took the chat (MANAGER) or wrote in it: the answer is dropped. */
  | 'taken_over';

/** A knowledge entry an answer relied on: stored with the decision, never sent to the buyer. */
export interface BotCitation {
  id: number;
  ref: string;
  title: string;
}

export type BotDecision =
  | { kind: 'answer'; text: string; citations: BotCitation[]; dryRun: boolean }
  | { kind: 'handoff'; reason: HandoffReason; dryRun: boolean }
  | { kind: 'skip'; reason: BotSkipReason };

/** The AI side of the bot: one completion for a prompt (an OpenAI-compatible server in the app). */
export interface BotAnswerer {
  id: string;
  complete(messages: ChatPromptMessage[], signal?: AbortSignal): Promise<string>;
}

/** The seller's configured AI provider as the bot's answerer; null when none is (offline templates cannot ground). */
export function botAnswererFromSettings(
  ai: AccountSettings['ai'],
  getApiKey: (origin: string) => Promise<string | null>,
): BotAnswerer | null {
  if (ai.provider !== 'openai_compatible' || !ai.baseUrl || !ai.model) return null;
  const options = { baseUrl: ai.baseUrl, model: ai.model, getApiKey, timeoutMs: ai.timeoutMs };
  return {
    id: 'openai_compatible',
    // Low temperature: the bot restates the seller's facts, it does not write prose.
    complete: (messages, signal) => requestCompletion(options, { messages, temperature: 0.2, maxTokens: 600, signal }),
  };
}

export interface BotReply {
  accountId: number;
  interactionId: number;
  text: string;
}

export interface AvitoBotDeps {
  db: SqlRunner;
  clock: () => Date;
  logger: Logger;
  events?: PushBus;
  /** The account's knowledge folder (settings.avitoBot.knowledgeDir or the default, knowledge-index.ts). */
  knowledgeDir: (accountId: number, settings: AvitoBotSettings) => string;
  answerer: (settings: AccountSettings) => BotAnswerer | null;
  /** Puts the answer in the outbox; throwing refuses it (the chat is handed over, `send_refused`). */
  enqueue: (reply: BotReply) => unknown;
  /** Channels the bot may answer in: Avito chats. */
  channels?: readonly string[];
}

export const AVITO_CHAT_CHANNEL = 'avito_chat';

/**
 * `enqueue` through the reply outbox: an unattended chat message (`origin: 'auto'`), with the
 * outbox's own checks (guardrails again, the channel, a demo account); a refusal throws, and the
 * chat is handed over with `send_refused`.
 */
export function outboxEnqueue(outbox: Pick<Outbox, 'queue'>): AvitoBotDeps['enqueue'] {
  return ({ interactionId, text }) => outbox.queue({ interactionId, text, kind: 'chat_message', origin: 'auto' });
}

interface Context {
  deps: AvitoBotDeps;
  accountId: number;
  interactionId: number;
  messageId: number;
  dryRun: boolean;
  localDay: string;
  now: Date;
}

export async function decideBotReply(
  deps: AvitoBotDeps,
  input: { interactionId: number; messageId: number },
): Promise<BotDecision> {
  const { db } = deps;
  const now = deps.clock();
  const skip = (reason: BotSkipReason): BotDecision => ({ kind: 'skip', reason });

  const interaction = db.get(
    db.build
      .selectFrom('interactions')
      .innerJoin('accounts', 'accounts.id', 'interactions.account_id')
      .select(['interactions.account_id', 'interactions.channel', 'interactions.source', 'accounts.is_demo'])
      .where('interactions.id', '=', input.interactionId),
  );
  if (!interaction || !(deps.channels ?? [AVITO_CHAT_CHANNEL]).includes(String(interaction.channel)))
    return skip('not_bot_channel');
  if (interaction.is_demo === 1 || interaction.source === 'demo') return skip('demo');
  const settings = readSettings(db, interaction.account_id, deps.logger);
  const bot = settings.avitoBot;
  if (!bot.enabled) return skip('disabled');

  const history = db.all(
    db.build
      .selectFrom('chat_messages')
      .selectAll()
      .where('interaction_id', '=', input.interactionId)
      .orderBy('sent_at')
      .orderBy('id'),
  );
  const index = history.findIndex((message) => message.id === input.messageId);
  const message = history[index];
  if (!message || message.direction !== 'inbound' || message.sender !== 'client') return skip('not_buyer_message');
  if (isSystemMessage(message)) return skip('system_message');
  // Several messages in one poll get one answer, to the newest; one the seller answered gets none.
  if (history.slice(index + 1).some((later) => later.sender === 'client' || later.sender === 'seller'))
    return skip('not_latest');
  const routing = chatRouting(db, input.interactionId);
  if (routing.mode === 'manager') return skip('manager_mode');
  if (decisionOf(db, input.interactionId, input.messageId)) return skip('already_decided');
  if (bot.schedule !== 'always') {
    const inside = isWithinWorkingHours(now, settings.workingHours);
    if (inside !== (bot.schedule === 'working_hours')) return skip('outside_schedule');
  }

  const context: Context = {
    deps,
    accountId: interaction.account_id,
    interactionId: input.interactionId,
    messageId: input.messageId,
    dryRun: bot.dryRun,
    localDay: localDay(now, settings.workingHours.timeZone),
    now,
  };
  const conversation = history.filter((m) => m.sender === 'client' || m.sender === 'seller').filter(notSystem);
  // What the buyer wrote since the shop last spoke: «Здравствуйте» + «сколько доставка?» is one question.
  // A chat the seller handed back to BOT counts only from the switch: the old «позовите менеджера» was dealt with.
  const lastSeller = conversation.findLastIndex((m) => m.sender === 'seller');
  const since = routing.modeChangedAt;
  const buyerText = conversation
    .slice(lastSeller + 1)
    .filter((m) => m.id === message.id || since === null || m.sent_at > since)
    .map((m) => m.text)
    .join('\n');

  if (asksForPerson(buyerText)) return handoff(context, 'asked_for_person');
  if (mentionsMoneyOrDispute(buyerText)) return handoff(context, 'money_or_dispute');
  if (routing.botTurns >= bot.maxTurns) return handoff(context, 'turn_limit');

  syncKnowledge(db, context.accountId, deps.knowledgeDir(context.accountId, bot), now);
  const entries = searchKnowledge(db, context.accountId, buyerText);
  if (entries.length === 0) return handoff(context, 'weak_grounding');
  const answerer = deps.answerer(settings);
  if (!answerer) return handoff(context, 'provider_failed');
  if (!takeCapSlot(context, bot.dailyCap)) {
    return decisionOf(db, input.interactionId, input.messageId)
      ? skip('already_decided')
      : handoff(context, 'daily_cap');
  }

  let content: string;
  try {
    content = await answerer.complete(
      buildBotPrompt({
        entries,
        history: conversation.map((m) => ({ fromBuyer: m.sender === 'client', text: m.text })),
        formality: settings.tone.formality,
      }),
    );
  } catch (error) {
    deps.logger.warn('avito_bot.provider_failed', {
      interactionId: input.interactionId,
      code: error instanceof DraftProviderError ? error.code : 'internal',
    });
    return handoff(context, 'provider_failed');
  }
  if (takenOver(db, input.interactionId, message.id)) {
    db.run(
      db.build
        .deleteFrom('avito_bot_events')
        .where('interaction_id', '=', input.interactionId)
        .where('message_id', '=', input.messageId)
        .where('kind', '=', 'pending'),
    );
    return skip('taken_over');
  }
  if (content.includes(NO_ANSWER)) return handoff(context, 'weak_grounding');
  const parsed = parseBotAnswer(content, entries.length);
  const cited = parsed.cited && parsed.cited.length > 0 ? parsed.cited.map((n) => entries[n - 1]!) : entries;
  const citations = cited.map(({ id, ref, title }) => ({ id, ref, title }));
  if (!parsed.text) return handoff(context, 'provider_failed');
  // Nobody reads a bot answer before it goes: a warning is as good as a block here.
  if (checkReply({ channel: 'chat', text: parsed.text }).violations.length > 0)
    return handoff(context, 'guardrail_blocked', parsed.text, citations);

  if (!context.dryRun) {
    try {
      await deps.enqueue({ accountId: context.accountId, interactionId: input.interactionId, text: parsed.text });
    } catch (error) {
      deps.logger.warn('avito_bot.enqueue_refused', {
        interactionId: input.interactionId,
        code: (error as { code?: unknown }).code ?? 'internal',
      });
      return handoff(context, 'send_refused', parsed.text, citations);
    }
  }
  db.transaction(() => {
    record(context, 'answer', null, parsed.text, citations);
    countBotTurn(db, input.interactionId, deps.clock());
  });
  return { kind: 'answer', text: parsed.text, citations, dryRun: context.dryRun };
}

/** How long a decision may wait for the AI before it counts as interrupted: well past the longest AI timeout. */
export const INTERRUPTED_AFTER_MS = 10 * 60_000;

/**
 * Decisions a stopped process left `pending` (it died while the AI wrote): each chat goes to a
 * person with `interrupted`, so no buyer is left without a reply and no message is decided twice.
 * Call at start (and it is harmless any time: a live decision is younger than the AI's timeout).
 * If the answer had already reached the outbox, it is still delivered, once, by the outbox.
 */
export function settleInterruptedDecisions(deps: AvitoBotDeps, olderThanMs = INTERRUPTED_AFTER_MS): number {
  const { db } = deps;
  const now = deps.clock();
  const stale = db.all(
    db.build
      .selectFrom('avito_bot_events')
      .select(['account_id', 'interaction_id', 'message_id', 'dry_run', 'local_day'])
      .where('kind', '=', 'pending')
      .where('updated_at', '<', new Date(now.getTime() - olderThanMs).toISOString()),
  );
  for (const row of stale) {
    handoff(
      {
        deps,
        accountId: row.account_id,
        interactionId: row.interaction_id,
        messageId: row.message_id,
        dryRun: row.dry_run === 1,
        localDay: row.local_day,
        now,
      },
      'interrupted',
    );
  }
  return stale.length;
}

/** The seller's switch: back to BOT (the turns start again) or to MANAGER by hand. */
export function switchChatMode(db: SqlRunner, interactionId: number, mode: 'bot' | 'manager', now: Date): void {
  setChatMode(db, interactionId, mode, now);
}

function handoff(
  context: Context,
  reason: HandoffReason,
  text: string | null = null,
  citations: BotCitation[] = [],
): BotDecision {
  const { deps, accountId, interactionId, dryRun } = context;
  deps.db.transaction(() => {
    record(context, 'handoff', reason, text, citations);
    setChatMode(deps.db, interactionId, 'manager', deps.clock(), reason);
  });
  deps.logger.info('avito_bot.handoff', { accountId, interactionId, reason, dryRun });
  deps.events?.emit('avito.handoff', { accountId, interactionId, reason, dryRun });
  return { kind: 'handoff', reason, dryRun };
}

/** Writes the decision, over this message's cap slot when one was taken. */
function record(
  context: Context,
  kind: 'answer' | 'handoff',
  reason: HandoffReason | null,
  text: string | null,
  citations: BotCitation[],
): void {
  const { db } = context.deps;
  const stamp = context.deps.clock().toISOString();
  db.run(
    db.build
      .insertInto('avito_bot_events')
      .values({
        account_id: context.accountId,
        interaction_id: context.interactionId,
        message_id: context.messageId,
        kind,
        reason,
        dry_run: context.dryRun ? 1 : 0,
        text,
        citations_json: JSON.stringify(citations),
        local_day: context.localDay,
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) =>
        oc
          .columns(['interaction_id', 'message_id'])
          .doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            reason: eb.ref('excluded.reason'),
            text: eb.ref('excluded.text'),
            citations_json: eb.ref('excluded.citations_json'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where('avito_bot_events.kind', '=', 'pending'),
      ),
  );
}

/**
 * Takes one of today's answer slots for this message, or none when the cap is reached. One
 * INSERT … SELECT … WHERE count < cap: SQLite runs it atomically, so two decisions (two chats
 * answered at once, the app and the CLI) can never both take the last slot.
 */
function takeCapSlot(context: Context, cap: number): boolean {
  const { db } = context.deps;
  const stamp = context.now.toISOString();
  const dryRun = context.dryRun ? 1 : 0;
  const taken = db.run(
    db.build
      .insertInto('avito_bot_events')
      .columns([
        'account_id',
        'interaction_id',
        'message_id',
        'kind',
        'dry_run',
        'local_day',
        'created_at',
        'updated_at',
      ])
      .expression(
        db.build
          .selectNoFrom([
            sql.val(context.accountId).as('account_id'),
            sql.val(context.interactionId).as('interaction_id'),
            sql.val(context.messageId).as('message_id'),
            sql.val('pending').as('kind'),
            sql.val(dryRun).as('dry_run'),
            sql.val(context.localDay).as('local_day'),
            sql.val(stamp).as('created_at'),
            sql.val(stamp).as('updated_at'),
          ])
          .where((eb) =>
            eb(
              eb
                .selectFrom('avito_bot_events')
                .select((count) => count.fn.countAll<number>().as('n'))
                .where('account_id', '=', context.accountId)
                .where('local_day', '=', context.localDay)
                .where('dry_run', '=', dryRun)
                .where('kind', 'in', ['pending', 'answer']),
              '<',
              cap,
            ),
          ),
      )
      .onConflict((oc) => oc.columns(['interaction_id', 'message_id']).doNothing()),
  );
  return taken.changes === 1;
}

/** The chat is the seller's now: switched to MANAGER, or the seller wrote after the buyer's message. */
function takenOver(db: SqlRunner, interactionId: number, messageId: number): boolean {
  if (chatRouting(db, interactionId).mode === 'manager') return true;
  const message = db.get(db.build.selectFrom('chat_messages').select('sent_at').where('id', '=', messageId));
  return (
    db.get(
      db.build
        .selectFrom('chat_messages')
        .select('id')
        .where('interaction_id', '=', interactionId)
        .where('sender', '=', 'seller')
        .where((eb) =>
          eb.or([
            eb('sent_at', '>', message?.sent_at ?? ''),
            eb.and([eb('sent_at', '=', message?.sent_at ?? ''), eb('id', '>', messageId)]),
          ]),
        )
        .limit(1),
    ) !== undefined
  );
}

function decisionOf(db: SqlRunner, interactionId: number, messageId: number) {
  return db.get(
    db.build
      .selectFrom('avito_bot_events')
      .select(['kind', 'reason'])
      .where('interaction_id', '=', interactionId)
      .where('message_id', '=', messageId),
  );
}

/** CONTRACT §2.3, quirk 20: Avito's own chat-bots write `type: system` messages with `content.flow_id`. */
function isSystemMessage(message: ChatMessageRow): boolean {
  try {
    const raw = JSON.parse(message.raw_json) as { type?: unknown; content?: { flow_id?: unknown } | null };
    return raw.type === 'system' || (raw.content?.flow_id != null && raw.content.flow_id !== '');
  } catch {
    return false;
  }
}
const notSystem = (message: ChatMessageRow) => !isSystemMessage(message);

export function isWithinWorkingHours(now: Date, schedule: WorkingHours): boolean {
  const at = now.getTime();
  for (const [start, end] of workingSpans(at, schedule, at)) {
    if (start > at) break;
    if (at < end) return true;
  }
  return false;
}

/** The account's local date, the day the daily cap counts in. */
function localDay(now: Date, timeZone: string): string {
  const at = now.getTime();
  return new Date(at + zoneOffsetMs(at, timeZone)).toISOString().slice(0, 10);
}
