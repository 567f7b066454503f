import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { writeSettings } from '../../src-main/core/settings';
import type { PushEvents } from '../../src-shared/ipc/events';
import type { SyncHealthView, SyncReport, SyncStatusView } from '../../src-shared/domain/sync';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startAvitoSimulator, type AvitoSim } from '../avito-sim';
import { completion, useAiServers } from '../helpers/ai-server';
import { useTempDirs } from '../helpers/temp-dir';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';

const tempDir = useTempDirs();
const aiServer = useAiServers();
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Env {
  sim: AvitoSim;
  core: Core;
  accountId: number;
  dir: string;
  events: { name: string; payload: unknown }[];
  sync(full?: boolean): Promise<SyncReport>;
  call<T>(channel: string, input: unknown): Promise<T>;
}

/**
 * The Avito simulator and the real core over a real SQLite file, the account from the env pair.
 * One fake clock for both sides: the connector's pacing (1 request a second) and Retry-After waits
 * advance it instead of sleeping, and the simulator's rate window and token expiry follow it.
 */
async function avitoEnv(
  options: { chats?: number; wb?: WbSim; dir?: string; paceGate?: Promise<void> } = {},
): Promise<Env> {
  let now = Date.now();
  const sim = await startAvitoSimulator({ seed: 11, chats: options.chats ?? 24, now: () => now });
  closers.push(() => sim.close());
  const dir = options.dir ?? tempDir();
  const core = await createCore({
    dataDir: dir,
    secrets: new MemorySecretStore(),
    shell: 'cli',
    version: '0.0.0-test',
    clock: () => new Date(now),
    avito: {
      baseUrl: sim.url,
      now: () => now,
      sleep: async (ms) => {
        // A test may hold the connector at its first paced wait (a slow Avito run).
        if (options.paceGate) await options.paceGate;
        now += Math.max(0, ms);
      },
    },
    avitoEnv: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
    ...(options.wb
      ? {
          envToken: makeWbToken(),
          wb: {
            baseUrl: options.wb.url,
            sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 50))),
          },
        }
      : {}),
  });
  closers.push(() => core.close());
  const events: { name: string; payload: unknown }[] = [];
  core.events.subscribe((name, payload) => void events.push({ name, payload }));
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  const accountId = core.internals.database.sqlite
    .prepare(`SELECT id FROM accounts WHERE marketplace = 'avito'`)
    .pluck()
    .get() as number;
  expect(accountId).toBeGreaterThan(0);
  return {
    sim,
    core,
    accountId,
    dir,
    events,
    call,
    sync: (full = false) => call<SyncReport>('sync.run', { accountId, full }),
  };
}

/** Every chat and message of the simulated shop, as the inbox must hold them (system messages as Avito's). */
function expectMirrors(env: Env) {
  const expected = env.sim.state.chats
    .flatMap((chat) =>
      chat.messages.map(
        (m) => `${chat.id} ${m.id} ${m.type === 'system' ? 'marketplace' : m.direction === 'in' ? 'client' : 'seller'}`,
      ),
    )
    .sort();
  const stored = (
    env.core.internals.database.sqlite
      .prepare(
        `SELECT i.external_id AS chat, m.external_id AS id, m.sender FROM chat_messages m
         JOIN interactions i ON i.id = m.interaction_id WHERE i.account_id = ? AND i.channel = 'avito_chat'`,
      )
      .all(env.accountId) as { chat: string; id: string; sender: string }[]
  )
    .map((r) => `${r.chat} ${r.id} ${r.sender}`)
    .sort();
  expect(stored).toEqual(expected);
  const chats = env.core.internals.database.sqlite
    .prepare(`SELECT external_id FROM interactions WHERE account_id = ? AND channel = 'avito_chat' ORDER BY 1`)
    .pluck()
    .all(env.accountId);
  expect(chats).toEqual(env.sim.state.chats.map((c) => c.id).sort());
}

