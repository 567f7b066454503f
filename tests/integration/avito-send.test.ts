import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { OutboxEntryView } from '../../src-shared/domain/outbox';
import { startAvitoSimulator, type AvitoSim } from '../avito-sim/index';
import { call, connectSimAccount, openAvitoCore, simChatId, storeSimChat } from '../helpers/avito-outbox';
import { useTempDirs } from '../helpers/temp-dir';

/**
 * Avito replies through the outbox (issue 12 items 3, 4): exactly once without an idempotency key,
 * the guardrails of WB chats, mark-read when the seller opens a chat. The simulator over real HTTP,
 * a real core over a real SQLite file.
 */
const tempDir = useTempDirs();
let sim: AvitoSim;
const cores: Core[] = [];
beforeAll(async () => {
  sim = await startAvitoSimulator({ seed: 31, chats: 8 });
});
afterAll(() => sim.close());
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  sim.control.clearFaults();
});

let chatIndex = 0;
async function setup() {
  const secrets = new MemorySecretStore();
  const core = await openAvitoCore(tempDir(), sim, secrets);
  cores.push(core);
  const { accountId } = await connectSimAccount(core, sim, secrets);
  const chatId = simChatId(sim, chatIndex++ % 6);
  const { interactionId } = await storeSimChat(core, sim, accountId, chatId);
  const sqlite = core.internals.database.sqlite;
  const outboxRows = (kind = 'chat_message') =>
    sqlite
      .prepare('SELECT state, wb_event_id AS messageId FROM outbox WHERE interaction_id = ? AND kind = ? ORDER BY id')
      .all(interactionId, kind) as { state: string; messageId: string | null }[];
  const send = (text: string) => call<OutboxEntryView>(core, 'reply.send', { interactionId, text });
  const flush = () => call<{ attempted: number; sent: number; failed: number }>(core, 'outbox.flush', {});
  return { core, accountId, chatId, interactionId, sqlite, outboxRows, send, flush };
}

const sendsTo = (chatId: string, text: string) => sim.state.sent.filter((s) => s.chatId === chatId && s.text === text);

