import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations, type Migration } from '../../../migrations';
import type { DatabaseProblem } from '../../../src-shared/messages/catalog';
import { CoreError } from '../errors';
import { silentLogger, type Logger } from '../logger';
import { backupDirOf, backupIfDue, createBackup, newestBackup } from './backup';
import { matchingCleanStamp, removeCleanStamp, writeCleanStamp } from './clean-close';
import type { Database } from './schema';
import { SqlRunner } from './sql-runner';
import { quickCheckInWorker, type RunningQuickCheck } from './verify-worker';

/** A long-running shell re-checks a file that opened on its clean-close stamp once its last passing quick_check is this old. */
export const VERIFY_EVERY_MS = 7 * 24 * 60 * 60_000;

export interface AppDatabase {
  db: Kysely<Database>;
  /** The one way to run statements: Kysely-built, synchronous, slow ones logged (db/sql-runner.ts). */
  runner: SqlRunner;
  /** The raw handle: pragmas, backups and the migration chain only. */
  sqlite: BetterSqlite3.Database;
  file: string;
  schemaVersion(): number;
  /** Whether this open ran quick_check (false: the file matched its clean-close stamp, db/clean-close.ts). */
  readonly checkedAtOpen: boolean;
  /** True when the last passing quick_check is VERIFY_EVERY_MS old (the open trusted its stamp). */
  verificationDue(): boolean;
  /**
   * quick_check on a worker thread while the app works: null when the file is sound. Damage found
   * is logged (`db.damaged`) and this connection will not stamp the file at close, so the next
   * open checks it and refuses it with the restore command (DatabaseDamagedError), as an open
   * that found it would have.
   */
  verifyInBackground(): Promise<DatabaseProblem | null>;
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
  /** Names and dates the backups (core's injected clock). */
  clock?: () => Date;
  /** Where backups go; default `backups/` next to the file. */
  backupDir?: string;
  /**
   * Take the daily backup during the open when it is due (default). A shell that serves rows
   * first passes false and calls backupIfDue itself later (core.ts).
   */
  dailyBackup?: boolean;
}

/** The file was written by a newer AgentIQ: refused before anything is written; the shells describe the code. */
export class SchemaTooNewError extends CoreError<'schema_too_new'> {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super('schema_too_new', { fileVersion, knownVersion });
    this.name = 'SchemaTooNewError';
    this.message =
      `This database was written by a newer version of AgentIQ (schema ${fileVersion}; this version knows up to ${knownVersion}). ` +
      'Update AgentIQ to open it. The file was left untouched.';
  }
}

/**
 * The file fails SQLite's quick_check, or is not a database at all: it is never opened for
 * writing. The seller gets the newest backup to restore from; the file stays as it was.
 * `coreMessage` is what the shells describe to the seller; `message` is English, for logs.
 */
export class DatabaseDamagedError extends CoreError<'db_damaged'> {
  constructor(
    readonly file: string,
    /** What the check found (db/database.ts checkDatabaseFile). */
    readonly problem: DatabaseProblem,
    /** The newest backup to restore from, or null when there is none. */
    readonly newestBackup: string | null,
  ) {
    super('db_damaged', { file, problem, newestBackup });
    this.name = 'DatabaseDamagedError';
    this.message =
      `The database is damaged (${problemLine(problem)}) and was not opened; the file is unchanged: ${file}. ` +
      (newestBackup
        ? `Restore the newest backup: agentiq restore --from ${JSON.stringify(newestBackup)}`
        : 'There is no backup.');
  }
}

/** A problem in one English line, for logs and error messages. */
export function problemLine(problem: DatabaseProblem): string {
  if (problem.kind === 'not_a_database') return 'not an SQLite database';
  if (problem.kind === 'corrupt') return `unreadable structure (${problem.sqliteCode})`;
  return `quick_check: ${problem.finding}`;
}

export interface DatabaseFileCheck {
  /** user_version; null when the file could not be read at all. */
  version: number | null;
  /** null when quick_check says ok; otherwise what is wrong. */
  problem: DatabaseProblem | null;
}

/**
 * Checks a database file read-only: its schema version and `PRAGMA quick_check` (every page and
 * b-tree, without the index-content cross-check of integrity_check; ~0.2 s for 150 MB). A garbage
 * header (SQLITE_NOTADB), a truncated file or a garbage table page (SQLITE_CORRUPT) throws instead
 * of returning findings: reported as a problem too. Other errors (permissions, a folder) are not
 * damage and are thrown.
 */
