import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { OutboxEntryView } from '../../src-shared/domain/outbox';
import { createCore, type Core } from '../../src-main/core/core';
import { silentLogger } from '../../src-main/core/logger';
import { Dispatcher, type DispatchStep } from '../../src-main/core/replies/dispatcher';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { decodeWbToken } from '../../src-main/core/wb/token';
import { createWbClient } from '../../src-main/core/wb/wb-client';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { useOpenEnvs } from '../helpers/wb-env';

/**
 * Exactly once and never lost when more than one dispatcher works on one data dir (the app and
 * `agentiq outbox --flush`), when the seller acts during a send, when WB cannot be checked, when
 * the local clock is off, and when WB moderates a review answer. Real SQLite files, the simulator.
 */
const tempDir = useTempDirs();
const open = useOpenEnvs();
const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'tests/helpers/outbox-child.ts');
const SIM = { seed: 11, reviews: 60, questions: 40, chats: 6, limits: false };

type Hook = (step: DispatchStep) => void;

async function openCore(
  dataDir: string,
  sim: WbSim,
  token: string,
  options: { clock?: () => Date; hook?: { current: Hook | null } } = {},
): Promise<Core> {
  const core = await createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    shell: 'cli',
    version: '0.0.0-test',
    envToken: token,
    clock: options.clock ?? (() => new Date()),
    wb: { baseUrl: sim.url, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))) },
    afterDispatchStep: (step) => options.hook?.current?.(step),
  });
  open.push({ core });
  return core;
}

async function setup(options: { clock?: () => Date } = {}) {
  const sim = await startWbSimulator(SIM);
  open.push({ sim });
  const dataDir = tempDir();
  const token = makeWbToken();
  const hook: { current: Hook | null } = { current: null };
  const core = await openCore(dataDir, sim, token, { hook, clock: options.clock });
  const accountId = core.internals.envAccount()!.id;
  const sqlite = core.internals.database.sqlite;
  const call = async <T>(target: Core, channel: string, input: unknown): Promise<T> => {
    const result = await target.call(channel, input);
    if (!result.ok) throw Object.assign(new Error(JSON.stringify(result.error)), { code: result.error.code });
    return result.value as T;
  };
  const refusal = async (target: Core, channel: string, input: unknown) => {
    const result = await target.call(channel, input);
    expect(result.ok, `${channel} should be refused`).toBe(false);
    return result.ok ? { code: '', params: {} } : result.error;
  };
  const sync = (target: Core = core) => call(target, 'sync.run', { accountId });
  await sync();
  const item = (sql: string) => sqlite.prepare(sql).get() as { id: number; external_id: string };
  const outbox = (id: number) =>
    sqlite.prepare('SELECT state, last_error, wb_event_id, lease_owner FROM outbox WHERE id = ?').get(id) as {
      state: string;
      last_error: string | null;
      wb_event_id: string | null;
      lease_owner: string | null;
    };
  const interaction = (id: number) =>
    sqlite.prepare('SELECT reply_state, needs_response, status FROM interactions WHERE id = ?').get(id) as {
      reply_state: string;
      needs_response: number;
      status: string;
    };
  const send = (interactionId: number, text: string, target: Core = core) =>
    call<OutboxEntryView>(target, 'reply.send', { interactionId, text });
  const flush = (target: Core = core) =>
    call<{ attempted: number; sent: number; failed: number }>(target, 'outbox.flush', {});
  const chatTexts = (chatId: string, text: string) =>
    sim.control.recorded().chatMessages.filter((m) => m.chatID === chatId && m.text === text);
  return {
    sim,
    dataDir,
    token,
    hook,
    core,
    accountId,
    sqlite,
    call,
    refusal,
    sync,
    item,
    outbox,
    interaction,
    send,
    flush,
    chatTexts,
  };
}

/** outbox.last_error holds the code as JSON, never text. */
const UNCHECKED = JSON.stringify({ code: 'reply_chat_unchecked', params: {} });
const OPEN_REVIEW =
  "SELECT id, external_id FROM interactions WHERE channel = 'review' AND needs_response = 1 ORDER BY id LIMIT 1";
const OPEN_QUESTION =
  "SELECT id, external_id FROM interactions WHERE channel = 'question' AND needs_response = 1 ORDER BY id LIMIT 1";
