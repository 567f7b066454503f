import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { dbFacts, expectedFromSim } from '../helpers/wb-env';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';

function interactionCount(file: string): number {
  if (!existsSync(file)) return 0;
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    return (sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'interactions'").pluck().get() as number)
      ? (sqlite.prepare('SELECT count(*) FROM interactions').pluck().get() as number)
      : 0;
  } finally {
    sqlite.close();
  }
}

const tempDir = useTempDirs();
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/agentiq.mjs');
let sim: WbSim | undefined;
afterAll(() => sim?.close());

async function run(env: NodeJS.ProcessEnv, args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * Starts `agentiq sync` and SIGKILLs it once `rows` more interactions than before are in the
 * database (or lets it finish when it is faster): kill points by progress, not by time, so a slow
 * or a fast start-up of the command moves none of them.
 */
function syncKilledAt(
  env: NodeJS.ProcessEnv,
  file: string,
  rows: number,
): Promise<{ killed: boolean; code: number | null }> {
  const from = interactionCount(file);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'sync', '--json'], { env, stdio: 'ignore' });
    const poll = setInterval(() => {
      let n = 0;
      try {
        n = interactionCount(file);
      } catch {
        return; // the database is being created or migrated
      }
      if (n - from >= rows) child.kill('SIGKILL');
    }, 25);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

describe('a sync killed with SIGKILL', () => {
  it('run again ends with exact counts, no duplicates and integrity_check = ok', async () => {
    sim = await startWbSimulator({ seed: 11, reviews: 12_000, questions: 3000, chats: 60 });
    const dataDir = tempDir();
    const env = {
      ...process.env,
      AGENTIQ_DATA_DIR: dataDir,
      AGENTIQ_WB_TOKEN: makeWbToken(),
      AGENTIQ_WB_BASE_URL: sim.url,
    };
    // Kill points spread over the first writes, the review and question pages (all channels run
    // at once, each with a page fetched ahead) and the chat events.
    const kills = [];
    const rowsAfterKill: number[] = [];
    const file = path.join(dataDir, 'agentiq.db');
    for (const rows of [1, 400, 1500, 3000, 4500, 6000]) {
      kills.push(await syncKilledAt(env, file, rows));
      rowsAfterKill.push(interactionCount(file));
      // New activity between crashes, so resumed runs also meet new data.
      sim.control.addReviews(3);
      sim.control.addChatMessages(2, 1);
    }
    expect(kills.filter((k) => k.killed).length).toBeGreaterThanOrEqual(3);
    // Killed mid-way: some runs left a partial inbox behind, which the next run completed.
    expect(rowsAfterKill.some((n) => n > 0 && n < 15_000)).toBe(true);

    // Async, never spawnSync: the simulator lives in this process and must keep answering.
    const final = await run(env, ['sync', '--json']);
    expect(final.code, final.stderr).toBe(0);
    const stats = JSON.parse((await run(env, ['stats', '--json'])).stdout) as Record<string, unknown>;
    const expected = expectedFromSim(sim);
    expect({ review: stats.review, question: stats.question, chat: stats.chat }).toEqual({
      review: expected.review,
      question: expected.question,
      chat: expected.chat,
    });
    expect(dbFacts(path.join(dataDir, 'agentiq.db'))).toEqual({
      duplicates: 0,
      messages: expected.messages,
      integrity: 'ok',
    });
  }, 180_000);
});
