import { execFile } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { listBackups } from '../../src-main/core/db/backup';
import { DatabaseDamagedError, openDatabase } from '../../src-main/core/db/database';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { liveMarkers } from '../../src-main/core/db/running-marker';
import type { Logger } from '../../src-main/core/logger';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { makeCore } from '../helpers/core';
import { garbageHeader, garbageInTablePage, seededDataDir, sha256, truncateToHalf } from '../helpers/damage';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const ROOT = path.resolve(__dirname, '../..');
const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
/** The seller's Russian of a refusal, as the shells word it. */
const say = (error: DatabaseDamagedError) => describeMessage(error.coreMessage, { now: new Date() });

/** Runs a shell as its own process, as the seller would; `code` is its exit code. */
async function run(args: string[], dataDir: string) {
  const env = { ...process.env, AGENTIQ_DATA_DIR: dataDir, AGENTIQ_WB_TOKEN: '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { env, cwd: ROOT });
    return { code: 0 as number | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The demo shop in agentiq.db plus one backup (the second open takes the first daily backup). */
async function seededWithBackup() {
  const dataDir = tempDir();
  const file = await seededDataDir(dataDir);
  await (await makeCore(dataDir)).close();
  const [backup] = await listBackups(path.join(dataDir, 'backups'));
  expect(backup).toBeDefined();
  return { dataDir, file, backup: backup!.file };
}

const DAMAGE = [
  {
    name: 'garbage in a page of the interactions table',
    damage: (file: string) => void garbageInTablePage(file),
    problem: { kind: 'corrupt', sqliteCode: 'SQLITE_CORRUPT' },
    detail: /\(структура файла испорчена \(SQLITE_CORRUPT\)\)/,
  },
  {
    name: 'garbage in a page of the inbox index',
    damage: (file: string) => void garbageInTablePage(file, 'interactions_inbox'),
    problem: { kind: 'quick_check', finding: expect.stringMatching(/^Tree \d+ page \d+: /) },
    detail: /\(quick_check: Tree \d+ page \d+: /,
  },
  {
    name: 'the file cut in half',
    damage: truncateToHalf,
    problem: { kind: 'corrupt', sqliteCode: 'SQLITE_CORRUPT' },
    detail: /\(структура файла испорчена \(SQLITE_CORRUPT\)\)/,
  },
  {
    name: 'a garbage header (not a database at all)',
    damage: garbageHeader,
    problem: { kind: 'not_a_database' },
    detail: /\(файл не является базой SQLite\)/,
  },
];

describe('a damaged database is refused at open, with what to do, and left as it is', () => {
  it.each(DAMAGE)(
    '$name: db_damaged names the file and the newest backup; nothing is written',
    async ({ damage, problem, detail }) => {
      const { dataDir, file, backup } = await seededWithBackup();
      damage(file);
      const before = sha256(file);
      const backupsBefore = readdirSync(path.join(dataDir, 'backups'));

      const error = await openDatabase(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseDamagedError);
      expect(error).toMatchObject({ code: 'db_damaged', params: { file, newestBackup: backup, problem } });
      // Core's own message is English (logs); the seller reads the described code.
      expect((error as Error).message).not.toMatch(/[А-Яа-яЁё]/);
      const text = say(error as DatabaseDamagedError);
      expect(text).toMatch(detail);
      expect(text).toContain(`agentiq restore --from "${backup}"`);
      expect(text).not.toContain('\n');
      // Core refuses the same way and lets go of its "app is running" marker.
      await expect(makeCore(dataDir)).rejects.toBeInstanceOf(DatabaseDamagedError);
      expect(await liveMarkers(dataDir)).toEqual([]);

      expect(sha256(file)).toBe(before);
      expect(readdirSync(path.join(dataDir, 'backups'))).toEqual(backupsBefore);
    },
  );

  it('garbage in a page goes unnoticed by ordinary reads: only quick_check finds it', async () => {
    const { file } = await seededWithBackup();
    garbageInTablePage(file);
    const raw = new BetterSqlite3(file, { readonly: true });
    try {
      // What the app did before: the header and other tables read fine, the inbox fails later.
      expect(raw.pragma('user_version', { simple: true })).toBeGreaterThan(0);
      expect(raw.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(1);
      expect(() => raw.prepare('SELECT count(*), max(text) FROM interactions').get()).toThrow(/malformed/);
    } finally {
      raw.close();
    }
  });

  it('without a backup the message says how to start over without losing the damaged file', async () => {
    const dataDir = tempDir();
    const file = await seededDataDir(dataDir);
    garbageInTablePage(file);
    const error = (await openDatabase(file).catch((e: unknown) => e)) as DatabaseDamagedError;
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    expect(error.newestBackup).toBeNull();
    expect(say(error)).toContain('Резервных копий нет');
    expect(say(error)).toContain('не удаляйте');
  });

  it('the CLI prints one Russian line with the restore command and exits 1, for each kind of damage', async () => {
    const { dataDir, file, backup } = await seededWithBackup();
    for (const { name, damage } of DAMAGE) {
      copyFileSync(backup, file);
      damage(file);
      const before = sha256(file);
      const result = await run([path.join(ROOT, 'bin/agentiq.mjs'), 'stats'], dataDir);
      expect(result.code, name).toBe(1);
      expect(result.stdout, name).toBe('');
      const refusal = (await openDatabase(file).catch((e: unknown) => e)) as DatabaseDamagedError;
      expect(lines(result.stderr), name).toEqual([`agentiq stats: ${say(refusal)}`]);
      expect(lines(result.stderr)[0], name).toMatch(
        /^agentiq stats: База данных повреждена .*agentiq restore --from ".*agentiq-\d{8}-\d{6}\.db"$/,
      );
      expect(sha256(file), name).toBe(before);
    }
  }, 60_000);

  it('the headless host refuses to start with the message', async () => {
    const { dataDir, file, backup } = await seededWithBackup();
    truncateToHalf(file);
    const before = sha256(file);
    const result = await run(
      ['--import', 'tsx', path.join(ROOT, 'src-main/host/main.ts'), '--data-dir', dataDir],
      dataDir,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('AgentIQ host:');
    expect(result.stderr).toContain(`agentiq host: База данных повреждена`);
    expect(result.stderr).toContain(`agentiq restore --from "${backup}"`);
    expect(sha256(file)).toBe(before);
  }, 60_000);
});

describe('a damaged settings document falls back instead of breaking the inbox', () => {
  async function withSettingsJson(valueJson: string) {
    const dataDir = tempDir();
    const seed = await makeCore(dataDir);
    const accountId = ((await seed.call('demo.seed', {})) as { ok: true; value: { accountId: number } }).value
      .accountId;
    expect((await seed.call('settings.update', { accountId, patch: { pendingWindowMinutes: 240 } })).ok).toBe(true);
    await seed.close();
    // The row itself damaged in the file, as a bad write or a hand edit leaves it.
    const raw = new BetterSqlite3(path.join(dataDir, 'agentiq.db'));
    raw.prepare('UPDATE settings SET value_json = ? WHERE account_id = ?').run(valueJson, accountId);
    raw.close();
    const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const logger: Logger = {
      debug() {},
      info() {},
      error() {},
      warn: (message, fields) => warnings.push({ message, fields }),
    };
    const core = await createCore({
      dataDir,
      secrets: new MemorySecretStore(),
      shell: 'host',
      version: '0.0.0-test',
      logger,
      clock: () => new Date(),
    });
    return { core, accountId, warnings };
  }

  it('settings that are not JSON read as the defaults, with a warning that carries a code and no content', async () => {
    const { core, accountId, warnings } = await withSettingsJson(
      '{"pendingWindowMinutes": 240, "tone": {"signature": "Магазин Ромашка"',
    );
    try {
      const settings = await core.call('settings.get', { accountId });
      expect(settings).toMatchObject({
        ok: true,
        value: { pendingWindowMinutes: 180, syncIntervalMinutes: 5, templates: [] },
      });
      const outbox = await core.call('outbox.list', { accountId });
      expect(outbox).toEqual({ ok: true, value: [] });
      expect(warnings).toContainEqual({
        message: 'settings.unreadable',
        fields: { code: 'settings_not_json', accountId },
      });
      expect(JSON.stringify(warnings)).not.toContain('Ромашка');
      // Saving repairs the row: the next read has the seller's value and no warning.
      expect((await core.call('settings.update', { accountId, patch: { syncIntervalMinutes: 15 } })).ok).toBe(true);
      warnings.length = 0;
      expect(await core.call('settings.get', { accountId })).toMatchObject({
        ok: true,
        value: { syncIntervalMinutes: 15, pendingWindowMinutes: 180 },
      });
      expect(warnings).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('a partly invalid document keeps its valid sections and its valid templates', async () => {
    const template = {
      id: 'thanks',
      folder: 'Отзывы',
      title: 'Спасибо',
      text: 'Спасибо за отзыв!',
      channels: ['review'],
      ratings: [5],
    };
    const document = {
      pendingWindowMinutes: 'often',
      syncIntervalMinutes: 15,
      tone: { formality: 'ты', style: 'brief' },
      templates: [
        template,
        { id: '', folder: '', title: '', text: 'x', channels: [] },
        { ...template, title: 'Дубль' },
      ],
    };
    const { core, accountId, warnings } = await withSettingsJson(JSON.stringify(document));
    try {
      const settings = await core.call('settings.get', { accountId });
      expect(settings).toMatchObject({
        ok: true,
        value: {
          pendingWindowMinutes: 180,
          syncIntervalMinutes: 15,
          tone: { formality: 'ты', style: 'brief' },
          templates: [template],
        },
      });
      expect((await core.call('outbox.list', { accountId })).ok).toBe(true);
      expect(warnings).toContainEqual({
        message: 'settings.partly_invalid',
        fields: { code: 'settings_invalid', accountId, dropped: ['pendingWindowMinutes', 'templates[2]'] },
      });
    } finally {
      await core.close();
    }
  });
});
