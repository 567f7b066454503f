import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  botAnswererFromSettings,
  decideBotReply,
  outboxEnqueue,
  settleInterruptedDecisions,
  switchChatMode,
  type AvitoBotDeps,
  type BotReply,
} from '../../src-main/core/avito-bot/bot-engine';
import { chatRouting } from '../../src-main/core/avito-bot/chat-mode';
import { openDatabase, type AppDatabase } from '../../src-main/core/db/database';
import type { SqlRunner } from '../../src-main/core/db/sql-runner';
import { PushBus } from '../../src-main/core/events';
import { knowledgeSearchQuery, searchKnowledge, syncKnowledge } from '../../src-main/core/knowledge/knowledge-index';
import { silentLogger } from '../../src-main/core/logger';
import { Outbox } from '../../src-main/core/replies/outbox';
import { writeSettings } from '../../src-main/core/settings';
import type { AvitoBotSettings } from '../../src-shared/domain/avito-bot';
import type { PushEvents } from '../../src-shared/ipc/events';
import { completion, useAiServers, type AiRequest } from '../helpers/ai-server';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const aiServer = useAiServers();
const opened: AppDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});

const NOW = new Date('2026-05-12T10:00:00Z');

const FAQ = `# Доставка
Отправляем заказы каждый будний день из Москвы.

Q: Сколько идёт доставка?
A: Доставка по России занимает 2–3 рабочих дня.

Q: Какие размеры есть?
A: Размеры с 42 по 54.
`;