describe('Avito replies through the outbox', () => {
  it('a reply is sent once and recorded with the message id Avito gave it', async () => {
    const env = await setup();
    const text = 'Здравствуйте! Да, товар в наличии, можем отправить сегодня.';
    expect((await env.send(text)).state).toBe('queued');
    expect(await env.flush()).toMatchObject({ attempted: 1, sent: 1, failed: 0 });
    const sent = sendsTo(env.chatId, text);
    expect(sent).toHaveLength(1);
    expect(env.outboxRows()).toEqual([{ state: 'confirmed', messageId: sent[0]!.messageId }]);
    const stored = env.sqlite
      .prepare('SELECT sender, text FROM chat_messages WHERE interaction_id = ? AND external_id = ?')
      .all(env.interactionId, sent[0]!.messageId);
    expect(stored).toEqual([{ sender: 'seller', text }]);
  });

  it('the next sync finds the sent message already stored and adds nothing', async () => {
    const env = await setup();
    const text = 'Добрый день, цена окончательная, самовывоз возможен.';
    await env.send(text);
    await env.flush();
    const again = await storeSimChat(env.core, sim, env.accountId, env.chatId);
    expect(again.messagesAdded).toBe(0);
    const count = env.sqlite
      .prepare('SELECT COUNT(*) AS n FROM chat_messages WHERE interaction_id = ? AND text = ?')
      .get(env.interactionId, text) as { n: number };
    expect(count.n).toBe(1);
  });

  it('a reply longer than 1000 characters is refused before it is queued, with the length code', async () => {
    const env = await setup();
    const result = await env.core.call('reply.send', { interactionId: env.interactionId, text: 'а'.repeat(1001) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      code: 'reply_blocked',
      params: { violation: { code: 'reply_too_long', params: { length: 1001, max: 1000 } } },
    });
    expect(env.outboxRows()).toEqual([]);
  });

  it('the guardrails of WB chats block an AI mention in an Avito reply', async () => {
    const env = await setup();
    const result = await env.core.call('reply.send', {
      interactionId: env.interactionId,
      text: 'Вам отвечает ИИ, уточните вопрос.',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('reply_blocked');
    expect(env.outboxRows()).toEqual([]);
  });

  for (const lost of [504, 'reset'] as const) {
    it(`a send whose response was lost (${lost}) is found in the chat and not sent again`, async () => {
      const env = await setup();
      const text = `Ответ с потерянным ответом Avito (${lost}): отправим завтра утром.`;
      await env.send(text);
      sim.control.inject({ match: '/messages', method: 'POST', lostResponse: lost });
      expect(await env.flush()).toMatchObject({ sent: 0 });
      expect(env.outboxRows().map((r) => r.state)).toEqual(['sending']);
      expect(await env.flush()).toMatchObject({ sent: 1 });
      const sent = sendsTo(env.chatId, text);
      expect(sent).toHaveLength(1);
      expect(env.outboxRows()).toEqual([{ state: 'confirmed', messageId: sent[0]!.messageId }]);
    });
  }

  it('a send Avito answered with 503 and did not apply is looked for, not found, and sent again once', async () => {
    const env = await setup();
    const text = 'Ответ после ошибки 503: размер M есть, отправим сегодня.';
    await env.send(text);
    sim.control.inject({ match: '/messages', method: 'POST', status: 503 });
    await env.flush();
    expect(sendsTo(env.chatId, text)).toHaveLength(0);
    expect(env.outboxRows().map((r) => r.state)).toEqual(['sending']);
    await env.flush();
    expect(sendsTo(env.chatId, text)).toHaveLength(1);
    expect(env.outboxRows().map((r) => r.state)).toEqual(['confirmed']);
  });

  it('an equal text the seller sent before this reply is not taken for it: the reply is still sent', async () => {
    const env = await setup();
    const text = 'Спасибо за заказ!';
    await env.send(text);
    await env.flush();
    // The same words again, and the second send's answer is lost on top: only its own message counts.
    await env.send(text);
    sim.control.inject({ match: '/messages', method: 'POST', status: 503 });
    await env.flush();
    await env.flush();
    expect(sendsTo(env.chatId, text)).toHaveLength(2);
    const rows = env.outboxRows();
    expect(rows.map((r) => r.state)).toEqual(['confirmed', 'confirmed']);
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(2);
  });
});

describe('Avito mark-read when the seller opens a chat', () => {
  it('storing a chat (a sync) marks nothing read on Avito', async () => {
    const before = sim.state.reads.length;
    await setup();
    expect(sim.state.reads.length).toBe(before);
  });

  it('opening a chat marks it read on Avito once; opening it again without new messages does not', async () => {
    const env = await setup();
    expect(await call(env.core, 'interaction.open', { id: env.interactionId })).toEqual({ queued: true });
    await env.flush();
    expect(sim.state.reads.filter((id) => id === env.chatId)).toHaveLength(1);
    expect(await call(env.core, 'interaction.open', { id: env.interactionId })).toEqual({ queued: false });
    await env.flush();
    expect(sim.state.reads.filter((id) => id === env.chatId)).toHaveLength(1);
  });

  it('opening a chat again while its mark-read waits queues nothing more: one read goes', async () => {
    const env = await setup();
    sim.control.inject({ match: '/read', status: 503, times: 20 });
    await call(env.core, 'interaction.open', { id: env.interactionId });
    await env.flush();
    sim.control.buyerWrites(env.chatId, 'Вы тут?');
    await storeSimChat(env.core, sim, env.accountId, env.chatId);
    expect(await call(env.core, 'interaction.open', { id: env.interactionId })).toEqual({ queued: false });
    sim.control.clearFaults();
    await env.flush();
    expect(sim.state.reads.filter((id) => id === env.chatId)).toHaveLength(1);
    expect(env.outboxRows('mark_viewed').map((r) => r.state)).toEqual(['confirmed']);
  });

  it('a new buyer message makes the next open mark the chat read again', async () => {
    const env = await setup();
    await call(env.core, 'interaction.open', { id: env.interactionId });
    await env.flush();
    sim.control.buyerWrites(env.chatId, 'А доставка в Казань есть?');
    await storeSimChat(env.core, sim, env.accountId, env.chatId);
    expect(await call(env.core, 'interaction.open', { id: env.interactionId })).toEqual({ queued: true });
    await env.flush();
    expect(sim.state.reads.filter((id) => id === env.chatId)).toHaveLength(2);
  });

  it('a mark-read while Avito is unreachable waits in the outbox and goes once Avito answers', async () => {
    const env = await setup();
    sim.control.inject({ match: '/read', status: 503, times: 20 });
    await call(env.core, 'interaction.open', { id: env.interactionId });
    await env.flush();
    expect(sim.state.reads.filter((id) => id === env.chatId)).toHaveLength(0);
    expect(env.outboxRows('mark_viewed').map((r) => r.state)).not.toContain('confirmed');
    sim.control.clearFaults();
    await env.flush();
    expect(sim.state.reads.filter((id) => id === env.chatId)).toHaveLength(1);
    expect(env.outboxRows('mark_viewed').map((r) => r.state)).toEqual(['confirmed']);
  });
});

describe('Avito images and voice messages', () => {
  async function chatWith(type: 'image' | 'voice') {
    // Any chat type: with this seed the only image is in a u2u chat.
    const chat = sim.state.chats.find((c) => c.messages.slice(-100).some((m) => m.type === type))!;
    const secrets = new MemorySecretStore();
    const core = await openAvitoCore(tempDir(), sim, secrets);
    cores.push(core);
    const { accountId } = await connectSimAccount(core, sim, secrets);
    const { interactionId } = await storeSimChat(core, sim, accountId, chat.id);
    const rows = core.internals.database.sqlite
      .prepare('SELECT id, attachments_json AS json FROM chat_messages WHERE interaction_id = ?')
      .all(interactionId) as { id: number; json: string }[];
    const message = rows.find((r) => (JSON.parse(r.json) as { avitoType?: string }[])[0]?.avitoType === type)!;
    return { core, messageId: message.id };
  }

  it('an image in an Avito chat is downloaded once and then served from the cache when Avito is unreachable', async () => {
    const { core, messageId } = await chatWith('image');
    const first = await call<{ file: string | null }>(core, 'media.attachment', { messageId, index: 0 });
    expect(first.file).toMatch(/^[0-9a-f]{64}\.png$/);
    sim.control.inject({ match: '/__img', status: 503, times: 10 });
    const offline = await call<{ file: string | null }>(core, 'media.attachment', { messageId, index: 0 });
    expect(offline.file).toBe(first.file);
  });

  it('a voice message gets a fresh link on demand, and the link is stored nowhere', async () => {
    const { core, messageId } = await chatWith('voice');
    const { url } = await call<{ url: string | null }>(core, 'media.avitoVoiceUrl', { messageId });
    expect(url).toMatch(/\/__voice\/.+\.mp4$/);
    const sqlite = core.internals.database.sqlite;
    const kept = sqlite
      .prepare(
        "SELECT (SELECT COUNT(*) FROM chat_messages WHERE instr(attachments_json, '/__voice/') > 0) + (SELECT COUNT(*) FROM media_cache WHERE instr(url, '/__voice/') > 0) AS n",
      )
      .get() as { n: number };
    expect(kept.n).toBe(0);
  });

  it('a message that is not an Avito voice message has no voice link', async () => {
    const { core, messageId } = await chatWith('image');
    expect(await call(core, 'media.avitoVoiceUrl', { messageId })).toEqual({ url: null });
  });
});

describe('agentiq reply to an Avito chat', () => {
  const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');
  async function agentiq(dir: string, ...args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, AGENTIQ_DATA_DIR: dir, AGENTIQ_WB_TOKEN: '' };
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
      return { code: 0 as number | null, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number | null; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('queues a chat message by inbox id or by Avito chat id, and the outbox sends it once', async () => {
    const env = await setup();
    const dir = path.dirname(env.core.internals.database.sqlite.name);
    await env.core.close();
    cores.splice(cores.indexOf(env.core), 1);
    const text = 'Добрый день! Отправим заказ сегодня, трек пришлём в чат.';
    const byId = await agentiq(dir, 'reply', '--id', String(env.interactionId), '--text', text, '--json');
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({
      interactionId: env.interactionId,
      kind: 'chat_message',
      state: 'queued',
    });
    const second = `${text} Спасибо!`;
    const byChat = await agentiq(
      dir,
      'reply',
      '--id',
      env.chatId,
      '--account',
      String(env.accountId),
      '--text',
      second,
      '--json',
    );
    expect(byChat.code, byChat.stderr).toBe(0);
    // The CLI's keychain is the OS one (none here): this test's core holds the pair and sends.
    const secrets = new MemorySecretStore();
    const core = await openAvitoCore(dir, sim, secrets);
    cores.push(core);
    await connectSimAccount(core, sim, secrets);
    await call(core, 'outbox.flush', {});
    expect(sendsTo(env.chatId, text)).toHaveLength(1);
    expect(sendsTo(env.chatId, second)).toHaveLength(1);
  });

  it('a reply over 1000 characters exits 1 with one line, as for WB, and queues nothing', async () => {
    const env = await setup();
    const dir = path.dirname(env.core.internals.database.sqlite.name);
    await env.core.close();
    cores.splice(cores.indexOf(env.core), 1);
    const refused = await agentiq(
      dir,
      'reply',
      '--id',
      String(env.interactionId),
      '--text',
      'я'.repeat(1001),
      '--json',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const listed = await agentiq(dir, 'outbox', '--json', '--account', String(env.accountId));
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});

describe('guardrails.check for an Avito chat', () => {
  it('checks an Avito chat as a WB chat: the same verdicts and the 1000-character limit', async () => {
    const env = await setup();
    for (const text of ['Вам отвечает ИИ.', 'Гарантируем возврат денег!', 'Спасибо за заказ!', 'я'.repeat(1001)]) {
      const avito = await call(env.core, 'guardrails.check', { channel: 'avito_chat', text });
      const wb = await call(env.core, 'guardrails.check', { channel: 'chat', text });
      expect(avito, text.slice(0, 20)).toEqual(wb);
    }
  });
});

describe('Avito replies offline', () => {
  it('a reply written while Avito is unreachable stays queued and goes once Avito is back', async () => {
    const own = await startAvitoSimulator({ seed: 77, chats: 4 });
    const port = own.port;
    const secrets = new MemorySecretStore();
    const core = await openAvitoCore(tempDir(), own, secrets);
    cores.push(core);
    const { accountId } = await connectSimAccount(core, own, secrets);
    const chatId = simChatId(own);
    const { interactionId } = await storeSimChat(core, own, accountId, chatId);
    await own.close();
    const text = 'Ответ без сети: отправим, как только появится связь.';
    await call(core, 'reply.send', { interactionId, text });
    const offline = await call<{ sent: number }>(core, 'outbox.flush', {});
    expect(offline.sent).toBe(0);
    const state = () =>
      core.internals.database.sqlite
        .prepare("SELECT state FROM outbox WHERE interaction_id = ? AND kind = 'chat_message'")
        .pluck()
        .get(interactionId);
    // Connection refused: provably not sent, so back in the queue (no look-up needed later).
    expect(state()).toBe('queued');
    const back = await startAvitoSimulator({ seed: 77, chats: 4, port });
    try {
      await call(core, 'outbox.flush', {});
      expect(back.state.sent.filter((s) => s.chatId === chatId && s.text === text)).toHaveLength(1);
      expect(state()).toBe('confirmed');
    } finally {
      await back.close();
    }
  });
});
