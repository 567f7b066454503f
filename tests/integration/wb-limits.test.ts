import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SyncReport } from '../../src-shared/domain/sync';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { createCore, type Core } from '../../src-main/core/core';
import { openDatabase } from '../../src-main/core/db/database';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { WbApiError } from '../../src-main/core/wb/http';
import { sqliteLimitStore } from '../../src-main/core/wb/limit-store';
import { decodeWbToken } from '../../src-main/core/wb/token';
import { createWbClient, type WbClientOptions } from '../../src-main/core/wb/wb-client';
import { coreEnvOptions } from '../../src-main/platform/core-env';
import { makeWbToken, startWbSimulator, type MakeWbTokenOptions, type WbSim, type WbSimOptions } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();

async function sim(options: WbSimOptions) {
  const s = await startWbSimulator({ seed: 13, ...options });
  open.push({ sim: s });
  return s;
}

/** The real core, AGENTIQ_WB_TOKEN-style, with the real clock and real waits (the limits are the point). */
async function core(dataDir: string, s: WbSim, token: string, wb: WbClientOptions = {}): Promise<Core> {
  const c = await createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    shell: 'cli',
    version: '0.0.0-test',
    clock: () => new Date(),
    envToken: token,
    syncPageSize: 20,
    wb: { baseUrl: s.url, ...wb },
  });
  open.push({ core: c });
  return c;
}

async function syncRun(c: Core, full = false): Promise<SyncReport> {
  const result = await c.call('sync.run', { accountId: c.internals.envAccount()!.id, full });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as SyncReport;
}

const tooMany = (s: WbSim) => s.control.recorded().requests.filter((r) => r.status === 429).length;

function client(s: WbSim, tokenOptions: MakeWbTokenOptions = {}, options: WbClientOptions = {}) {
  const token = makeWbToken(tokenOptions);
  const c = createWbClient(token, decodeWbToken(token), { baseUrl: s.url, ...options });
  open.push({ core: { close: () => c.close() } as unknown as Core });
  return c;
}