export function checkDatabaseFile(
  file: string,
  nativeBinding?: string,
  options: { quickCheck?: boolean } = {},
): DatabaseFileCheck {
  let probe: BetterSqlite3.Database | null = null;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true, nativeBinding });
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (options.quickCheck === false) return { version, problem: null };
    const findings = (probe.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check);
    return { version, problem: problemOfFindings(findings) };
  } catch (error) {
    const problem = problemOfError(error);
    if (problem) return { version: null, problem };
    throw error;
  } finally {
    probe?.close();
  }
}

/** quick_check's rows as a problem; null for its one row `ok`. */
function problemOfFindings(findings: string[]): DatabaseProblem | null {
  if (findings.length === 1 && findings[0] === 'ok') return null;
  const summary = findings.join(' ').replace('*** in database main ***', '').replace(/\s+/g, ' ').trim();
  return { kind: 'quick_check', finding: summary.length > 160 ? `${summary.slice(0, 160)}…` : summary };
}

/** The errors that mean damage (not a database, an unreadable structure); null for any other error. */
function problemOfError(error: unknown): DatabaseProblem | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB') return { kind: 'not_a_database' };
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) return { kind: 'corrupt', sqliteCode: code };
  return null;
}

/**
 * Opens (creating if needed) the app database: refuses a damaged file or a newer schema before
 * touching the file, sets the pragmas, backs up before pending migrations, runs them (all pending
 * ones in one transaction), and takes the daily backup if it is due.
 *
 * The damage check (quick_check, a read of every page) runs unless the file matches the stamp of
 * its last clean close (db/clean-close.ts); the schema is checked by user_version alone. A file
 * that opens on its stamp has no stamp while it is open: only a clean close writes it back.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<AppDatabase> {
  const logger = options.logger ?? silentLogger;
  const chain = options.migrations ?? migrations;
  const clock = options.clock ?? (() => new Date());
  const backupDir = options.backupDir ?? backupDirOf(file);
  const existing = file !== ':memory:' && (await fileExists(file));
  let fileVersion = 0;
  // When the file last passed quick_check: now for a new file or a checked open, else the stamp's.
  let checkedAt = clock();
  let checkedAtOpen = false;
  if (existing) {
    const stamped = await matchingCleanStamp(file);
    const check = checkDatabaseFile(file, options.nativeBinding, { quickCheck: stamped === null });
    checkedAtOpen = stamped === null;
    if (stamped) checkedAt = stamped;
    if (check.problem !== null) {
      const backup = await newestBackup(backupDir);
      logger.warn('db.damaged', {
        code: 'db_damaged',
        file,
        problem: problemLine(check.problem),
        newestBackup: backup?.file ?? null,
      });
      throw new DatabaseDamagedError(file, check.problem, backup?.file ?? null);
    }
    fileVersion = check.version ?? 0;
    if (fileVersion > chain.length) throw new SchemaTooNewError(fileVersion, chain.length);
    await removeCleanStamp(file);
  }

  const sqlite = new BetterSqlite3(file, { nativeBinding: options.nativeBinding });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Smaller WAL checkpoints (250 pages, not SQLite's 1000): a checkpoint runs inside the commit
  // that crosses the mark, and a 1000-page one was the longest event-loop stall of a big sync
  // (~57 ms); 250 pages keep each under the ~25 ms of a write slice.
  sqlite.pragma('wal_autocheckpoint = 250');
  // A 64 MiB page cache (SQLite's default is 2 MiB): a sync writes every row into a dozen indexes,
  // and with the default most of their pages are read back from the OS on each slice.
  sqlite.pragma('cache_size = -65536');
  // FULL, not NORMAL: a queued reply must survive a power cut, not only an app crash.
  sqlite.pragma('synchronous = FULL');

  const slowQueryMs = options.slowQueryMs ?? 100;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log(event) {
      if (event.level === 'error')
        logger.error('db.query_failed', { sql: event.query.sql, error: String(event.error) });
      else if (event.queryDurationMillis > slowQueryMs)
        logger.warn('db.slow_query', { sql: event.query.sql, ms: Math.round(event.queryDurationMillis) });
    },
  });

  /** The background check found damage: no clean-close stamp for this file. */
  let damaged = false;
  let verifying: RunningQuickCheck | null = null;
  // Kysely closes the handle only if it ran a query: an open that ran none (no migration pending,
  // nothing read through Kysely) would leak it, and a leaked handle keeps every later close in this
  // process from checkpointing and removing the -wal.
  const closeAll = async () => {
    await verifying?.cancel();
    await db.destroy();
    if (sqlite.open) sqlite.close();
  };
  const closeAndStamp = async () => {
    const wasOpen = sqlite.open;
    await closeAll();
    if (!wasOpen || damaged || file === ':memory:') return;
    // The next open skips the full check only if this close left the file whole (no -wal).
    await writeCleanStamp(file, checkedAt).catch((error: unknown) =>
      logger.warn('db.stamp_failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  };
  const verifyInBackground = async (): Promise<DatabaseProblem | null> => {
    if (file === ':memory:' || !sqlite.open) return null;
    const started = clock();
    verifying = quickCheckInWorker(file, options.nativeBinding);
    let problem: DatabaseProblem | null;
    try {
      const outcome = await verifying.result;
      problem = 'findings' in outcome ? problemOfFindings(outcome.findings) : problemOfError(outcome.error);
      if (!('findings' in outcome) && problem === null) throw new Error(outcome.error.message);
    } finally {
      verifying = null;
    }
    if (problem === null) {
      checkedAt = started;
      logger.info('db.verified', { file });
      return null;
    }
    damaged = true;
    const backup = await newestBackup(backupDir);
    logger.error('db.damaged', {
      code: 'db_damaged',
      file,
      problem: problemLine(problem),
      newestBackup: backup?.file ?? null,
    });
    return problem;
  };

  try {
    if (existing && fileVersion < chain.length) {
      // A migration that goes wrong in a way its transaction cannot undo (a wrong UPDATE) must
      // not cost the seller data: no backup, no migration.
      await createBackup(sqlite, backupDir, {
        now: clock(),
        reason: 'before-migration',
        logger,
        nativeBinding: options.nativeBinding,
      }).catch((error: unknown) => {
        throw new CoreError('db_backup_failed', { error: error instanceof Error ? error.message : String(error) });
      });
    }
    await migrate(db, sqlite, chain, logger);
  } catch (error) {
    await closeAll();
    throw error;
  }
  if (existing && options.dailyBackup !== false) {
    // A failed daily backup must not keep the seller from working; the next open or the timer retries.
    await backupIfDue(sqlite, backupDir, { now: clock(), logger, nativeBinding: options.nativeBinding }).catch(
      (error: unknown) =>
        logger.warn('db.backup_failed', {
          code: 'backup_failed',
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  return {
    db,
    runner: new SqlRunner(db, sqlite, logger, slowQueryMs),
    sqlite,
    file,
    schemaVersion: () => sqlite.pragma('user_version', { simple: true }) as number,
    checkedAtOpen,
    verificationDue: () => clock().getTime() - checkedAt.getTime() >= VERIFY_EVERY_MS,
    verifyInBackground,
    // A transaction in flight has finished: better-sqlite3 is synchronous and callers await
    // their writes before closing.
    close: closeAndStamp,
  };
}

async function migrate(
  db: Kysely<Database>,
  sqlite: BetterSqlite3.Database,
  chain: readonly Migration[],
  logger: Logger,
) {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  if (current > chain.length) throw new SchemaTooNewError(current, chain.length);
  if (current === chain.length) return;
  // Kysely does not wrap SQLite migrations in a transaction; we do, ONE for every pending
  // migration: a failure or a crash anywhere in the chain leaves the file at its old version
  // with its old schema, and a new file pays one commit (one WAL sync with synchronous=FULL)
  // instead of one per migration. user_version is part of the transaction.
  const applied: string[] = [];
  // better-sqlite3's defensive mode refuses writes to sqlite_schema; a migration that widens a
  // CHECK in place (migrations/0018-avito.ts) needs it lifted, for the chain only.
  const writesSchema = chain.slice(current).some((migration) => migration.writesSchema === true);
  if (writesSchema) sqlite.unsafeMode(true);
  try {
    await db.transaction().execute(async (trx) => {
      for (let index = current; index < chain.length; index += 1) {
        const migration = chain[index]!;
        await migration.up(trx as unknown as Kysely<any>);
        sqlite.pragma(`user_version = ${index + 1}`);
        applied.push(migration.name);
      }
    });
  } finally {
    if (writesSchema) sqlite.unsafeMode(false);
  }
  for (const [offset, name] of applied.entries())
    logger.info('db.migrated', { migration: name, version: current + offset + 1 });
}

async function fileExists(file: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}
