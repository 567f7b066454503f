import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from './file-modes';

/**
 * "This file is exactly as AgentIQ left it when it last closed it cleanly": a small JSON file next
 * to the database (`agentiq.db.clean`) naming the file's device, inode, size and modification time
 * (nanoseconds) right after a close that left no `-wal` behind, and when the file last passed
 * `quick_check`. An open whose file still matches skips the full quick_check (seconds on a big
 * database, a read of every page): the file is the one a checked open handed to SQLite and SQLite
 * closed without a crash. Anything else runs the check before the database is used: a stamp
 * missing (first open, a crash: the stamp is removed at every open and written back only at a
 * clean close), a `-wal` left behind (a crash, or another process has the file open), or a file
 * changed since (a restore, a copy, a hand edit or any tool writing into it changes its inode,
 * size or modification time). What a stamp cannot see, damage from the disk itself that leaves the
 * modification time alone, is caught by the background check of a long-running shell
 * (database.ts verifyInBackground), which runs when the last passing check is VERIFY_EVERY_MS old.
 *
 * Modification times come from a coarse clock (a few milliseconds a tick): a write into the file in
 * the same tick as the close would keep its time. As git does with "racily clean" files, a stamp
 * counts only when the stamp file itself was written in a later tick than the file's modification
 * time; writeCleanStamp waits for that tick (a few milliseconds at close).
 */
export interface CleanCloseStamp {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  /** When the file last passed quick_check (ISO). */
  checkedAt: string;
}

/** Waiting out the file's modification tick at close: at most RACY_ATTEMPTS × RACY_WAIT_MS. */
const RACY_ATTEMPTS = 5;
const RACY_WAIT_MS = 5;

export const cleanStampFileOf = (databaseFile: string) => `${databaseFile}.clean`;

async function identity(file: string) {
  const info = await stat(file, { bigint: true });
  return { dev: String(info.dev), ino: String(info.ino), size: String(info.size), mtimeNs: String(info.mtimeNs) };
}

/** True when no `-wal` with content is left next to the file (a clean close of the last connection removes it). */
async function noWal(databaseFile: string): Promise<boolean> {
  const wal = await stat(`${databaseFile}-wal`).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  return wal === null || wal.size === 0;
}

/**
 * The stamp, when it still describes the file and no `-wal` is left: the time of the file's last
 * passing quick_check. Null means "check it". An unreadable stamp is no stamp.
 */
export async function matchingCleanStamp(databaseFile: string): Promise<Date | null> {
  const text = await readFile(cleanStampFileOf(databaseFile), 'utf8').catch(() => null);
  if (text === null) return null;
  let stamp: Partial<CleanCloseStamp>;
  try {
    stamp = JSON.parse(text) as Partial<CleanCloseStamp>;
  } catch {
    return null;
  }
  const checkedAt = typeof stamp.checkedAt === 'string' ? new Date(stamp.checkedAt) : null;
  if (!checkedAt || Number.isNaN(checkedAt.getTime())) return null;
  if (!(await noWal(databaseFile))) return null;
  const now = await identity(databaseFile).catch(() => null);
  const written = await stat(cleanStampFileOf(databaseFile), { bigint: true }).catch(() => null);
  if (!now || !written) return null;
  const same =
    now.dev === stamp.dev && now.ino === stamp.ino && now.size === stamp.size && now.mtimeNs === stamp.mtimeNs;
  // Racily clean: the stamp written in the file's last tick proves nothing about a write in that tick.
  return same && written.mtimeNs > BigInt(now.mtimeNs) ? checkedAt : null;
}

/** Removes the stamp: from now on the file is "open", and only a clean close says otherwise. */
export async function removeCleanStamp(databaseFile: string): Promise<void> {
  await rm(cleanStampFileOf(databaseFile), { force: true });
}

/**
 * After the connection closed: stamps the file when no `-wal` is left (this was the last
 * connection and SQLite checkpointed everything into the file). Written to a temporary file and
 * renamed, so a half-written stamp never exists. Returns whether it stamped.
 */
export async function writeCleanStamp(databaseFile: string, checkedAt: Date): Promise<boolean> {
  if (!(await noWal(databaseFile))) return false;
  const stamp: CleanCloseStamp = { ...(await identity(databaseFile)), checkedAt: checkedAt.toISOString() };
  const target = cleanStampFileOf(databaseFile);
  const temporary = `${target}.${process.pid}.tmp`;
  for (let attempt = 0; attempt < RACY_ATTEMPTS; attempt += 1) {
    await writeFile(temporary, JSON.stringify(stamp), { mode: PRIVATE_FILE_MODE });
    const written = await stat(temporary, { bigint: true });
    if (written.mtimeNs > BigInt(stamp.mtimeNs)) {
      await rename(temporary, target);
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, RACY_WAIT_MS));
  }
  // The clock did not move past the file's time (a time in the future): no stamp, the next open checks.
  await rm(temporary, { force: true });
  return false;
}
