import { readdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { silentLogger, type Logger } from '../logger';
import { createPrivateFile, ensurePrivateDir } from './file-modes';

/**
 * Backups of agentiq.db in `<dataDir>/backups`, named `agentiq-YYYYMMDD-HHMMSS[-reason].db`
 * (UTC: a name means the same instant whatever the time zone or DST). Taken with SQLite's online
 * backup API, so a backup is consistent while the app keeps writing.
 */

/** Daily and before-migration backups: how many are kept (a new one is never counted out). */
export const BACKUPS_KEPT = 3;
export const DAILY_BACKUP_MS = 24 * 60 * 60_000;
/** A `.partial` this old is left from a process killed mid-backup (a backup takes seconds). */
const STALE_PARTIAL_MS = 60 * 60_000;

/**
 * `before-restore` copies (the file `agentiq restore` replaced, maybe damaged) are outside the
 * rotation: they are the only copy of what the seller had, and restore is rare.
 */
export type BackupReason = 'before-migration' | 'before-restore';

export interface BackupInfo {
  file: string;
  takenAt: Date;
  /** null for a daily backup. */
  reason: string | null;
  bytes: number;
}

export interface BackupOptions {
  now: Date;
  reason?: BackupReason;
  logger?: Logger;
  nativeBinding?: string;
}

const NAME = /^agentiq-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-([a-z][a-z-]*))?\.db$/;

export const backupDirOf = (databaseFile: string) => path.join(path.dirname(databaseFile), 'backups');

/** `agentiq-20250301-071500-before-restore.db` for 2025-03-01T07:15:00Z. */
export function backupFileName(now: Date, reason?: BackupReason): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `agentiq-${stamp}${reason ? `-${reason}` : ''}.db`;
}

/** Every backup in `dir`, newest first (by the time in its name). */
export async function listBackups(dir: string): Promise<BackupInfo[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const backups: BackupInfo[] = [];
  for (const name of names) {
    const match = NAME.exec(name);
    if (!match) continue;
    const [, y, mo, d, h, mi, s, reason] = match;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    backups.push({
      file,
      takenAt: new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!)),
      reason: reason ?? null,
      bytes: info.size,
    });
  }
  return backups.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.file.localeCompare(a.file));
}

/** The newest backup to restore from: a daily or before-migration one (a before-restore copy may be the damaged file). */
export async function newestBackup(dir: string): Promise<BackupInfo | null> {
  return (await listBackups(dir)).find((backup) => backup.reason !== 'before-restore') ?? null;
}

/**
 * Backs the open database up into `dir`: into a `.partial` file first (a killed process never
 * leaves a half backup that looks whole), which must open and pass quick_check before it takes
 * its name. Only then are older backups pruned to the last BACKUPS_KEPT.
 */
export async function createBackup(
  sqlite: BetterSqlite3.Database,
  dir: string,
  options: BackupOptions,
): Promise<BackupInfo> {
  const logger = options.logger ?? silentLogger;
  const started = Date.now();
  await ensurePrivateDir(dir);
  const file = path.join(dir, backupFileName(options.now, options.reason));
  // Unique per attempt: two processes may back up in the same second.
  const partial = `${file}.${process.pid}-${randomBytes(3).toString('hex')}.partial`;
  try {
    // Created 0600 before SQLite writes into it: SQLite would create it 0644.
    await createPrivateFile(partial);
    await sqlite.backup(partial);
    verifyBackup(partial, options.nativeBinding);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    await rm(`${partial}-journal`, { force: true });
    throw error;
  }
  const created = (await listBackups(dir)).find((backup) => backup.file === file)!;
  logger.info('db.backup_created', {
    file,
    reason: options.reason ?? 'daily',
    bytes: created.bytes,
    ms: Date.now() - started,
  });
  // A before-restore copy is outside the rotation, so it makes no room.
  if (options.reason !== 'before-restore') await pruneBackups(dir, file, logger);
  return created;
}

/**
 * The daily backup: taken when the newest backup is 24 h old or more (or none exists yet). A
 * newest backup dated in the future (the clock was set back) does not postpone it.
 */
export async function backupIfDue(
  sqlite: BetterSqlite3.Database,
  dir: string,
  options: Omit<BackupOptions, 'reason'>,
): Promise<BackupInfo | null> {
  const newest = await newestBackup(dir);
  const age = newest ? options.now.getTime() - newest.takenAt.getTime() : Infinity;
  if (age >= 0 && age < DAILY_BACKUP_MS) return null;
  return createBackup(sqlite, dir, options);
}

/**
 * A backup is usable only if it opens and passes quick_check. It is switched out of WAL mode (the
 * online backup copies the source's WAL flag), so each backup is one self-contained file.
 */
function verifyBackup(file: string, nativeBinding?: string): void {
  const check = new BetterSqlite3(file, { fileMustExist: true, nativeBinding });
  try {
    check.pragma('journal_mode = DELETE');
    const result = check.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(`backup failed quick_check: ${String(result)}`);
  } finally {
    check.close();
  }
}

/** Keeps `keptFile` (just made and verified) and the BACKUPS_KEPT - 1 newest other rotating backups. */
async function pruneBackups(dir: string, keptFile: string, logger: Logger): Promise<void> {
  const rotating = (await listBackups(dir)).filter(
    (backup) => backup.reason !== 'before-restore' && backup.file !== keptFile,
  );
  for (const old of rotating.slice(BACKUPS_KEPT - 1)) {
    await rm(old.file, { force: true });
    logger.info('db.backup_pruned', { file: old.file });
  }
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.partial')) continue;
    const partial = path.join(dir, name);
    const info = await stat(partial).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STALE_PARTIAL_MS) await rm(partial, { force: true });
  }
}
