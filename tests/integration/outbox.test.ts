import { describe, expect, it } from 'vitest';
import type { DraftView, OutboxEntryView } from '../../src-shared/domain/outbox';
import type { CoreMessage } from '../../src-shared/messages/catalog';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { makeWbToken, startWbSimulator } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { openSyncCore, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();

type Failure = { code: string; params: Record<string, unknown> };
/** What the app shows for a refusal (the renderer and the CLI describe core's code the same way). */
const shown = (failure: Failure) => describeMessage(failure as CoreMessage, { now: new Date() });
const SIM = { seed: 5, reviews: 120, questions: 80, chats: 6, limits: false };

async function setup(options: { readOnly?: boolean } = {}) {
  const dataDir = tempDir();
  const sim = await startWbSimulator(SIM);
  let now = Date.now();
  const clock = { advance: (minutes: number) => (now += minutes * 60_000), now: () => new Date(now) };
  const token = makeWbToken({ readOnly: options.readOnly });
  const core = await openSyncCore(dataDir, sim, token, clock.now);
  const env = { sim, core };
  open.push(env);
  const accountId = core.internals.envAccount()!.id;
  const sqlite = core.internals.database.sqlite;
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw Object.assign(new Error(JSON.stringify(result.error)), { code: result.error.code });
    return result.value as T;
  };
  const refusal = async (channel: string, input: unknown): Promise<Failure> => {
    const result = await core.call(channel, input);
    expect(result.ok, `${channel} should be refused`).toBe(false);
    return result.ok ? { code: '', params: {} } : result.error;
  };
  await call('sync.run', { accountId });
  const row = (sql: string, ...params: unknown[]) =>
    sqlite.prepare(sql).get(...params) as { id: number; external_id: string };
  const outboxState = (id: number) => sqlite.prepare('SELECT state FROM outbox WHERE id = ?').pluck().get(id);
  const snapshot = () => ({
    outbox: sqlite.prepare('SELECT * FROM outbox ORDER BY id').all(),
    interactions: sqlite
      .prepare('SELECT id, reply_state, needs_response, last_reply_text, answer_editable FROM interactions ORDER BY id')
      .all(),
    // A refusal by the guardrails is recorded for analytics (reply_blocked); nothing else changes.
    events: sqlite.prepare("SELECT count(*) FROM interaction_events WHERE type != 'reply_blocked'").pluck().get(),
  });
  const sync = () => call('sync.run', { accountId });
  return { sim, core, sqlite, accountId, call, refusal, row, outboxState, snapshot, sync, clock, token, dataDir };
}

const OPEN_REVIEW =
  "SELECT id, external_id FROM interactions WHERE channel = 'review' AND needs_response = 1 ORDER BY id LIMIT 1 OFFSET ?";
const OPEN_QUESTION =
  "SELECT id, external_id FROM interactions WHERE channel = 'question' AND needs_response = 1 ORDER BY id LIMIT 1 OFFSET ?";
const ANSWERED_REVIEW =
  "SELECT id, external_id FROM interactions WHERE channel = 'review' AND last_reply_text IS NOT NULL AND answer_editable = 1 ORDER BY id LIMIT 1";
const CHAT =
  "SELECT id, external_id FROM interactions WHERE channel = 'chat' AND reply_sign IS NOT NULL ORDER BY id LIMIT 1";

/** The refusals of «bad input gets a clear error»: five length rules (empty, blank, short, two long), «бот», «Вернём деньги». */
const BLOCKS_BY_CATEGORY = [
  { category: 'ai_mention', n: 1 },
  { category: 'length', n: 5 },
  { category: 'promise', n: 1 },
];