const reply = (content: string) => (_request: AiRequest, res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(completion(content));

const promptOf = (request: AiRequest) => {
  const body = JSON.parse(request.raw.slice(request.raw.indexOf('\n\n') + 2)) as { messages: { content: string }[] };
  return body.messages.map((message) => message.content).join('\n');
};

interface Shop {
  db: SqlRunner;
  accountId: number;
  knowledgeDir: string;
  sent: BotReply[];
  handoffs: PushEvents['avito.handoff'][];
  deps: AvitoBotDeps;
  chat(): number;
  buyerSays(interactionId: number, text: string, raw?: object): number;
  sellerSays(interactionId: number, text: string): number;
  decide(interactionId: number, messageId: number): ReturnType<typeof decideBotReply>;
  events(): { kind: string; reason: string | null; dry_run: number; text: string | null; citations_json: string }[];
}

/** A real SQLite file with one account, its knowledge folder and the bot set up as given. */
async function shop(
  options: { bot?: Partial<AvitoBotSettings> | null; baseUrl?: string; demo?: boolean; faq?: string } = {},
): Promise<Shop> {
  const dir = tempDir();
  const database = await openDatabase(path.join(dir, 'agentiq.db'));
  opened.push(database);
  const db = database.runner;
  const stamp = NOW.toISOString();
  const accountId = Number(
    db.run(
      db.build
        .insertInto('accounts')
        .values({ name: 'Магазин', created_at: stamp, updated_at: stamp, is_demo: options.demo ? 1 : 0 }),
    ).lastInsertRowid,
  );
  const knowledgeDir = path.join(dir, 'knowledge');
  mkdirSync(knowledgeDir);
  writeFileSync(path.join(knowledgeDir, 'faq.md'), options.faq ?? FAQ);
  if (options.bot !== null) {
    writeSettings(
      db,
      accountId,
      {
        ai: {
          provider: 'openai_compatible',
          baseUrl: options.baseUrl,
          model: 'test-model',
          timeoutMs: 1000,
          intentFallback: false,
        },
        avitoBot: {
          enabled: true,
          schedule: 'always',
          dailyCap: 100,
          dryRun: false,
          maxTurns: 5,
          ...options.bot,
        },
      },
      NOW,
    );
  }
  const sent: BotReply[] = [];
  const handoffs: PushEvents['avito.handoff'][] = [];
  const events = new PushBus();
  events.subscribe((event, payload) => {
    if (event === 'avito.handoff') handoffs.push(payload as PushEvents['avito.handoff']);
  });
  let clockTick = 0;
  const deps: AvitoBotDeps = {
    db,
    clock: () => NOW,
    logger: silentLogger,
    events,
    knowledgeDir: () => knowledgeDir,
    answerer: (settings) => botAnswererFromSettings(settings.ai, async () => null),
    enqueue: (item) => void sent.push(item),
    // Migration 0018's avito_chat channel is not on this branch: the bot is pointed at WB's chat channel here.
    channels: ['chat'],
  };
  let chats = 0;
  const message = (interactionId: number, direction: 'inbound' | 'outbound', text: string, raw: object = {}) => {
    clockTick += 1;
    return Number(
      db.run(
        db.build.insertInto('chat_messages').values({
          interaction_id: interactionId,
          external_id: `m${clockTick}`,
          direction,
          sender: direction === 'inbound' ? 'client' : 'seller',
          text,
          sent_at: new Date(NOW.getTime() - 3_600_000 + clockTick * 1000).toISOString(),
          raw_json: JSON.stringify(raw),
        }),
      ).lastInsertRowid,
    );
  };
  return {
    db,
    accountId,
    knowledgeDir,
    sent,
    handoffs,
    deps,
    chat: () => {
      chats += 1;
      return Number(
        db.run(
          db.build.insertInto('interactions').values({
            account_id: accountId,
            channel: 'chat',
            external_id: `chat-${chats}`,
            occurred_at: stamp,
            created_at: stamp,
            updated_at: stamp,
            source: options.demo ? 'demo' : 'wb_api',
          }),
        ).lastInsertRowid,
      );
    },
    buyerSays: (interactionId, text, raw) => message(interactionId, 'inbound', text, raw),
    sellerSays: (interactionId, text) => message(interactionId, 'outbound', text),
    decide: (interactionId, messageId) => decideBotReply(deps, { interactionId, messageId }),
    events: () =>
      db.all(
        db.build
          .selectFrom('avito_bot_events')
          .select(['kind', 'reason', 'dry_run', 'text', 'citations_json'])
          .orderBy('id'),
      ),
  };
}

describe('avito bot', () => {
  it('is off by default: a new account decides nothing and records nothing', async () => {
    const s = await shop({ bot: null });
    const chat = s.chat();
    const decision = await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'));
    expect(decision).toEqual({ kind: 'skip', reason: 'disabled' });
    expect(s.events()).toEqual([]);
    expect(s.sent).toEqual([]);
  });

  it('answers an easy question from the knowledge base, citing the entry, and queues the answer', async () => {
    const server = await aiServer(reply('Доставка по России занимает 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    const decision = await s.decide(chat, s.buyerSays(chat, 'Здравствуйте! Сколько идет доставка до Казани?'));
    expect(decision).toMatchObject({
      kind: 'answer',
      text: 'Доставка по России занимает 2–3 рабочих дня.',
      dryRun: false,
    });
    const citations = decision.kind === 'answer' ? decision.citations : [];
    expect(citations).toHaveLength(1);
    expect(citations[0]).toMatchObject({ ref: 'faq.md#2', title: 'Сколько идёт доставка?' });
    expect(s.sent).toEqual([
      { accountId: s.accountId, interactionId: chat, text: 'Доставка по России занимает 2–3 рабочих дня.' },
    ]);
    // Grounded: the model saw the entry; the citation is stored with the decision, not sent.
    expect(promptOf(server.received[0]!)).toContain('2–3 рабочих дня');
    expect(s.events()).toEqual([
      expect.objectContaining({ kind: 'answer', reason: null, dry_run: 0, citations_json: JSON.stringify(citations) }),
    ]);
    expect(chatRouting(s.db, chat)).toEqual({ mode: 'bot', botTurns: 1, reason: null, modeChangedAt: null });
  });

  it('hands the chat to a manager when the buyer asks for a person, and stops answering it until switched back', async () => {
    const server = await aiServer(reply('Доставка занимает 2–3 дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    const decision = await s.decide(chat, s.buyerSays(chat, 'Позовите менеджера, пожалуйста'));
    expect(decision).toEqual({ kind: 'handoff', reason: 'asked_for_person', dryRun: false });
    expect(chatRouting(s.db, chat)).toMatchObject({ mode: 'manager', reason: 'asked_for_person' });
    expect(s.handoffs).toEqual([
      { accountId: s.accountId, interactionId: chat, reason: 'asked_for_person', dryRun: false },
    ]);
    expect(server.received).toHaveLength(0);

    expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toEqual({
      kind: 'skip',
      reason: 'manager_mode',
    });
    s.sellerSays(chat, 'Здравствуйте, это менеджер. Доставка 2–3 дня.');
    switchChatMode(s.db, chat, 'bot', NOW);
    expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toMatchObject({ kind: 'answer' });
    expect(s.sent).toHaveLength(1);
  });

  it('a chat handed back to BOT is judged on what the buyer wrote after the switch', async () => {
    const server = await aiServer(reply('Доставка занимает 2–3 дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    await s.decide(chat, s.buyerSays(chat, 'Позовите менеджера, пожалуйста'));
    switchChatMode(s.db, chat, 'bot', NOW);
    expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toMatchObject({ kind: 'answer' });
  });

  it('hands over when the guardrails find something in the answer, keeping the answer for the seller', async () => {
    const server = await aiServer(reply('Ответ подготовил ИИ: доставка 2–3 дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    const decision = await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'));
    expect(decision).toEqual({ kind: 'handoff', reason: 'guardrail_blocked', dryRun: false });
    expect(s.sent).toEqual([]);
    expect(s.events()).toEqual([
      expect.objectContaining({
        kind: 'handoff',
        reason: 'guardrail_blocked',
        text: 'Ответ подготовил ИИ: доставка 2–3 дня.',
      }),
    ]);
  });

  it('hands over when the AI provider answers with an error', async () => {
    const server = await aiServer((_request, res) => res.writeHead(500).end('{"error":{"message":"overloaded"}}'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toEqual({
      kind: 'handoff',
      reason: 'provider_failed',
      dryRun: false,
    });
    expect(s.sent).toEqual([]);
  });

  it('hands over when the AI provider does not answer in time', async () => {
    const server = await aiServer(() => undefined);
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toMatchObject({
      kind: 'handoff',
      reason: 'provider_failed',
    });
  });

  it('hands over when the knowledge base has nothing on the question, without asking the AI', async () => {
    const server = await aiServer(reply('Да, есть.'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    expect(await s.decide(chat, s.buyerSays(chat, 'А скидку для оптовиков делаете?'))).toMatchObject({
      kind: 'handoff',
      reason: 'weak_grounding',
    });
    expect(server.received).toHaveLength(0);
  });

  it('hands over when the model finds no answer in the retrieved entries', async () => {
    const server = await aiServer(reply('NO_ANSWER'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    expect(await s.decide(chat, s.buyerSays(chat, 'Доставка в Минск бывает?'))).toMatchObject({
      kind: 'handoff',
      reason: 'weak_grounding',
    });
    expect(s.sent).toEqual([]);
  });

  it('hands over a message about money back or a defect', async () => {
    const server = await aiServer(reply('Доставка 2–3 дня.'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    expect(await s.decide(chat, s.buyerSays(chat, 'Пришёл брак, верните деньги за доставку'))).toMatchObject({
      kind: 'handoff',
      reason: 'money_or_dispute',
    });
    expect(server.received).toHaveLength(0);
  });

  it('hands over after the set number of bot turns in a chat', async () => {
    const server = await aiServer(reply('Доставка 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl, bot: { maxTurns: 2 } });
    const chat = s.chat();
    for (let turn = 0; turn < 2; turn += 1) {
      expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toMatchObject({ kind: 'answer' });
      s.sellerSays(chat, 'Доставка 2–3 рабочих дня.');
    }
    expect(await s.decide(chat, s.buyerSays(chat, 'А доставка точно столько?'))).toMatchObject({
      kind: 'handoff',
      reason: 'turn_limit',
    });
    expect(s.sent).toHaveLength(2);
  });

  it('two decisions at once cannot both take the last answer of the daily cap', async () => {
    const server = await aiServer((_request, res) =>
      setTimeout(() => reply('Доставка 2–3 рабочих дня.\nИСТОЧНИКИ: 1')(_request, res), 50),
    );
    const s = await shop({ baseUrl: server.baseUrl, bot: { dailyCap: 1 } });
    const [first, second] = [s.chat(), s.chat()];
    const decisions = await Promise.all([
      s.decide(first, s.buyerSays(first, 'Сколько идёт доставка?')),
      s.decide(second, s.buyerSays(second, 'Сколько идёт доставка?')),
    ]);
    expect(decisions.map((decision) => decision.kind).sort()).toEqual(['answer', 'handoff']);
    expect(decisions.find((decision) => decision.kind === 'handoff')).toMatchObject({ reason: 'daily_cap' });
    expect(s.sent).toHaveLength(1);
    expect(server.received).toHaveLength(1);
  });

  it('dry run records the answer it would send and sends nothing', async () => {
    const server = await aiServer(reply('Доставка по России занимает 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl, bot: { dryRun: true } });
    const chat = s.chat();
    expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toMatchObject({
      kind: 'answer',
      dryRun: true,
    });
    expect(s.sent).toEqual([]);
    expect(s.events()).toEqual([
      expect.objectContaining({ kind: 'answer', dry_run: 1, text: 'Доставка по России занимает 2–3 рабочих дня.' }),
    ]);
  });

  it('ignores an Avito system message (flow_id), an outgoing message and demo data', async () => {
    const server = await aiServer(reply('Доставка 2–3 дня.'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    const system = s.buyerSays(chat, 'Покупатель принял ваше предложение о скидке', {
      type: 'system',
      content: { flow_id: 'sbc_seller_notification' },
    });
    expect(await s.decide(chat, system)).toEqual({ kind: 'skip', reason: 'system_message' });
    expect(await s.decide(chat, s.sellerSays(chat, 'Сколько идёт доставка?'))).toEqual({
      kind: 'skip',
      reason: 'not_buyer_message',
    });
    const demo = await shop({ baseUrl: server.baseUrl, demo: true });
    const demoChat = demo.chat();
    expect(await demo.decide(demoChat, demo.buyerSays(demoChat, 'Сколько идёт доставка?'))).toEqual({
      kind: 'skip',
      reason: 'demo',
    });
    expect(server.received).toHaveLength(0);
    expect([...s.events(), ...demo.events()]).toEqual([]);
  });

  it('a decision a stopped app left unfinished hands its chat to a person at the next start', async () => {
    const server = await aiServer(reply('Доставка 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    const message = s.buyerSays(chat, 'Сколько идёт доставка?');
    // What a process killed while the AI was writing leaves behind: the cap slot it took.
    const then = new Date(NOW.getTime() - 3_600_000).toISOString();
    s.db.run(
      s.db.build.insertInto('avito_bot_events').values({
        account_id: s.accountId,
        interaction_id: chat,
        message_id: message,
        kind: 'pending',
        dry_run: 0,
        local_day: '2026-05-12',
        created_at: then,
        updated_at: then,
      }),
    );
    expect(settleInterruptedDecisions(s.deps)).toBe(1);
    expect(s.events()).toEqual([expect.objectContaining({ kind: 'handoff', reason: 'interrupted' })]);
    expect(chatRouting(s.db, chat)).toMatchObject({ mode: 'manager', reason: 'interrupted' });
    expect(s.handoffs).toEqual([expect.objectContaining({ interactionId: chat, reason: 'interrupted' })]);
    expect(await s.decide(chat, message)).toEqual({ kind: 'skip', reason: 'manager_mode' });
    expect(settleInterruptedDecisions(s.deps)).toBe(0);
  });

  it('answers only in the hours its schedule names (the account working hours)', async () => {
    const server = await aiServer(reply('Доставка 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    // NOW is Tuesday 13:00 in Moscow: inside the default 09:00–18:00.
    const inside = await shop({ baseUrl: server.baseUrl, bot: { schedule: 'working_hours' } });
    const chat = inside.chat();
    expect(await inside.decide(chat, inside.buyerSays(chat, 'Сколько идёт доставка?'))).toMatchObject({
      kind: 'answer',
    });
    const nights = await shop({ baseUrl: server.baseUrl, bot: { schedule: 'outside_working_hours' } });
    const other = nights.chat();
    expect(await nights.decide(other, nights.buyerSays(other, 'Сколько идёт доставка?'))).toEqual({
      kind: 'skip',
      reason: 'outside_schedule',
    });
    expect(nights.events()).toEqual([]);
  });

  it('several buyer messages in one poll get one answer, to the newest', async () => {
    const server = await aiServer(reply('Доставка 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    const greeting = s.buyerSays(chat, 'Здравствуйте!');
    const question = s.buyerSays(chat, 'Сколько идёт доставка?');
    expect(await s.decide(chat, greeting)).toEqual({ kind: 'skip', reason: 'not_latest' });
    expect(await s.decide(chat, question)).toMatchObject({ kind: 'answer' });
    expect(s.sent).toHaveLength(1);
  });

  it('drops the answer when the seller takes the chat while the AI is writing', async () => {
    // The fake AI server acts for the seller while the request is in flight.
    const seller = { shop: undefined as Shop | undefined, chat: 0 };
    const server = await aiServer((request, res) => {
      seller.shop!.sellerSays(seller.chat, 'Сейчас отвечу сам.');
      switchChatMode(seller.shop!.db, seller.chat, 'manager', NOW);
      reply('Доставка 2–3 рабочих дня.\nИСТОЧНИКИ: 1')(request, res);
    });
    const s = await shop({ baseUrl: server.baseUrl, bot: { dailyCap: 1 } });
    const chat = s.chat();
    Object.assign(seller, { shop: s, chat });
    expect(await s.decide(chat, s.buyerSays(chat, 'Сколько идёт доставка?'))).toEqual({
      kind: 'skip',
      reason: 'taken_over',
    });
    expect(s.sent).toEqual([]);
    // The cap slot it held is free again.
    expect(s.events()).toEqual([]);
    const other = s.chat();
    expect(await s.decide(other, s.buyerSays(other, 'Сколько идёт доставка?'))).toMatchObject({ kind: 'answer' });
  });

  it('through the reply outbox, the answer waits there as an unattended chat message', async () => {
    const server = await aiServer(reply('Доставка по России занимает 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const outbox = new Outbox({ db: s.db, bus: new PushBus(), clock: () => NOW, pendingWindowMinutes: () => 180 });
    const deps = { ...s.deps, enqueue: outboxEnqueue(outbox) };
    const chat = s.chat();
    s.db.run(s.db.build.updateTable('interactions').set({ reply_sign: 'sign-1' }).where('id', '=', chat));
    expect(
      await decideBotReply(deps, { interactionId: chat, messageId: s.buyerSays(chat, 'Сколько идёт доставка?') }),
    ).toMatchObject({ kind: 'answer' });
    expect(
      s.db.all(s.db.build.selectFrom('outbox').select(['interaction_id', 'kind', 'origin', 'state', 'text'])),
    ).toEqual([
      {
        interaction_id: chat,
        kind: 'chat_message',
        origin: 'auto',
        state: 'queued',
        text: 'Доставка по России занимает 2–3 рабочих дня.',
      },
    ]);
  });

  it('hands over when the outbox refuses the answer', async () => {
    const server = await aiServer(reply('Доставка по России занимает 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const outbox = new Outbox({ db: s.db, bus: new PushBus(), clock: () => NOW, pendingWindowMinutes: () => 180 });
    const deps = { ...s.deps, enqueue: outboxEnqueue(outbox) };
    // A WB chat the seller cannot write to yet (no reply sign): the outbox refuses any message.
    const chat = s.chat();
    expect(
      await decideBotReply(deps, { interactionId: chat, messageId: s.buyerSays(chat, 'Сколько идёт доставка?') }),
    ).toEqual({ kind: 'handoff', reason: 'send_refused', dryRun: false });
    expect(s.db.all(s.db.build.selectFrom('outbox').select('id'))).toEqual([]);
    expect(chatRouting(s.db, chat)).toMatchObject({ mode: 'manager', reason: 'send_refused' });
  });

  it('decides a buyer message once, however often it is called', async () => {
    const server = await aiServer(reply('Доставка 2–3 рабочих дня.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    const message = s.buyerSays(chat, 'Сколько идёт доставка?');
    await s.decide(chat, message);
    expect(await s.decide(chat, message)).toEqual({ kind: 'skip', reason: 'already_decided' });
    expect(s.sent).toHaveLength(1);
  });
});

describe('knowledge base', () => {
  it('finds «доставка» entries for «доставки» and «доставку» (Russian stemming)', async () => {
    const s = await shop();
    syncKnowledge(s.db, s.accountId, s.knowledgeDir, NOW);
    for (const query of ['доставки', 'про доставку']) {
      expect(searchKnowledge(s.db, s.accountId, query).map((hit) => hit.title)).toContain('Сколько идёт доставка?');
    }
    expect(searchKnowledge(s.db, s.accountId, 'размеров').map((hit) => hit.ref)).toEqual(['faq.md#3']);
  });

  it('retrieval is driven by the knowledge index: its matches, then one entry lookup each', async () => {
    const dir = tempDir();
    const database = await openDatabase(path.join(dir, 'agentiq.db'));
    opened.push(database);
    const compiled = knowledgeSearchQuery(database.runner, 1, '"доставк" OR "казан"', 3).compile();
    const plan = database.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
      .all(...(compiled.parameters as unknown[]))
      .map((row) => (row as { detail: string }).detail);
    expect(plan[0]).toMatch(/^SCAN knowledge_fts VIRTUAL TABLE/);
    expect(plan.join('\n')).toMatch(/SEARCH knowledge_entries USING INTEGER PRIMARY KEY/);
  });

  it('parses FAQ pairs and heading notes into entries with refs', async () => {
    const s = await shop();
    syncKnowledge(s.db, s.accountId, s.knowledgeDir, NOW);
    const entries = s.db.all(
      s.db.build.selectFrom('knowledge_entries').select(['ref', 'kind', 'title', 'body']).orderBy('ordinal'),
    );
    expect(entries).toEqual([
      { ref: 'faq.md#1', kind: 'note', title: 'Доставка', body: 'Отправляем заказы каждый будний день из Москвы.' },
      {
        ref: 'faq.md#2',
        kind: 'faq',
        title: 'Сколько идёт доставка?',
        body: 'Доставка по России занимает 2–3 рабочих дня.',
      },
      { ref: 'faq.md#3', kind: 'faq', title: 'Какие размеры есть?', body: 'Размеры с 42 по 54.' },
    ]);
  });

  it('re-indexes a changed file, skips an unchanged one and drops a deleted one', async () => {
    const s = await shop();
    const file = path.join(s.knowledgeDir, 'faq.md');
    expect(syncKnowledge(s.db, s.accountId, s.knowledgeDir, NOW)).toEqual({ files: 1, reindexed: 1, removed: 0 });
    expect(syncKnowledge(s.db, s.accountId, s.knowledgeDir, NOW)).toEqual({ files: 1, reindexed: 0, removed: 0 });

    writeFileSync(file, 'В: Есть ли самовывоз?\nО: Самовывоз из пункта на Тверской.\n');
    utimesSync(file, new Date('2026-05-13T00:00:00Z'), new Date('2026-05-13T00:00:00Z'));
    expect(syncKnowledge(s.db, s.accountId, s.knowledgeDir, NOW)).toMatchObject({ reindexed: 1 });
    expect(searchKnowledge(s.db, s.accountId, 'доставка')).toEqual([]);
    expect(searchKnowledge(s.db, s.accountId, 'самовывоза').map((hit) => hit.body)).toEqual([
      'Самовывоз из пункта на Тверской.',
    ]);

    // Touched but not changed: read and hashed, not rewritten.
    utimesSync(file, new Date('2026-05-14T00:00:00Z'), new Date('2026-05-14T00:00:00Z'));
    expect(syncKnowledge(s.db, s.accountId, s.knowledgeDir, NOW)).toMatchObject({ reindexed: 0 });

    rmSync(file);
    expect(syncKnowledge(s.db, s.accountId, s.knowledgeDir, NOW)).toEqual({ files: 0, reindexed: 0, removed: 1 });
    expect(searchKnowledge(s.db, s.accountId, 'самовывоз')).toEqual([]);
  });

  it('the bot sees an edited knowledge file from the next buyer message on', async () => {
    const server = await aiServer(reply('Самовывоз из пункта на Тверской.\nИСТОЧНИКИ: 1'));
    const s = await shop({ baseUrl: server.baseUrl });
    const chat = s.chat();
    expect(await s.decide(chat, s.buyerSays(chat, 'Есть самовывоз?'))).toMatchObject({ reason: 'weak_grounding' });
    const file = path.join(s.knowledgeDir, 'pickup.txt');
    writeFileSync(file, 'Q: Есть ли самовывоз?\nA: Самовывоз из пункта на Тверской.\n');
    const other = s.chat();
    expect(await s.decide(other, s.buyerSays(other, 'Есть самовывоз?'))).toMatchObject({
      kind: 'answer',
      citations: [expect.objectContaining({ ref: 'pickup.txt#1' })],
    });
  });
});
