import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { makeCore } from './core';

/**
 * Real damage to a real agentiq.db, the way disks and crashes do it: a page overwritten with
 * garbage, the tail cut off, the header gone. Only the file's bytes are touched, never our code.
 */

export const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A data folder whose agentiq.db holds the demo shop, closed (WAL checkpointed into the file). */
export async function seededDataDir(dataDir: string, clock?: () => Date): Promise<string> {
  const core = await makeCore(dataDir, clock);
  const seeded = await core.call('demo.seed', {});
  if (!seeded.ok) throw new Error(JSON.stringify(seeded.error));
  await core.close();
  return `${dataDir}/agentiq.db`;
}

/** Overwrites one page of a table's or an index's b-tree (a page inside the file, not the header) with garbage. */
export function garbageInTablePage(file: string, tree = 'interactions'): number {
  const reader = new BetterSqlite3(file, { readonly: true });
  const pageSize = reader.pragma('page_size', { simple: true }) as number;
  const pageCount = reader.pragma('page_count', { simple: true }) as number;
  const pages = reader
    .prepare('SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno')
    .pluck()
    .all(tree) as number[];
  reader.close();
  const page = pages[Math.floor(pages.length / 2)]!;
  if (page <= 1 || page > pageCount) throw new Error(`page ${page} is outside the file's ${pageCount} pages`);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
  return page;
}

export function truncateToHalf(file: string): void {
  truncateSync(file, Math.floor(readFileSync(file).length / 2));
}

/** The 100-byte SQLite header replaced by text: the file is no database at all. */
export function garbageHeader(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from('this is not a database, only text '.repeat(4)), 0, 136, 0);
  closeSync(fd);
}