describe('replies through the outbox, against the WB simulator', () => {
  it('a review answer is queued in one transaction, sent once, then confirmed by the next sync', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо за отзыв! Рады, что вещь подошла.',
    });
    expect(entry).toMatchObject({ state: 'queued', kind: 'answer', attempts: 0 });
    expect(env.sqlite.prepare('SELECT reply_state FROM interactions WHERE id = ?').pluck().get(review.id)).toBe(
      'queued',
    );
    expect(
      env.sqlite
        .prepare('SELECT type FROM interaction_events WHERE interaction_id = ? ORDER BY id')
        .pluck()
        .all(review.id),
    ).toEqual(['reply_queued', 'reply_manual']);

    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 1, sent: 1, failed: 0 });
    expect(env.outboxState(entry.id)).toBe('sent_pending');
    await env.sync();
    expect(env.outboxState(entry.id)).toBe('confirmed');
    expect(env.sqlite.prepare('SELECT reply_state FROM interactions WHERE id = ?').pluck().get(review.id)).toBe(
      'confirmed',
    );
    expect(
      env.sim.control
        .recorded()
        .feedbackAnswers.filter((a) => a.id === review.external_id)
        .map((a) => a.text),
    ).toEqual(['Спасибо за отзыв! Рады, что вещь подошла.']);
  });

  it('a running dispatcher sends a reply as soon as it is queued or retried, not at its next interval', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const question = env.row(OPEN_QUESTION, 0);
    env.core.internals.dispatcher.start(3_600_000);
    await env.call('reply.send', { interactionId: review.id, text: 'Спасибо за отзыв! Отправлено сразу.' });
    await expect
      .poll(() => env.sim.control.recorded().feedbackAnswers.filter((a) => a.id === review.external_id).length)
      .toBe(1);
    // A permanent refusal, then «Повторить»: that too goes at once.
    env.sim.control.inject({ match: '/api/v1/questions', method: 'PATCH', status: 401, times: 1 });
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: question.id,
      text: 'Да, размер соответствует таблице.',
    });
    await expect.poll(() => env.outboxState(entry.id)).toBe('failed');
    await env.call('outbox.retry', { outboxId: entry.id });
    await expect.poll(() => env.outboxState(entry.id)).toBe('sent_pending');
    expect(env.sim.control.recorded().questionAnswers.filter((a) => a.id === question.external_id)).toHaveLength(1);
  });

  it('chat messages, question answers, rejections and views reach WB', async () => {
    const env = await setup();
    const chat = env.row(CHAT);
    const question = env.row(OPEN_QUESTION, 0);
    const rejected = env.row(OPEN_QUESTION, 1);
    const viewed = env.row(
      "SELECT id, external_id FROM interactions WHERE channel = 'question' AND was_viewed = 0 AND needs_response = 1 ORDER BY id DESC LIMIT 1",
    );
    const message = await env.call<OutboxEntryView>('reply.send', {
      interactionId: chat.id,
      text: 'Здравствуйте! Уже проверяем ваш заказ.',
    });
    const answer = await env.call<OutboxEntryView>('reply.send', {
      interactionId: question.id,
      text: 'Да, размер соответствует таблице на карточке.',
    });
    const reject = await env.call<OutboxEntryView>('question.reject', {
      interactionId: rejected.id,
      text: 'Вопрос не относится к товару.',
    });
    expect(await env.call('interaction.open', { id: viewed.id })).toEqual({ queued: true });
    expect(await env.call('interaction.open', { id: viewed.id })).toEqual({ queued: false });
    await env.call('outbox.flush', {});
    const recorded = env.sim.control.recorded();
    expect(recorded.chatMessages.map((m) => m.text)).toEqual(['Здравствуйте! Уже проверяем ваш заказ.']);
    expect(recorded.questionAnswers.filter((a) => a.id === question.external_id)).toHaveLength(1);
    expect(recorded.questionRejections.filter((a) => a.id === rejected.external_id)).toHaveLength(1);
    expect(recorded.questionViews.filter((v) => v.id === viewed.external_id)).toHaveLength(1);
    await env.sync();
    expect([message.id, answer.id, reject.id].map(env.outboxState)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  });

  it('bad input gets a clear error and changes nothing', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const answered = env.row(ANSWERED_REVIEW);
    const chat = env.row(CHAT);
    const before = env.snapshot();
    expect((await env.refusal('reply.send', { interactionId: review.id, text: '' })).code).toBe('reply_blocked');
    expect(await env.refusal('reply.send', { interactionId: review.id, text: '   ' })).toMatchObject({
      code: 'reply_blocked',
      params: { violation: { code: 'reply_empty' } },
    });
    expect((await env.refusal('reply.send', { interactionId: review.id, text: 'а' })).code).toBe('reply_blocked');
    expect(await env.refusal('reply.send', { interactionId: review.id, text: 'я'.repeat(5001) })).toMatchObject({
      code: 'reply_blocked',
      params: { violation: { code: 'reply_too_long', params: { length: 5001, max: 5000 } } },
    });
    expect(await env.refusal('reply.send', { interactionId: chat.id, text: 'я'.repeat(1001) })).toMatchObject({
      params: { violation: { params: { max: 1000 } } },
    });
    expect(await env.refusal('reply.send', { interactionId: 999_999, text: 'Спасибо за отзыв!' })).toMatchObject({
      code: 'not_found',
      params: { entity: 'interaction', id: 999_999 },
    });
    expect((await env.refusal('reply.send', { interactionId: answered.id, text: 'Спасибо за отзыв!' })).code).toBe(
      'reply_already_answered',
    );
    const bot = await env.refusal('reply.send', { interactionId: review.id, text: 'Вам ответил наш бот' });
    expect(bot).toMatchObject({
      code: 'reply_blocked',
      params: { violation: { code: 'guardrail_phrase', params: { rule: 'ai_mention', phrase: 'бот' } } },
    });
    expect(shown(bot)).toBe('Ответ не отправлен: Нельзя упоминать ИИ, ботов и автоответы: «бот»');
    expect(
      (await env.refusal('reply.send', { interactionId: review.id, text: 'Вернём деньги в полном объёме' })).code,
    ).toBe('reply_blocked');
    expect((await env.refusal('reply.send', { interactionId: 'x', text: 'Спасибо' })).code).toBe('invalid_input');
    expect(env.snapshot()).toEqual(before);
    const blocks = env.sqlite
      .prepare(
        "SELECT json_extract(payload_json, '$.category') AS category, count(*) AS n FROM interaction_events WHERE type = 'reply_blocked' GROUP BY 1 ORDER BY 1",
      )
      .all();
    expect(blocks).toEqual(BLOCKS_BY_CATEGORY);
    // «бот» inside «работа» is not a mention of a bot.
    await env.call('reply.send', { interactionId: review.id, text: 'Спасибо! Работа склада уже налажена.' });
  });

  it('an answer can be edited once: a second edit is refused with WB’s reason', async () => {
    const env = await setup();
    const answered = env.row(ANSWERED_REVIEW);
    await env.call('reply.edit', {
      interactionId: answered.id,
      text: 'Исправленный ответ: спасибо за подробный отзыв!',
    });
    await env.call('outbox.flush', {});
    const before = env.snapshot();
    const second = await env.refusal('reply.edit', { interactionId: answered.id, text: 'И ещё одна правка ответа' });
    expect(second.code).toBe('answer_edit_used');
    expect(shown(second)).toMatch(/один раз в течение 60 дней/);
    expect(env.snapshot()).toEqual(before);
    expect(
      env.sim.control.recorded().feedbackEdits.filter((e) => e.id === answered.external_id && e.applied),
    ).toHaveLength(1);
    await env.sync();
    expect(env.sqlite.prepare('SELECT last_reply_text FROM interactions WHERE id = ?').pluck().get(answered.id)).toBe(
      'Исправленный ответ: спасибо за подробный отзыв!',
    );
  });

  it('a reply that waits while the item is answered elsewhere becomes a conflict and is not sent', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const other = env.row(OPEN_REVIEW, 1);
    await env.call<OutboxEntryView>('reply.send', { interactionId: review.id, text: 'Спасибо! Наш ответ.' });
    const second = await env.call<OutboxEntryView>('reply.send', {
      interactionId: other.id,
      text: 'Спасибо! Второй ответ.',
    });
    env.sim.control.answerInPortal('feedback', review.external_id, 'Ответ из ЛК продавца');
    env.sim.control.answerInPortal('feedback', other.external_id, 'Ответ ИИ-помощника WB');
    await env.sync();
    const [conflict] = await env.call<OutboxEntryView[]>('outbox.list', {
      accountId: env.accountId,
      interactionId: review.id,
    });
    expect(conflict).toMatchObject({
      state: 'conflict',
      text: 'Спасибо! Наш ответ.',
      wbAnswer: 'Ответ из ЛК продавца',
      wbAnswerEditable: true,
    });
    await env.call('outbox.flush', {});
    expect(
      env.sim.control
        .recorded()
        .feedbackAnswers.filter((a) => a.id === review.external_id || a.id === other.external_id),
    ).toHaveLength(0);

    // The seller chooses: replace WB's answer with ours (an edit), or keep WB's.
    const edit = await env.call<OutboxEntryView>('outbox.resolveConflict', {
      outboxId: conflict!.id,
      action: 'edit_wb',
    });
    expect(edit).toMatchObject({ kind: 'edit', state: 'queued', text: 'Спасибо! Наш ответ.' });
    expect(
      (await env.call<OutboxEntryView>('outbox.resolveConflict', { outboxId: second.id, action: 'discard' })).state,
    ).toBe('cancelled');
    await env.call('outbox.flush', {});
    expect(
      env.sim.control
        .recorded()
        .feedbackEdits.filter((e) => e.id === review.external_id && e.applied)
        .map((e) => e.text),
    ).toEqual(['Спасибо! Наш ответ.']);
  });

  it('a reply written offline waits, survives a restart, and is delivered once when WB is back', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const port = env.sim.port;
    await env.sim.close();
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо, ответ из офлайна.',
    });
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 1, sent: 0, failed: 0 });
    const [waiting] = await env.call<OutboxEntryView[]>('outbox.list', { accountId: env.accountId });
    expect(waiting).toMatchObject({ id: entry.id, state: 'queued', lastError: { code: 'wb_unreachable', params: {} } });

    // The app restarts while offline; WB comes back on the same address.
    await env.core.close();
    const sim = await startWbSimulator({ ...SIM, port });
    open.push({ sim });
    const core = await openSyncCore(env.dataDir, sim, env.token);
    open.push({ core });
    const flushed = await core.call('outbox.flush', {});
    expect(flushed).toEqual({ ok: true, value: { attempted: 1, sent: 1, failed: 0 } });
    await core.call('outbox.flush', {});
    expect(
      sim.control
        .recorded()
        .feedbackAnswers.filter((a) => a.id === review.external_id)
        .map((a) => a.text),
    ).toEqual(['Спасибо, ответ из офлайна.']);
  });

  it('a 5xx on send retries after looking WB up first, and WB gets the answer once', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо за отзыв, исправим!',
    });
    env.sim.control.inject({ match: '/api/v1/feedbacks/answer', status: 503, times: 1 });
    await env.call('outbox.flush', {});
    expect(env.outboxState(entry.id)).toBe('sending');
    await env.call('outbox.flush', {});
    expect(env.outboxState(entry.id)).toBe('sent_pending');
    expect(env.sim.control.recorded().feedbackAnswers.filter((a) => a.id === review.external_id)).toHaveLength(1);
  });

  it('a permanent refusal fails with the reason, and the reply can be edited and retried', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо за отзыв!',
    });
    env.sim.control.inject({ match: 'fq', status: 401, times: 5 });
    expect(await env.call('outbox.flush', {})).toMatchObject({ failed: 1 });
    const [failed] = await env.call<OutboxEntryView[]>('outbox.list', { accountId: env.accountId });
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'wb_token_invalid', params: {} } });
    // Stored as the code, not as words: the renderer and the CLI say it in Russian.
    expect(env.sqlite.prepare('SELECT last_error FROM outbox WHERE id = ?').pluck().get(entry.id)).toBe(
      '{"code":"wb_token_invalid","params":{}}',
    );
    env.sim.control.clearFaults();
    expect(
      (
        await env.call<OutboxEntryView>('outbox.update', {
          outboxId: entry.id,
          text: 'Спасибо за отзыв! Учтём замечание.',
        })
      ).state,
    ).toBe('queued');
    await env.call('outbox.flush', {});
    expect(
      env.sim.control
        .recorded()
        .feedbackAnswers.filter((a) => a.id === review.external_id)
        .map((a) => a.text),
    ).toEqual(['Спасибо за отзыв! Учтём замечание.']);
  });

  it('cancel works only while queued', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо за отзыв!',
    });
    expect((await env.call<OutboxEntryView>('outbox.cancel', { outboxId: entry.id })).state).toBe('cancelled');
    expect(env.sqlite.prepare('SELECT reply_state FROM interactions WHERE id = ?').pluck().get(review.id)).toBe('none');
    const again = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо за отзыв!',
    });
    await env.call('outbox.flush', {});
    const refused = await env.refusal('outbox.cancel', { outboxId: again.id });
    expect(refused).toMatchObject({ code: 'reply_state_refused', params: { action: 'cancel', state: 'sent_pending' } });
    expect(shown(refused)).toBe('Нельзя отменить ответ: он уже отправлен и ждёт подтверждения WB.');
  });

  it('a reply unconfirmed after the pending window is flagged', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо за отзыв!',
    });
    await env.call('outbox.flush', {});
    await env.call('settings.update', { accountId: env.accountId, patch: { pendingWindowMinutes: 30 } });
    env.clock.advance(29);
    expect((await env.call<OutboxEntryView[]>('outbox.list', { accountId: env.accountId }))[0]).toMatchObject({
      id: entry.id,
      overdue: false,
    });
    env.clock.advance(2);
    expect((await env.call<OutboxEntryView[]>('outbox.list', { accountId: env.accountId }))[0]).toMatchObject({
      id: entry.id,
      state: 'sent_pending',
      overdue: true,
    });
    // The inbox list flags it too, so the seller sees it without opening the item.
    const listed = await env.call<{ items: { id: number; replyOverdue: boolean }[] }>('inbox.list', {
      accountId: env.accountId,
      channel: 'review',
      limit: 500,
    });
    expect(listed.items.filter((item) => item.replyOverdue).map((item) => item.id)).toEqual([review.id]);
    expect(
      (await env.refusal('settings.update', { accountId: env.accountId, patch: { pendingWindowMinutes: 10 } })).code,
    ).toBe('invalid_input');
  });

  it('a read-only token refuses replies with a plain reason', async () => {
    const env = await setup({ readOnly: true });
    const review = env.row(OPEN_REVIEW, 0);
    const failure = await env.refusal('reply.send', { interactionId: review.id, text: 'Спасибо за отзыв!' });
    expect(failure).toMatchObject({ code: 'wb_token_read_only', params: {} });
    expect(shown(failure)).toMatch(/только для чтения/);
  });

  it('drafts are cached per interaction and record quality events on send', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const draft = await env.call<DraftView>('drafts.generate', { interactionId: review.id });
    expect(draft).toMatchObject({ provider: 'offline', cached: false });
    expect(draft.text.length).toBeGreaterThan(10);
    expect(await env.call<DraftView>('drafts.generate', { interactionId: review.id })).toMatchObject({
      text: draft.text,
      cached: true,
    });
    await env.call('reply.send', {
      interactionId: review.id,
      text: draft.text,
      origin: 'draft',
      draftText: draft.text,
    });
    const types = env.sqlite
      .prepare('SELECT type FROM interaction_events WHERE interaction_id = ? ORDER BY id')
      .pluck()
      .all(review.id);
    expect(types).toEqual(['draft_generated', 'reply_queued', 'draft_accepted']);
  });

  it('a cached draft is replaced once the buyer writes again or the seller changes the tone', async () => {
    const env = await setup();
    const chat = env.row(CHAT);
    const first = await env.call<DraftView>('drafts.generate', { interactionId: chat.id });
    expect((await env.call<DraftView>('drafts.generate', { interactionId: chat.id })).cached).toBe(true);
    env.sim.control.addChatMessages(100, 1);
    await env.sync();
    const afterMessage = await env.call<DraftView>('drafts.generate', { interactionId: chat.id });
    expect(afterMessage.cached).toBe(false);
    await env.call('settings.update', {
      accountId: env.accountId,
      patch: { tone: { formality: 'вы', style: 'brief' } },
    });
    expect((await env.call<DraftView>('drafts.generate', { interactionId: chat.id })).cached).toBe(false);
    expect((await env.call<DraftView>('drafts.generate', { interactionId: chat.id })).cached).toBe(true);
    expect(first.text.length).toBeGreaterThan(5);
  });

  it('auto-replies: off by default, dry run shows, live run queues through the outbox within the daily cap', async () => {
    const env = await setup();
    expect(
      (
        await env.call<{ planned: unknown[]; skipped: Record<string, number> }>('autoReply.run', {
          accountId: env.accountId,
        })
      ).skipped,
    ).toHaveProperty('disabled');
    const templates = await env.call<{ builtin: { id: string; channels: string[]; ratings: number[] | null }[] }>(
      'templates.list',
      { accountId: env.accountId },
    );
    const positive = templates.builtin
      .filter((t) => t.channels.includes('review') && (t.ratings?.includes(5) || t.ratings?.includes(4)))
      .map((t) => t.id);
    await env.call('settings.update', {
      accountId: env.accountId,
      patch: {
        autoReply: {
          enabled: true,
          stars: [4, 5],
          templateIds: positive,
          dryRun: true,
          dailyCap: 1,
          killSwitch: false,
        },
      },
    });
    const dry = await env.call<{
      dryRun: boolean;
      planned: { outboxId: number | null }[];
      skipped: Record<string, number>;
    }>('autoReply.run', { accountId: env.accountId });
    expect(dry.dryRun).toBe(true);
    expect(dry.planned.length).toBeGreaterThan(0);
    expect(dry.planned.every((p) => p.outboxId === null)).toBe(true);
    expect(env.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    await env.call('settings.update', {
      accountId: env.accountId,
      patch: {
        autoReply: {
          enabled: true,
          stars: [4, 5],
          templateIds: positive,
          dryRun: false,
          dailyCap: 1,
          killSwitch: false,
        },
      },
    });
    const live = await env.call<{ planned: { outboxId: number | null }[] }>('autoReply.run', {
      accountId: env.accountId,
    });
    expect(live.planned).toHaveLength(1);
    expect(env.sqlite.prepare("SELECT count(*) FROM outbox WHERE origin = 'auto'").pluck().get()).toBe(1);
    expect(env.sqlite.prepare("SELECT count(*) FROM interaction_events WHERE type = 'auto_reply'").pluck().get()).toBe(
      1,
    );
    // The daily cap (1) is reached: nothing more today.
    expect(
      (await env.call<{ planned: unknown[] }>('autoReply.run', { accountId: env.accountId })).planned,
    ).toHaveLength(0);
  });

  it('auto-replies the outbox refuses are counted as skipped, the run goes on and nothing is written', async () => {
    const env = await setup({ readOnly: true });
    const templates = await env.call<{ builtin: { id: string; channels: string[]; ratings: number[] | null }[] }>(
      'templates.list',
      { accountId: env.accountId },
    );
    const positive = templates.builtin
      .filter((t) => t.channels.includes('review') && (t.ratings?.includes(5) || t.ratings?.includes(4)))
      .map((t) => t.id);
    await env.call('settings.update', {
      accountId: env.accountId,
      patch: {
        autoReply: {
          enabled: true,
          stars: [4, 5],
          templateIds: positive,
          dryRun: false,
          dailyCap: 3,
          killSwitch: false,
        },
      },
    });
    const before = env.snapshot();
    const run = await env.call<{ planned: unknown[]; skipped: Record<string, number> }>('autoReply.run', {
      accountId: env.accountId,
    });
    expect(run.planned).toHaveLength(0);
    const refused = Object.entries(run.skipped).filter(([reason]) => reason.startsWith('refused'));
    // The run returns (it used to stop at the first refusal with an error) and says why.
    expect(refused).toEqual([['refused_wb_token_read_only', expect.any(Number)]]);
    expect(env.snapshot()).toEqual(before);
  });

  it('a reply found answered elsewhere at send time becomes a conflict that shows WB’s text at once', async () => {
    const env = await setup();
    const review = env.row(OPEN_REVIEW, 0);
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо! Наш ответ.',
    });
    env.sim.control.answerInPortal('feedback', review.external_id, 'Ответ ИИ-помощника WB');
    await env.call('outbox.flush', {});
    const [conflict] = await env.call<OutboxEntryView[]>('outbox.list', {
      accountId: env.accountId,
      interactionId: review.id,
    });
    expect(conflict).toMatchObject({
      id: entry.id,
      state: 'conflict',
      wbAnswer: 'Ответ ИИ-помощника WB',
      wbAnswerEditable: true,
    });
    expect(env.sim.control.recorded().feedbackAnswers.filter((a) => a.id === review.external_id)).toHaveLength(0);
  });

  it('saving one settings section keeps the others', async () => {
    const env = await setup();
    const template = {
      id: 'own-1',
      folder: 'Мои',
      title: 'Спасибо',
      text: 'Спасибо за отзыв, {имя}!',
      channels: ['review'],
      ratings: [5],
    };
    await env.call('templates.save', { accountId: env.accountId, template });
    await env.call('settings.update', {
      accountId: env.accountId,
      patch: {
        autoReply: { enabled: true, stars: [5], templateIds: ['own-1'], dryRun: true, dailyCap: 5, killSwitch: false },
      },
    });
    const saved = await env.call<{
      pendingWindowMinutes: number;
      templates: unknown[];
      autoReply: { enabled: boolean };
    }>('settings.update', { accountId: env.accountId, patch: { pendingWindowMinutes: 240 } });
    expect(saved).toMatchObject({ pendingWindowMinutes: 240, templates: [template], autoReply: { enabled: true } });
    expect(
      (await env.refusal('settings.update', { accountId: env.accountId, patch: { unknownSection: 1 } })).code,
    ).toBe('invalid_input');
  });
});
