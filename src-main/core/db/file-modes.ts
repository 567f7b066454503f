import { chmod, mkdir, open, readdir } from 'node:fs/promises';
import path from 'node:path';

/** The data folder and the folders in it: only the seller's OS user may list them. */
export const PRIVATE_DIR_MODE = 0o700;
/** The database, its -wal/-shm and the backups: only the seller's OS user may read them. */
export const PRIVATE_FILE_MODE = 0o600;

/** Windows has no POSIX modes (its ACLs already keep %APPDATA% per user); chmod there only flips read-only. */
const hasPosixModes = (platform: NodeJS.Platform) => platform !== 'win32';

/**
 * Creates `dir` 0700 and makes an existing one 0700: versions before 0.1 created the data folder
 * 0755 and the database 0644, readable by every local user. mkdir's mode is masked by the umask
 * and ignored for a folder that exists, hence the chmod.
 */
export async function ensurePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (hasPosixModes(platform)) await chmod(dir, PRIVATE_DIR_MODE);
}

/** chmod 0600 if the file exists; a file that does not is fine (no -wal yet, no backups yet). */
export async function makePrivate(file: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (!hasPosixModes(platform)) return;
  await chmod(file, PRIVATE_FILE_MODE).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * Creates an empty file 0600 (or empties an existing one) for SQLite to write into. SQLite creates
 * new files 0644, and gives -wal/-shm the mode of their database, so a database that starts 0600
 * keeps all three private.
 */
export async function createPrivateFile(file: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const handle = await open(file, 'w', PRIVATE_FILE_MODE);
  await handle.close();
  await makePrivate(file, platform);
}

/**
 * The data folder as it must be before the database opens: the folder 0700; the database, its
 * -wal/-shm, the backups folder and every backup 0600/0700 (older versions left them world-readable);
 * a database that does not exist yet is created empty and 0600, so SQLite never makes it 0644.
 */
export async function prepareDataDir(
  dataDir: string,
  databaseFile: string,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  await ensurePrivateDir(dataDir, platform);
  const created = await open(databaseFile, 'a', PRIVATE_FILE_MODE);
  await created.close();
  if (!hasPosixModes(platform)) return;
  for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`]) await makePrivate(file, platform);
  const backups = path.join(dataDir, 'backups');
  const names = await readdir(backups).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (names === null) return;
  await chmod(backups, PRIVATE_DIR_MODE);
  for (const name of names.filter((n) => n.startsWith('agentiq-')))
    await makePrivate(path.join(backups, name), platform);
}
