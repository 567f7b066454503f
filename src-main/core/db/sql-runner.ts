import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Logger } from '../logger';
import type { Database } from './schema';

/** What a write statement reports (better-sqlite3's RunResult). */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A statement built once with Kysely and run many times with named parameters. */
export interface PreparedQuery<P, R> {
  all(params: P): R[];
  get(params: P): R | undefined;
  run(params: P): RunResult;
}

/**
 * The one way to the database (issue 8 item 7). Statements are built with Kysely (typed against
 * schema.ts) and run here, synchronously, on better-sqlite3: one statement cache, one slow-query
 * log. Kysely never executes anything itself, so there is no second path that escapes the log.
 *
 * - `all` / `get` / `run` take a Kysely builder; its SQL text keys the statement cache, so a
 *   builder compiled per call still prepares once.
 * - `prepare` compiles a builder once, for hot paths (bulk upserts, per-item lookups): the
 *   builder receives named placeholders and each call binds values by name.
 * - `transaction` is better-sqlite3's synchronous transaction (nests as a savepoint): use it where
 *   several statements must land together; `{ fsync: false }` for bulk writes of re-fetchable data.
 */
export class SqlRunner {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    /** The query builder: build with it, run with this runner. */
    readonly build: Kysely<Database>,
    private readonly sqlite: BetterSqlite3.Database,
    private readonly logger: Logger,
    private readonly slowQueryMs = 100,
  ) {}

  /** False once the database is closed: a timer that may outlive the core (a lease renewal) stops on it. */
  get open(): boolean {
    return this.sqlite.open;
  }

  all<R>(query: Compilable<R>): R[] {
    const { sql, parameters } = query.compile();
    return this.timed(sql, () => this.statement(sql).all(...parameters) as R[]);
  }

  get<R>(query: Compilable<R>): R | undefined {
    const { sql, parameters } = query.compile();
    return this.timed(sql, () => this.statement(sql).get(...parameters) as R | undefined);
  }

  run(query: Compilable<unknown>): RunResult {
    const { sql, parameters } = query.compile();
    return this.timed(sql, () => this.statement(sql).run(...parameters));
  }

  /**
   * Compiles `build(placeholders)` once. Each placeholder stands for the parameter of the same
   * name; values that are not placeholders stay constants of the statement. A placeholder may
   * only stand where Kysely binds a single value (not an `in` list).
   */
  prepare<P extends Record<string, unknown>, R>(build: (params: P) => Compilable<R>): PreparedQuery<P, R> {
    const placeholders = new Proxy({} as P, { get: (_, name) => placeholder(String(name)) });
    const { sql, parameters }: CompiledQuery<R> = build(placeholders).compile();
    const names = parameters.map(placeholderName);
    // Per call only the values are looked up: hot paths (sync's per-item upserts) call these
    // tens of thousands of times a run.
    const args = (params: P) => {
      const values = new Array<unknown>(names.length);
      for (let i = 0; i < names.length; i += 1) {
        const name = names[i];
        values[i] = name === null ? parameters[i] : (params[name!] ?? null);
      }
      return values;
    };
    let prepared: BetterSqlite3.Statement | undefined;
    const call =
      <T>(work: (statement: BetterSqlite3.Statement, values: unknown[]) => T) =>
      (params: P) => {
        const started = performance.now();
        try {
          return work((prepared ??= this.statement(sql)), args(params));
        } finally {
          this.logIfSlow(sql, started);
        }
      };
    return {
      all: call((statement, values) => statement.all(values) as R[]),
      get: call((statement, values) => statement.get(values) as R | undefined),
      run: call((statement, values) => statement.run(values)),
    };
  }

  /**
   * `fsync: false` commits with `synchronous = NORMAL`: still atomic and crash-safe (WAL), only a
   * power cut may lose the last such commits. For data that can be fetched again (synced rows,
   * with the watermark or cursor that covers them); replies keep the default FULL. Inside an outer
   * transaction the outer one's setting applies.
   */
  transaction<T>(work: () => T, options: { fsync?: boolean } = {}): T {
    if (options.fsync !== false || this.sqlite.inTransaction) return this.sqlite.transaction(work)();
    this.sqlite.pragma('synchronous = NORMAL');
    try {
      return this.sqlite.transaction(work)();
    } finally {
      this.sqlite.pragma('synchronous = FULL');
    }
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Builders with `in (...)` lists make one text per list length: keep the cache bounded.
      if (this.statements.size >= 1_000) this.statements.clear();
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private timed<T>(sql: string, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.logIfSlow(sql, started);
    }
  }

  private logIfSlow(sql: string, started: number) {
    const ms = performance.now() - started;
    if (ms > this.slowQueryMs) this.logger.warn('db.slow_query', { sql, ms: Math.round(ms) });
  }
}

// A placeholder is a string no caller value can be: it starts with a NUL character.
const PLACEHOLDER_PREFIX = '\u0000agentiq-param:';
const placeholder = (name: string) => `${PLACEHOLDER_PREFIX}${name}`;
const placeholderName = (value: unknown): string | null =>
  typeof value === 'string' && value.startsWith(PLACEHOLDER_PREFIX) ? value.slice(PLACEHOLDER_PREFIX.length) : null;
