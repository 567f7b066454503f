import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCore, databaseFile, type Core } from '../../src-main/core/core';
import type { Logger } from '../../src-main/core/logger';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { makeWbToken, startWbSimulator, type FaultSpec, type WbSim } from '../wb-sim';
import { useAiServers } from '../helpers/ai-server';
import { useTempDirs } from '../helpers/temp-dir';
import { useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();
const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');
const aiServer = useAiServers();

/** Every entry the core logs, as the line a stderr logger would write. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(JSON.stringify({ level, message, ...fields }));
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/**
 * The token and pieces of it long enough to be unmistakable: an excerpt cut mid-token leaks a
 * piece, not the whole. The JWT header and the payload's first bytes are the same in every
 * simulator token, so the pieces come from the rest (the token's id and its signature).
 */
function leakMarks(token: string): string[] {
  const unique = token.slice(token.indexOf('.') + 12);
  const pieces: string[] = [];
  for (let at = 0; at + 20 <= unique.length; at += 6) pieces.push(unique.slice(at, at + 20));
  return [token, ...pieces];
}

function leaksIn(where: string, haystack: string | Buffer, marks: string[]): string[] {
  const found = marks.filter((mark) => haystack.includes(mark));
  return found.length ? [`${where}: ${found.length} piece(s) of the secret, e.g. …${found[0]!.slice(0, 20)}…`] : [];
}

/** The database as bytes on disk: the main file and the WAL (free pages and old frames included). */
function databaseBytes(dataDir: string): Record<string, Buffer> {
  const file = databaseFile(dataDir);
  return Object.fromEntries(
    [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => [path.basename(f), readFileSync(f)]),
  );
}

async function syncCoreWithLog(dataDir: string, sim: WbSim, envToken: string | null) {
  const { logger, lines } = capturingLogger();
  const core = await createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    clock: () => new Date(),
    shell: 'cli',
    version: '0.0.0-test',
    logger,
    envToken,
    wb: { baseUrl: sim.url, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))) },
  });
  return { core, lines };
}

const value = <T>(result: IpcResult<unknown>): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
};

type SyncEchoes = Record<'feedbacks' | 'questions' | 'chat', Pick<FaultSpec, 'echo' | 'echoStatus'>>;

/** A WB sync and replies against a proxy that echoes each request back, Authorization included. */
async function runAgainstEchoingProxy(core: Core, sim: WbSim, accountId: number, echoes: SyncEchoes) {
  const results: unknown[] = [];
  const record = async (channel: string, input: unknown) => {
    const result = await core.call(channel, input);
    results.push({ channel, result });
    return result;
  };
  value(await record('sync.run', { accountId }));
  const sqlite = core.internals.database.sqlite;
  const first = (sql: string) => sqlite.prepare(sql).pluck().get(accountId) as number;
  const review = first(
    "SELECT id FROM interactions WHERE account_id = ? AND channel = 'review' AND needs_response = 1 ORDER BY id LIMIT 1",
  );
  const question = first(
    "SELECT id FROM interactions WHERE account_id = ? AND channel = 'question' AND needs_response = 1 ORDER BY id LIMIT 1",
  );
  const chat = first(
    "SELECT id FROM interactions WHERE account_id = ? AND channel = 'chat' AND reply_sign IS NOT NULL ORDER BY id LIMIT 1",
  );

  for (const [match, echo] of Object.entries(echoes)) sim.control.inject({ match, ...echo, times: 50 });
  const report = value<{ ok: boolean; channels: { ok: boolean }[] }>(
    await record('sync.run', { accountId, full: true }),
  );
  expect(report.ok).toBe(false);
  expect(report.channels.every((c) => !c.ok)).toBe(true);
  await record('sync.status', { accountId });
  sim.control.clearFaults();

  // Sends: a review answer refused with an echoing 400, a question answer "accepted" with a 200 whose
  // F&Q envelope says error and echoes, a chat message refused with a plain-text echo.
  sim.control.inject({ match: '/api/v1/feedbacks/answer', echo: 'problem', echoStatus: 400, times: 5 });
  sim.control.inject({ match: '/api/v1/questions', method: 'PATCH', echo: 'fq_error', times: 5 });
  sim.control.inject({ match: '/api/v1/seller/message', echo: 'text', echoStatus: 400, times: 5 });
  value(await record('reply.send', { interactionId: review, text: 'Спасибо за отзыв! Рады, что вещь подошла.' }));
  value(await record('reply.send', { interactionId: question, text: 'Да, размер соответствует таблице на карточке.' }));
  value(await record('reply.send', { interactionId: chat, text: 'Здравствуйте! Уже проверяем ваш заказ.' }));
  const flushed = value<{ failed: number }>(await record('outbox.flush', {}));
  expect(flushed.failed).toBe(3);
  const outbox = value<{ state: string; lastError: string | null }[]>(await record('outbox.list', { accountId }));
  expect(outbox.map((entry) => entry.state)).toEqual(['failed', 'failed', 'failed']);
  expect(outbox.every((entry) => entry.lastError)).toBe(true);
  sim.control.clearFaults();
  return results;
}

