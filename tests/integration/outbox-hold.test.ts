import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { OutboxEntryView } from '../../src-shared/domain/outbox';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { openSyncCore, useOpenEnvs } from '../helpers/wb-env';
import type { Core } from '../../src-main/core/core';

/**
 * Undo send (issue 11 item 3): a reply sent from the UI with `holdSeconds` is held in the outbox,
 * cancellable, and then delivered exactly once; the CLI's replies are never held.
 */
const tempDir = useTempDirs();
const open = useOpenEnvs();
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/agentiq.mjs');
const HELD_CHILD = path.join(ROOT, 'tests/helpers/held-reply-child.ts');
const SIM = { seed: 11, reviews: 60, questions: 30, chats: 4, limits: false };
const OPEN_REVIEW =
  "SELECT id, external_id FROM interactions WHERE channel = 'review' AND needs_response = 1 ORDER BY id LIMIT 1 OFFSET ?";

function caller(core: Core) {
  return async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
}

async function setup() {
  const dataDir = tempDir();
  const sim = await startWbSimulator(SIM);
  let now = Date.now();
  const clock = { advanceSeconds: (s: number) => (now += s * 1000), now: () => new Date(now) };
  const token = makeWbToken();
  const core = await openSyncCore(dataDir, sim, token, clock.now);
  open.push({ sim, core });
  const accountId = core.internals.envAccount()!.id;
  const call = caller(core);
  await call('sync.run', { accountId });
  const sqlite = core.internals.database.sqlite;
  const review = sqlite.prepare(OPEN_REVIEW).get(0) as { id: number; external_id: string };
  return { dataDir, sim, token, core, call, clock, accountId, sqlite, review };
}

const delivered = (sim: WbSim, externalId: string) =>
  sim.control
    .recorded()
    .feedbackAnswers.filter((a) => a.id === externalId)
    .map((a) => a.text);

