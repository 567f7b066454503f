import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrations } from '../../migrations';
import { runCli } from '../../src-main/cli/main';
import { BACKUPS_KEPT, backupFileName, createBackup, listBackups } from '../../src-main/core/db/backup';
import { openDatabase } from '../../src-main/core/db/database';
import { liveMarkers } from '../../src-main/core/db/running-marker';
import { makeCore } from '../helpers/core';
import { garbageInTablePage, seededDataDir, sha256 } from '../helpers/damage';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const ROOT = path.resolve(__dirname, '../..');
const HOUR = 60 * 60_000;
const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
const backupsOf = (dataDir: string) => path.join(dataDir, 'backups');
const names = async (dataDir: string) => (await listBackups(backupsOf(dataDir))).map((b) => path.basename(b.file));
const count = (file: string, table: string) => {
  const reader = new BetterSqlite3(file, { readonly: true });
  try {
    return reader.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    reader.close();
  }
};

/** A clock the test moves. */
function testClock(start = Date.parse('2025-03-01T09:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** `agentiq` as its own process (the marker of a core in this process then belongs to another process). */
async function agentiq(dataDir: string, ...args: string[]) {
  const env = { ...process.env, AGENTIQ_DATA_DIR: dataDir, AGENTIQ_WB_TOKEN: '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'bin/agentiq.mjs'), ...args],
      { env },
    );
    return { code: 0 as number | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The same CLI code in this process: quicker for the refusals, which need no second process. */
async function agentiqHere(dataDir: string, ...args: string[]) {
  vi.stubEnv('AGENTIQ_DATA_DIR', dataDir);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, stdout: out.join('\n'), stderr: err };
}
afterEach(() => vi.unstubAllEnvs());

describe('backups', () => {
  it('an existing database is backed up before pending migrations; the backup holds the old version and its data', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'agentiq.db');
    const clock = testClock();
    const older = await openDatabase(file, { migrations: migrations.slice(0, -1), clock: clock.now });
    await older.db
      .insertInto('accounts')
      .values({
        name: 'Ромашка',
        token_ref: null,
        token_expires_at: null,
        token_type: null,
        seller_id: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    await older.close();
    // A new file has nothing to lose: no backup at creation.
    expect(await names(dataDir)).toEqual([]);

    clock.advance(HOUR);
    const upgraded = await openDatabase(file, { clock: clock.now });
    expect(upgraded.schemaVersion()).toBe(migrations.length);
    await upgraded.close();

    // The daily backup is not due right after this one.
    expect(await names(dataDir)).toEqual(['agentiq-20250301-100000-before-migration.db']);
    const backup = new BetterSqlite3(path.join(backupsOf(dataDir), 'agentiq-20250301-100000-before-migration.db'), {
      readonly: true,
    });
    try {
      expect(backup.pragma('user_version', { simple: true })).toBe(migrations.length - 1);
      expect(backup.prepare('SELECT name FROM accounts').pluck().all()).toEqual(['Ромашка']);
      expect(backup.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(backup.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      backup.close();
    }
  });

  it('the daily backup is taken at open only once the newest is 24 h old', async () => {
    const dataDir = tempDir();
    const clock = testClock();
    await seededDataDir(dataDir, clock.now);
    const reopen = async (after: number) => {
      clock.advance(after);
      await (await makeCore(dataDir, clock.now)).close();
      return names(dataDir);
    };
    expect(await reopen(60_000)).toEqual(['agentiq-20250301-090100.db']);
    expect(await reopen(23 * HOUR)).toEqual(['agentiq-20250301-090100.db']);
    expect(await reopen(HOUR)).toEqual(['agentiq-20250302-090100.db', 'agentiq-20250301-090100.db']);
  });

  it('a running app takes the daily backup from its background timer', async () => {
    const dataDir = tempDir();
    const clock = testClock();
    await (await makeCore(dataDir, clock.now)).close();
    const core = await makeCore(dataDir, clock.now);
    expect(await names(dataDir)).toEqual(['agentiq-20250301-090000.db']);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      core.start();
      vi.advanceTimersByTime(HOUR);
      expect(await core.close().then(() => names(dataDir))).toEqual(['agentiq-20250301-090000.db']);
    } finally {
      vi.useRealTimers();
    }

    const running = await makeCore(dataDir, clock.now);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      running.start();
      clock.advance(25 * HOUR);
      vi.advanceTimersByTime(HOUR);
    } finally {
      vi.useRealTimers();
    }
    // close() waits for a backup in progress before it closes the connection.
    await running.close();
    expect(await names(dataDir)).toEqual(['agentiq-20250302-100000.db', 'agentiq-20250301-090000.db']);
  });

  it(`keeps the last ${BACKUPS_KEPT}; before-restore copies are never pruned; each backup is one file that passes quick_check`, async () => {
    const dataDir = tempDir();
    const file = await seededDataDir(dataDir);
    mkdirSync(backupsOf(dataDir));
    copyFileSync(file, path.join(backupsOf(dataDir), 'agentiq-20200101-000000-before-restore.db'));
    const source = new BetterSqlite3(file);
    const clock = testClock();
    try {
      for (let day = 0; day < 5; day += 1) {
        await createBackup(source, backupsOf(dataDir), {
          now: clock.now(),
          reason: day === 3 ? 'before-migration' : undefined,
        });
        clock.advance(24 * HOUR);
      }
    } finally {
      source.close();
    }
    expect(readdirSync(backupsOf(dataDir)).sort()).toEqual([
      'agentiq-20200101-000000-before-restore.db',
      'agentiq-20250303-090000.db',
      'agentiq-20250304-090000-before-migration.db',
      'agentiq-20250305-090000.db',
    ]);
    for (const backup of await listBackups(backupsOf(dataDir))) {
      const reader = new BetterSqlite3(backup.file, { readonly: true });
      expect(reader.pragma('quick_check', { simple: true })).toBe('ok');
      expect(reader.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(12);
      reader.close();
    }
  });

  it('a backup that fails quick_check is thrown away and prunes nothing', async () => {
    const dataDir = tempDir();
    const file = await seededDataDir(dataDir);
    const source = new BetterSqlite3(file);
    const clock = testClock();
    for (let day = 0; day < BACKUPS_KEPT; day += 1) {
      await createBackup(source, backupsOf(dataDir), { now: clock.now() });
      clock.advance(24 * HOUR);
    }
    source.close();
    const kept = readdirSync(backupsOf(dataDir)).sort();
    // Damage that happens while the app runs: the online backup copies the garbage page as it is.
    garbageInTablePage(file);
    const raw = new BetterSqlite3(file);
    try {
      await expect(createBackup(raw, backupsOf(dataDir), { now: clock.now() })).rejects.toThrow(/quick_check/);
    } finally {
      raw.close();
    }
    expect(readdirSync(backupsOf(dataDir)).sort()).toEqual(kept);
  });

  it.skipIf(process.platform === 'win32')(
    'the data folder is made 0700 and the database, -wal, -shm and backups 0600, also when an older version left them open',
    async () => {
      const dataDir = tempDir();
      const file = await seededDataDir(dataDir);
      // What older versions left: everything readable by every local user, a WAL in use.
      mkdirSync(backupsOf(dataDir));
      const oldBackup = path.join(backupsOf(dataDir), backupFileName(new Date('2020-01-01T00:00:00Z')));
      copyFileSync(file, oldBackup);
      const writer = new BetterSqlite3(file);
      writer.pragma('wal_autocheckpoint = 0');
      writer.prepare("UPDATE accounts SET name = 'Ромашка'").run();
      for (const [target, mode] of [
        [dataDir, 0o755],
        [backupsOf(dataDir), 0o755],
        [file, 0o644],
        [`${file}-wal`, 0o644],
        [`${file}-shm`, 0o644],
        [oldBackup, 0o644],
      ] as const)
        chmodSync(target, mode);

      const core = await makeCore(dataDir);
      try {
        const mode = (target: string) => statSync(target).mode & 0o777;
        expect(mode(dataDir)).toBe(0o700);
        expect(mode(backupsOf(dataDir))).toBe(0o700);
        for (const target of [file, `${file}-wal`, `${file}-shm`, oldBackup]) expect(mode(target), target).toBe(0o600);
        // The daily backup this open took (none was 24 h young) is private from its first byte.
        const backups = await listBackups(backupsOf(dataDir));
        expect(backups).toHaveLength(2);
        for (const backup of backups) expect(mode(backup.file), backup.file).toBe(0o600);
      } finally {
        writer.close();
        await core.close();
      }

      const fresh = path.join(tempDir(), 'new', 'AgentIQ Desktop');
      const created = await makeCore(fresh);
      try {
        expect((await created.call('demo.seed', {})).ok).toBe(true);
        expect(statSync(fresh).mode & 0o777).toBe(0o700);
        for (const target of [`${fresh}/agentiq.db`, `${fresh}/agentiq.db-wal`, `${fresh}/agentiq.db-shm`])
          expect(statSync(target).mode & 0o777, target).toBe(0o600);
      } finally {
        await created.close();
      }
    },
  );
});

describe('agentiq doctor', () => {
  it('shows the quick_check result and the newest backup; a damaged database fails with the restore command', async () => {
    const dataDir = tempDir();
    const file = await seededDataDir(dataDir);
    await (await makeCore(dataDir)).close();
    const [newest] = await listBackups(backupsOf(dataDir));

    const healthy = await agentiq(dataDir, 'doctor', '--json');
    expect(healthy.code, healthy.stderr).toBe(0);
    expect(JSON.parse(healthy.stdout)).toMatchObject({
      ok: true,
      database: { file, quickCheck: 'ok', schemaVersion: migrations.length },
      backups: {
        dir: backupsOf(dataDir),
        count: 1,
        newest: { file: newest!.file, takenAt: newest!.takenAt.toISOString(), bytes: statSync(newest!.file).size },
      },
    });
    const text = await agentiq(dataDir, 'doctor');
    expect(text.stdout).toContain('check:     quick_check ok');
    expect(text.stdout).toContain(`backup:    ${newest!.file} (`);

    garbageInTablePage(file, 'interactions_inbox');
    const damaged = await agentiq(dataDir, 'doctor', '--json');
    expect(damaged.code).toBe(1);
    expect(JSON.parse(damaged.stdout)).toMatchObject({
      ok: false,
      database: { quickCheck: expect.stringMatching(/^quick_check: /) },
      backups: { newest: { file: newest!.file } },
    });
    const damagedText = await agentiq(dataDir, 'doctor');
    expect(damagedText.code).toBe(1);
    expect(damagedText.stdout).toMatch(/check: {5}DAMAGED: quick_check: Tree \d+ page \d+: /);
    expect(damagedText.stdout).toContain(`restore it: agentiq restore --from "${newest!.file}"`);
  }, 60_000);
});

describe('agentiq restore', () => {
  /** The demo shop with one daily backup of it, then changes made after the backup. */
  async function withBackupThenChanges() {
    const dataDir = tempDir();
    const file = await seededDataDir(dataDir);
    await (await makeCore(dataDir)).close();
    const [backup] = await listBackups(backupsOf(dataDir));
    const writer = new BetterSqlite3(file);
    writer.prepare("DELETE FROM interactions WHERE channel = 'chat'").run();
    writer.close();
    expect(count(file, 'interactions')).toBe(9);
    return { dataDir, file, backup: backup!.file };
  }

  it('refuses while a host has the database open, and changes nothing', async () => {
    const { dataDir, file, backup } = await withBackupThenChanges();
    const host = await makeCore(dataDir);
    try {
      const before = sha256(file);
      const backupsBefore = readdirSync(backupsOf(dataDir));
      const refused = await agentiq(dataDir, 'restore', '--from', backup);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(lines(refused.stderr)).toEqual([
        `agentiq restore: AgentIQ сейчас открыт (host, PID ${process.pid}): закройте приложение и повторите. База не изменена.`,
      ]);
      expect(sha256(file)).toBe(before);
      expect(readdirSync(backupsOf(dataDir))).toEqual(backupsBefore);
    } finally {
      await host.close();
    }
  }, 60_000);

  it('refuses while another connection is writing, even without a running marker', async () => {
    const { dataDir, file, backup } = await withBackupThenChanges();
    expect(await liveMarkers(dataDir)).toEqual([]);
    const writer = new BetterSqlite3(file);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const refused = await agentiq(dataDir, 'restore', '--from', backup);
      expect(refused.code).toBe(1);
      expect(lines(refused.stderr)).toEqual([expect.stringContaining('базу сейчас изменяет другой процесс')]);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(count(file, 'interactions')).toBe(9);
    expect((await listBackups(backupsOf(dataDir))).filter((b) => b.reason === 'before-restore')).toEqual([]);
  }, 60_000);

  it('puts the backup in place and keeps the replaced database; the data is back and the app opens it', async () => {
    const { dataDir, file, backup } = await withBackupThenChanges();
    // A marker of a process that died without closing does not block.
    mkdirSync(path.join(dataDir, 'running'), { recursive: true });
    writeFileSync(
      path.join(dataDir, 'running', 'host-999999999-dead.json'),
      JSON.stringify({ pid: 999_999_999, shell: 'host', startedAt: '', bootedAt: new Date().toISOString() }),
    );

    const restored = await agentiq(dataDir, 'restore', '--from', backup, '--json');
    expect(restored.code, restored.stderr).toBe(0);
    const result = JSON.parse(restored.stdout) as {
      ok: boolean;
      restoredFrom: string;
      schemaVersion: number;
      previous: string;
      previousDamaged: boolean;
    };
    expect(result).toMatchObject({
      ok: true,
      restoredFrom: backup,
      schemaVersion: migrations.length,
      previousDamaged: false,
    });
    expect(path.basename(result.previous)).toMatch(/^agentiq-\d{8}-\d{6}-before-restore\.db$/);
    expect(count(result.previous, 'interactions')).toBe(9);

    const core = await makeCore(dataDir);
    try {
      expect(core.internals.database.sqlite.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(12);
      const inbox = await core.call('inbox.list', { accountId: 1, limit: 100, offset: 0 });
      expect(inbox).toMatchObject({ ok: true, value: { total: 12 } });
    } finally {
      await core.close();
    }
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('a -wal left behind is removed, not replayed into the restored database', async () => {
    const { dataDir, file, backup } = await withBackupThenChanges();
    // A crash leaves the -wal with frames of the old database; here the database itself is gone too.
    const writer = new BetterSqlite3(file);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("UPDATE accounts SET name = 'после копии'").run();
    writer.prepare('DELETE FROM interactions').run();
    const staleWal = readFileSync(`${file}-wal`);
    writer.close();
    rmSync(file);
    writeFileSync(`${file}-wal`, staleWal);

    const restored = await agentiqHere(dataDir, 'restore', '--from', backup);
    expect(restored.code, restored.stderr.join('\n')).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reader = new BetterSqlite3(file, { readonly: true });
    try {
      expect(reader.pragma('quick_check', { simple: true })).toBe('ok');
      expect(reader.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(12);
      expect(reader.prepare('SELECT name FROM accounts').pluck().get()).not.toBe('после копии');
    } finally {
      reader.close();
    }
  });

  it('a damaged database is kept byte for byte before the backup replaces it', async () => {
    const { dataDir, file, backup } = await withBackupThenChanges();
    garbageInTablePage(file);
    const damaged = sha256(file);
    const restored = await agentiqHere(dataDir, 'restore', '--from', backup, '--json');
    expect(restored.code, restored.stderr.join('\n')).toBe(0);
    const result = JSON.parse(restored.stdout) as { previous: string; previousDamaged: boolean };
    expect(result.previousDamaged).toBe(true);
    expect(sha256(result.previous)).toBe(damaged);
    expect(count(file, 'interactions')).toBe(12);
    // The damaged copy is outside the rotation and is never offered as the backup to restore.
    const doctor = await agentiqHere(dataDir, 'doctor', '--json');
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, backups: { count: 2, newest: { file: backup } } });
  });

  it('refuses a file that is not a good AgentIQ backup of a schema it knows; a missing file or flag is a usage error', async () => {
    const { dataDir, file } = await withBackupThenChanges();
    const before = sha256(file);
    const dir = tempDir();
    const garbage = path.join(dir, 'garbage.db');
    writeFileSync(garbage, 'not a database '.repeat(100));
    const foreign = path.join(dir, 'foreign.db');
    const future = path.join(dir, 'future.db');
    copyFileSync(file, future);
    for (const [target, sql] of [
      [foreign, 'CREATE TABLE notes (text TEXT); PRAGMA user_version = 3;'],
      [future, `PRAGMA user_version = ${migrations.length + 1};`],
    ] as const) {
      const writer = new BetterSqlite3(target);
      writer.exec(sql);
      writer.close();
    }
    const damagedBackup = path.join(dir, 'damaged.db');
    copyFileSync(file, damagedBackup);
    garbageInTablePage(damagedBackup, 'interactions_inbox');

    for (const [args, code, reason] of [
      [['--from', garbage], 1, 'повреждён (файл не является базой SQLite)'],
      [['--from', foreign], 1, 'не база AgentIQ'],
      [['--from', future], 1, `записан более новой версией AgentIQ (схема ${migrations.length + 1}`],
      [['--from', damagedBackup], 1, 'повреждён (quick_check: '],
      [['--from', file], 1, 'это и есть текущая база'],
      [['--from', path.join(dir, 'missing.db')], 2, 'не найден'],
      [[], 2, '--from FILE is required'],
    ] as const) {
      const refused = await agentiqHere(dataDir, 'restore', ...args);
      expect(refused.code, reason).toBe(code);
      expect(refused.stdout, reason).toBe('');
      expect(refused.stderr, reason).toEqual([expect.stringContaining(reason)]);
    }
    expect(sha256(file)).toBe(before);
    expect((await listBackups(backupsOf(dataDir))).filter((b) => b.reason === 'before-restore')).toEqual([]);
  });
});
