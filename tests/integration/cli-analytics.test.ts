import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AnalyticsView } from '../../src-shared/domain/analytics';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');

async function agentiq(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0 as number | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('agentiq analytics and export', () => {
  it('analytics --json gives the figures; export writes the CSV of the rows behind them', async () => {
    const dir = tempDir();
    const env = { ...process.env, AGENTIQ_DATA_DIR: dir, AGENTIQ_WB_TOKEN: '' };
    expect((await agentiq(env, 'demo', '--json')).code).toBe(0);

    const json = await agentiq(env, 'analytics', '--days', '30', '--json');
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as Omit<AnalyticsView, 'alerts'> & { alerts: { text: string }[] };
    expect(view.period.days).toBe(30);
    expect(view.accountId).toBeNull();
    expect(view.sources).toEqual(['demo']);
    expect(view.channels.review.received).toBe(5);
    expect(view.series).toHaveLength(30);
    expect(view.alerts.every((alert) => typeof alert.text === 'string' && alert.text.length > 0)).toBe(true);

    const text = await agentiq(env, 'analytics', '--account', '1');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('источник: демо');
    expect(text.stdout).toMatch(/Отзывы\s+поступило\s+5/);

    const out = path.join(dir, 'rows.csv');
    const exported = await agentiq(
      env,
      'export',
      '--what',
      'interactions',
      '--format',
      'csv',
      '--out',
      out,
      '--days',
      '30',
    );
    expect(exported.code, exported.stderr).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^interaction_id;account_id;source;channel;/);
    expect(rows.filter((row) => row.includes(';демо-данные;отзыв;'))).toHaveLength(view.channels.review.received);
    const received = view.channels.review.received + view.channels.question.received + view.channels.chat.received;
    expect(rows).toHaveLength(1 + received);
    expect(exported.stdout.trim()).toBe(`${out}: ${received} строк`);

    const figures = path.join(dir, 'figures.csv');
    expect((await agentiq(env, 'export', '--what', 'analytics', '--format', 'csv', '--out', figures)).code).toBe(0);
    // Codes become Russian names in the file (channel, source, signal), as in the page's download.
    expect(readFileSync(figures, 'utf8')).toContain('\r\nresponse;received;отзыв;5;демо-данные\r\n');
    expect(readFileSync(figures, 'utf8')).toMatch(/\r\nproblem_signals;\d+;брак;1;демо-данные\r\n/);
    // Written through a temporary file that is renamed: nothing else is left beside it.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 180_000);

  it('bad flags exit 2 with one line on stderr and write nothing; an unwritable file exits 1', async () => {
    const dir = tempDir();
    const env = { ...process.env, AGENTIQ_DATA_DIR: dir, AGENTIQ_WB_TOKEN: '' };
    const out = path.join(dir, 'x.csv');
    const stderr: string[] = [];
    for (const args of [
      ['export', '--what', 'interactions', '--format', 'xlsx', '--out', out],
      ['export', '--what', 'interactions', '--out', out],
      ['export', '--what', 'analytics', '--format', 'csv'],
      ['analytics', '--days', '400'],
      ['analytics', '--account', '999', '--json'],
    ]) {
      const result = await agentiq(env, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      stderr.push(result.stderr);
    }
    expect(stderr[0]).toContain('--format must be csv');
    expect(existsSync(out)).toBe(false);

    const missing = await agentiq(
      env,
      'export',
      '--what',
      'analytics',
      '--format',
      'csv',
      '--out',
      path.join(dir, 'no', 'x.csv'),
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
  }, 180_000);
});
