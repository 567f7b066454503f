import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { SqlRunner } from '../db/sql-runner';
import { stemmedText, stemWord } from '../search/stem';
import { parseKnowledge } from './knowledge-format';
import { STOP_STEMS } from './knowledge-stopwords';

/**
 * The seller's knowledge folder, indexed into SQLite (migration 0019) for the Avito bot. The
 * folder is the truth: `syncKnowledge` stats every file (cheap), reads only those whose size or
 * mtime moved, and rewrites the entries only of those whose content hash changed. The bot calls it
 * before each retrieval, so an edit counts from the next buyer message on, with no watcher to run.
 */

const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
/** Bounds a folder the seller pointed somewhere large by mistake. */
const MAX_FILES = 500;
const MAX_FILE_BYTES = 1_000_000;
const MAX_DEPTH = 4;

/** The knowledge folder of an account when the settings name none. */
export function defaultKnowledgeDir(dataDir: string, accountId: number): string {
  return path.join(dataDir, 'knowledge', `account-${accountId}`);
}

/** `AvitoBotDeps.knowledgeDir` for a data folder: the account's setting, else its default folder. */
export function knowledgeDirIn(dataDir: string): (accountId: number, settings: { knowledgeDir?: string }) => string {
  return (accountId, settings) => settings.knowledgeDir ?? defaultKnowledgeDir(dataDir, accountId);
}

interface FolderFile {
  file: string;
  absolute: string;
  size: number;
  mtimeMs: number;
}

function listFiles(dir: string): FolderFile[] {
  const found: FolderFile[] = [];
  const walk = (folder: string, relative: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch {
      return; // Missing or unreadable: an empty knowledge base, not an error of the sync.
    }
    for (const name of names) {
      if (found.length >= MAX_FILES) return;
      if (name.startsWith('.')) continue;
      const absolute = path.join(folder, name);
      const file = relative ? `${relative}/${name}` : name;
      let stat;
      try {
        stat = statSync(absolute);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        if (depth < MAX_DEPTH) walk(absolute, file, depth + 1);
      } else if (stat.isFile() && EXTENSIONS.has(path.extname(name).toLowerCase()) && stat.size <= MAX_FILE_BYTES) {
        found.push({ file, absolute, size: stat.size, mtimeMs: Math.floor(stat.mtimeMs) });
      }
    }
  };
  walk(dir, '', 0);
  return found;
}

export interface KnowledgeSyncResult {
  files: number;
  /** Files whose entries were (re)written. */
  reindexed: number;
  removed: number;
}

export function syncKnowledge(db: SqlRunner, accountId: number, dir: string, now: Date): KnowledgeSyncResult {
  const files = listFiles(dir);
  const known = new Map(
    db
      .all(db.build.selectFrom('knowledge_files').selectAll().where('account_id', '=', accountId))
      .map((row) => [row.file, row]),
  );
  let reindexed = 0;
  for (const entry of files) {
    const stored = known.get(entry.file);
    known.delete(entry.file);
    if (stored && stored.size === entry.size && stored.mtime_ms === entry.mtimeMs) continue;
    let content: string;
    try {
      content = readFileSync(entry.absolute, 'utf8');
    } catch {
      continue;
    }
    const hash = createHash('sha256').update(content).digest('hex');
    const changed = !stored || stored.hash !== hash;
    // Without fsync: the folder is the truth, a power cut only means these files are read again.
    db.transaction(
      () => {
        if (changed) {
          writeEntries(db, accountId, entry.file, content);
          reindexed += 1;
        }
        db.run(
          db.build
            .insertInto('knowledge_files')
            .values({
              account_id: accountId,
              file: entry.file,
              size: entry.size,
              mtime_ms: entry.mtimeMs,
              hash,
              indexed_at: now.toISOString(),
            })
            .onConflict((oc) =>
              oc.columns(['account_id', 'file']).doUpdateSet((eb) => ({
                size: eb.ref('excluded.size'),
                mtime_ms: eb.ref('excluded.mtime_ms'),
                hash: eb.ref('excluded.hash'),
                indexed_at: eb.ref('excluded.indexed_at'),
              })),
            ),
        );
      },
      { fsync: false },
    );
  }
  // What is left was deleted from the folder (or moved out of reach).
  for (const file of known.keys()) {
    db.transaction(() => {
      db.run(db.build.deleteFrom('knowledge_entries').where('account_id', '=', accountId).where('file', '=', file));
      db.run(db.build.deleteFrom('knowledge_files').where('account_id', '=', accountId).where('file', '=', file));
    });
  }
  return { files: files.length, reindexed, removed: known.size };
}