/** The chats whose messages a run read, from the simulator's request log. */
function messageReads(sim: AvitoSim): string[] {
  return sim.state.requests
    .filter((r) => r.method === 'GET' && r.path.endsWith('/messages/') && r.status === 200)
    .map((r) => decodeURIComponent(r.path.split('/chats/')[1]!.split('/')[0]!));
}

describe('Avito sync against the simulator', () => {
  it('the first sync stores every chat and message of the shop, system messages as Avito’s own', async () => {
    const env = await avitoEnv();
    // Connecting the env pair checked it (token, self, one chat): the sync's own requests from here.
    env.sim.state.requests.length = 0;
    const report = await env.sync();
    expect(report.ok).toBe(true);
    expect(report.channels).toMatchObject([{ channel: 'avito_chat', ok: true, skipped: false }]);
    expectMirrors(env);
    const systems = env.sim.state.chats.flatMap((c) => c.messages).filter((m) => m.type === 'system').length;
    expect(systems).toBeGreaterThan(0);
    expect(
      env.core.internals.database.sqlite
        .prepare(`SELECT count(*) FROM chat_messages WHERE sender = 'marketplace'`)
        .pluck()
        .get(),
    ).toBe(systems);
    // u2u chats are asked for (Avito's default lists u2i only), arrays comma-joined.
    const lists = env.sim.state.requests.filter((r) => r.path.endsWith('/chats'));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((r) => r.rawQuery.includes('chat_types=u2i,u2u'))).toBe(true);
    // Its status row is the channel's own, as WB's are.
    const status = await env.call<SyncStatusView>('sync.status', { accountId: env.accountId });
    expect(status.channels).toMatchObject([{ channel: 'avito_chat', covered: true, status: 'idle' }]);
    expect(status.channels[0]!.lastSuccessAt).not.toBeNull();
  });

  it('one lock per Avito account: a second request joins the running sync; the health panel shows its run', async () => {
    const env = await avitoEnv();
    const [a, b] = await Promise.all([env.sync(), env.sync()]);
    expect(b).toEqual(a);
    const runs = env.core.internals.database.sqlite
      .prepare(`SELECT channel, outcome FROM sync_runs WHERE account_id = ?`)
      .all(env.accountId);
    expect(runs).toEqual([{ channel: 'avito_chat', outcome: 'ok' }]);
    const health = await env.call<SyncHealthView>('sync.health', { accountId: env.accountId });
    expect(health.runs).toMatchObject([{ channel: 'avito_chat', outcome: 'ok', fetched: a.channels[0]!.fetched }]);
    expect(health.runs[0]!.requests).toBeGreaterThan(0);
    expect(health.limits).toEqual([]);
  });

  it('an incremental sync re-reads only the chat a buyer wrote in', async () => {
    const env = await avitoEnv();
    await env.sync();
    env.sim.state.requests.length = 0;
    const chat = env.sim.state.chats[7]!;
    const { messageId } = env.sim.control.buyerWrites(chat.id, 'А доставка в Казань есть?');
    const report = await env.sync();
    expect(report.ok).toBe(true);
    expect(new Set(messageReads(env.sim))).toEqual(new Set([chat.id]));
    // The cheap pass: the unread list and at most two pages of the chat list, one page of that chat's messages.
    const lists = env.sim.state.requests.filter((r) => r.path.endsWith('/chats'));
    expect(lists.filter((r) => !r.rawQuery.includes('unread_only')).length).toBeLessThanOrEqual(2);
    expect(messageReads(env.sim)).toHaveLength(1);
    expectMirrors(env);
    const row = env.core.internals.database.sqlite
      .prepare(
        `SELECT i.needs_response, i.text FROM chat_messages m JOIN interactions i ON i.id = m.interaction_id WHERE m.external_id = ?`,
      )
      .get(messageId);
    expect(row).toEqual({ needs_response: 1, text: 'А доставка в Казань есть?' });
  });

  it('a sync with nothing new reads no messages', async () => {
    const env = await avitoEnv();
    await env.sync();
    env.sim.state.requests.length = 0;
    expect((await env.sync()).ok).toBe(true);
    expect(messageReads(env.sim)).toEqual([]);
  });

  it('a new buyer message after the first sync is pushed as inbox.arrived; the first sync’s import is not', async () => {
    const env = await avitoEnv();
    await env.sync();
    expect(env.events.filter((e) => e.name === 'inbox.arrived')).toEqual([]);
    const chat = env.sim.state.chats[3]!;
    env.sim.control.buyerWrites(chat.id, 'Ещё актуально?');
    env.sim.control.buyerWrites(null, 'Здравствуйте, продаёте?');
    await env.sync();
    const arrived = env.events.filter((e) => e.name === 'inbox.arrived');
    expect(arrived).toHaveLength(1);
    const payload = arrived[0]!.payload as PushEvents['inbox.arrived'];
    expect(payload.total).toBe(2);
    expect(payload.items.map((i) => [i.channel, i.kind]).sort()).toEqual([
      ['avito_chat', 'message'],
      ['avito_chat', 'new'],
    ]);
  });

  it('a chat that jumps to the top while the list is paged is caught by the next pass', async () => {
    const env = await avitoEnv({ chats: 150 });
    // Just before page 2 (offset 100) is served, a buyer writes in a chat of page 2: it moves to the top,
    // which page 1 already was, so this pass's offset paging never sees it (CONTRACT §2.1 has no cursor).
    let moved: string | null = null;
    const requests = env.sim.state.requests;
    const push = requests.push.bind(requests);
    requests.push = (...entries) => {
      const [entry] = entries;
      if (!moved && entry?.path.endsWith('/chats') && entry.rawQuery.includes('offset=100')) {
        moved = env.sim.state.ordered()[120]!.id;
        env.sim.control.buyerWrites(moved, 'Ещё в продаже?');
      }
      return push(...entries);
    };
    expect((await env.sync()).ok).toBe(true);
    expect(moved).not.toBeNull();
    const stored = (id: string) =>
      env.core.internals.database.sqlite
        .prepare(`SELECT count(*) FROM interactions WHERE external_id = ?`)
        .pluck()
        .get(id);
    expect(stored(moved!)).toBe(0);
    // The next (cheap) pass reads the first page again: the chat is there.
    expect((await env.sync()).ok).toBe(true);
    expect(stored(moved!)).toBe(1);
    expectMirrors(env);
  });

  it('what Avito stops listing (past its paging cap) stays in the local archive', async () => {
    const env = await avitoEnv();
    await env.sync();
    const count = (sql: string) => env.core.internals.database.sqlite.prepare(sql).pluck().get();
    const chats = count(`SELECT count(*) FROM interactions WHERE channel = 'avito_chat'`);
    const messages = count(`SELECT count(*) FROM chat_messages`);
    // One chat drops out of the list, and another's oldest messages out of its history (as past offset 1000).
    const gone = env.sim.state.chats.splice(2, 1)[0]!;
    env.sim.state.chatById.delete(gone.id);
    const trimmed = env.sim.state.chats[4]!;
    trimmed.messages.splice(0, 1);
    env.sim.control.buyerWrites(trimmed.id, 'Есть ли скидка?');
    expect((await env.sync(true)).ok).toBe(true);
    expect(count(`SELECT count(*) FROM interactions WHERE channel = 'avito_chat'`)).toBe(chats);
    expect(count(`SELECT count(*) FROM chat_messages`)).toBe((messages as number) + 1);
  });

  it('a token that expires mid-sync is refreshed once and the sync completes', async () => {
    const env = await avitoEnv();
    const issued = env.sim.control.counts().tokensIssued;
    // The tenth request of the run finds every issued token expired (403, CONTRACT §1.2).
    const requests = env.sim.state.requests;
    const push = requests.push.bind(requests);
    requests.push = (...entries) => {
      const length = push(...entries);
      if (length === 10) env.sim.control.expireTokens();
      return length;
    };
    const report = await env.sync();
    expect(report.ok).toBe(true);
    expect(env.sim.control.counts().tokensIssued - issued).toBe(2);
    expect(requests.filter((r) => r.status === 403)).toHaveLength(1);
    expectMirrors(env);
  });

  it('a 429 storm loses and doubles no message', async () => {
    const env = await avitoEnv({ chats: 30 });
    // Avito's limits are unknown: the simulator answers 429 past 20 requests a minute, with Retry-After.
    env.sim.control.setPerMinute(20);
    env.sim.control.inject({ match: '/messages/', status: 429, times: 3 });
    env.sim.control.inject({ match: '/chats', status: 429, retryAfter: 2, rateLimitHeaders: true, times: 2 });
    const first = await env.sync();
    expect(first.ok).toBe(true);
    expect(first.channels[0]!.rateLimited).toBeGreaterThan(0);
    for (let i = 0; i < 5; i += 1) env.sim.control.buyerWrites(env.sim.state.chats[i]!.id, `Вопрос ${i}`);
    const second = await env.sync();
    expect(second.ok).toBe(true);
    expectMirrors(env);
    const dupes = env.core.internals.database.sqlite
      .prepare(`SELECT count(*) - count(DISTINCT interaction_id || ':' || external_id) FROM chat_messages`)
      .pluck()
      .get();
    expect(dupes).toBe(0);
  });

  it('a run that fails part-way keeps what it wrote, and the next run completes the shop', async () => {
    const env = await avitoEnv();
    env.sim.control.inject({ match: '/messages/', status: 503, times: 4, skip: 6 });
    const failed = await env.sync();
    expect(failed.ok).toBe(false);
    expect(failed.channels[0]!.reason).toBe('avito_unavailable');
    const status = await env.call<SyncStatusView>('sync.status', { accountId: env.accountId });
    expect(status.channels[0]).toMatchObject({ channel: 'avito_chat', status: 'error', reason: 'avito_unavailable' });
    expect((await env.sync()).ok).toBe(true);
    expectMirrors(env);
  });

  it('an Avito account refused (tier) or failing (5xx) never stops a WB account’s sync', async () => {
    const wb = await startWbSimulator({ seed: 7, reviews: 40, questions: 10, chats: 4 });
    closers.push(() => wb.close());
    const env = await avitoEnv({ wb });
    env.sim.control.setTierDenied(402);
    const wbAccount = env.core.internals.envAccount()!.id;
    const reports = await env.core.internals.sync.syncAll();
    const avito = reports.find((r) => r.accountId === env.accountId)!;
    const wbReport = reports.find((r) => r.accountId === wbAccount)!;
    expect(avito.channels).toMatchObject([{ channel: 'avito_chat', ok: false, reason: 'avito_tier_denied' }]);
    expect(avito.channels[0]!.message?.code).toBe('avito_tier_denied');
    expect(wbReport.ok).toBe(true);
    expect(wbReport.channels.map((c) => c.channel).sort()).toEqual(['chat', 'question', 'review']);

    env.sim.control.setTierDenied(false);
    env.sim.control.inject({ match: 'messenger', status: 500, times: 50 });
    const again = await env.core.internals.sync.syncAll();
    expect(again.find((r) => r.accountId === env.accountId)!.channels[0]!.reason).toBe('avito_unavailable');
    expect(again.find((r) => r.accountId === wbAccount)!.ok).toBe(true);
    // Each account's channels have their own status rows.
    const wbStatus = await env.call<SyncStatusView>('sync.status', { accountId: wbAccount });
    expect(wbStatus.channels.every((c) => c.status === 'idle')).toBe(true);
  });

  it('a slow Avito run never holds a WB account’s sync back', async () => {
    const wb = await startWbSimulator({ seed: 7, reviews: 20, questions: 5, chats: 2 });
    closers.push(() => wb.close());
    let release!: () => void;
    const paceGate = new Promise<void>((resolve) => (release = resolve));
    const env = await avitoEnv({ wb, paceGate });
    const wbAccount = env.core.internals.envAccount()!.id;
    const all = env.core.internals.sync.syncAll();
    // The WB account finishes while the Avito run waits at its pace.
    await vi.waitFor(
      async () => {
        const status = await env.call<SyncStatusView>('sync.status', { accountId: wbAccount });
        expect(status.channels.every((c) => c.status === 'idle' && c.lastSuccessAt !== null)).toBe(true);
      },
      { timeout: 30_000, interval: 50 },
    );
    const avito = await env.call<SyncStatusView>('sync.status', { accountId: env.accountId });
    expect(avito.channels[0]!.status).toBe('syncing');
    release();
    const reports = await all;
    expect(reports.map((r) => [r.accountId, r.ok])).toEqual(
      expect.arrayContaining([
        [wbAccount, true],
        [env.accountId, true],
      ]),
    );
  });

  it('after a sync the bot decides each new buyer message of a BOT chat once (dry run: nothing sent)', async () => {
    const ai = await aiServer((_request, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(completion('Доставка по России занимает 2–3 рабочих дня.\nИсточники: 1')),
    );
    const env = await avitoEnv();
    await env.sync();
    const knowledge = path.join(env.dir, 'kb');
    mkdirSync(knowledge, { recursive: true });
    writeFileSync(
      path.join(knowledge, 'faq.md'),
      '# Доставка\nQ: Сколько идёт доставка?\nA: Доставка по России занимает 2–3 рабочих дня.\n',
    );
    writeSettings(
      env.core.internals.database.runner,
      env.accountId,
      {
        ai: { provider: 'openai_compatible', baseUrl: ai.baseUrl, model: 'm', timeoutMs: 2000, intentFallback: false },
        avitoBot: {
          enabled: true,
          schedule: 'always',
          dailyCap: 100,
          dryRun: true,
          maxTurns: 5,
          knowledgeDir: knowledge,
        },
      },
      new Date(),
    );
    const chat = env.sim.state.chats[5]!;
    env.sim.control.buyerWrites(chat.id, 'Сколько идёт доставка?');
    await env.sync();
    await env.sync();
    const db = env.core.internals.database.sqlite;
    const interactionId = db
      .prepare(`SELECT id FROM interactions WHERE external_id = ?`)
      .pluck()
      .get(chat.id) as number;
    expect(db.prepare(`SELECT kind FROM avito_bot_events WHERE interaction_id = ?`).pluck().all(interactionId)).toEqual(
      ['answer'],
    );
    expect(db.prepare(`SELECT count(*) FROM outbox WHERE interaction_id = ?`).pluck().get(interactionId)).toBe(0);
    expect(ai.received).toHaveLength(1);
  });

  it('the bot answers a new buyer message in a BOT chat, once, through the outbox', async () => {
    const ai = await aiServer((_request, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(completion('Доставка по России занимает 2–3 рабочих дня.\nИсточники: 1')),
    );
    const env = await avitoEnv();
    await env.sync();
    const knowledge = path.join(env.dir, 'kb');
    mkdirSync(knowledge, { recursive: true });
    writeFileSync(
      path.join(knowledge, 'faq.md'),
      '# Доставка\nQ: Сколько идёт доставка?\nA: Доставка по России занимает 2–3 рабочих дня.\n',
    );
    writeSettings(
      env.core.internals.database.runner,
      env.accountId,
      {
        ai: { provider: 'openai_compatible', baseUrl: ai.baseUrl, model: 'm', timeoutMs: 2000, intentFallback: false },
        avitoBot: {
          enabled: true,
          schedule: 'always',
          dailyCap: 100,
          dryRun: false,
          maxTurns: 5,
          knowledgeDir: knowledge,
        },
      },
      new Date(),
    );
    const chat = env.sim.state.chats[5]!;
    env.sim.control.buyerWrites(chat.id, 'Сколько идёт доставка?');
    await env.sync();
    await env.sync();
    const db = env.core.internals.database.sqlite;
    const interactionId = db
      .prepare(`SELECT id FROM interactions WHERE external_id = ?`)
      .pluck()
      .get(chat.id) as number;
    expect(db.prepare(`SELECT kind FROM avito_bot_events WHERE interaction_id = ?`).pluck().all(interactionId)).toEqual(
      ['answer'],
    );
    expect(db.prepare(`SELECT text, origin FROM outbox WHERE interaction_id = ?`).all(interactionId)).toEqual([
      { text: 'Доставка по России занимает 2–3 рабочих дня.', origin: 'auto' },
    ]);
    expect(ai.received).toHaveLength(1);
  });

  it('a chat nobody switched follows the account’s bot switch; a switch is the chat’s own', async () => {
    const env = await avitoEnv();
    await env.sync();
    const id = env.core.internals.database.sqlite
      .prepare(`SELECT id FROM interactions WHERE channel = 'avito_chat' ORDER BY id LIMIT 1`)
      .pluck()
      .get() as number;
    const set = (mode: string) => env.call<{ mode: string; previous: string }>('avito.setMode', { id, mode });
    expect(await set('bot')).toMatchObject({ mode: 'bot', previous: 'manager' });
    expect(await set('manager')).toMatchObject({ mode: 'manager', previous: 'bot' });
  });

  it('accounts.connectAvito checks the pair with the connector: a wrong one is refused, a good one connects', async () => {
    const sim = await startAvitoSimulator({ seed: 2, chats: 3 });
    closers.push(() => sim.close());
    const core = await createCore({
      dataDir: tempDir(),
      secrets: new MemorySecretStore(),
      shell: 'host',
      version: '0.0.0-test',
      clock: () => new Date(),
      avito: { baseUrl: sim.url, pacing: false },
    });
    closers.push(() => core.close());
    const wrong = await core.call('accounts.connectAvito', { clientId: DEFAULT_CLIENT_ID, clientSecret: 'nope' });
    expect(!wrong.ok && wrong.error.code).toBe('avito_bad_credentials');
    const good = await core.call('accounts.connectAvito', {
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    });
    expect(good.ok && (good.value as { account: { marketplace: string } }).account.marketplace).toBe('avito');
  });
});

describe('agentiq sync with an Avito account', () => {
  const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');

  it('syncs the Avito account of AGENTIQ_AVITO_CLIENT_ID / _SECRET and reports its channel', async () => {
    const sim = await startAvitoSimulator({ seed: 5, chats: 12 });
    closers.push(() => sim.close());
    const dir = tempDir();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AGENTIQ_DATA_DIR: dir,
      AGENTIQ_WB_TOKEN: '',
      AGENTIQ_AVITO_BASE_URL: sim.url,
      AGENTIQ_AVITO_CLIENT_ID: DEFAULT_CLIENT_ID,
      AGENTIQ_AVITO_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
      // Pacing off: the simulator has no limits on, and a real second per request would only slow the test.
      AGENTIQ_WB_PACING: 'off',
    };
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'sync', '--json'], { env });
    const report = JSON.parse(stdout) as SyncReport;
    expect(report.ok).toBe(true);
    expect(report.channels).toMatchObject([{ channel: 'avito_chat', ok: true, message: null }]);
    const db = new BetterSqlite3(path.join(dir, 'agentiq.db'), { readonly: true });
    const stored = db.prepare(`SELECT count(*) FROM interactions WHERE channel = 'avito_chat'`).pluck().get();
    const messages = db.prepare(`SELECT count(*) FROM chat_messages`).pluck().get();
    db.close();
    expect(stored).toBe(sim.state.chats.length);
    expect(messages).toBe(sim.state.chats.reduce((n, c) => n + c.messages.length, 0));
  });
});
