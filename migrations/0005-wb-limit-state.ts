import { sql, type Kysely } from 'kysely';

/**
 * WB rate-limit state that outlives a process (wb/limit-store.ts): per account and WB limit group,
 * the time (ms since epoch) before which no request may go — after a 429's X-Ratelimit-Retry
 * (`retry_at`) or the next pacing slot (`pace_at`; Base tokens wait minutes to an hour). The next
 * CLI call or app start honours it instead of starting with a full bucket WB does not have.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE wb_limit_state (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    limit_group TEXT NOT NULL,
    retry_at INTEGER,
    pace_at INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, limit_group)
  ) STRICT`.execute(db);
}
