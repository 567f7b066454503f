import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { cleanStampFileOf, type CleanCloseStamp } from '../../src-main/core/db/clean-close';
import { DatabaseDamagedError, openDatabase, VERIFY_EVERY_MS } from '../../src-main/core/db/database';
import type { Logger } from '../../src-main/core/logger';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { garbageInTablePage, seededDataDir, sha256 } from '../helpers/damage';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const ROOT = path.resolve(__dirname, '../..');

/** The stamp rewritten to describe the file as it is now, written after it: damage a stamp cannot see. */
async function stampAsIs(file: string) {
  // The stamp file's own time must be a later clock tick than the file's.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const stamp = JSON.parse(readFileSync(cleanStampFileOf(file), 'utf8')) as CleanCloseStamp;
  const now = statSync(file, { bigint: true });
  writeFileSync(
    cleanStampFileOf(file),
    JSON.stringify({ ...stamp, size: String(now.size), mtimeNs: String(now.mtimeNs) }),
  );
}

describe('the clean-close stamp: quick_check only when the file is not as AgentIQ closed it', () => {
  it('a clean close stamps the file; the next open skips the check; no stamp while the file is open', async () => {
    const file = await seededDataDir(tempDir());
    expect(existsSync(cleanStampFileOf(file))).toBe(true);

    const database = await openDatabase(file);
    expect(database.checkedAtOpen).toBe(false);
    expect(existsSync(cleanStampFileOf(file))).toBe(false);
    expect(database.verificationDue()).toBe(false);
    // The background check on its own thread: the file is sound.
    expect(await database.verifyInBackground()).toBeNull();
    await database.close();
    expect(existsSync(cleanStampFileOf(file))).toBe(true);
  });

  it('a process that died with the database open leaves a -wal: the next open checks the file', async () => {
    const file = await seededDataDir(tempDir());
    // A real crash: a write in WAL mode, then SIGKILL before any close.
    const program = `
      const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL');
      db.prepare("UPDATE accounts SET name = name || ' (после сбоя)'").run();
      process.kill(process.pid, 'SIGKILL');`;
    await promisify(execFile)(process.execPath, ['-e', program], { cwd: ROOT }).catch(() => undefined);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(existsSync(cleanStampFileOf(file))).toBe(true);

    const database = await openDatabase(file);
    expect(database.checkedAtOpen).toBe(true);
    const names = database.sqlite.prepare('SELECT name FROM accounts').pluck().all();
    expect(names).toEqual([expect.stringMatching(/ \(после сбоя\)$/)]);
    await database.close();
  });

  it('damage that keeps the file as stamped is found by the background check: logged, and the next open refuses the file', async () => {
    const dataDir = tempDir();
    const file = await seededDataDir(dataDir);
    garbageInTablePage(file);
    await stampAsIs(file);

    const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn() {},
      error: (message, fields) => errors.push({ message, fields }),
    };
    // A week after the last passing check: a long-running shell re-reads the file in the background.
    const later = () => new Date(Date.now() + VERIFY_EVERY_MS + 60_000);
    const core = await createCore({
      dataDir,
      secrets: new MemorySecretStore(),
      shell: 'host',
      serveFirst: true,
      version: '0.0.0-test',
      logger,
      clock: later,
    });
    try {
      expect(core.internals.database.checkedAtOpen).toBe(false);
      expect(core.internals.database.verificationDue()).toBe(true);
      core.start({ syncIntervalMs: 3_600_000 });
      const accounts = (await core.call('accounts.list', {})) as { ok: true; value: { id: number }[] };
      const accountId = accounts.value[0]!.id;
      // The window's first calls (a damaged page on their path fails them: SQLITE_CORRUPT), then the check runs.
      await core.call('inbox.counts', { accountId });
      await core.call('inbox.list', { accountId, limit: 1, offset: 0 });
      await vi.waitFor(() => expect(errors.map((e) => e.message)).toContain('db.damaged'), { timeout: 20_000 });
      expect(errors.find((e) => e.message === 'db.damaged')?.fields).toMatchObject({
        code: 'db_damaged',
        file,
        problem: expect.stringMatching(/SQLITE_CORRUPT|quick_check/),
      });
    } finally {
      await core.close();
    }
    // Closed without a stamp: the next open runs quick_check and refuses, as at any damaged open.
    expect(existsSync(cleanStampFileOf(file))).toBe(false);
    const before = sha256(file);
    await expect(openDatabase(file)).rejects.toBeInstanceOf(DatabaseDamagedError);
    expect(sha256(file)).toBe(before);
  }, 60_000);

  it('a file written to after its clean close, even in the same clock tick, is checked and refused', async () => {
    const file = await seededDataDir(tempDir());
    // No wait between the close and the damage.
    garbageInTablePage(file);
    await expect(openDatabase(file)).rejects.toBeInstanceOf(DatabaseDamagedError);
  });
});
