/**
 * Sync against server behaviours the WB contract allows but our simulator did not show by
 * default: pages capped below `take`, an exclusive `dateFrom`, items that appear already
 * processed with an old createdDate, a big portal backlog, lists that lag behind get-by-id,
 * broken chat times, a cursor that does not move, a feed longer than one run, a token with no
 * channel at all. Real SQLite, the simulator, assertions on what the inbox ends up holding.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/core/logger';
import { SyncService } from '../../src-main/core/sync/sync-service';
import { MAX_VANISHED_CHECKS_PER_RUN } from '../../src-main/core/sync/fq-sync';
import type { WbSimOptions } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { dbFacts, expectedFromSim, startSyncEnv, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();
const DAY = 86_400_000;

async function setup(simOptions: WbSimOptions = {}, tokenOptions = {}) {
  const dataDir = tempDir();
  const env = await startSyncEnv(dataDir, { limits: false, ...simOptions }, tokenOptions);
  open.push(env);
  const mark = () => env.sim.control.recorded().requests.length;
  const since = (from: number) => env.sim.control.recorded().requests.slice(from);
  const row = (id: string) =>
    env.core.internals.database.sqlite
      .prepare('SELECT status, needs_response, last_reply_text FROM interactions WHERE external_id = ?')
      .get(id) as { status: string; needs_response: number; last_reply_text: string | null } | undefined;
  return { ...env, mark, since, row, file: `${dataDir}/agentiq.db` };
}

const exact = ({ messages: _m, ...rest }: ReturnType<typeof expectedFromSim>) => rest;
type Env = Awaited<ReturnType<typeof setup>>;
const expectExact = async (env: Env) => expect(await env.counts()).toEqual(exact(expectedFromSim(env.sim)));

describe('F&Q paging as the contract allows it', () => {
  it('a server that caps pages below `take` is read to the end: short pages go on, an empty page or countUnanswered ends', async () => {
    const env = await setup({ reviews: 600, questions: 300, quirks: { pageCap: 37 } });
    const from = env.mark();
    expect((await env.sync()).ok).toBe(true);
    await expectExact(env);
    const lists = env.since(from).filter((r) => r.path === '/api/v1/feedbacks');
    const unanswered = lists.filter((r) => r.query.isAnswered === 'false');
    const answered = lists.filter((r) => r.query.isAnswered === 'true');
    const counts = env.sim.control.counts().reviews;
    // Unanswered: stops once countUnanswered items are in, without an extra empty page.
    expect(unanswered).toHaveLength(Math.ceil(counts.unanswered / 37));
    // Answered: goes on past every short page, skip moving by what came, until an empty page.
    expect(answered).toHaveLength(Math.ceil(counts.processed / 37) + 1);
    expect(answered.map((r) => Number(r.query.skip))).toEqual(
      answered.map((_r, i) => Math.min(i * 37, counts.processed)),
    );

    env.sim.control.addReviews(50);
    env.sim.control.answerInPortal('feedback', env.sim.state.feedbacks.find((f) => f.state === 'none')!.id, 'Спасибо!');
    expect((await env.sync()).ok).toBe(true);
    await expectExact(env);
    expect(dbFacts(env.file).duplicates).toBe(0);
  });

  it('pages questions past take + skip ≤ 10 000 by date with short pages and an exclusive dateFrom, a second split across the boundary included', async () => {
    const env = await setup({
      reviews: 10,
      questions: 11_800,
      chats: 1,
      quirks: { pageCap: 700, dateFromExclusive: true },
    });
    // 30 answered questions in one second, right where the first 10 000-item window ends.
    const processed = env.sim.state.questions.filter((q) => q.state !== 'suppliersPortalSynch');
    expect(processed.length).toBeGreaterThan(10_300);
    const boundary = processed[9_990]!.ts;
    for (let i = 0; i < 30; i += 1) env.sim.control.addLateProcessed('question', Date.now() - boundary, 'Ответ');
    const from = env.mark();
    expect((await env.sync()).ok).toBe(true);
    await expectExact(env);
    expect(dbFacts(env.file).duplicates).toBe(0);
    const windows = env
      .since(from)
      .filter((r) => r.path === '/api/v1/questions' && r.query.isAnswered === 'true' && r.query.dateFrom);
    expect(windows.length).toBeGreaterThan(0);
    // Every request stays inside WB's limit.
    for (const r of env.since(from).filter((x) => x.path === '/api/v1/questions'))
      expect(Number(r.query.take) + Number(r.query.skip)).toBeLessThanOrEqual(10_000);
  });
});

describe('totals stay exact after portal work and late items', () => {
  it('items that appear already processed with an old createdDate are found by a repair pass in the same run', async () => {
    const env = await setup();
    await env.sync();
    const archived = env.sim.control.addLateProcessed('feedback', 200 * DAY, null);
    const answered = env.sim.control.addLateProcessed('feedback', 90 * DAY, 'Спасибо, что выбрали нас');
    const question = env.sim.control.addLateProcessed('question', 40 * DAY, 'Да, подходит');
    const from = env.mark();
    expect((await env.sync()).ok).toBe(true);
    await expectExact(env);
    expect(env.row(archived)).toMatchObject({ status: 'closed', needs_response: 0 });
    expect(env.row(answered)).toMatchObject({ status: 'responded', last_reply_text: 'Спасибо, что выбрали нас' });
    expect(env.row(question)).toMatchObject({ status: 'responded', needs_response: 0 });
    const fullAnswered = env.since(from).filter((r) => r.query.isAnswered === 'true' && !r.query.dateFrom);
    expect(fullAnswered.map((r) => r.path)).toContain('/api/v1/feedbacks');
    expect(fullAnswered.map((r) => r.path)).toContain('/api/v1/questions');

    // Nothing missing any more: the next run makes no repair pass.
    const next = env.mark();
    await env.sync();
    expect(env.since(next).filter((r) => r.query.isAnswered === 'true' && !r.query.dateFrom)).toHaveLength(0);
  });

  it(`more than ${MAX_VANISHED_CHECKS_PER_RUN} items answered in the portal: exact after one run, by one answered pass instead of single GETs`, async () => {
    const env = await setup({ reviews: 9_000, questions: 30, chats: 1 });
    await env.sync();
    const open = env.sim.state.feedbacks.filter((f) => f.state === 'none');
    expect(open.length).toBeGreaterThan(MAX_VANISHED_CHECKS_PER_RUN + 20);
    for (const f of open.slice(0, MAX_VANISHED_CHECKS_PER_RUN + 20))
      env.sim.control.answerInPortal('feedback', f.id, 'Ответили в ЛК');
    env.sim.control.archiveUnanswered(open.at(-1)!.id);
    const from = env.mark();
    expect((await env.sync()).ok).toBe(true);
    await expectExact(env);
    expect(env.since(from).filter((r) => r.path === '/api/v1/feedback')).toHaveLength(0);
    expect(env.row(open[0]!.id)).toMatchObject({ status: 'responded', last_reply_text: 'Ответили в ЛК' });
    expect(env.row(open.at(-1)!.id)).toMatchObject({ status: 'closed', needs_response: 0 });
  });

  it('a few vanished items are looked up by id; one still unanswered on WB stays needs_response', async () => {
    const env = await setup();
    await env.sync();
    const review = env.sim.state.feedbacks.find((f) => f.state === 'none')!;
    const question = env.sim.state.questions.find((q) => q.state === 'suppliersPortalSynch')!;
    const answeredInPortal = env.sim.state.feedbacks.filter((f) => f.state === 'none')[1]!;
    // A lagging list leaves them out; get-by-id and the counts still know them as unanswered.
    env.sim.state.hiddenFromLists.add(review.id);
    env.sim.state.hiddenFromLists.add(question.id);
    // Its view flag changed meanwhile: WB’s copy differs from ours, so it is written again.
    review.wasViewed = !review.wasViewed;
    question.wasViewed = !question.wasViewed;
    env.sim.control.answerInPortal('feedback', answeredInPortal.id, 'Спасибо за отзыв');
    const from = env.mark();
    expect((await env.sync()).ok).toBe(true);
    const byId = env.since(from).filter((r) => r.path === '/api/v1/feedback' || r.path === '/api/v1/question');
    expect(byId.map((r) => r.query.id).sort()).toEqual([review.id, question.id, answeredInPortal.id].sort());
    expect(env.row(review.id)).toMatchObject({ status: 'open', needs_response: 1 });
    expect(env.row(question.id)).toMatchObject({ status: 'open', needs_response: 1 });
    expect(env.row(answeredInPortal.id)).toMatchObject({ status: 'responded', needs_response: 0 });
    await expectExact(env);
  });

  it('an item WB counts but never serves intact costs one repair pass, not one every run', async () => {
    const env = await setup();
    await env.sync();
    const broken = env.sim.control.addLateProcessed('feedback', 100 * DAY, 'Ответ');
    env.sim.state.feedbackById.get(broken)!.valuation = 0; // productValuation must be 1..5
    const repairs = (from: number) =>
      env
        .since(from)
        .filter((r) => r.path === '/api/v1/feedbacks' && r.query.isAnswered === 'true' && !r.query.dateFrom).length;
    let from = env.mark();
    const report = await env.sync();
    expect(report.channels.find((c) => c.channel === 'review')!.contractErrors).toBeGreaterThan(0);
    expect(repairs(from)).toBeGreaterThan(0);
    from = env.mark();
    await env.sync();
    expect(repairs(from)).toBe(0);
    // A new late item is still found.
    const late = env.sim.control.addLateProcessed('feedback', 50 * DAY, null);
    from = env.mark();
    await env.sync();
    expect(repairs(from)).toBeGreaterThan(0);
    expect(env.row(late)).toMatchObject({ status: 'closed' });
    expect((await env.counts()).review.total).toBe(env.sim.control.counts().reviews.total - 1);
  });
});

describe('chat feed robustness', () => {
  it('an event without a usable time is a contract error, skipped; the rest of the page is stored', async () => {
    const env = await setup({ chats: 6 });
    const [bad, fallback] = env.sim.state.events;
    env.sim.state.eventWire.set(bad!.eventID, { addTimestamp: undefined, addTime: 'вчера вечером' });
    // An out-of-range addTimestamp reads as absent: the event keeps its addTime.
    env.sim.state.eventWire.set(fallback!.eventID, { addTimestamp: 1e20 });
    const report = await env.sync();
    const chat = report.channels.find((c) => c.channel === 'chat')!;
    expect(chat).toMatchObject({ ok: true });
    expect(chat.contractErrors).toBe(1);
    expect(dbFacts(env.file).messages).toBe(env.sim.state.events.length - 1);
    const sentAt = env.core.internals.database.sqlite
      .prepare('SELECT sent_at FROM chat_messages WHERE external_id = ?')
      .pluck()
      .get(fallback!.eventID) as string;
    expect(Date.parse(sentAt)).toBe(Date.parse(fallback!.addTime));
  });

  it('a `next` that does not advance while events come is counted as a contract error, not reported clean', async () => {
    const env = await setup({ chats: 4 });
    await env.sync();
    env.sim.control.setQuirks({ eventsCursorStuck: true });
    env.sim.control.addChatMessages(2, 2);
    const report = await env.sync();
    const chat = report.channels.find((c) => c.channel === 'chat')!;
    expect(chat.contractErrors).toBe(1);
    expect(chat.created).toBe(4);
    expect(dbFacts(env.file).messages).toBe(env.sim.state.events.length);
  });

  it('a feed longer than one run allows is not "ok": sync_timeout, cursor kept, later runs finish it', async () => {
    const env = await setup({ chats: 5, quirks: { eventsPage: 4 } }, { scopes: ['chat'] });
    const service = new SyncService({
      db: env.core.internals.database.runner,
      bus: env.core.internals.bus,
      logger: silentLogger,
      clock: () => new Date(),
      tokenFor: () => Promise.resolve(env.token),
      wb: { baseUrl: env.sim.url, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
      maxEventPages: 3,
    });
    const total = env.sim.state.events.length;
    expect(total).toBeGreaterThan(12);
    const first = await service.syncAccount(env.accountId);
    expect(first.ok).toBe(false);
    expect(first.channels.find((c) => c.channel === 'chat')).toMatchObject({ ok: false, reason: 'sync_timeout' });
    expect(dbFacts(env.file).messages).toBe(12);
    // Each run goes on from the stored cursor, 12 events further, until one reaches the empty page.
    let runs = 1;
    while (!(await service.syncAccount(env.accountId)).ok && runs < 50) runs += 1;
    expect(runs).toBe(Math.max(1, Math.ceil((total - 8) / 12)));
    expect(dbFacts(env.file).messages).toBe(total);
    expect((await env.counts()).chat).toEqual(expectedFromSim(env.sim).chat);
  });
});

describe('token scope', () => {
  it('a token with neither F&Q nor chat fails with wb_token_scope before any request', async () => {
    const env = await setup({}, { scopes: [] });
    const report = await env.sync();
    expect(report.ok).toBe(false);
    expect(report.channels.map((c) => [c.channel, c.ok, c.reason])).toEqual([
      ['review', false, 'wb_token_scope'],
      ['question', false, 'wb_token_scope'],
      ['chat', false, 'wb_token_scope'],
    ]);
    expect(env.sim.control.recorded().requests).toHaveLength(0);
  });
});
