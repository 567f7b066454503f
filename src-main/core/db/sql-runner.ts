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
 *   several statements must land together.
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
    const compiled: CompiledQuery<R> = build(placeholders).compile();
    const bind = compiled.parameters.map((value) => {
      const name = placeholderName(value);
      return name === null ? () => value : (params: P) => params[name] ?? null;
    });
    const args = (params: P) => bind.map((value) => value(params));
    const { sql } = compiled;
    return {
      all: (params) => this.timed(sql, () => this.statement(sql).all(...args(params)) as R[]),
      get: (params) => this.timed(sql, () => this.statement(sql).get(...args(params)) as R | undefined),
      run: (params) => this.timed(sql, () => this.statement(sql).run(...args(params))),
    };
  }

  transaction<T>(work: () => T): T {
    return this.sqlite.transaction(work)();
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
      const ms = performance.now() - started;
      if (ms > this.slowQueryMs) this.logger.warn('db.slow_query', { sql, ms: Math.round(ms) });
    }
  }
}

// A placeholder is a string no caller value can be: it starts with a NUL character.
const PLACEHOLDER_PREFIX = '\u0000agentiq-param:';
const placeholder = (name: string) => `${PLACEHOLDER_PREFIX}${name}`;
const placeholderName = (value: unknown): string | null =>
  typeof value === 'string' && value.startsWith(PLACEHOLDER_PREFIX) ? value.slice(PLACEHOLDER_PREFIX.length) : null;