const CHAT =
  "SELECT id, external_id FROM interactions WHERE channel = 'chat' AND reply_sign IS NOT NULL ORDER BY id LIMIT 1";

/** A flush in a separate process, with its clock `offsetMs` off and, optionally, killed at a step. */
async function childFlush(
  env: { dataDir: string; token: string; sim: WbSim },
  options: { crashAt?: DispatchStep; offsetMs?: number } = {},
) {
  const childEnv = {
    ...process.env,
    AGENTIQ_DATA_DIR: env.dataDir,
    AGENTIQ_WB_TOKEN: env.token,
    AGENTIQ_WB_BASE_URL: env.sim.url,
    AGENTIQ_TEST_CLOCK_OFFSET_MS: String(options.offsetMs ?? 0),
    AGENTIQ_CRASH_AT: options.crashAt ?? '',
  };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD], {
      env: childEnv,
      cwd: ROOT,
    });
    return { signal: null as string | null, stdout };
  } catch (error) {
    const failed = error as { signal: string | null; stdout: string; stderr: string };
    return { signal: failed.signal, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('outbox: exactly once with concurrent dispatchers and a moving world', () => {
  it('two cores on one data dir flushing at once deliver each reply exactly once (review, question, chat)', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const question = env.item(OPEN_QUESTION);
    const chat = env.item(CHAT);
    const other = await openCore(env.dataDir, env.sim, env.token);
    const entries = [
      await env.send(review.id, 'Спасибо за отзыв! Рады, что подошло.'),
      await env.send(question.id, 'Да, в комплекте два чехла.', other),
      await env.send(chat.id, 'Здравствуйте! Проверяем заказ.'),
    ];
    const [a, b] = await Promise.all([env.flush(), env.flush(other)]);
    expect(a.sent + b.sent).toBe(3);
    const recorded = env.sim.control.recorded();
    expect(recorded.feedbackAnswers.filter((x) => x.id === review.external_id).map((x) => x.text)).toEqual([
      'Спасибо за отзыв! Рады, что подошло.',
    ]);
    expect(recorded.questionAnswers.filter((x) => x.id === question.external_id).map((x) => x.text)).toEqual([
      'Да, в комплекте два чехла.',
    ]);
    expect(env.chatTexts(chat.external_id, 'Здравствуйте! Проверяем заказ.')).toHaveLength(1);
    expect(entries.map((e) => env.outbox(e.id))).toEqual(
      entries.map(() => expect.objectContaining({ state: 'sent_pending', lease_owner: null })),
    );
    // Flushing again from both, and syncing, changes nothing on WB.
    await Promise.all([env.flush(), env.flush(other)]);
    await env.sync(other);
    expect(entries.map((e) => env.outbox(e.id).state)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(env.sim.control.recorded().feedbackAnswers.filter((x) => x.id === review.external_id)).toHaveLength(1);
    expect(env.sim.control.recorded().questionAnswers.filter((x) => x.id === question.external_id)).toHaveLength(1);
    expect(env.chatTexts(chat.external_id, 'Здравствуйте! Проверяем заказ.')).toHaveLength(1);
  });

  it.each(['reset', 502, 504] as const)(
    'WB handles a send but the response is lost (%s): looked up, never sent twice, never lost',
    async (lost) => {
      const env = await setup();
      const review = env.item(OPEN_REVIEW);
      const question = env.item(OPEN_QUESTION);
      const chat = env.item(CHAT);
      const texts = {
        review: 'Спасибо за отзыв, рады помочь!',
        question: 'Да, размер соответствует таблице.',
        chat: 'Здравствуйте! Заказ уже в пути.',
      };
      await env.send(review.id, texts.review);
      await env.send(question.id, texts.question);
      await env.send(chat.id, texts.chat);
      env.sim.control.inject({ match: '/api/v1/feedbacks/answer', method: 'POST', lostResponse: lost });
      env.sim.control.inject({ match: '/api/v1/questions', method: 'PATCH', lostResponse: lost });
      env.sim.control.inject({ match: '/api/v1/seller/message', method: 'POST', lostResponse: lost });
      for (let pass = 0; pass < 4; pass += 1) {
        env.sqlite.prepare('UPDATE outbox SET next_attempt_at = NULL').run();
        await env.flush();
        await env.sync();
      }
      // Every injected loss happened (each send did reach WB once with its response lost).
      expect(env.sim.control.faults.active()).toEqual([]);
      const recorded = env.sim.control.recorded();
      expect(
        recorded.feedbackAnswers.filter((a) => a.id === review.external_id && a.text === texts.review),
      ).toHaveLength(1);
      expect(
        recorded.questionAnswers.filter((a) => a.id === question.external_id && a.text === texts.question),
      ).toHaveLength(1);
      expect(env.chatTexts(chat.external_id, texts.chat)).toHaveLength(1);
      const states = env.sqlite
        .prepare("SELECT state FROM outbox WHERE kind != 'mark_viewed' ORDER BY id")
        .pluck()
        .all();
      expect(states).toEqual(['confirmed', 'confirmed', 'confirmed']);
    },
  );

  it('a row another live dispatcher is sending is left alone by a second dispatcher', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const entry = await env.send(review.id, 'Спасибо! Передали отзыв на склад.');
    const other = await openCore(env.dataDir, env.sim, env.token);
    // While this core is between marking `sending` and the request, the other one flushes.
    let otherFlush: { attempted: number; sent: number } | null = null;
    env.hook.current = (step) => {
      if (step === 'marked_sending') {
        env.hook.current = null;
        void env.flush(other).then((r) => (otherFlush = r));
      }
    };
    await env.flush();
    await expect.poll(() => otherFlush).not.toBeNull();
    expect(otherFlush).toMatchObject({ attempted: 0, sent: 0 });
    expect(env.sim.control.recorded().feedbackAnswers.filter((x) => x.id === review.external_id)).toHaveLength(1);
    expect(env.outbox(entry.id).state).toBe('sent_pending');
  });

  it('«Отменить» during the look-up wins and nothing is published; during the send it is refused', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const first = await env.send(review.id, 'Спасибо за отзыв, первый вариант.');
    // The dispatcher has claimed the row and is about to look the review up on WB.
    let cancelled: OutboxEntryView | null = null;
    env.hook.current = (step) => {
      if (step === 'claimed') cancelled = env.core.internals.outbox.cancel(first.id);
    };
    await env.flush();
    expect(cancelled).toMatchObject({ state: 'cancelled' });
    expect(env.outbox(first.id).state).toBe('cancelled');
    expect(env.interaction(review.id).reply_state).toBe('none');
    expect(env.sim.control.recorded().feedbackAnswers.filter((x) => x.id === review.external_id)).toHaveLength(0);

    // Once marked `sending`, the cancel is refused with the reason, and the answer goes out once.
    const second = await env.send(review.id, 'Спасибо за отзыв, второй вариант.');
    let refusal: Error | null = null;
    env.hook.current = (step) => {
      if (step !== 'marked_sending') return;
      try {
        env.core.internals.outbox.cancel(second.id);
      } catch (error) {
        refusal = error as Error;
      }
    };
    await env.flush();
    expect(refusal).toMatchObject({ code: 'reply_state_refused', params: { action: 'cancel', state: 'sending' } });
    expect(
      env.sim.control
        .recorded()
        .feedbackAnswers.filter((x) => x.id === review.external_id)
        .map((x) => x.text),
    ).toEqual(['Спасибо за отзыв, второй вариант.']);
    expect(env.outbox(second.id).state).toBe('sent_pending');
  });

  it('an edit during the look-up is what WB gets, never the old text', async () => {
    const env = await setup();
    const question = env.item(OPEN_QUESTION);
    const entry = await env.send(question.id, 'Старый текст ответа на вопрос.');
    env.hook.current = (step) => {
      if (step === 'claimed') env.core.internals.outbox.update(entry.id, 'Новый текст ответа на вопрос.');
    };
    await env.flush();
    env.hook.current = null;
    expect(env.sim.control.recorded().questionAnswers.filter((x) => x.id === question.external_id)).toHaveLength(0);
    await env.flush();
    expect(
      env.sim.control
        .recorded()
        .questionAnswers.filter((x) => x.id === question.external_id)
        .map((x) => x.text),
    ).toEqual(['Новый текст ответа на вопрос.']);
    // While `sending`, an edit is refused.
    const review = env.item(OPEN_REVIEW);
    const answer = await env.send(review.id, 'Спасибо за отзыв!');
    let refusal: Error | null = null;
    env.hook.current = (step) => {
      if (step !== 'marked_sending') return;
      try {
        env.core.internals.outbox.update(answer.id, 'Другой текст');
      } catch (error) {
        refusal = error as Error;
      }
    };
    await env.flush();
    expect(refusal).toMatchObject({ code: 'reply_state_refused', params: { action: 'edit', state: 'sending' } });
    expect(
      env.sim.control
        .recorded()
        .feedbackAnswers.filter((x) => x.id === review.external_id)
        .map((x) => x.text),
    ).toEqual(['Спасибо за отзыв!']);
  });

  it('a chat message sent before a crash is not sent again while the events feed fails, and is confirmed once it works', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    const text = 'Здравствуйте! Заказ уже в пути.';
    const entry = await env.send(chat.id, text);
    // The app dies right after WB took the message, before recording it.
    expect((await childFlush(env, { crashAt: 'sent' })).signal).toBe('SIGKILL');
    expect(env.outbox(entry.id).state).toBe('sending');
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);

    env.sim.control.inject({ match: '/api/v1/seller/events', status: 503, times: 1000 });
    expect(await env.flush()).toMatchObject({ sent: 0 });
    expect(await env.flush()).toMatchObject({ sent: 0 });
    expect(env.outbox(entry.id)).toMatchObject({ state: 'sending', last_error: UNCHECKED });
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);

    env.sim.control.clearFaults();
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('confirmed');
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
  }, 30_000);

  it('a chat message that never reached WB waits while the feed fails, then is delivered once', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    const text = 'Добрый день! Пришлите, пожалуйста, фото.';
    const entry = await env.send(chat.id, text);
    env.sim.control.inject({ match: '/api/v1/seller/message', status: 503, times: 1 });
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('sending');
    env.sim.control.inject({ match: '/api/v1/seller/events', status: 503, times: 1000 });
    await env.flush();
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(0);
    env.sim.control.clearFaults();
    // The feed works but shows nothing past the send yet: WB may still have it, so it waits.
    await env.flush();
    expect(env.outbox(entry.id)).toMatchObject({ state: 'sending', last_error: UNCHECKED });
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(0);
    // A buyer writes: the feed read past the send proves WB does not have it.
    env.sim.control.addChatMessages(1, 1);
    await env.flush();
    await env.sync();
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
    expect(env.outbox(entry.id).state).toBe('confirmed');
  });

  it('a chat message that never reached WB, in a chat nobody writes to, is sent once the feed has had 10 minutes to show it', async () => {
    let now = Date.now();
    const env = await setup({ clock: () => new Date(now) });
    const chat = env.item(CHAT);
    const text = 'Добрый вечер! Уточните, пожалуйста, размер.';
    const entry = await env.send(chat.id, text);
    env.sim.control.inject({ match: '/api/v1/seller/message', status: 503, times: 1 });
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('sending');
    env.sqlite.prepare('UPDATE outbox SET next_attempt_at = NULL').run();
    now += 9 * 60_000;
    await env.flush();
    expect(env.outbox(entry.id)).toMatchObject({ state: 'sending', last_error: UNCHECKED });
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(0);
    env.sqlite.prepare('UPDATE outbox SET next_attempt_at = NULL').run();
    now += 2 * 60_000;
    await env.flush();
    await env.sync();
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
    expect(env.outbox(entry.id).state).toBe('confirmed');
  });

  it('the same chat text queued twice is delivered twice, each row confirmed by its own WB message', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    const first = await env.send(chat.id, 'Спасибо!');
    await env.flush();
    await env.sync();
    expect(env.outbox(first.id).state).toBe('confirmed');
    // The second one waits while a sync sees the first message: that is not the second one.
    const second = await env.send(chat.id, 'Спасибо!');
    await env.sync();
    expect(env.outbox(second.id).state).toBe('queued');
    await env.flush();
    await env.sync();
    // And two at once, both sent before any sync.
    const third = await env.send(chat.id, 'Спасибо!');
    const fourth = await env.send(chat.id, 'Спасибо!');
    await env.flush();
    await env.sync();
    const rows = [first, second, third, fourth].map((e) => env.outbox(e.id));
    expect(rows.map((r) => r.state)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect(new Set(rows.map((r) => r.wb_event_id)).size).toBe(4);
    expect(env.chatTexts(chat.external_id, 'Спасибо!')).toHaveLength(4);
  });

  it('a crash after sending with the local clock 5 minutes fast does not send the chat message twice', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    const text = 'Здравствуйте! Возврат оформлен.';
    const fast = 5 * 60_000;
    const entry = await env.send(chat.id, text);
    expect((await childFlush(env, { crashAt: 'sent', offsetMs: fast })).signal).toBe('SIGKILL');
    expect(env.outbox(entry.id).state).toBe('sending');
    // The app comes back, its clock still fast.
    const restarted = await openCore(env.dataDir, env.sim, env.token, { clock: () => new Date(Date.now() + fast) });
    await env.flush(restarted);
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
    expect(env.outbox(entry.id).state).toBe('confirmed');
  }, 30_000);

  it('a chat message sent before a crash is not sent again while the events cursor is stuck', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    const text = 'Здравствуйте! Посылка уже у курьера.';
    const entry = await env.send(chat.id, text);
    // Buyers write meanwhile (not synced): in the feed, our message comes after theirs.
    env.sim.control.addChatMessages(2, 2);
    expect((await childFlush(env, { crashAt: 'sent' })).signal).toBe('SIGKILL');
    expect(env.outbox(entry.id).state).toBe('sending');
    // The feed's cursor stops moving: the walk ends "ok" with events left unread.
    env.sim.control.setQuirks({ eventsCursorStuck: true, eventsPage: 1 });
    expect(await env.flush()).toMatchObject({ sent: 0 });
    expect(await env.flush()).toMatchObject({ sent: 0 });
    expect(env.outbox(entry.id)).toMatchObject({ state: 'sending', last_error: UNCHECKED });
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);

    env.sim.control.setQuirks({ eventsCursorStuck: false, eventsPage: undefined });
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('confirmed');
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
  }, 30_000);

  it('a chat message sent before a crash is not sent again while the events feed lags behind the send', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    const text = 'Здравствуйте! Замену отправили сегодня.';
    const entry = await env.send(chat.id, text);
    expect((await childFlush(env, { crashAt: 'sent' })).signal).toBe('SIGKILL');
    // Right after the crash the feed does not show the last minutes yet: read to its end, it ends before the send.
    env.sim.control.setQuirks({ eventsLagMs: 10 * 60_000 });
    expect(await env.flush()).toMatchObject({ sent: 0 });
    expect(env.outbox(entry.id)).toMatchObject({ state: 'sending', last_error: UNCHECKED });
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);

    env.sim.control.setQuirks({ eventsLagMs: 0 });
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('confirmed');
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
  }, 30_000);

  it('the same text sent from the WB portal before ours never confirms our chat message (crash before the request)', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    // 12:00 the seller writes «Спасибо!» in the WB portal; 12:05 the same text is queued in the app.
    expect(env.sim.control.answerInPortal('chat', chat.external_id, 'Спасибо!')).toBe(true);
    await env.sync();
    const entry = await env.send(chat.id, 'Спасибо!');
    expect((await childFlush(env, { crashAt: 'marked_sending' })).signal).toBe('SIGKILL');
    expect(env.outbox(entry.id).state).toBe('sending');
    expect(env.chatTexts(chat.external_id, 'Спасибо!')).toHaveLength(0);
    await env.flush();
    await env.sync();
    expect(env.chatTexts(chat.external_id, 'Спасибо!')).toHaveLength(1);
    const row = env.outbox(entry.id);
    expect(row.state).toBe('confirmed');
    expect(
      env.sqlite.prepare('SELECT source FROM chat_messages WHERE external_id = ?').pluck().get(row.wb_event_id),
    ).toBe('seller-public-api');
  }, 30_000);

  it('the same text sent from the WB portal before ours never confirms our chat message (send outcome unknown)', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    expect(env.sim.control.answerInPortal('chat', chat.external_id, 'Спасибо!')).toBe(true);
    await env.sync();
    const entry = await env.send(chat.id, 'Спасибо!');
    // WB answers 503 to the send (it did not take it); the row waits in `sending` to be looked up.
    env.sim.control.inject({ match: '/api/v1/seller/message', status: 503, times: 1 });
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('sending');
    // The feed moves past the send (a buyer writes): only messages newer than the row's baseline can be ours.
    env.sim.control.addChatMessages(1, 1);
    await env.flush();
    await env.sync();
    expect(env.chatTexts(chat.external_id, 'Спасибо!')).toHaveLength(1);
    const row = env.outbox(entry.id);
    expect(row.state).toBe('confirmed');
    expect(
      env.sqlite.prepare('SELECT source FROM chat_messages WHERE external_id = ?').pluck().get(row.wb_event_id),
    ).toBe('seller-public-api');
  }, 30_000);

  it('with a Base token a reply waiting for the WB limit stays queued and cancellable, never held in `sending`', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const chat = env.item(CHAT);
    // WB enforces its limits from here on (a Base token: 1 review request in 12 minutes, 1 chat request an hour).
    env.sim.control.setLimits(true);
    const base = await openCore(env.dataDir, env.sim, makeWbToken({ type: 'base' }));
    const answer = await env.send(review.id, 'Спасибо за отзыв! Рады, что понравилось.', base);
    const first = await env.send(chat.id, 'Здравствуйте! Уточним у склада.', base);
    const second = await env.send(chat.id, 'И ещё: заказ соберут завтра.', base);
    const started = Date.now();
    // The review's look-up spends the 12-minute slot; the first chat message the hour's one.
    const flushed = await Promise.race([
      env.flush(base),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
    ]);
    expect(flushed, 'the flush waits for the WB limit').not.toBeNull();
    expect(env.outbox(first.id).state).toBe('sent_pending');
    expect(env.chatTexts(chat.external_id, 'Здравствуйте! Уточним у склада.')).toHaveLength(1);
    const due = (id: number) =>
      Date.parse(env.sqlite.prepare('SELECT next_attempt_at FROM outbox WHERE id = ?').pluck().get(id) as string) -
      started;
    for (const [entry, minutes] of [
      [answer, 10],
      [second, 50],
    ] as const) {
      expect(env.outbox(entry.id)).toMatchObject({
        state: 'queued',
        last_error: JSON.stringify({ code: 'reply_limit_deferred', params: {} }),
      });
      expect(due(entry.id)).toBeGreaterThan(minutes * 60_000);
    }
    // Flushing again («Отправить сейчас») waits for nothing either, and both can still be cancelled.
    expect(await env.flush(base)).toMatchObject({ attempted: 0 });
    expect((await env.call<OutboxEntryView>(base, 'outbox.cancel', { outboxId: answer.id })).state).toBe('cancelled');
    expect((await env.call<OutboxEntryView>(base, 'outbox.cancel', { outboxId: second.id })).state).toBe('cancelled');
    expect(env.sim.control.recorded().feedbackAnswers.filter((x) => x.id === review.external_id)).toHaveLength(0);
    expect(env.chatTexts(chat.external_id, 'И ещё: заказ соберут завтра.')).toHaveLength(0);
  }, 30_000);

  it('a lease renewal that fails (SQLITE_BUSY) is retried: a long send keeps its row', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const text = 'Спасибо за отзыв! Проверим партию.';
    const entry = await env.send(review.id, text);
    const client = createWbClient(env.token, decodeWbToken(env.token), {
      baseUrl: env.sim.url,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    });
    const leaseUntil = () =>
      env.sqlite.prepare('SELECT lease_until FROM outbox WHERE id = ?').pluck().get(entry.id) as string | null;
    let claimedUntil: string | null = null;
    const dispatcher = new Dispatcher({
      db: env.core.internals.database.runner,
      bus: env.core.internals.bus,
      clock: () => new Date(),
      logger: silentLogger,
      outbox: env.core.internals.outbox,
      clientFor: async () => client,
      catchUpChat: async () => false,
      leaseRenewMs: 40,
      afterStep: (step) => {
        if (step !== 'claimed') return;
        claimedUntil = leaseUntil();
        // Another process holds the write lock for a while: every renewal fails meanwhile.
        env.sqlite.exec(`CREATE TEMP TRIGGER lease_busy BEFORE UPDATE OF lease_until ON outbox
          WHEN NEW.lease_until IS NOT NULL AND NEW.version = OLD.version AND NEW.lease_owner IS OLD.lease_owner
          BEGIN SELECT RAISE(ABORT, 'database is locked'); END`);
        setTimeout(() => env.sqlite.exec('DROP TRIGGER lease_busy'), 300);
      },
    });
    // WB is slow to answer the look-up (it hangs, then is retried).
    env.sim.control.inject({ match: '/api/v1/feedback', method: 'GET', timeoutMs: 1_500 });
    const flushing = dispatcher.flush();
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(claimedUntil).not.toBeNull();
    expect(leaseUntil()! > claimedUntil!).toBe(true);
    expect(await flushing).toMatchObject({ sent: 1 });
    expect(env.outbox(entry.id)).toMatchObject({ state: 'sent_pending', lease_owner: null });
    expect(
      env.sim.control
        .recorded()
        .feedbackAnswers.filter((x) => x.id === review.external_id)
        .map((x) => x.text),
    ).toEqual([text]);
  }, 30_000);

  it('a send WB accepted that SQLite fails to record stays `sending`: looked up, never sent again', async () => {
    const env = await setup();
    const chat = env.item(CHAT);
    const text = 'Здравствуйте! Курьер приедет завтра.';
    const entry = await env.send(chat.id, text);
    // WB took the message; writing `sent_pending` then fails (disk full, I/O error).
    env.hook.current = (step) => {
      if (step === 'sent')
        env.sqlite.exec(
          `CREATE TEMP TRIGGER record_fails BEFORE UPDATE OF state ON outbox WHEN NEW.state = 'sent_pending' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
        );
    };
    await env.flush();
    env.hook.current = null;
    env.sqlite.exec('DROP TRIGGER record_fails');
    expect(env.outbox(entry.id).state).toBe('sending');
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
    // Not `failed`: «Повторить» (which would send again without looking) is not offered.
    expect(await env.refusal(env.core, 'outbox.retry', { outboxId: entry.id })).toMatchObject({
      code: 'reply_state_refused',
      params: { action: 'retry', state: 'sending' },
    });
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('confirmed');
    expect(env.chatTexts(chat.external_id, text)).toHaveLength(1);
  }, 30_000);

  it('a rejection in conflict can only be discarded: its text is never published as the answer', async () => {
    const env = await setup();
    const question = env.item(OPEN_QUESTION);
    const entry = await env.call<OutboxEntryView>(env.core, 'question.reject', {
      interactionId: question.id,
      text: 'Вопрос не по товару.',
    });
    env.sim.control.answerInPortal('question', question.external_id, 'Ответ из ЛК продавца');
    await env.sync();
    expect(env.outbox(entry.id).state).toBe('conflict');
    const refused = await env.refusal(env.core, 'outbox.resolveConflict', { outboxId: entry.id, action: 'edit_wb' });
    expect(refused).toMatchObject({ code: 'reject_after_answer', params: {} });
    expect(env.outbox(entry.id).state).toBe('conflict');
    expect(
      (await env.call<OutboxEntryView>(env.core, 'outbox.resolveConflict', { outboxId: entry.id, action: 'discard' }))
        .state,
    ).toBe('cancelled');
    await env.flush();
    const recorded = env.sim.control.recorded();
    expect(
      [...recorded.questionAnswers, ...recorded.questionRejections].filter((x) => x.id === question.external_id),
    ).toHaveLength(0);
  });

  it('a review answer under WB moderation stays sent and waiting; shown, it is confirmed', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const entry = await env.send(review.id, 'Спасибо за отзыв! Учтём пожелания.');
    await env.flush();
    expect(env.sim.control.setAnswerState(review.external_id, 'reviewRequired')).toBe(true);
    await env.sync();
    expect(env.outbox(entry.id).state).toBe('sent_pending');
    expect(env.interaction(review.id).reply_state).toBe('sent_pending');
    await env.flush();
    await env.sync();
    expect(env.outbox(entry.id).state).toBe('sent_pending');
    expect(env.sim.control.recorded().feedbackAnswers.filter((x) => x.id === review.external_id)).toHaveLength(1);
    env.sim.control.setAnswerState(review.external_id, 'wbRu');
    await env.sync();
    expect(env.outbox(entry.id).state).toBe('confirmed');
  });

  it('a review answer under moderation found when recovering a crashed send is not sent again and not shown as published', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const entry = await env.send(review.id, 'Спасибо! Передадим отзыв на склад.');
    expect((await childFlush(env, { crashAt: 'sent' })).signal).toBe('SIGKILL');
    env.sim.control.setAnswerState(review.external_id, 'reviewRequired');
    await env.flush();
    expect(env.outbox(entry.id).state).toBe('sent_pending');
    expect(env.sim.control.recorded().feedbackAnswers.filter((x) => x.id === review.external_id)).toHaveLength(1);
  }, 30_000);

  it('a queued answer whose text WB already holds for moderation is shown sent and waiting after a sync, as the dispatcher would, and never sent', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const text = 'Спасибо за отзыв! Размер подобрали верно.';
    const entry = await env.send(review.id, text);
    // The same text reached WB another way (the portal) and waits for WB's moderation.
    expect(env.sim.control.answerInPortal('feedback', review.external_id, text)).toBe(true);
    env.sim.control.setAnswerState(review.external_id, 'reviewRequired');
    await env.sync();
    expect(env.outbox(entry.id).state).toBe('sent_pending');
    expect(env.interaction(review.id).reply_state).toBe('sent_pending');
    expect(await env.flush()).toMatchObject({ attempted: 0 });
    env.sim.control.setAnswerState(review.external_id, 'wbRu');
    await env.sync();
    expect(env.outbox(entry.id).state).toBe('confirmed');
    expect(env.sim.control.recorded().feedbackAnswers.filter((x) => x.id === review.external_id)).toHaveLength(0);
  });

  it('a review answer WB rejected on moderation fails with the reason, the review needs an answer again, and a retry goes out', async () => {
    const env = await setup();
    const review = env.item(OPEN_REVIEW);
    const entry = await env.send(review.id, 'Спасибо за отзыв!');
    await env.flush();
    env.sim.control.setAnswerState(review.external_id, 'reviewRequired');
    await env.sync();
    expect(env.outbox(entry.id).state).toBe('sent_pending');
    env.sim.control.setAnswerState(review.external_id, 'rejected');
    await env.sync();
    const [failed] = await env.call<OutboxEntryView[]>(env.core, 'outbox.list', {
      accountId: env.accountId,
      interactionId: review.id,
    });
    expect(failed).toMatchObject({
      id: entry.id,
      state: 'failed',
      lastError: { code: 'wb_moderation_rejected', params: {} },
    });
    expect(env.interaction(review.id)).toMatchObject({ reply_state: 'failed', needs_response: 1, status: 'open' });

    // Editable and retryable: the seller rewrites it and it is sent again.
    expect(
      (
        await env.call<OutboxEntryView>(env.core, 'outbox.update', {
          outboxId: entry.id,
          text: 'Спасибо за отзыв! Разберёмся с доставкой.',
        })
      ).state,
    ).toBe('queued');
    await env.flush();
    await env.sync();
    expect(
      env.sim.control
        .recorded()
        .feedbackAnswers.filter((x) => x.id === review.external_id && x.applied)
        .map((x) => x.text),
    ).toEqual(['Спасибо за отзыв!', 'Спасибо за отзыв! Разберёмся с доставкой.']);
    expect(env.outbox(entry.id).state).toBe('confirmed');
    expect(env.interaction(review.id)).toMatchObject({ needs_response: 0, status: 'responded' });
  });

  it.each(['sync', 'dispatcher'] as const)(
    '«Повторить» after a moderation rejection, crashed before the request: WB’s old rejection of that text is not taken for the retry (%s looks first)',
    async (first) => {
      const env = await setup();
      const review = env.item(OPEN_REVIEW);
      const text = 'Спасибо за отзыв! Передадим пожелания производителю.';
      const entry = await env.send(review.id, text);
      await env.flush();
      env.sim.control.setAnswerState(review.external_id, 'rejected');
      await env.sync();
      expect(env.outbox(entry.id)).toMatchObject({
        state: 'failed',
        last_error: JSON.stringify({ code: 'wb_moderation_rejected', params: {} }),
      });

      // The seller retries the same text; the app dies after marking it `sending`, before the request.
      expect((await env.call<OutboxEntryView>(env.core, 'outbox.retry', { outboxId: entry.id })).state).toBe('queued');
      expect((await childFlush(env, { crashAt: 'marked_sending' })).signal).toBe('SIGKILL');
      expect(env.outbox(entry.id).state).toBe('sending');
      // WB still shows the first, rejected answer of that text, to the restarted app's sync and to its dispatcher.
      if (first === 'sync') {
        await env.sync();
        expect(env.outbox(entry.id).state).toBe('sending');
      }
      await env.flush();
      await env.sync();
      expect(
        env.sim.control
          .recorded()
          .feedbackAnswers.filter((x) => x.id === review.external_id && x.applied)
          .map((x) => x.text),
      ).toEqual([text, text]);
      expect(env.outbox(entry.id).state).toBe('confirmed');
    },
    30_000,
  );
});