describe('WB limits shared by every client of an account and kept across processes', () => {
  it('two syncs in two cores back to back, then an outbox flush during a third sync: no 429 from a server enforcing the limits', async () => {
    const s = await sim({ reviews: 160, questions: 60, chats: 12 });
    const token = makeWbToken();
    const dataDir = tempDir();

    const first = await core(dataDir, s, token);
    expect((await syncRun(first, true)).ok).toBe(true);
    await first.close();
    const second = await core(dataDir, s, token);
    expect((await syncRun(second, true)).ok).toBe(true);
    await second.close();
    expect(tooMany(s)).toBe(0);

    const third = await core(dataDir, s, token);
    const accountId = third.internals.envAccount()!.id;
    const sqlite = third.internals.database.sqlite;
    const review = sqlite
      .prepare("SELECT id FROM interactions WHERE account_id = ? AND channel = 'review' AND needs_response = 1 LIMIT 1")
      .pluck()
      .get(accountId) as number;
    const chat = sqlite
      .prepare("SELECT id FROM interactions WHERE account_id = ? AND channel = 'chat' LIMIT 1")
      .pluck()
      .get(accountId) as number;
    expect(
      (await third.call('reply.send', { interactionId: review, text: 'Спасибо за отзыв! Рады, что товар понравился.' }))
        .ok,
    ).toBe(true);
    expect(
      (await third.call('reply.send', { interactionId: chat, text: 'Здравствуйте! Уже проверяем ваш заказ.' })).ok,
    ).toBe(true);
    const requestsBefore = s.control.recorded().requests.length;
    const [report, flush] = await Promise.all([syncRun(third, true), third.call('outbox.flush', {})]);
    expect(report.ok).toBe(true);
    expect(flush).toMatchObject({ ok: true, value: { sent: 2, failed: 0 } });
    expect(s.control.recorded().requests.length - requestsBefore).toBeGreaterThan(20);
    expect(s.control.recorded().feedbackAnswers.map((a) => a.text)).toContain(
      'Спасибо за отзыв! Рады, что товар понравился.',
    );
    expect(tooMany(s)).toBe(0);
    expect(s.control.counts().rateLimited).toBe(0);
  }, 120_000);

  it('AGENTIQ_WB_PACING=off still honours 429s: a burst beyond WB’s limit waits and succeeds', async () => {
    const s = await sim({ reviews: 5, questions: 5, chats: 1 });
    const waits: number[] = [];
    const c = client(
      s,
      {},
      {
        pacing: coreEnvOptions({ AGENTIQ_WB_PACING: 'off' }).wb!.pacing,
        sleep: (ms) => (waits.push(ms), new Promise((r) => setTimeout(r, ms))),
      },
    );
    // The bucket holds 6; 14 at once without pacing earns 429s (retry 1 s), each honoured.
    for (let i = 0; i < 14; i += 1)
      expect(await c.feedbacks.count({ isAnswered: false })).toBe(s.control.counts().reviews.unanswered);
    expect(tooMany(s)).toBeGreaterThan(0);
    expect(c.http.stats.rateLimited).toBe(tooMany(s));
    expect(waits.some((ms) => ms >= 900)).toBe(true);

    // An injected storm of 5 on top: each 429 waits its X-Ratelimit-Retry, then the call goes through.
    s.control.inject({ match: 'fq', status: 429, times: 5 });
    const limitedBefore = c.http.stats.rateLimited;
    waits.length = 0;
    expect(typeof (await c.questions.count({ isAnswered: false }))).toBe('number');
    expect(c.http.stats.rateLimited - limitedBefore).toBeGreaterThanOrEqual(5);
    expect(waits.filter((ms) => ms >= 900).length).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('an hour-long 429 fails the channel at once with the time, and the next run does not call WB for that group', async () => {
    const s = await sim({ reviews: 5, questions: 5, chats: 4 });
    const token = makeWbToken({ type: 'base', scopes: ['chat'] });
    // Someone else (another integration of the seller) spent the hour's one chat request.
    const spent = await fetch(`${s.url}/api/v1/seller/chats`, { headers: { authorization: token } });
    expect(spent.status).toBe(200);
    const dataDir = tempDir();

    const first = await core(dataDir, s, token);
    const report = await syncRun(first);
    const chat = report.channels.find((c) => c.channel === 'chat')!;
    expect(chat).toMatchObject({ ok: false, reason: 'wb_rate_limited', rateLimited: 1 });
    expect(chat.message).toMatchObject({
      code: 'wb_rate_limited',
      params: { retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
    const retryAt = Date.parse((chat.message as { params: { retryAt: string } }).params.retryAt);
    expect(retryAt).toBeGreaterThan(Date.now() + 2 * 60_000);
    // Stored as the code with its time; worded where it is shown (today: the time alone).
    const stored = first.internals.database.sqlite
      .prepare(`SELECT last_error FROM sync_state WHERE channel = 'chat'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(stored)).toEqual(chat.message);
    expect(describeMessage(chat.message!, { now: new Date(retryAt - 60_000) })).toMatch(
      /^Лимит WB: следующий запрос после \d\d:\d\d$/,
    );
    expect(report.ok).toBe(false);
    await first.close();

    const chatRequests = () => s.control.recorded().requests.filter((r) => r.path.startsWith('/api/v1/seller/')).length;
    const before = chatRequests();
    const second = await core(dataDir, s, token);
    const again = (await syncRun(second)).channels.find((c) => c.channel === 'chat')!;
    expect(again).toMatchObject({ ok: false, reason: 'wb_rate_limited', requests: 0 });
    expect(again.message).toEqual(chat.message);
    expect(chatRequests()).toBe(before);
    // The settings document still reads as settings.
    expect((await second.call('settings.get', { accountId: second.internals.envAccount()!.id })).ok).toBe(true);
  }, 60_000);

  it('a short 429 keeps waiting inside the call', async () => {
    const s = await sim({ reviews: 5, questions: 5, chats: 2, limits: false });
    const c = client(s, {}, { sleep: () => Promise.resolve() });
    s.control.inject({ match: 'chat', status: 429, times: 3 });
    expect((await c.chats.list()).items.length).toBeGreaterThan(0);
    expect(c.http.stats.rateLimited).toBe(3);
  });
});

describe('connector details', () => {
  it('AGENTIQ_WB_TOKEN with a "Bearer " prefix and spaces: the Authorization header is the raw token', async () => {
    const token = makeWbToken();
    const env = coreEnvOptions({ AGENTIQ_WB_TOKEN: `  Bearer ${token} \n` });
    expect(env.envToken).toBe(token);
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"Status":"OK","TS":"2026-01-01T00:00:00+03:00"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const c = createWbClient(env.envToken!, decodeWbToken(env.envToken!), { baseUrl: url });
      await c.chats.ping();
      await c.close();
      expect(seen).toEqual([token]);
      // The core normalises a token handed to it directly the same way.
      const dataDir = tempDir();
      const c2 = await createCore({
        dataDir,
        secrets: new MemorySecretStore(),
        shell: 'cli',
        version: '0',
        clock: () => new Date(),
        envToken: `Bearer ${token}`,
      });
      open.push({ core: c2 });
      expect(c2.internals.envAccount()).not.toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a 1000-character chat message with an emoji is accepted (code points, like the guardrails); 1001 is not', async () => {
    const s = await sim({ reviews: 2, questions: 2, chats: 2, limits: false });
    const c = client(s);
    const chat = s.state.chats[0]!;
    const text = `${'а'.repeat(999)}😀`;
    expect(text.length).toBe(1001);
    await c.chats.send(chat.replySign, text);
    expect(s.control.recorded().chatMessages.at(-1)!.text).toBe(text);
    await expect(c.chats.send(chat.replySign, `${text}!`)).rejects.toThrow(RangeError);
  });

  it('a question answer WB accepted with a non-JSON body is a success', async () => {
    const s = await sim({ reviews: 2, questions: 6, chats: 1, limits: false });
    const c = client(s);
    const question = s.state.questions.find((q) => q.state === 'suppliersPortalSynch')!;
    s.control.inject({ match: 'questions', method: 'PATCH', malformed: 'json' });
    await c.questions.answer(question.id, 'Да, размер соответствует таблице.');
    expect(
      s.control
        .recorded()
        .requests.filter((r) => r.method === 'PATCH' && r.path === '/api/v1/questions')
        .map((r) => r.status),
    ).toEqual([200]);
    expect(s.state.questionById.get(question.id)!.answer?.text).toBe('Да, размер соответствует таблице.');
    // WB's own refusal (the F&Q error envelope) is still an error.
    await expect(c.questions.answer('no-such-question', 'Да')).rejects.toBeInstanceOf(WbApiError);
  });

  it('a malformed body is retried once, and not at all for a Base token', async () => {
    const s = await sim({ reviews: 4, questions: 2, chats: 1, limits: false });
    const fq = () => s.control.recorded().requests.filter((r) => r.path === '/api/v1/feedbacks/count').length;
    const personal = client(s, {}, { sleep: () => Promise.resolve() });
    s.control.inject({ match: '/api/v1/feedbacks/count', malformed: 'json' });
    expect(await personal.feedbacks.count({ isAnswered: false })).toBe(s.control.counts().reviews.unanswered);
    expect(fq()).toBe(2);
    s.control.inject({ match: '/api/v1/feedbacks/count', malformed: 'json', times: 2 });
    await expect(personal.feedbacks.count({ isAnswered: false })).rejects.toMatchObject({ kind: 'contract' });
    expect(fq()).toBe(4);
    const base = client(s, { type: 'base', sellerId: 'seller-base' }, { sleep: () => Promise.resolve() });
    s.control.inject({ match: '/api/v1/feedbacks/count', malformed: 'json' });
    await expect(base.feedbacks.count({ isAnswered: false })).rejects.toMatchObject({ kind: 'contract' });
    expect(fq()).toBe(5);
  });
});

/** The limit state lives in its own table (migration 0005), per account and limit group. */
describe('limit state in SQLite', () => {
  it('a 429’s retry time is stored for the account and group, and settings are untouched', async () => {
    const s = await sim({ reviews: 2, questions: 2, chats: 1 });
    const token = makeWbToken({ type: 'base', scopes: ['chat'] });
    await fetch(`${s.url}/api/v1/seller/chats`, { headers: { authorization: token } });
    const dataDir = tempDir();
    const c = await core(dataDir, s, token);
    const accountId = c.internals.envAccount()!.id;
    await syncRun(c);
    expect((await c.call('settings.update', { accountId, patch: { syncIntervalMinutes: 7 } })).ok).toBe(true);
    expect(await c.call('settings.get', { accountId })).toMatchObject({ ok: true, value: { syncIntervalMinutes: 7 } });
    await c.close();
    const db = new BetterSqlite3(path.join(dataDir, 'agentiq.db'), { readonly: true });
    const rows = db
      .prepare('SELECT limit_group, retry_at FROM wb_limit_state WHERE account_id = ? ORDER BY limit_group')
      .all(accountId) as { limit_group: string; retry_at: number | null }[];
    db.close();
    expect(rows.map((r) => r.limit_group)).toEqual(['chat']);
    expect(rows[0]!.retry_at).toBeGreaterThan(Date.now() + 30 * 60_000);
  });
});

describe('WB limit state shared between processes', () => {
  it('the later slot or block wins: a process saving an earlier time does not undo another’s', async () => {
    const dataDir = tempDir();
    const first = await core(dataDir, await sim({ limits: false }), makeWbToken());
    const accountId = first.internals.envAccount()!.id;
    const a = sqliteLimitStore(first.internals.database.runner, accountId, () => new Date());
    const other = await openDatabase(path.join(dataDir, 'agentiq.db'));
    try {
      const b = sqliteLimitStore(other.runner, accountId, () => new Date());
      const later = Date.now() + 60 * 60_000;
      a.save('chat', { paceAt: later, retryAt: later });
      b.save('chat', { paceAt: Date.now() + 1_000, retryAt: Date.now() + 1_000 });
      expect(a.load('chat')).toEqual({ paceAt: later, retryAt: later });
      b.save('chat', { paceAt: later + 5 });
      expect(a.load('chat')?.paceAt).toBe(later + 5);
    } finally {
      await other.close();
    }
  });
});

describe('Base-token pacing is announced', () => {
  it('a wait of minutes before the next request is told to the shell with its end time', async () => {
    // Limits on: after the first request the server says X-Ratelimit-Remaining: 0.
    const s = await sim({ limits: true });
    const token = makeWbToken({ type: 'base' });
    let now = Date.now();
    const waits: { group: string; until: number }[] = [];
    const client = createWbClient(token, decodeWbToken(token), {
      baseUrl: s.url,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      onLongWait: (group, until) => waits.push({ group, until: until.getTime() }),
    });
    try {
      const start = now;
      await client.feedbacks.countUnanswered();
      expect(waits).toEqual([]);
      // Our clock jumped, the simulator's did not: it may refuse the second call; the notice came first.
      await client.feedbacks.countUnanswered().catch(() => undefined);
      expect(waits).toHaveLength(1);
      expect(waits[0]!.group).toBe('feedbacks_questions');
      // WB's Base row for F&Q: 5 requests an hour, one every 12 minutes (ours a little slower).
      expect(waits[0]!.until - start).toBeGreaterThanOrEqual(12 * 60_000);
      expect(waits[0]!.until - start).toBeLessThan(14 * 60_000);
    } finally {
      await client.close();
    }
  });
});
