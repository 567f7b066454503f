import { describe, expect, it } from 'vitest';
import type { AnalyticsView } from '../../src-shared/domain/analytics';
import type { OutboxEntryView } from '../../src-shared/domain/outbox';
import type { Core } from '../../src-main/core/core';
import { makeWbToken, startWbSimulator } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { openSyncCore, useOpenEnvs } from '../helpers/wb-env';

/**
 * Undo send (issue 11 item 3) and the figures: a reply undone during its hold never reached the
 * buyer, so it counts nowhere — not in the reply figures, not in the response times, not in the
 * auto-reply daily cap — while a delivered reply counts once.
 */
const tempDir = useTempDirs();
const open = useOpenEnvs();
const SIM = { seed: 23, reviews: 40, questions: 10, chats: 2, limits: false };
/** The newest unanswered review without complaints: inside the period and an auto-reply candidate. */
const OPEN_REVIEW = `SELECT id, external_id FROM interactions WHERE channel = 'review' AND needs_response = 1
  ORDER BY occurred_at DESC LIMIT 1`;
const PERIOD = { days: 366 };

async function setup() {
  const sim = await startWbSimulator(SIM);
  let now = Date.now();
  const clock = { advanceSeconds: (s: number) => (now += s * 1000), now: () => new Date(now) };
  const core: Core = await openSyncCore(tempDir(), sim, makeWbToken(), clock.now);
  open.push({ sim, core });
  const accountId = core.internals.envAccount()!.id;
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  await call('sync.run', { accountId });
  const sqlite = core.internals.database.sqlite;
  const review = sqlite.prepare(OPEN_REVIEW).get() as { id: number; external_id: string };
  const figures = () => call<AnalyticsView>('analytics.get', { accountId, ...PERIOD });
  return { sim, call, clock, accountId, sqlite, review, figures };
}

type Env = Awaited<ReturnType<typeof setup>>;

const sendHeld = (env: Env, text: string) =>
  env.call<OutboxEntryView>('reply.send', { interactionId: env.review.id, text, holdSeconds: 10 });

/** Sends what is due after the hold and lets a sync confirm it. */
async function deliver(env: Env) {
  env.clock.advanceSeconds(10);
  expect(await env.call('outbox.flush', {})).toMatchObject({ sent: 1 });
  await env.call('sync.run', { accountId: env.accountId });
}

const repliesCounted = (view: AnalyticsView) =>
  view.replies.draftAccepted + view.replies.draftEdited + view.replies.manual;

describe('analytics after undo send', () => {
  it('a reply undone during its hold leaves every figure as it was', async () => {
    const env = await setup();
    const before = await env.figures();
    const entry = await sendHeld(env, 'Спасибо за отзыв! Этот ответ отменят.');
    await env.call('outbox.cancel', { outboxId: entry.id });
    // The quality event was written when the reply was queued: the figures must skip it, not miss it.
    expect(
      env.sqlite.prepare("SELECT count(*) FROM interaction_events WHERE type = 'reply_manual'").pluck().get(),
    ).toBe(1);
    expect(await env.figures()).toEqual(before);
  });

  it('a delivered reply counts once in the reply figures and the response times', async () => {
    const env = await setup();
    const before = await env.figures();
    await sendHeld(env, 'Спасибо за отзыв! Рады, что понравилось.');
    await deliver(env);
    const after = await env.figures();
    expect(repliesCounted(after) - repliesCounted(before)).toBe(1);
    expect(after.replies.manual - before.replies.manual).toBe(1);
    expect(after.channels.review.answered - before.channels.review.answered).toBe(1);
    expect(after.channels.review.firstResponse.measured - before.channels.review.firstResponse.measured).toBe(1);
  });

  it('a reply undone and then sent again counts once', async () => {
    const env = await setup();
    const before = await env.figures();
    const undone = await sendHeld(env, 'Спасибо! Первый вариант ответа.');
    await env.call('outbox.cancel', { outboxId: undone.id });
    await sendHeld(env, 'Спасибо! Окончательный ответ.');
    await deliver(env);
    const after = await env.figures();
    expect(repliesCounted(after) - repliesCounted(before)).toBe(1);
    expect(after.channels.review.answered - before.channels.review.answered).toBe(1);
  });

  it('a conflict resolved by editing WB’s answer with ours still counts our reply', async () => {
    const env = await setup();
    const before = await env.figures();
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: env.review.id,
      text: 'Спасибо! Наш ответ.',
    });
    env.sim.control.answerInPortal('feedback', env.review.external_id, 'Ответ ИИ-помощника WB');
    await env.call('outbox.flush', {});
    await env.call('outbox.resolveConflict', { outboxId: entry.id, action: 'edit_wb' });
    const after = await env.figures();
    expect(after.replies.manual - before.replies.manual).toBe(1);
  });
});

describe('auto-reply daily cap after a cancelled auto-reply', () => {
  async function liveAutoReplies(env: Env, dailyCap: number) {
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
        autoReply: { enabled: true, stars: [4, 5], templateIds: positive, dryRun: false, dailyCap, killSwitch: false },
      },
    });
  }
  const run = (env: Env) =>
    env.call<{ planned: { interactionId: number; outboxId: number | null }[]; skipped: Record<string, number> }>(
      'autoReply.run',
      { accountId: env.accountId },
    );

  it('does not use up the cap: the next run queues an auto-reply again', async () => {
    const env = await setup();
    await liveAutoReplies(env, 1);
    const first = await run(env);
    expect(first.planned).toHaveLength(1);
    await env.call('outbox.cancel', { outboxId: first.planned[0]!.outboxId });
    const second = await run(env);
    expect(second.planned).toHaveLength(1);
    expect(second.skipped).not.toHaveProperty('daily_cap_reached');
  });

  it('a queued auto-reply still uses up the cap', async () => {
    const env = await setup();
    // Every review waiting for an answer made positive, so that only the cap can stop the next run.
    env.sqlite
      .prepare(
        `UPDATE interactions SET rating = 5, text = 'Всё отлично', pros = NULL, cons = NULL
         WHERE channel = 'review' AND needs_response = 1`,
      )
      .run();
    await liveAutoReplies(env, 1);
    expect((await run(env)).planned).toHaveLength(1);
    const second = await run(env);
    expect(second.planned).toHaveLength(0);
    expect(second.skipped).toHaveProperty('daily_cap_reached');
  });

  it('a cancelled auto-reply is not counted among the auto-replies of the period', async () => {
    const env = await setup();
    await liveAutoReplies(env, 1);
    const before = await env.figures();
    const first = await run(env);
    await env.call('outbox.cancel', { outboxId: first.planned[0]!.outboxId });
    expect((await env.figures()).replies.autoReplies).toBe(before.replies.autoReplies);
  });
});
