import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import { openDatabase, SchemaTooNewError, type AppDatabase } from '../../src-main/core/db/database';
import { inboxListQuery, inboxSearchFilteredQuery, inboxSearchQuery } from '../../src-main/core/inbox/queries';
import { openOrWaitingQuery } from '../../src-main/core/sync/fq-sync';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** Canonical text of the schema: every table, index, trigger and view, sorted, whitespace-normalised. */
function schemaText(file: string): string {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  const rows = sqlite
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all() as { type: string; name: string; sql: string }[];
  sqlite.close();
  return rows.map((row) => `-- ${row.type} ${row.name}\n${row.sql.replace(/\s+/g, ' ').trim()};`).join('\n') + '\n';
}

async function freshFile() {
  const file = path.join(tempDir(), 'fresh.db');
  await (await openDatabase(file)).close();
  return file;
}

describe('database migrations', () => {
  it('migrates an empty file to the latest schema with WAL and foreign keys on', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    const database = await openDatabase(file);
    expect(database.schemaVersion()).toBe(migrations.length);
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    // Search-index merging is done by the core in bounded steps (migrations 0003, 0009), not inside INSERTs.
    expect(database.sqlite.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").pluck().get()).toBe(0);
    const tables = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    for (const table of [
      'accounts',
      'interactions',
      'chat_messages',
      'interaction_events',
      'link_candidates',
      'products',
      'sync_state',
      'sync_runs',
      'outbox',
      'settings',
      'search_fts',
      'search_pending',
    ])
      expect(tables).toContain(table);
    await database.close();
  });

  it('matches the committed schema snapshot', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    await (await openDatabase(file)).close();
    await expect(schemaText(file)).toMatchFileSnapshot('./__snapshots__/schema.sql');
  });

  it('reopening a migrated file runs nothing and keeps data', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    const first = await openDatabase(file);
    await first.db
      .insertInto('accounts')
      .values({
        name: 'Shop',
        token_ref: null,
        token_expires_at: null,
        token_type: null,
        seller_id: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    await first.close();
    const second = await openDatabase(file);
    expect(await second.db.selectFrom('accounts').select('name').execute()).toEqual([{ name: 'Shop' }]);
    await second.close();
  });

  it('a failing migration rolls back every pending one and leaves the previous version intact', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    const broken = [
      ...migrations,
      {
        name: '9999-broken',
        up: async (db: Parameters<(typeof migrations)[number]['up']>[0]) => {
          await sql`CREATE TABLE half_done (id INTEGER)`.execute(db);
          await sql`THIS IS NOT SQL`.execute(db);
        },
      },
    ];
    // On a file at the latest version only the broken one is pending: it alone rolls back.
    await (await openDatabase(file, { migrations: migrations.slice(0, 5) })).close();
    await (await openDatabase(file)).close();
    await expect(openDatabase(file, { migrations: broken })).rejects.toThrow();
    let sqlite = new BetterSqlite3(file, { readonly: true });
    expect(sqlite.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    sqlite.close();
    expect(schemaText(file)).toBe(schemaText(await freshFile()));

    // Every pending migration runs in one transaction: a new file the chain fails on stays empty.
    const empty = path.join(tempDir(), 'agentiq.db');
    await expect(openDatabase(empty, { migrations: broken })).rejects.toThrow();
    sqlite = new BetterSqlite3(empty, { readonly: true });
    expect(sqlite.pragma('user_version', { simple: true })).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
    sqlite.close();
  });

  it('a process killed in the middle of the pending migrations leaves the old version and schema', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'agentiq.db');
    const atFive = path.join(dir, 'at-five.db');
    for (const target of [file, atFive])
      await (await openDatabase(target, { migrations: migrations.slice(0, 5) })).close();
    const oldSchema = schemaText(atFive);
    // Killed by SIGKILL right after migration 9 ran (6 to 9 applied inside the open's transaction).
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tests/helpers/migrate-child.ts', file, String(migrations.length), '9'],
      { encoding: 'utf8' },
    );
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).not.toContain('opened');
    // The killed open left its journal behind: a plain read-write open recovers from it.
    const sqlite = new BetterSqlite3(file);
    expect(sqlite.pragma('user_version', { simple: true })).toBe(5);
    sqlite.close();
    expect(schemaText(file)).toBe(oldSchema);
    // And the next open migrates it to the latest schema.
    const database = await openDatabase(file);
    expect(database.schemaVersion()).toBe(migrations.length);
    await database.close();
    expect(schemaText(file)).toBe(schemaText(await freshFile()));
  });

  it('refuses a database written by a newer schema version and leaves the file untouched', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    const future = new BetterSqlite3(file);
    future.exec("CREATE TABLE from_the_future (x TEXT); INSERT INTO from_the_future VALUES ('keep me');");
    future.pragma(`user_version = ${migrations.length + 5}`);
    future.close();
    const before = readFileSync(file);

    const attempt = openDatabase(file);
    await expect(attempt).rejects.toBeInstanceOf(SchemaTooNewError);
    // Core says it as a code; the shells (CLI, host, Electron's dialog) word it in Russian.
    await expect(openDatabase(file)).rejects.toMatchObject({
      coreMessage: {
        code: 'schema_too_new',
        params: { fileVersion: migrations.length + 5, knownVersion: migrations.length },
      },
    });
    await expect(openDatabase(file)).rejects.toThrow(
      `schema ${migrations.length + 5}; this version knows up to ${migrations.length}`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('each migration applies on top of the previous version', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    for (let version = 1; version <= migrations.length; version += 1) {
      const database = await openDatabase(file, { migrations: migrations.slice(0, version) });
      expect(database.schemaVersion()).toBe(version);
      await database.close();
    }
    expect(schemaText(file)).toBe(schemaText(await freshFile()));
  });

  it('the inbox list query is served by an index, with and without a channel', async () => {
    const database = await openDatabase(path.join(tempDir(), 'agentiq.db'));
    for (const input of [
      { accountId: 1, needsResponse: true, limit: 100, offset: 0 },
      { accountId: 1, channel: 'review' as const, needsResponse: true, limit: 100, offset: 0 },
      { accountId: 1, channel: 'chat' as const, limit: 100, offset: 0 },
    ]) {
      const plan = queryPlan(database, inboxListQuery(database.runner, input).limit(100).compile());
      expect(plan).toMatch(/USING INDEX interactions_inbox/);
      expect(plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    }
    await database.close();
  });

  it('a search is driven by the stemmed index: its newest matches, then one primary-key lookup each', async () => {
    const database = await openDatabase(path.join(tempDir(), 'agentiq.db'));
    const input = { accountId: 1, channel: 'review' as const, needsResponse: true, limit: 50, offset: 0 };
    const plan = queryPlan(database, inboxSearchQuery(database.runner, input, '"размер"*', 500).compile());
    expect(plan.split('\n')[0]).toMatch(/^SCAN search_fts VIRTUAL TABLE/);
    expect(plan).toMatch(/SEARCH interactions USING INTEGER PRIMARY KEY/);
    // FTS5 hands the matches over newest first: no sort of them all.
    expect(plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    await database.close();
  });

  it('a narrow filter drives a search from its inbox index, never a table lookup per match', async () => {
    const database = await openDatabase(path.join(tempDir(), 'agentiq.db'));
    for (const input of [
      { accountId: 1, needsResponse: true, limit: 50, offset: 0 },
      { accountId: 1, channel: 'chat' as const, limit: 50, offset: 0 },
    ]) {
      const plan = queryPlan(database, inboxSearchFilteredQuery(database.runner, input, '"размер"*', 500).compile());
      // FTS5 walks its matches newest first; the candidates come from a covering index, once.
      expect(plan.split('\n')[0]).toMatch(/^SCAN search_fts VIRTUAL TABLE/);
      expect(plan).toMatch(
        /SEARCH interactions USING COVERING INDEX \S+ \(account_id=\? AND (needs_response|channel)=\?\)/,
      );
      expect(plan).not.toMatch(/INTEGER PRIMARY KEY|USE TEMP B-TREE FOR ORDER BY/);
    }
    await database.close();
  });

  it('the sync’s lookup of open and waiting items reads two indexes, never the whole table', async () => {
    const database = await openDatabase(path.join(tempDir(), 'agentiq.db'));
    const plan = queryPlan(database, openOrWaitingQuery(database.runner, 1, 'review').compile());
    expect(plan).toMatch(/USING (COVERING )?INDEX interactions_inbox_channel/);
    expect(plan).toMatch(/USING INDEX interactions_reply_waiting/);
    expect(plan).not.toMatch(/^SCAN interactions$/m);
    await database.close();
  });
});

function queryPlan(database: AppDatabase, compiled: CompiledQuery): string {
  return database.sqlite
    .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
    .all(...(compiled.parameters as unknown[]))
    .map((row) => (row as { detail: string }).detail)
    .join('\n');
}
