import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './file-modes';

/**
 * "AgentIQ has this database open": one small file per process in `<dataDir>/running/`, written
 * before the database opens and removed when it closes. `agentiq restore` refuses while one names
 * a live process. better-sqlite3 offers no flock and SQLite's own locks say nothing about an idle
 * connection, hence a file. One file per process, not one shared file: the app, a host and a CLI
 * command may have the same database open at once (WAL), and the first to close must not remove
 * the others' claim.
 */
export interface RunningMarker {
  pid: number;
  shell: string;
  startedAt: string;
  /** When the machine booted: after a reboot a dead process's pid may belong to something else. */
  bootedAt: string;
}

export interface HeldMarker {
  readonly file: string;
  release(): Promise<void>;
}

/** Boot times computed from uptime drift by the clock's corrections; a reboot moves them by far more. */
const BOOT_TOLERANCE_MS = 2 * 60_000;

export const runningDirOf = (dataDir: string) => path.join(dataDir, 'running');
const bootTime = () => new Date(Date.now() - os.uptime() * 1000);

export async function holdRunningMarker(dataDir: string, shell: string, now: Date = new Date()): Promise<HeldMarker> {
  const dir = runningDirOf(dataDir);
  await ensurePrivateDir(dir);
  // Markers of processes that died without closing (a crash, SIGKILL) are cleared on the way.
  await liveMarkers(dataDir, { removeStale: true });
  const file = path.join(dir, `${shell}-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const marker: RunningMarker = {
    pid: process.pid,
    shell,
    startedAt: now.toISOString(),
    bootedAt: bootTime().toISOString(),
  };
  await writeFile(file, JSON.stringify(marker), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  let released = false;
  return {
    file,
    release: async () => {
      if (released) return;
      released = true;
      await rm(file, { force: true });
    },
  };
}

/** Markers naming a process that is alive in this boot; with removeStale, the others are deleted. */
export async function liveMarkers(dataDir: string, options: { removeStale?: boolean } = {}): Promise<RunningMarker[]> {
  const dir = runningDirOf(dataDir);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const live: RunningMarker[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = path.join(dir, name);
    const marker = await readMarker(file);
    // A marker being written right now reads as empty: not stale, and not proof of a process either.
    if (marker === 'unreadable') continue;
    if (marker && isAlive(marker)) live.push(marker);
    else if (options.removeStale) await rm(file, { force: true });
  }
  return live;
}

async function readMarker(file: string): Promise<RunningMarker | null | 'unreadable'> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null || text === '') return 'unreadable';
  try {
    const parsed = JSON.parse(text) as Partial<RunningMarker>;
    return typeof parsed.pid === 'number' && typeof parsed.bootedAt === 'string' ? (parsed as RunningMarker) : null;
  } catch {
    return null;
  }
}

function isAlive(marker: RunningMarker): boolean {
  if (Math.abs(new Date(marker.bootedAt).getTime() - bootTime().getTime()) > BOOT_TOLERANCE_MS) return false;
  try {
    process.kill(marker.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
