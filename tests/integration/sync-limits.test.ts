import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncReport } from '../../src-shared/domain/sync';
import { createCore, type Core } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { wbDateToUtc } from '../../src-main/core/wb/schemas';
import { makeWbToken, startWbSimulator, type WbSim, type WbSimOptions } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { dbFacts, expectedFromSim, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();
const PAGE = 200;

/** The simulator enforcing WB's limits (its default) and the real core with the real clock and waits. */
async function setup(simOptions: WbSimOptions) {
  const sim = await startWbSimulator({ seed: 21, ...simOptions });
  open.push({ sim });
  const dataDir = tempDir();
  const core: Core = await createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    shell: 'cli',
    version: '0.0.0-test',
    clock: () => new Date(),
    envToken: makeWbToken(),
    syncPageSize: PAGE,
    wb: { baseUrl: sim.url },
  });
  open.push({ core });
  const accountId = core.internals.envAccount()!.id;
  const sync = async (full = false) => {
    const result = await core.call('sync.run', { accountId, full });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as SyncReport;
  };
  const sqlite = core.internals.database.sqlite;
  const count = (query: string, ...params: unknown[]) =>
    sqlite
      .prepare(query)
      .pluck()
      .get(...params) as number;
  return { sim, core, sync, sqlite, count, file: path.join(dataDir, 'agentiq.db') };
}

const requests = (sim: WbSim) => sim.control.recorded().requests;
const isReviews = (p: string) => p.startsWith('/api/v1/feedback');
const isQuestions = (p: string) => p.startsWith('/api/v1/question');
const isChat = (p: string) => p.startsWith('/api/v1/seller/');

describe('a full sync against a server enforcing WB’s limits', () => {
  it('runs reviews, questions and chats at once, earns no 429, stores every item exactly once, and each channel counts its own requests', async () => {
    const env = await setup({ reviews: 2400, questions: 1000, chats: 40 });
    const report = await env.sync(true);
    expect(report.ok).toBe(true);

    const sent = requests(env.sim);
    // Past the F&Q burst of 6: the bucket, not luck, kept every request inside the limit.
    expect(sent.filter((r) => isReviews(r.path) || isQuestions(r.path)).length).toBeGreaterThan(12);
    expect(sent.filter((r) => r.status === 429)).toEqual([]);
    expect(env.sim.control.counts().rateLimited).toBe(0);
    expect(report.channels.map((c) => [c.channel, c.rateLimited])).toEqual([
      ['review', 0],
      ['question', 0],
      ['chat', 0],
    ]);

    // Reviews and questions share the F&Q bucket and interleave in it instead of queueing one
    // channel behind the other.
    const firstQuestion = sent.findIndex((r) => isQuestions(r.path));
    const lastReview = sent.findLastIndex((r) => isReviews(r.path));
    expect(firstQuestion).toBeGreaterThanOrEqual(0);
    expect(firstQuestion).toBeLessThan(lastReview);
    // Each channel's own requests, though two of them share a limit group and run at once.
    expect(Object.fromEntries(report.channels.map((c) => [c.channel, c.requests]))).toEqual({
      review: sent.filter((r) => isReviews(r.path)).length,
      question: sent.filter((r) => isQuestions(r.path)).length,
      chat: sent.filter((r) => isChat(r.path)).length,
    });

    const expected = expectedFromSim(env.sim);
    const stored = (channel: string) => ({
      total: env.count('SELECT count(*) FROM interactions WHERE channel = ?', channel),
      needs_response: env.count('SELECT count(*) FROM interactions WHERE channel = ? AND needs_response = 1', channel),
    });
    expect({ review: stored('review'), question: stored('question'), chat: stored('chat') }).toEqual({
      review: expected.review,
      question: expected.question,
      chat: expected.chat,
    });
    expect(report.channels.find((c) => c.channel === 'review')!.fetched).toBe(expected.review.total);
    expect(report.channels.find((c) => c.channel === 'question')!.fetched).toBe(expected.question.total);
    expect(dbFacts(env.file)).toEqual({ duplicates: 0, messages: expected.messages, integrity: 'ok' });
  }, 120_000);

  it('with the next page requested ahead, a failure mid-list leaves every fetched page written, the watermark at the newest written item and no gap before it; the next run completes', async () => {
    const env = await setup({ reviews: 2000, questions: 120, chats: 6 });
    // The 7th review list request is refused (401: never retried), while the page before it,
    // requested ahead, is still being written.
    env.sim.control.inject({ match: '/api/v1/feedbacks', method: 'GET', status: 401, skip: 6 });
    const failed = await env.sync(true);
    const review = failed.channels.find((c) => c.channel === 'review')!;
    expect(review).toMatchObject({ ok: false, reason: 'wb_token_invalid' });
    expect(failed.channels.filter((c) => c.channel !== 'review').every((c) => c.ok)).toBe(true);

    const listed = requests(env.sim).filter((r) => r.path === '/api/v1/feedbacks');
    expect(listed.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 401]);
    const answeredPages = listed.filter((r) => r.status === 200 && r.query.isAnswered === 'true').length;
    expect(answeredPages).toBeGreaterThan(1);

    // WB's answered list, oldest first, as the sync reads it.
    const answered = env.sim.state.feedbacks
      .filter((f) => f.state === 'wbRu')
      .map((f) => ({ id: f.id, at: Date.parse(wbDateToUtc(f.createdDate)) }));
    const storedIds = new Set(
      env.sqlite.prepare("SELECT external_id FROM interactions WHERE channel = 'review'").pluck().all() as string[],
    );
    const storedAnswered = answered.filter((f) => storedIds.has(f.id));
    // Every page that came was written, the one fetched ahead of the failure included.
    expect(storedAnswered).toHaveLength(answeredPages * PAGE);
    const watermark = Date.parse(
      env.sqlite.prepare("SELECT watermark FROM sync_state WHERE channel = 'review'").pluck().get() as string,
    );
    // The watermark is the newest written answered item: not ahead of the writes ...
    expect(watermark).toBe(Math.max(...storedAnswered.map((f) => f.at)));
    // ... and nothing WB lists before it is missing.
    expect(answered.filter((f) => f.at <= watermark && !storedIds.has(f.id))).toEqual([]);

    const resumed = await env.sync();
    expect(resumed.ok).toBe(true);
    const expected = expectedFromSim(env.sim);
    expect(env.count("SELECT count(*) FROM interactions WHERE channel = 'review'")).toBe(expected.review.total);
    expect(dbFacts(env.file)).toEqual({ duplicates: 0, messages: expected.messages, integrity: 'ok' });
    expect(requests(env.sim).filter((r) => r.status === 429)).toEqual([]);
  }, 120_000);
});