describe('undo send: a reply held in the outbox', () => {
  it('is not sent during the hold, not even by «send now», and is sent once after it', async () => {
    const env = await setup();
    const text = 'Спасибо за отзыв! Ответ с отменой.';
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: env.review.id,
      text,
      holdSeconds: 10,
    });
    expect(entry).toMatchObject({ state: 'queued', lastError: null });
    expect(Date.parse(entry.heldUntil!) - env.clock.now().getTime()).toBe(10_000);

    // «Send now» (outbox.flush ignores backoffs) and coming back online leave a hold alone.
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    env.core.internals.dispatcher.setOnline(false);
    env.core.internals.dispatcher.setOnline(true);
    env.clock.advanceSeconds(9);
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    expect(delivered(env.sim, env.review.external_id)).toEqual([]);
    const [listed] = await env.call<OutboxEntryView[]>('outbox.list', { accountId: env.accountId });
    expect(listed).toMatchObject({ id: entry.id, state: 'queued', heldUntil: entry.heldUntil, lastError: null });

    env.clock.advanceSeconds(1);
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 1, sent: 1, failed: 0 });
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    await env.call('sync.run', { accountId: env.accountId });
    const [done] = await env.call<OutboxEntryView[]>('outbox.list', { accountId: env.accountId });
    expect(done).toMatchObject({ id: entry.id, state: 'confirmed', heldUntil: null });
    expect(delivered(env.sim, env.review.external_id)).toEqual([text]);
  });

  it('cancelled within the hold sends nothing; the item is unanswered again and can be answered anew', async () => {
    const env = await setup();
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: env.review.id,
      text: 'Спасибо! Этот ответ отменят.',
      holdSeconds: 10,
    });
    env.clock.advanceSeconds(5);
    const cancelled = await env.call<OutboxEntryView>('outbox.cancel', { outboxId: entry.id });
    expect(cancelled).toMatchObject({ state: 'cancelled', heldUntil: null });
    expect(
      env.sqlite.prepare('SELECT reply_state, needs_response FROM interactions WHERE id = ?').get(env.review.id),
    ).toEqual({ reply_state: 'none', needs_response: 1 });
    env.clock.advanceSeconds(30);
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    expect(delivered(env.sim, env.review.external_id)).toEqual([]);

    // Reply again (held again), then the hold ends: WB gets only the second text, once.
    const again = await env.call<OutboxEntryView>('reply.send', {
      interactionId: env.review.id,
      text: 'Спасибо! Окончательный ответ.',
      holdSeconds: 10,
    });
    expect(again.heldUntil).not.toBeNull();
    env.clock.advanceSeconds(10);
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 1, sent: 1, failed: 0 });
    expect(delivered(env.sim, env.review.external_id)).toEqual(['Спасибо! Окончательный ответ.']);
  });

  it('an edit during the hold keeps the hold; a hold beyond 30 s is refused', async () => {
    const env = await setup();
    const tooLong = await env.core.call('reply.send', {
      interactionId: env.review.id,
      text: 'Спасибо!!',
      holdSeconds: 31,
    });
    expect(tooLong.ok).toBe(false);
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: env.review.id,
      text: 'Спасибо за отзыв, черновик.',
      holdSeconds: 10,
    });
    const edited = await env.call<OutboxEntryView>('outbox.update', { outboxId: entry.id, text: 'Спасибо за отзыв!' });
    expect(edited.heldUntil).toBe(entry.heldUntil);
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    env.clock.advanceSeconds(10);
    expect(await env.call('outbox.flush', {})).toEqual({ attempted: 1, sent: 1, failed: 0 });
    expect(delivered(env.sim, env.review.external_id)).toEqual(['Спасибо за отзыв!']);
  });

  it('a running dispatcher sends the reply when its hold ends, not at its next interval', async () => {
    const dataDir = tempDir();
    const sim = await startWbSimulator(SIM);
    const core = await openSyncCore(dataDir, sim, makeWbToken());
    open.push({ sim, core });
    const call = caller(core);
    await call('sync.run', { accountId: core.internals.envAccount()!.id });
    const review = core.internals.database.sqlite.prepare(OPEN_REVIEW).get(0) as { id: number; external_id: string };
    core.internals.dispatcher.start(3_600_000);
    const entry = await call<OutboxEntryView>('reply.send', {
      interactionId: review.id,
      text: 'Спасибо! Уйдёт после паузы.',
      holdSeconds: 1,
    });
    expect(entry.heldUntil).not.toBeNull();
    await expect
      .poll(() => delivered(sim, review.external_id), { timeout: 10_000 })
      .toEqual(['Спасибо! Уйдёт после паузы.']);
    await expect
      .poll(() => core.internals.database.sqlite.prepare('SELECT state FROM outbox WHERE id = ?').pluck().get(entry.id))
      .toBe('sent_pending');
  });

  it('survives a restart during the hold: nothing goes early (neither the app nor `agentiq outbox --flush`), then once', async () => {
    const env = await setup();
    const text = 'Спасибо! Ответ переживёт перезапуск.';
    const entry = await env.call<OutboxEntryView>('reply.send', {
      interactionId: env.review.id,
      text,
      holdSeconds: 30,
    });
    // The app goes away during the hold (nothing of the reply is in memory only).
    await env.core.close();
    const cliEnv = {
      ...process.env,
      AGENTIQ_DATA_DIR: env.dataDir,
      AGENTIQ_WB_TOKEN: env.token,
      AGENTIQ_WB_BASE_URL: env.sim.url,
    };
    const flushed = await promisify(execFile)(process.execPath, [CLI, 'outbox', '--flush', '--json'], {
      env: cliEnv,
    });
    expect(JSON.parse(flushed.stdout).find((e: OutboxEntryView) => e.id === entry.id)).toMatchObject({
      state: 'queued',
    });
    expect(delivered(env.sim, env.review.external_id)).toEqual([]);

    // The reopened core, before and after the hold's end.
    const core = await openSyncCore(env.dataDir, env.sim, env.token, env.clock.now);
    open.push({ core });
    const call = caller(core);
    expect(await call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    env.clock.advanceSeconds(30);
    expect(await call('outbox.flush', {})).toEqual({ attempted: 1, sent: 1, failed: 0 });
    expect(await call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    expect(delivered(env.sim, env.review.external_id)).toEqual([text]);
  });

  it('a crash during the hold (the process killed) loses nothing: the reopened core sends it once, after the hold', async () => {
    const env = await setup();
    await env.core.close();
    const text = 'Спасибо! Ответ переживёт сбой.';
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', HELD_CHILD], {
      cwd: ROOT,
      env: {
        ...process.env,
        AGENTIQ_DATA_DIR: env.dataDir,
        AGENTIQ_WB_TOKEN: env.token,
        AGENTIQ_WB_BASE_URL: env.sim.url,
        HELD_INTERACTION_ID: String(env.review.id),
        HELD_TEXT: text,
        HELD_SECONDS: '30',
      },
    }).then(
      () => ({ signal: null as string | null, stdout: '' }),
      (error: { signal: string | null; stdout: string }) => error,
    );
    expect(child.signal).toBe('SIGKILL');
    const queued = JSON.parse(child.stdout) as { ok: true; value: OutboxEntryView };
    expect(queued.value).toMatchObject({ state: 'queued' });
    expect(delivered(env.sim, env.review.external_id)).toEqual([]);

    // Reopened on the same data dir; the test's clock starts now, the hold ends 30 s after the send.
    const core = await openSyncCore(env.dataDir, env.sim, env.token, env.clock.now);
    open.push({ core });
    const call = caller(core);
    env.clock.advanceSeconds((Date.parse(queued.value.heldUntil!) - env.clock.now().getTime()) / 1000 - 1);
    expect(await call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    env.clock.advanceSeconds(1);
    expect(await call('outbox.flush', {})).toEqual({ attempted: 1, sent: 1, failed: 0 });
    expect(await call('outbox.flush', {})).toEqual({ attempted: 0, sent: 0, failed: 0 });
    expect(delivered(env.sim, env.review.external_id)).toEqual([text]);
  });

  it('`agentiq reply` is not held: `agentiq outbox --flush` sends it at once', async () => {
    const env = await setup();
    await env.core.close();
    const cliEnv = {
      ...process.env,
      AGENTIQ_DATA_DIR: env.dataDir,
      AGENTIQ_WB_TOKEN: env.token,
      AGENTIQ_WB_BASE_URL: env.sim.url,
    };
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args], { env: cliEnv });
    const queued = JSON.parse(
      (await run('reply', '--id', String(env.review.id), '--text', 'Спасибо! Из командной строки.', '--json')).stdout,
    ) as OutboxEntryView;
    expect(queued.heldUntil).toBeNull();
    await run('outbox', '--flush', '--json');
    expect(delivered(env.sim, env.review.external_id)).toEqual(['Спасибо! Из командной строки.']);
  });
});
