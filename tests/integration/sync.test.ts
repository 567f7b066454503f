import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../src-shared/domain/sync';
import type { CoreMessage } from '../../src-shared/messages/catalog';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { makeWbToken } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import {
  dbFacts,
  expectedFromSim,
  openSyncCore,
  requestsSince,
  startSimAndCore,
  startSyncEnv,
  useOpenEnvs,
} from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();

async function setup(simOptions = {}, tokenOptions = {}) {
  const dataDir = tempDir();
  const env = await startSyncEnv(dataDir, simOptions, tokenOptions);
  open.push(env);
  const { accountId } = env;
  const status = async () => ((await env.core.call('sync.status', { accountId })) as { value: SyncStatusView }).value;
  return { ...env, dataDir, status, file: path.join(dataDir, 'agentiq.db') };
}

const withoutMessages = ({ messages: _m, ...rest }: ReturnType<typeof expectedFromSim>) => rest;

describe('sync against the WB simulator', () => {
  it('a full sync gives exact counts and stays inside the published limits', async () => {
    const env = await setup();
    const report = await env.sync();
    expect(report.ok).toBe(true);
    const expected = expectedFromSim(env.sim);
    expect(await env.counts()).toEqual(withoutMessages(expected));
    expect(dbFacts(env.file)).toEqual({ duplicates: 0, messages: expected.messages, integrity: 'ok' });
    expect(env.sim.control.counts().rateLimited).toBe(0);
    // Chats carry only nmID; their product names come from the products cached by the review sync.
    const named = env.core.internals.database.sqlite
      .prepare(
        "SELECT count(*) FROM interactions c JOIN products p ON p.nm_id = c.nm_id WHERE c.channel = 'chat' AND c.product_name = p.name",
      )
      .pluck()
      .get() as number;
    const known = env.core.internals.database.sqlite
      .prepare("SELECT count(*) FROM interactions c JOIN products p ON p.nm_id = c.nm_id WHERE c.channel = 'chat'")
      .pluck()
      .get() as number;
    expect(known).toBeGreaterThan(0);
    expect(named).toBe(known);
    const status = await env.status();
    expect(status.channels.map((c) => [c.channel, c.status, c.lastSuccessAt !== null])).toEqual([
      ['review', 'idle', true],
      ['question', 'idle', true],
      ['chat', 'idle', true],
    ]);
  });

  it('a second sync with nothing new makes only the minimum requests and changes nothing', async () => {
    const env = await setup();
    await env.sync();
    const snapshot = env.core.internals.database.sqlite.prepare('SELECT * FROM interactions ORDER BY id').all();
    const from = env.sim.control.recorded().requests.length;
    const report = await env.sync();
    // Unanswered reviews (one page: all of countUnanswered) + answered since the watermark (the
    // overlap page, then the empty page that ends it: WB gives only maximums, so a short page is
    // not the end); the same for questions; chat list + one events call.
    const fq = [
      'GET /api/v1/feedbacks',
      'GET /api/v1/feedbacks',
      'GET /api/v1/feedbacks',
      'GET /api/v1/questions',
      'GET /api/v1/questions',
      'GET /api/v1/questions',
    ];
    expect(requestsSince(env.sim, from).sort()).toEqual(
      [...fq, 'GET /api/v1/seller/chats', 'GET /api/v1/seller/events'].sort(),
    );
    expect(report.channels.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    expect(env.core.internals.database.sqlite.prepare('SELECT * FROM interactions ORDER BY id').all()).toEqual(
      snapshot,
    );
  });

  it('picks up new items, items answered in the portal and items WB archived unanswered', async () => {
    const env = await setup();
    await env.sync();
    const unanswered = env.sim.state.feedbacks.filter((f) => f.state === 'none');
    const openQuestion = env.sim.state.questions.find((q) => q.state === 'suppliersPortalSynch')!;
    env.sim.control.answerInPortal('feedback', unanswered[0]!.id, 'Спасибо за отзыв! Ответили в ЛК.');
    env.sim.control.archiveUnanswered(unanswered[1]!.id);
    env.sim.control.answerInPortal('question', openQuestion.id, 'Да, есть в наличии.');
    env.sim.control.addReviews(7);
    env.sim.control.addQuestions(4);
    env.sim.control.addChatMessages(3, 2);

    await env.sync();
    expect(await env.counts()).toEqual(withoutMessages(expectedFromSim(env.sim)));
    const row = (id: string) =>
      env.core.internals.database.sqlite
        .prepare('SELECT status, needs_response, last_reply_text FROM interactions WHERE external_id = ?')
        .get(id);
    expect(row(unanswered[0]!.id)).toEqual({
      status: 'responded',
      needs_response: 0,
      last_reply_text: 'Спасибо за отзыв! Ответили в ЛК.',
    });
    expect(row(unanswered[1]!.id)).toEqual({ status: 'closed', needs_response: 0, last_reply_text: null });
    expect(row(openQuestion.id)).toEqual({
      status: 'responded',
      needs_response: 0,
      last_reply_text: 'Да, есть в наличии.',
    });
    expect(dbFacts(env.file).messages).toBe(expectedFromSim(env.sim).messages);
  });

  it('converges to exact counts under 429 storms and 5xx', async () => {
    const env = await setup();
    env.sim.control.inject({ match: 'fq', status: 429, times: 6 });
    env.sim.control.inject({ match: 'chat', status: 503, times: 2 });
    env.sim.control.inject({ match: 'questions', status: 500, times: 2 });
    env.sim.control.inject({ match: 'feedbacks', reset: true, times: 1 });
    const report = await env.sync();
    expect(report.ok).toBe(true);
    expect(report.channels.reduce((sum, c) => sum + c.rateLimited, 0)).toBeGreaterThanOrEqual(6);
    expect(await env.counts()).toEqual(withoutMessages(expectedFromSim(env.sim)));
    expect(dbFacts(env.file)).toMatchObject({ duplicates: 0, messages: expectedFromSim(env.sim).messages });
  });

  it('a 401 puts the channels in error with wb_token_invalid and leaves the data intact', async () => {
    const env = await setup();
    await env.sync();
    const before = await env.counts();
    env.sim.control.inject({ match: 'fq', status: 401, times: 50 });
    const from = env.sim.control.recorded().requests.length;
    const report = await env.sync();
    expect(report.ok).toBe(false);
    expect(report.channels.find((c) => c.channel === 'review')).toMatchObject({
      ok: false,
      reason: 'wb_token_invalid',
    });
    expect(report.channels.find((c) => c.channel === 'chat')).toMatchObject({ ok: true });
    // 401 is never retried: one request for reviews, one for questions.
    expect(requestsSince(env.sim, from).filter((r) => !r.includes('/seller/'))).toHaveLength(2);
    expect(await env.counts()).toEqual(before);
    const status = await env.status();
    expect(status.channels.find((c) => c.channel === 'review')).toMatchObject({
      status: 'error',
      reason: 'wb_token_invalid',
      message: { code: 'wb_token_invalid', params: {} },
    });
    expect(JSON.stringify(status)).not.toContain(env.token);
    // The database holds the code, not words: the UI and the CLI word it.
    const stored = env.core.internals.database.sqlite
      .prepare(`SELECT status_reason, last_error FROM sync_state WHERE channel = 'review'`)
      .get();
    expect(stored).toEqual({
      status_reason: 'wb_token_invalid',
      last_error: '{"code":"wb_token_invalid","params":{}}',
    });
    expect(
      env.core.internals.database.sqlite
        .prepare(`SELECT error_reason FROM sync_runs WHERE channel = 'review' ORDER BY id DESC LIMIT 1`)
        .pluck()
        .get(),
    ).toBe('wb_token_invalid');
  });

  it('an item missing a required field is counted as a contract error and skipped; the sync goes on', async () => {
    const env = await setup();
    env.sim.control.inject({ match: '/api/v1/feedbacks', malformed: 'item', times: 1 });
    const report = await env.sync();
    const reviews = report.channels.find((c) => c.channel === 'review')!;
    expect(reviews.ok).toBe(true);
    expect(reviews.contractErrors).toBeGreaterThan(0);
    // The next sync reads the good copy of the item; counts become exact.
    await env.sync();
    expect(await env.counts()).toEqual(withoutMessages(expectedFromSim(env.sim)));
  });

  it('syncs only the channels the token covers', async () => {
    const env = await setup({}, { scopes: ['feedbacks'] });
    const report = await env.sync();
    expect(report.ok).toBe(true);
    expect(report.channels.find((c) => c.channel === 'chat')).toMatchObject({ skipped: true, requests: 0 });
    expect((await env.counts()).chat.total).toBe(0);
    expect(env.sim.control.recorded().requests.some((r) => r.path.includes('/seller/'))).toBe(false);
  });

  it('refuses an expired token before any request', async () => {
    const env = await setup({}, { expiresAt: new Date(Date.now() - 86_400_000) });
    const report = await env.sync();
    expect(report.ok).toBe(false);
    expect(report.channels.map((c) => c.reason)).toEqual(['wb_token_expired', 'wb_token_expired', 'wb_token_expired']);
    expect(env.sim.control.recorded().requests).toHaveLength(0);
  });

  it('refuses a malformed token before any request, with a clear error', async () => {
    const dataDir = tempDir();
    const sim = (await startSimAndCore(dataDir)).sim;
    open.push({ sim });
    const core = await openSyncCore(tempDir(), sim, 'not-a-jwt');
    open.push({ core });
    expect(() => core.internals.envAccount()).toThrow(
      expect.objectContaining({ code: 'wb_token_malformed', params: { problem: 'not_jwt' } }),
    );
    const connect = await core.call('accounts.connect', { token: 'abc.def' });
    expect(connect).toMatchObject({ ok: false, error: { code: 'wb_token_malformed' } });
    expect(core.internals.database.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
  });

  it('pages questions past WB’s take + skip ≤ 10 000 window by date', async () => {
    const env = await setup({ reviews: 10, questions: 10_450, chats: 1, limits: false });
    await env.sync();
    expect(await env.counts()).toEqual(withoutMessages(expectedFromSim(env.sim)));
    expect(dbFacts(env.file).duplicates).toBe(0);
  });

  it('keeps the token out of the database', async () => {
    const env = await setup();
    await env.sync();
    const dump = env.core.internals.database.sqlite
      .prepare("SELECT group_concat(sql, ' ') FROM sqlite_master")
      .pluck()
      .get() as string;
    const accounts = JSON.stringify(env.core.internals.database.sqlite.prepare('SELECT * FROM accounts').all());
    expect(accounts).not.toContain(env.token);
    expect(dump).not.toContain(env.token);
    const tokenPayload = env.token.split('.')[1]!;
    const everything =
      JSON.stringify(env.core.internals.database.sqlite.prepare('SELECT * FROM sync_state').all()) + accounts;
    expect(everything).not.toContain(tokenPayload);
  });

  it('connecting a token stores it in the keychain, not in SQLite, and reports its warnings', async () => {
    const env = await setup();
    const token = makeWbToken({ type: 'base', readOnly: true, expiresAt: new Date(Date.now() + 5 * 86_400_000) });
    const result = await env.core.call('accounts.connect', { token, name: 'Мой магазин' });
    expect(result.ok).toBe(true);
    const value = (result as { value: { account: { id: number; tokenReadOnly: boolean }; warnings: CoreMessage[] } })
      .value;
    expect(value.account.tokenReadOnly).toBe(true);
    expect(value.warnings.map((w) => w.code)).toEqual(['wb_token_expiring', 'token_note_read_only', 'token_note_base']);
    expect(value.warnings[0]).toMatchObject({ params: { days: expect.any(Number) } });
    const shown = value.warnings.map((w) => describeMessage(w, { now: new Date() })).join(' ');
    expect(shown).toMatch(/истекает через [45] дн/);
    expect(shown).toMatch(/только для чтения/);
    expect(shown).toMatch(/базовый токен/);
    const ref = env.core.internals.database.sqlite
      .prepare('SELECT token_ref FROM accounts WHERE id = ?')
      .pluck()
      .get(value.account.id) as string;
    expect(ref).toMatch(/^wb-token:/);
    expect(await env.core.internals.secrets.get(ref)).toBe(token);
  });

  it('the scheduler syncs at start-up, again once the account’s interval has passed, and when the network is back', async () => {
    const env = await setup();
    const runs = () =>
      env.core.internals.database.sqlite
        .prepare("SELECT count(*) FROM sync_runs WHERE channel = 'review' AND outcome = 'ok'")
        .pluck()
        .get() as number;
    await env.core.call('settings.update', { accountId: env.accountId, patch: { syncIntervalMinutes: 1 } });
    env.core.internals.sync.start(20);
    await expect.poll(runs, { timeout: 10_000 }).toBe(1);
    // Within the interval nothing more runs, however often the scheduler ticks.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs()).toBe(1);
    env.core.internals.sync.setOnline(false);
    env.core.internals.sync.setOnline(true);
    await expect.poll(runs, { timeout: 10_000 }).toBe(2);
    env.core.internals.sync.stop();
  });
});
