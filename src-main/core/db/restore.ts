import { copyFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrations } from '../../../migrations';
import type { RestoreRefusal } from '../../../src-shared/messages/catalog';
import { CoreError } from '../errors';
import { backupDirOf, backupFileName, createBackup } from './backup';
import { checkDatabaseFile } from './database';
import { createPrivateFile, ensurePrivateDir, makePrivate } from './file-modes';
import { liveMarkers } from './running-marker';

/**
 * Why a restore did not happen; nothing was changed. `not_found` is the caller's mistake (a usage
 * error). `coreMessage` is what the CLI describes; `message` is English, for logs.
 */
export class RestoreRefused extends CoreError<'restore_refused'> {
  constructor(refusal: RestoreRefusal) {
    super('restore_refused', refusal);
    this.name = 'RestoreRefused';
  }

  get reason(): RestoreRefusal['reason'] {
    return this.params.reason;
  }
}

export interface RestoreResult {
  restoredFrom: string;
  schemaVersion: number;
  /** The copy of the database that was replaced; null when there was none. */
  previous: string | null;
  /** Whether the replaced database passed quick_check (a damaged one is copied byte for byte). */
  previousDamaged: boolean;
}

export interface RestoreOptions {
  /** agentiq.db in the data folder. */
  databaseFile: string;
  from: string;
  now: Date;
  nativeBinding?: string;
}

/** Tables every AgentIQ schema has had since 0001: a file without them is some other database. */
const AGENTIQ_TABLES = ['accounts', 'interactions', 'outbox', 'settings'];

/**
 * Replaces the database with a backup. Refuses unless the backup is an AgentIQ database that
 * passes quick_check with a schema this version knows, and unless no AgentIQ process has the
 * database open (running markers) and no connection is writing (BEGIN IMMEDIATE). The replaced
 * file is kept as `agentiq-…-before-restore.db` in the backups folder.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const target = path.resolve(options.databaseFile);
  const source = path.resolve(options.from);
  const sourceInfo = await stat(source).catch(() => null);
  if (!sourceInfo?.isFile()) throw new RestoreRefused({ reason: 'not_found', file: source });
  if (source === target) throw new RestoreRefused({ reason: 'same_file', file: source });
  const schemaVersion = validateBackup(source, options.nativeBinding);

  const dataDir = path.dirname(target);
  const running = await liveMarkers(dataDir);
  if (running.length > 0)
    throw new RestoreRefused({
      reason: 'app_running',
      file: source,
      running: running.map(({ shell, pid }) => ({ shell, pid })),
    });

  await ensurePrivateDir(dataDir);
  const backups = backupDirOf(target);
  const current = await stat(target).catch(() => null);
  let previous: string | null = null;
  let previousDamaged = false;
  if (current && current.size > 0) {
    ({ previous, previousDamaged } = await keepCurrent(target, backups, options));
  }

  // The backup is copied through SQLite (a WAL-mode file's -wal is included) into a staging file
  // next to the database, checked, and renamed over it: a crash leaves either file whole.
  const staging = `${target}.restoring`;
  await createPrivateFile(staging);
  try {
    const reader = new BetterSqlite3(source, {
      readonly: true,
      fileMustExist: true,
      nativeBinding: options.nativeBinding,
    });
    try {
      await reader.backup(staging);
    } finally {
      reader.close();
    }
    if (checkDatabaseFile(staging, options.nativeBinding).problem !== null)
      throw new RestoreRefused({ reason: 'copy_check_failed', file: source });
    // The old -wal would be replayed into the restored file (SQLite cannot tell it belongs to another).
    await rm(`${target}-wal`, { force: true });
    await rm(`${target}-shm`, { force: true });
    await rename(staging, target);
    await makePrivate(target);
  } finally {
    await rm(staging, { force: true });
    await rm(`${staging}-wal`, { force: true });
    await rm(`${staging}-shm`, { force: true });
  }
  return { restoredFrom: source, schemaVersion, previous, previousDamaged };
}

/** The schema version of a valid backup, or RestoreRefused saying why it is not one. */
function validateBackup(source: string, nativeBinding?: string): number {
  const check = checkDatabaseFile(source, nativeBinding);
  if (check.problem !== null) throw new RestoreRefused({ reason: 'damaged', file: source, problem: check.problem });
  const reader = new BetterSqlite3(source, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    const tables = reader.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    if (check.version === null || check.version < 1 || AGENTIQ_TABLES.some((table) => !tables.includes(table)))
      throw new RestoreRefused({ reason: 'not_agentiq', file: source });
  } finally {
    reader.close();
  }
  if (check.version > migrations.length)
    throw new RestoreRefused({
      reason: 'too_new',
      file: source,
      schemaVersion: check.version,
      knownVersion: migrations.length,
    });
  return check.version;
}

/**
 * Saves the database about to be replaced. A healthy one goes through the online backup API; a
 * damaged one (which SQLite cannot read whole) is copied byte for byte, with its -wal, whose
 * frames may hold the newest writes. A connection that holds a write lock means some process is
 * using the database after all: refused.
 */
async function keepCurrent(
  target: string,
  backups: string,
  options: RestoreOptions,
): Promise<{ previous: string; previousDamaged: boolean }> {
  const damaged = checkDatabaseFile(target, options.nativeBinding).problem !== null;
  const guard = new BetterSqlite3(target, { fileMustExist: true, timeout: 0, nativeBinding: options.nativeBinding });
  try {
    try {
      guard.exec('BEGIN IMMEDIATE');
      guard.exec('ROLLBACK');
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY'))
        throw new RestoreRefused({ reason: 'busy', file: path.resolve(options.from) });
      // A damaged file may not even start a transaction; it is copied as it is below.
      if (!damaged) throw error;
    }
    if (!damaged) {
      const backup = await createBackup(guard, backups, {
        now: options.now,
        reason: 'before-restore',
        nativeBinding: options.nativeBinding,
      });
      return { previous: backup.file, previousDamaged: false };
    }
    // Copied while the connection is open: closing it may checkpoint the -wal into the file.
    return { previous: await copyDamaged(target, backups, options.now), previousDamaged: true };
  } finally {
    guard.close();
  }
}

async function copyDamaged(target: string, backups: string, now: Date): Promise<string> {
  await ensurePrivateDir(backups);
  const copy = path.join(backups, backupFileName(now, 'before-restore'));
  await copyFile(target, copy);
  await makePrivate(copy);
  const wal = await stat(`${target}-wal`).catch(() => null);
  if (wal && wal.size > 0) {
    await copyFile(`${target}-wal`, `${copy}-wal`);
    await makePrivate(`${copy}-wal`);
  }
  return copy;
}
