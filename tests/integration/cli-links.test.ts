import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');
let sim: WbSim;
beforeAll(async () => {
  sim = await startWbSimulator({ seed: 41, reviews: 120, questions: 40, chats: 6, linkCases: 12 });
});
afterAll(() => sim.close());

async function agentiq(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0 as number | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface LinkRow {
  a: { id: number; channel: string; external_id: string };
  b: { id: number; channel: string; external_id: string };
  confidence: number;
  kind: string;
  signals: string[];
  action_mode: string;
  decision: string | null;
}

describe('agentiq links', () => {
  it('lists the links a sync made, in the documented shape, filtered by --min-confidence', async () => {
    const env = {
      ...process.env,
      AGENTIQ_DATA_DIR: tempDir(),
      AGENTIQ_WB_TOKEN: makeWbToken(),
      AGENTIQ_WB_BASE_URL: sim.url,
    };
    const synced = await agentiq(env, 'sync', '--json');
    expect(synced.code, synced.stderr).toBe(0);

    const all = await agentiq(env, 'links', '--json');
    expect(all.code, all.stderr).toBe(0);
    const rows = JSON.parse(all.stdout) as LinkRow[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['a', 'b', 'confidence', 'kind', 'signals', 'action_mode', 'decision']);
      expect(Object.keys(row.a)).toEqual(['id', 'channel', 'external_id']);
      expect(['deterministic', 'probabilistic']).toContain(row.kind);
      expect(row.action_mode).toBe(row.kind === 'deterministic' && row.confidence >= 0.85 ? 'auto' : 'assist');
    }
    // Every supplemented review (same lastOrderShkId) is an auto link.
    const followups = sim.control.linkTruth().filter((t) => t.kind === 'followup_review');
    for (const t of followups)
      expect(
        rows.some(
          (r) => r.a.external_id === t.a.externalId && r.b.external_id === t.b.externalId && r.action_mode === 'auto',
        ) ||
          rows.some(
            (r) => r.b.external_id === t.a.externalId && r.a.external_id === t.b.externalId && r.action_mode === 'auto',
          ),
      ).toBe(true);

    const strong = JSON.parse((await agentiq(env, 'links', '--json', '--min-confidence', '0.9')).stdout) as LinkRow[];
    expect(strong).toEqual(rows.filter((r) => r.confidence >= 0.9));
    const recomputed = await agentiq(env, 'links', '--json', '--recompute');
    expect(JSON.parse(recomputed.stdout)).toEqual(rows);
  }, 120_000);

  it('refuses a bad --min-confidence with exit 2 and one line, writing nothing', async () => {
    for (const value of ['1.5', '-0.1', '1e-1']) {
      const dir = path.join(tempDir(), 'never-created');
      const run = await agentiq({ ...process.env, AGENTIQ_DATA_DIR: dir }, 'links', `--min-confidence=${value}`);
      expect(run.code, value).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n'), value).toEqual([
        `agentiq links: --min-confidence must be a number from 0 to 1, got "${value}"`,
      ]);
      expect(existsSync(dir)).toBe(false);
    }
  }, 120_000);
});