function writeEntries(db: SqlRunner, accountId: number, file: string, content: string): void {
  // The trigger of migration 0019 drops the old entries' stems with them.
  db.run(db.build.deleteFrom('knowledge_entries').where('account_id', '=', accountId).where('file', '=', file));
  const fileTitle = path.basename(file, path.extname(file));
  parseKnowledge(content, fileTitle).forEach((parsed, index) => {
    const ordinal = index + 1;
    const { lastInsertRowid } = db.run(
      db.build.insertInto('knowledge_entries').values({
        account_id: accountId,
        file,
        ordinal,
        ref: `${file}#${ordinal}`,
        kind: parsed.kind,
        title: parsed.title,
        body: parsed.body,
      }),
    );
    db.run(
      db.build.insertInto('knowledge_fts').values({
        rowid: Number(lastInsertRowid),
        title: stemmedText(parsed.title),
        body: stemmedText(parsed.body),
      }),
    );
  });
}

export interface KnowledgeHit {
  id: number;
  ref: string;
  kind: 'faq' | 'note';
  title: string;
  body: string;
}

/** Distinct stems looked for per retrieval: a long message is cut, not a query of hundreds of terms. */
const MAX_QUERY_STEMS = 24;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The FTS5 query for a buyer's text: its stems without the stop words, each quoted (never syntax),
 * ORed — a buyer writes a sentence, not keywords. Null when nothing is left to look for.
 */
export function knowledgeQuery(text: string): string | null {
  const stems = new Set<string>();
  for (const word of text.matchAll(WORD)) {
    const stem = stemWord(word[0]);
    if (stem.length < 2 || STOP_STEMS.has(stem)) continue;
    stems.add(stem);
    if (stems.size === MAX_QUERY_STEMS) break;
  }
  return stems.size === 0 ? null : [...stems].map((stem) => `"${stem}"`).join(' OR ');
}

/** The best entries of the account for the text (bm25, title weighted twice), at most `limit`. */
export function searchKnowledge(db: SqlRunner, accountId: number, text: string, limit = 3): KnowledgeHit[] {
  const match = knowledgeQuery(text);
  return match ? db.all(knowledgeSearchQuery(db, accountId, match, limit)) : [];
}

/** The retrieval statement for an FTS5 `match` (knowledgeQuery): the index drives, one entry lookup per match. */
export function knowledgeSearchQuery(db: SqlRunner, accountId: number, match: string, limit: number) {
  return (
    db.build
      .selectFrom('knowledge_fts')
      // CROSS JOIN keeps the index outside: joined the other way, SQLite runs the MATCH once per entry.
      .crossJoin('knowledge_entries')
      .whereRef('knowledge_entries.id', '=', 'knowledge_fts.rowid')
      .select([
        'knowledge_entries.id',
        'knowledge_entries.ref',
        'knowledge_entries.kind',
        'knowledge_entries.title',
        'knowledge_entries.body',
      ])
      .where(sql<boolean>`knowledge_fts MATCH ${match}`)
      .where('knowledge_entries.account_id', '=', accountId)
      .orderBy('knowledge_fts.rank')
      .orderBy('knowledge_entries.id')
      .limit(limit)
  );
}