describe('secrets never leak through errors', () => {
  it('a WB token echoed by a proxy (AGENTIQ_WB_TOKEN and a keychain token) reaches no log, IPC result or database byte', async () => {
    const sim = await startWbSimulator({ seed: 11, reviews: 30, questions: 20, chats: 4, limits: false });
    const envToken = makeWbToken();
    const keychainToken = makeWbToken({ sellerId: 'b1c2d3e4-0000-4000-8000-00000000beef' });
    const dataDir = tempDir();
    const { core, lines } = await syncCoreWithLog(dataDir, sim, `Bearer ${envToken}`);
    open.push({ sim, core });

    // Every channel fails: 400 / 500 / 502 with the echo as problem+json, as a text dump, as an F&Q
    // error envelope, and a 200 whose body is the text dump instead of JSON.
    const envResults = await runAgainstEchoingProxy(core, sim, core.internals.envAccount()!.id, {
      feedbacks: { echo: 'problem', echoStatus: 400 },
      questions: { echo: 'text', echoStatus: 502 },
      chat: { echo: 'text', echoStatus: 200 },
    });
    const connected = value<{ account: { id: number } }>(await core.call('accounts.connect', { token: keychainToken }));
    const keychainResults = await runAgainstEchoingProxy(core, sim, connected.account.id, {
      feedbacks: { echo: 'problem', echoStatus: 500 },
      questions: { echo: 'fq_error', echoStatus: 400 },
      chat: { echo: 'problem', echoStatus: 400 },
    });

    const marks = [...leakMarks(envToken), ...leakMarks(keychainToken)];
    const leaks = [
      ...leaksIn('log', lines.join('\n'), marks),
      ...leaksIn('IPC results', JSON.stringify([...envResults, ...keychainResults]), marks),
      ...Object.entries(databaseBytes(dataDir)).flatMap(([file, bytes]) => leaksIn(`${file} (open)`, bytes, marks)),
    ];
    // What the seller is told stays useful: the reason, without the echo.
    const lastErrors = core.internals.database.sqlite
      .prepare('SELECT last_error FROM sync_state WHERE last_error IS NOT NULL')
      .pluck()
      .all() as string[];
    expect(lastErrors.length).toBeGreaterThan(0);
    expect(lastErrors.some((text) => text.includes('authorization: [скрыто]'))).toBe(true);
    expect(lines.some((line) => line.includes('sync.channel_failed'))).toBe(true);
    await core.close();
    leaks.push(
      ...Object.entries(databaseBytes(dataDir)).flatMap(([file, bytes]) => leaksIn(`${file} (closed)`, bytes, marks)),
    );
    expect(leaks).toEqual([]);
  }, 90_000);

  it('`agentiq sync` against the echoing proxy prints no piece of the token on stdout or stderr', async () => {
    const sim = await startWbSimulator({ seed: 12, reviews: 20, questions: 10, chats: 3, limits: false });
    open.push({ sim });
    const token = makeWbToken();
    const env = {
      ...process.env,
      AGENTIQ_DATA_DIR: tempDir(),
      AGENTIQ_WB_TOKEN: `Bearer ${token}`,
      AGENTIQ_WB_BASE_URL: sim.url,
      AGENTIQ_LOG_LEVEL: 'debug',
    };
    sim.control.inject({ match: 'feedbacks', echo: 'problem', echoStatus: 400, times: 50 });
    sim.control.inject({ match: 'questions', echo: 'fq_error', echoStatus: 400, times: 50 });
    sim.control.inject({ match: 'chat', echo: 'text', echoStatus: 400, times: 50 });
    const outputs: string[] = [];
    for (const args of [['sync'], ['sync', '--json']]) {
      const run = await promisify(execFile)(process.execPath, [CLI, ...args], { env }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect('code' in run ? run.code : 0, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/agentiq sync: \w+: wb_contract: /);
      outputs.push(run.stdout, run.stderr);
    }
    expect(outputs.join('\n')).toContain('authorization: [скрыто]');
    expect(leaksIn('CLI output', outputs.join('\n'), leakMarks(token))).toEqual([]);
    expect(
      leaksIn('database', Buffer.concat(Object.values(databaseBytes(env.AGENTIQ_DATA_DIR))), leakMarks(token)),
    ).toEqual([]);
  }, 90_000);

  it('an AI key a model server echoes back (as sent, URL-encoded, base64) reaches no draft, log or database byte', async () => {
    // Not shaped like `sk-…`: the provider's pattern scrub cannot help, only knowing the key can.
    const apiKey = 'aiq-9f8e7d6c5b4a/3210+ZYXWVUTSRQ=PONM';
    const server = await aiServer((request, res) => {
      const echo = `Incorrect API key provided: ${apiKey.slice(0, 4)}…; you sent ${encodeURIComponent(apiKey)} (${Buffer.from(apiKey).toString('base64')}); request: ${request.raw}`;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: echo } }));
    });
    const dataDir = tempDir();
    const { logger, lines } = capturingLogger();
    const core = await createCore({
      dataDir,
      secrets: new MemorySecretStore(),
      shell: 'host',
      version: '0.0.0-test',
      logger,
      clock: () => new Date(),
    });
    open.push({ core });
    const { accountId } = value<{ accountId: number }>(await core.call('demo.seed', {}));
    value(
      await core.call('settings.update', {
        accountId,
        patch: { ai: { provider: 'openai_compatible', baseUrl: server.baseUrl, model: 'm', timeoutMs: 5_000 } },
      }),
    );
    value(await core.call('ai.setApiKey', { accountId, apiKey }));
    const review = value<{ items: { id: number }[] }>(await core.call('inbox.list', { accountId, channel: 'review' }))
      .items[0]!;
    const draft = await core.call('drafts.generate', { interactionId: review.id, regenerate: true });
    expect(draft).toMatchObject({
      ok: true,
      value: { fellBack: true, reason: { code: 'ai_http_error', params: { status: 401 } } },
    });
    expect(server.received[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);

    const marks = [
      apiKey,
      encodeURIComponent(apiKey),
      Buffer.from(apiKey).toString('base64'),
      apiKey.slice(4, 20),
      apiKey.slice(20),
    ];
    const leaks = [
      ...leaksIn('drafts.generate result', JSON.stringify(draft), marks),
      ...leaksIn('log', lines.join('\n'), marks),
      ...leaksIn('settings.get', JSON.stringify(await core.call('settings.get', { accountId })), marks),
    ];
    await core.close();
    leaks.push(...Object.entries(databaseBytes(dataDir)).flatMap(([file, bytes]) => leaksIn(file, bytes, marks)));
    expect(leaks).toEqual([]);
  });
});
