import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { expectedFromSim } from '../helpers/wb-env';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');
let sim: WbSim;
// Limits on: the CLI's processes must stay inside them between themselves too.
beforeAll(async () => {
  sim = await startWbSimulator({ seed: 31, reviews: 420, questions: 110, chats: 9 });
});
afterAll(() => sim.close());

/** Runs the CLI without blocking this process (the simulator lives here and must keep answering). */
async function agentiq(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0 as number | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const tooMany = () => sim.control.recorded().requests.filter((r) => r.status === 429).length;
const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('agentiq CLI against the simulator', () => {
  // One data folder for the whole describe (useTempDirs removes its folders after each test).
  const shared = { dir: '', env: {} as NodeJS.ProcessEnv };
  beforeAll(() => {
    shared.dir = mkdtempSync(path.join(os.tmpdir(), 'agentiq-cli-'));
    shared.env = {
      ...process.env,
      AGENTIQ_DATA_DIR: shared.dir,
      AGENTIQ_WB_TOKEN: makeWbToken(),
      AGENTIQ_WB_BASE_URL: sim.url,
    };
  });
  afterAll(() => rmSync(shared.dir, { recursive: true, force: true }));

  it('sync twice in two processes stays inside WB’s limits; stats --json is exactly the documented shape', async () => {
    const first = await agentiq(shared.env, 'sync', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true });
    const second = await agentiq(shared.env, 'sync', '--full', '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(tooMany()).toBe(0);

    const stats = await agentiq(shared.env, 'stats', '--json');
    expect(stats.code).toBe(0);
    const { messages: _m, ...expected } = expectedFromSim(sim);
    expect(JSON.parse(stats.stdout)).toStrictEqual(expected);
    expect(Object.keys(JSON.parse(stats.stdout))).toEqual(['review', 'question', 'chat']);
  }, 120_000);

  it('inbox --json returns every row without --limit, exactly N with it', async () => {
    const all = await agentiq(shared.env, 'inbox', '--json');
    expect(all.code, all.stderr).toBe(0);
    const rows = JSON.parse(all.stdout) as {
      id: number;
      needs_response: boolean;
      sla_state: string;
      sla_due_at: string | null;
      priority_reason: string | null;
    }[];
    expect(rows.length).toBe(420 + 110 + expectedFromSim(sim).chat.total);
    // The SLA state and the priority reason in Russian (README, CLI section).
    for (const row of rows) {
      expect(['ok', 'due_soon', 'overdue', 'none']).toContain(row.sla_state);
      if (!row.needs_response) expect(row.sla_state).toBe('none');
      else expect(row.sla_due_at).not.toBeNull();
    }
    expect(
      rows.filter((row) => row.priority_reason !== null).every((row) => /[а-яё]/i.test(row.priority_reason!)),
    ).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const n of [7, 501]) {
      const some = await agentiq(shared.env, 'inbox', '--json', '--limit', String(n));
      expect((JSON.parse(some.stdout) as { id: number }[]).map((r) => r.id)).toEqual(rows.slice(0, n).map((r) => r.id));
    }
    const reviews = JSON.parse((await agentiq(shared.env, 'inbox', '--json', '--channel', 'review')).stdout) as {
      channel: string;
    }[];
    expect(reviews).toHaveLength(420);
  }, 60_000);

  it('inbox --search finds any word form, most relevant first, with the snippet in JSON and [marks] in text', async () => {
    const env = { ...process.env, AGENTIQ_DATA_DIR: tempDir(), AGENTIQ_WB_TOKEN: '' };
    expect((await agentiq(env, 'demo', '--json')).code).toBe(0);
    const found = await agentiq(env, 'inbox', '--json', '--search', 'маломерит');
    expect(found.code, found.stderr).toBe(0);
    const rows = JSON.parse(found.stdout) as {
      channel: string;
      snippet: { source: string; message_id: number | null; text: string; ranges: [number, number][] };
    }[];
    expect(rows.map((row) => row.channel).sort()).toEqual(['chat', 'review']);
    for (const { snippet } of rows) {
      const words = snippet.ranges.map(([start, end]) => snippet.text.slice(start, end).toLowerCase());
      expect(words.length).toBeGreaterThan(0);
      expect(words.every((word) => word.startsWith('маломер'))).toBe(true);
    }
    expect(rows.find((row) => row.channel === 'chat')!.snippet).toMatchObject({ source: 'message' });
    const text = await agentiq(env, 'inbox', '--search', 'маломерят', '--channel', 'review');
    expect(lines(text.stdout)).toHaveLength(1);
    expect(text.stdout).toContain('[маломерят]');
    const plain = JSON.parse((await agentiq(env, 'inbox', '--json', '--limit', '1')).stdout) as object[];
    expect(plain[0]).not.toHaveProperty('snippet');
    expect((await agentiq(env, 'inbox', '--search', 'я'.repeat(201))).code).toBe(2);
  }, 60_000);

  it('an explicit --account wins over AGENTIQ_WB_TOKEN: an unknown one is an error, not the env account', async () => {
    const unknown = await agentiq(shared.env, 'stats', '--json', '--account', '999');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(lines(unknown.stderr)).toEqual([expect.stringContaining('account 999 does not exist')]);
    const demo = await agentiq(shared.env, 'demo', '--json');
    const demoId = (JSON.parse(demo.stdout) as { accountId: number }).accountId;
    const demoStats = JSON.parse(
      (await agentiq(shared.env, 'stats', '--json', '--account', String(demoId))).stdout,
    ) as Record<string, { total: number }>;
    expect(demoStats.review!.total + demoStats.question!.total + demoStats.chat!.total).toBe(12);
  }, 60_000);

  it('sync exits non-zero when a channel the token covers failed, with one line on stderr and only JSON on stdout', async () => {
    sim.control.inject({ match: 'chat', status: 401, times: 20 });
    try {
      const failed = await agentiq(shared.env, 'sync', '--json');
      expect(failed.code).toBe(1);
      const report = JSON.parse(failed.stdout) as {
        ok: boolean;
        channels: { channel: string; ok: boolean; reason: string | null; message: string | null }[];
      };
      expect(report.ok).toBe(false);
      // The CLI's JSON keeps `message` a string: core's code, worded as the app shows it.
      const words = 'WB не принял токен (401). Проверьте токен или создайте новый в ЛК продавца.';
      expect(report.channels.find((c) => c.channel === 'chat')).toMatchObject({
        ok: false,
        reason: 'wb_token_invalid',
        message: words,
      });
      expect(lines(failed.stderr)).toEqual([`agentiq sync: chat: wb_token_invalid: ${words}`]);
    } finally {
      sim.control.clearFaults();
    }
  }, 60_000);

  it('bad flags and values exit 2 with one line on stderr and write nothing', async () => {
    for (const args of [
      ['inbox', '--limit', 'abc'],
      ['inbox', '--limit', '0'],
      ['inbox', '--limit', '1e2'],
      ['inbox', '--limit'],
      ['inbox', '--channel', 'foo'],
      ['stats', '--bogus'],
      ['sync', '--account', 'abc'],
      ['sync', 'extra'],
      ['outbox', '--json=yes'],
      ['frobnicate'],
      [],
    ]) {
      const dir = path.join(tempDir(), 'never-created');
      const run = await agentiq({ ...shared.env, AGENTIQ_DATA_DIR: dir }, ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      if (args.length) expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(existsSync(dir), args.join(' ')).toBe(false);
    }
  }, 120_000);

  it('reply queues after the guardrails, names a blocked phrase, refuses bad input, and outbox --flush delivers once', async () => {
    const open = JSON.parse(
      (await agentiq(shared.env, 'inbox', '--json', '--channel', 'review', '--needs-response', '--limit', '1')).stdout,
    ) as {
      id: number;
      external_id: string;
      needs_response: boolean;
    }[];
    expect(open).toHaveLength(1);
    const target = open[0]!;
    expect(target.needs_response).toBe(true);
    const outboxRows = async () =>
      JSON.parse((await agentiq(shared.env, 'outbox', '--json')).stdout) as {
        id: number;
        state: string;
        interactionId: number;
      }[];
    const before = await outboxRows();

    const blocked = await agentiq(
      shared.env,
      'reply',
      '--id',
      String(target.id),
      '--text',
      'Спасибо! Мы вернём деньги за эту покупку.',
      '--json',
    );
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toBe('');
    expect(lines(blocked.stderr)).toEqual([
      'agentiq reply: Ответ не отправлен: Обещание возврата денег, компенсации или гарантии: «вернём деньги»',
    ]);
    for (const [id, text] of [
      [String(target.id), ''],
      [String(target.id), 'Ок'.repeat(2_600)],
      ['987654321', 'Спасибо за отзыв!'],
      ['no-such-wb-id', 'Спасибо за отзыв!'],
    ] as const) {
      const refused = await agentiq(shared.env, 'reply', '--id', id, '--text', text, '--json');
      expect(refused.code, `${id}: ${text.slice(0, 20)}`).not.toBe(0);
      expect(lines(refused.stderr), `${id}: ${text.slice(0, 20)}`).toHaveLength(1);
    }
    // An explicit --account must exist and must own the item.
    expect(
      (await agentiq(shared.env, 'reply', '--id', String(target.id), '--text', 'Спасибо за отзыв!', '--account', '999'))
        .code,
    ).toBe(2);
    const demoId = (JSON.parse((await agentiq(shared.env, 'demo', '--json')).stdout) as { accountId: number })
      .accountId;
    const otherShop = await agentiq(
      shared.env,
      'reply',
      '--id',
      String(target.id),
      '--text',
      'Спасибо за отзыв!',
      '--account',
      String(demoId),
    );
    expect(otherShop.code).toBe(1);
    expect(lines(otherShop.stderr)).toEqual([expect.stringContaining(`no interaction with id "${target.id}"`)]);
    expect(await outboxRows()).toEqual(before);

    const queued = await agentiq(
      shared.env,
      'reply',
      '--id',
      target.external_id,
      '--text',
      'Спасибо за отзыв! Рады, что покупка понравилась.',
      '--json',
    );
    expect(queued.code, queued.stderr).toBe(0);
    const entry = JSON.parse(queued.stdout) as { id: number; state: string; interactionId: number };
    expect(entry).toMatchObject({ state: 'queued', interactionId: target.id });
    const again = await agentiq(
      shared.env,
      'reply',
      '--id',
      String(target.id),
      '--text',
      'Ещё один ответ на тот же отзыв.',
      '--json',
    );
    expect(again.code).toBe(1);

    const flushed = await agentiq(shared.env, 'outbox', '--flush', '--json');
    expect(flushed.code, flushed.stderr).toBe(0);
    expect((JSON.parse(flushed.stdout) as { id: number; state: string }[]).find((e) => e.id === entry.id)?.state).toBe(
      'sent_pending',
    );
    const answers = sim.control.recorded().feedbackAnswers.filter((a) => a.id === target.external_id);
    expect(answers).toHaveLength(1);

    // A refused send: `outbox --json` shows its lastError as the app's words (README), not as a code.
    const other = (
      JSON.parse(
        (await agentiq(shared.env, 'inbox', '--json', '--channel', 'review', '--needs-response', '--limit', '2'))
          .stdout,
      ) as { id: number }[]
    )
      .map((row) => row.id)
      .find((id) => id !== target.id)!;
    const refusedEntry = JSON.parse(
      (
        await agentiq(
          shared.env,
          'reply',
          '--id',
          String(other),
          '--text',
          'Спасибо за отзыв! Рады стараться.',
          '--json',
        )
      ).stdout,
    ) as { id: number };
    sim.control.inject({ match: 'fq', status: 401, times: 1 });
    try {
      const failedFlush = await agentiq(shared.env, 'outbox', '--flush', '--json');
      expect(failedFlush.code).toBe(1);
      const failedRow = (JSON.parse(failedFlush.stdout) as { id: number; state: string; lastError: unknown }[]).find(
        (e) => e.id === refusedEntry.id,
      );
      expect(failedRow).toMatchObject({
        state: 'failed',
        lastError: 'WB не принял токен (401). Проверьте токен или создайте новый в ЛК продавца.',
      });
    } finally {
      sim.control.clearFaults();
    }
  }, 120_000);

  it('--json commands print only JSON on stdout', async () => {
    for (const args of [
      ['doctor', '--json'],
      ['demo', '--json'],
      ['stats', '--json'],
      ['inbox', '--json', '--limit', '3'],
      ['outbox', '--json'],
      ['outbox', '--flush', '--json'],
    ]) {
      const run = await agentiq(shared.env, ...args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(() => JSON.parse(run.stdout), args.join(' ')).not.toThrow();
      expect(lines(run.stdout), args.join(' ')).toHaveLength(1);
    }
  }, 120_000);
});
