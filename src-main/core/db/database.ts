import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations, type Migration } from '../../../migrations';
import { silentLogger, type Logger } from '../logger';
import type { Database } from './schema';

export interface AppDatabase {
  db: Kysely<Database>;
  /** The raw handle, for bounded synchronous batches on hot paths (bulk upserts). */
  sqlite: BetterSqlite3.Database;
  file: string;
  schemaVersion(): number;
  close(): Promise<void>;
}

export interface OpenOptions {
  logger?: Logger;
  /** Path of a better_sqlite3.node built for the running ABI (Electron passes its own). */
  nativeBinding?: string;
  /** Queries slower than this are logged (STYLE habit 5). */
  slowQueryMs?: number;
  /** Only for tests of the migration chain. */
  migrations?: readonly Migration[];
}

export class SchemaTooNewError extends Error {
  readonly code = 'schema_too_new';
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `This database was written by a newer version of AgentIQ (schema ${fileVersion}; this version knows up to ${knownVersion}). ` +
        'Update AgentIQ to open it. The file was left untouched.',
    );
  }
}

/** Reads the schema version without writing anything (no WAL switch, no migrations). */
export function readSchemaVersion(file: string, nativeBinding?: string): number {
  const probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    return probe.pragma('user_version', { simple: true }) as number;
  } finally {
    probe.close();
  }
}

/**
 * Opens (creating if needed) the app database: refuses a newer schema before touching the
 * file, sets the pragmas, and runs pending migrations, each in its own transaction.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<AppDatabase> {
  const logger = options.logger ?? silentLogger;
  const chain = options.migrations ?? migrations;
  const existing = file !== ':memory:' && (await fileExists(file));
  if (existing) {
    const version = readSchemaVersion(file, options.nativeBinding);
    if (version > chain.length) throw new SchemaTooNewError(version, chain.length);
  }

  const sqlite = new BetterSqlite3(file, { nativeBinding: options.nativeBinding });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Smaller WAL checkpoints (250 pages, not SQLite's 1000): a checkpoint runs inside the commit
  // that crosses the mark, and a 1000-page one was the longest event-loop stall of a big sync
  // (~57 ms); 250 pages keep each under the ~25 ms of a write slice.
  sqlite.pragma('wal_autocheckpoint = 250');
  // FULL, not NORMAL: a queued reply must survive a power cut, not only an app crash.
  sqlite.pragma('synchronous = FULL');

  const slowQueryMs = options.slowQueryMs ?? 100;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log(event) {
      if (event.level === 'error') logger.error('db.query_failed', { sql: event.query.sql, error: String(event.error) });
      else if (event.queryDurationMillis > slowQueryMs)
        logger.warn('db.slow_query', { sql: event.query.sql, ms: Math.round(event.queryDurationMillis) });
    },
  });

  // Kysely closes the handle only if it ran a query: an open that ran none (no migration pending,
  // nothing read through Kysely) would leak it, and a leaked handle keeps every later close in this
  // process from checkpointing and removing the -wal.
  const closeAll = async () => {
    await db.destroy();
    if (sqlite.open) sqlite.close();
  };

  try {
    await migrate(db, sqlite, chain, logger);
  } catch (error) {
    await closeAll();
    throw error;
  }

  return {
    db,
    sqlite,
    file,
    schemaVersion: () => sqlite.pragma('user_version', { simple: true }) as number,
    // A transaction in flight has finished: better-sqlite3 is synchronous and callers await
    // their writes before closing.
    close: closeAll,
  };
}

async function migrate(db: Kysely<Database>, sqlite: BetterSqlite3.Database, chain: readonly Migration[], logger: Logger) {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  if (current > chain.length) throw new SchemaTooNewError(current, chain.length);
  for (let index = current; index < chain.length; index += 1) {
    const migration = chain[index]!;
    // Kysely does not wrap SQLite migrations in a transaction; we do, one per migration, so a
    // failing migration leaves the previous version intact. user_version is part of the transaction.
    await db.transaction().execute(async (trx) => {
      await migration.up(trx as unknown as Kysely<any>);
      sqlite.pragma(`user_version = ${index + 1}`);
    });
    logger.info('db.migrated', { migration: migration.name, version: index + 1 });
  }
}

async function fileExists(file: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}
