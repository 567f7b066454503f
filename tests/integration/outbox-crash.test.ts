import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/agentiq.mjs');
let sim: WbSim;
beforeAll(async () => {
  sim = await startWbSimulator({ seed: 21, reviews: 400, questions: 40, chats: 8, limits: false });
});
afterAll(() => sim.close());

/** Runs the CLI without blocking this process (the simulator lives here and must keep answering). */
async function agentiq(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0 as number | null, signal: null as string | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; signal: string | null; stdout: string; stderr: string };
    return { code: failed.code, signal: failed.signal, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// `claimed`: the row is leased to the dying process; the next run must not wait for it, nor send twice.
const STEPS = ['claimed', 'marked_sending', 'sent', 'recorded'] as const;

describe('exactly once: the dispatcher killed at each step of a send', () => {
  for (const channel of ['review', 'question', 'chat'] as const) {
    for (const step of STEPS) {
      it(`${channel}: killed after "${step}", the next run delivers the reply exactly once`, async () => {
        const env = {
          ...process.env,
          AGENTIQ_DATA_DIR: tempDir(),
          AGENTIQ_WB_TOKEN: makeWbToken(),
          AGENTIQ_WB_BASE_URL: sim.url,
        };
        expect((await agentiq(env, 'sync')).code).toBe(0);
        const inbox = JSON.parse(
          (await agentiq(env, 'inbox', '--channel', channel, '--json', '--limit', '500')).stdout,
        ) as { id: number; external_id: string; needs_response: boolean }[];
        const before = sim.control.recorded();
        const used = new Set<string | null>([
          ...before.feedbackAnswers.map((a) => a.id),
          ...before.questionAnswers.map((a) => a.id),
          ...before.chatMessages.map((m) => m.chatID),
        ]);
        const target = inbox.find(
          (item) => (channel === 'chat' || item.needs_response) && !used.has(item.external_id),
        )!;
        const text = `Ответ ${channel} ${step}: спасибо, разбираемся.`;
        const queued = await agentiq(env, 'reply', '--id', String(target.id), '--text', text, '--json');
        expect(queued.code, queued.stderr).toBe(0);

        const crashed = await agentiq({ ...env, AGENTIQ_CRASH_AT: step }, 'outbox', '--flush', '--json');
        expect(crashed.signal).toBe('SIGKILL');
        const resumed = await agentiq(env, 'outbox', '--flush', '--json');
        expect(resumed.code, resumed.stderr).toBe(0);
        expect((await agentiq(env, 'sync')).code).toBe(0);

        const recorded = sim.control.recorded();
        const delivered =
          channel === 'review'
            ? recorded.feedbackAnswers.filter((a) => a.id === target.external_id && a.text === text)
            : channel === 'question'
              ? recorded.questionAnswers.filter((a) => a.id === target.external_id && a.text === text)
              : recorded.chatMessages.filter((m) => m.chatID === target.external_id && m.text === text);
        expect(delivered).toHaveLength(1);
        const entries = JSON.parse((await agentiq(env, 'outbox', '--json')).stdout) as {
          state: string;
          text: string;
        }[];
        expect(entries.filter((e) => e.text === text).map((e) => e.state)).toEqual(['confirmed']);
      }, 60_000);
    }
  }
});
