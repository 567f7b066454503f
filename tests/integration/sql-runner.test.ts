import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDatabase } from '../../src-main/core/db/database';
import type { Logger } from '../../src-main/core/logger';

describe('SqlRunner: Kysely-built statements run on better-sqlite3', () => {
  let dir: string;
  let database: AppDatabase;
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message, fields) => warnings.push({ message, fields }),
    error() {},
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aq-runner-'));
    warnings.length = 0;
    database = await openDatabase(join(dir, 'agentiq.db'), { logger, slowQueryMs: 0 });
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newAccount = (name: string) => ({
    name,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  });

  it('runs a built insert and reads it back typed', () => {
    const { runner } = database;
    const result = runner.run(runner.build.insertInto('accounts').values(newAccount('Shop A')));
    expect(result.changes).toBe(1);
    const row = runner.get(
      runner.build.selectFrom('accounts').selectAll().where('id', '=', Number(result.lastInsertRowid)),
    );
    expect(row?.name).toBe('Shop A');
    expect(runner.all(runner.build.selectFrom('accounts').select('name'))).toEqual([{ name: 'Shop A' }]);
  });

  it('a prepared statement binds named parameters and keeps constants', () => {
    const { runner } = database;
    const insert = runner.prepare((p: { name: string }) =>
      runner.build.insertInto('accounts').values({ ...newAccount(p.name), is_demo: 1 }),
    );
    for (const name of ['A', 'B', 'C']) insert.run({ name });
    const byName = runner.prepare((p: { name: string }) =>
      runner.build.selectFrom('accounts').select(['name', 'is_demo']).where('name', '=', p.name),
    );
    expect(byName.get({ name: 'B' })).toEqual({ name: 'B', is_demo: 1 });
    expect(byName.get({ name: 'Z' })).toBeUndefined();
    expect(byName.all({ name: 'C' })).toHaveLength(1);
  });

  it('a transaction rolls back every statement when one fails', () => {
    const { runner } = database;
    expect(() =>
      runner.transaction(() => {
        runner.run(runner.build.insertInto('accounts').values(newAccount('kept?')));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(runner.all(runner.build.selectFrom('accounts').selectAll())).toEqual([]);
  });

  it('says whether the database is still open (a lease renewal stops once it is closed)', async () => {
    const other = await openDatabase(join(dir, 'other.db'));
    expect(other.runner.open).toBe(true);
    await other.close();
    expect(other.runner.open).toBe(false);
  });

  it('a transaction without fsync commits with synchronous = NORMAL and restores FULL after, even when it fails', () => {
    const { runner, sqlite } = database;
    const synchronous = () => sqlite.pragma('synchronous', { simple: true });
    expect(runner.transaction(() => synchronous(), { fsync: false })).toBe(1);
    expect(synchronous()).toBe(2);
    expect(() =>
      runner.transaction(
        () => {
          throw new Error('boom');
        },
        { fsync: false },
      ),
    ).toThrow('boom');
    expect(synchronous()).toBe(2);
    // Nested, the outer transaction decides (the pragma is not changed inside one).
    expect(runner.transaction(() => runner.transaction(() => synchronous(), { fsync: false }))).toBe(2);
  });

  it('logs statements slower than the threshold with their SQL, never their parameters', () => {
    const { runner } = database;
    runner.all(runner.build.selectFrom('accounts').selectAll().where('name', '=', 'secret-looking-value'));
    const slow = warnings.find((w) => w.message === 'db.slow_query' && String(w.fields?.sql).includes('"name" = ?'));
    expect(slow?.fields?.sql).toContain('from "accounts"');
    expect(JSON.stringify(slow)).not.toContain('secret-looking-value');
  });
});
