import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { AccountView } from '../../src-shared/domain/account';
import type { InboxCounts } from '../../src-shared/domain/interaction';
import type { AiTestView, BackupView, InboxPage } from '../../src-shared/ipc/contract';
import { completion, useAiServers } from '../helpers/ai-server';
import { useTempDirs } from '../helpers/temp-dir';
import { useOpenEnvs } from '../helpers/wb-env';
import { makeWbToken, startWbSimulator } from '../wb-sim';

const tempDir = useTempDirs();
const open = useOpenEnvs();
const aiServer = useAiServers();

const SELLER_A = '11111111-1111-4111-8111-111111111111';
const SELLER_B = '22222222-2222-4222-8222-222222222222';

async function setup() {
  const sim = await startWbSimulator({ seed: 11, reviews: 60, questions: 20, chats: 4 });
  const secrets = new MemorySecretStore();
  const core: Core = await createCore({
    clock: () => new Date(),
    dataDir: tempDir(),
    secrets,
    shell: 'host',
    version: '0.0.0-test',
    wb: { baseUrl: sim.url, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
  });
  open.push({ sim, core });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  const refuse = async (channel: string, input: unknown) => {
    const result = await core.call(channel, input);
    expect(result.ok).toBe(false);
    return (result as { error: { code: string } }).error;
  };
  const sqlite = core.internals.database.sqlite;
  const tokenRef = (accountId: number) =>
    sqlite.prepare('SELECT token_ref FROM accounts WHERE id = ?').pluck().get(accountId) as string | null;
  const rows = (table: string, accountId: number) =>
    sqlite.prepare(`SELECT count(*) FROM ${table} WHERE account_id = ?`).pluck().get(accountId) as number;
  const connect = async (sellerId: string, name: string) => {
    const token = makeWbToken({ sellerId });
    const { account } = await call<{ account: AccountView }>('accounts.connect', { token, name });
    await call('sync.run', { accountId: account.id });
    return { id: account.id, token };
  };
  return { core, secrets, call, refuse, tokenRef, rows, connect, sqlite };
}

describe('accounts.remove and accounts.replaceToken', () => {
  it('removing without data forgets the token but keeps the history readable, with its counts', async () => {
    const env = await setup();
    const shop = await env.connect(SELLER_A, 'Первый');
    const ref = env.tokenRef(shop.id)!;
    expect(await env.secrets.get(ref)).toBe(shop.token);
    const countsBefore = await env.call<InboxCounts>('inbox.counts', { accountId: shop.id });
    const listBefore = await env.call<InboxPage>('inbox.list', { accountId: shop.id, limit: 500 });
    expect(listBefore.total).toBeGreaterThan(0);

    expect(await env.call('accounts.remove', { accountId: shop.id, deleteData: false })).toEqual({
      removed: 'disconnected',
    });
    expect(await env.secrets.get(ref)).toBeNull();
    expect(env.tokenRef(shop.id)).toBeNull();
    const accounts = await env.call<AccountView[]>('accounts.list', {});
    expect(accounts.find((a) => a.id === shop.id)).toMatchObject({ connected: false, name: 'Первый' });
    expect(await env.call('inbox.counts', { accountId: shop.id })).toEqual(countsBefore);
    expect((await env.call<InboxPage>('inbox.list', { accountId: shop.id, limit: 500 })).total).toBe(listBefore.total);
    // Nothing to sync with any more.
    const report = await env.core.call('sync.run', { accountId: shop.id });
    expect(JSON.stringify(report)).toContain('no_token');
  });

  it('a token of another seller is refused and changes nothing; the same seller’s token connects the shop again', async () => {
    const env = await setup();
    const shop = await env.connect(SELLER_A, 'Первый');
    const ref = env.tokenRef(shop.id)!;
    const before = env.sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(shop.id);

    const other = makeWbToken({ sellerId: SELLER_B });
    expect((await env.refuse('accounts.replaceToken', { accountId: shop.id, token: other })).code).toBe(
      'token_other_seller',
    );
    expect((await env.refuse('accounts.replaceToken', { accountId: shop.id, token: 'not.a-token' })).code).toBe(
      'wb_token_malformed',
    );
    const expired = makeWbToken({ sellerId: SELLER_A, expiresAt: new Date(Date.now() - 86_400_000) });
    expect((await env.refuse('accounts.replaceToken', { accountId: shop.id, token: expired })).code).toBe(
      'wb_token_expired',
    );
    expect(env.sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(shop.id)).toEqual(before);
    expect(await env.secrets.get(ref)).toBe(shop.token);

    const fresh = makeWbToken({ sellerId: SELLER_A, expiresAt: new Date(Date.now() + 90 * 86_400_000) });
    const replaced = await env.call<{ account: AccountView }>('accounts.replaceToken', {
      accountId: shop.id,
      token: fresh,
    });
    expect(replaced.account.connected).toBe(true);
    expect(env.tokenRef(shop.id)).toBe(ref);
    expect(await env.secrets.get(ref)).toBe(fresh);
    expect(JSON.stringify(env.sqlite.prepare('SELECT * FROM accounts').all())).not.toContain(fresh);

    // Disconnected, then connected again with a token of the same seller: a new keychain entry.
    await env.call('accounts.remove', { accountId: shop.id, deleteData: false });
    await env.call('accounts.replaceToken', { accountId: shop.id, token: fresh });
    const newRef = env.tokenRef(shop.id)!;
    expect(newRef).toMatch(/^wb-token:/);
    expect(await env.secrets.get(newRef)).toBe(fresh);
    const report = await env.call<{ ok: boolean }>('sync.run', { accountId: shop.id });
    expect(report.ok).toBe(true);
  });

  it('removing with data deletes every local row of that shop in one go and leaves the other shop’s counts right', async () => {
    const env = await setup();
    const gone = await env.connect(SELLER_A, 'Первый');
    const kept = await env.connect(SELLER_B, 'Второй');
    const goneRef = env.tokenRef(gone.id)!;
    await env.call('settings.update', { accountId: gone.id, patch: { pendingWindowMinutes: 60 } });
    const keptCounts = await env.call<InboxCounts>('inbox.counts', { accountId: kept.id });
    const keptTotal = env.rows('interactions', kept.id);
    expect(env.rows('interactions', gone.id)).toBeGreaterThan(0);

    expect(await env.call('accounts.remove', { accountId: gone.id, deleteData: true })).toEqual({ removed: 'deleted' });
    expect(await env.secrets.get(goneRef)).toBeNull();
    for (const table of ['interactions', 'inbox_counts', 'settings', 'sync_state', 'sync_runs', 'products', 'outbox'])
      expect(env.rows(table, gone.id), table).toBe(0);
    const orphans = env.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM chat_messages WHERE interaction_id NOT IN (SELECT id FROM interactions))
              + (SELECT count(*) FROM interaction_events WHERE interaction_id NOT IN (SELECT id FROM interactions))
              + (SELECT count(*) FROM link_candidates WHERE a_id NOT IN (SELECT id FROM interactions))
              + (SELECT count(*) FROM search_pending WHERE interaction_id NOT IN (SELECT id FROM interactions))`,
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    expect((await env.call<AccountView[]>('accounts.list', {})).map((a) => a.id)).toEqual([kept.id]);
    expect((await env.refuse('settings.get', { accountId: gone.id })).code).toBe('not_found');

    expect(await env.call('inbox.counts', { accountId: kept.id })).toEqual(keptCounts);
    expect(env.rows('interactions', kept.id)).toBe(keptTotal);
    const keptCounted = env.sqlite
      .prepare('SELECT sum(n) FROM inbox_counts WHERE account_id = ?')
      .pluck()
      .get(kept.id) as number;
    expect(keptCounted).toBe(keptTotal);
    expect(env.tokenRef(kept.id)).not.toBeNull();
  });

  it('the demo shop has no token to replace and is removed only with its data', async () => {
    const env = await setup();
    const { accountId } = await env.call<{ accountId: number }>('demo.seed', {});
    expect((await env.refuse('accounts.replaceToken', { accountId, token: makeWbToken() })).code).toBe('demo_no_token');
    expect((await env.refuse('accounts.remove', { accountId, deleteData: false })).code).toBe('demo_no_token');
    await env.call('accounts.remove', { accountId, deleteData: true });
    expect(await env.call('accounts.list', {})).toEqual([]);
  });
});

describe('ai.test and app.backup', () => {
  it('«Проверить» makes one small request through the configured provider and reports why it failed', async () => {
    const env = await setup();
    const { accountId } = await env.call<{ accountId: number }>('demo.seed', {});
    expect(await env.call<AiTestView>('ai.test', { accountId })).toMatchObject({ ok: true, provider: 'offline' });

    let status = 200;
    const server = await aiServer((_request, res) =>
      status === 200
        ? res.writeHead(200, { 'content-type': 'application/json' }).end(completion('OK'))
        : res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"message":"bad key"}}'),
    );
    await env.call('settings.update', {
      accountId,
      patch: { ai: { provider: 'openai_compatible', baseUrl: server.baseUrl, model: 'tiny', timeoutMs: 5000 } },
    });
    await env.call('ai.setApiKey', { accountId, apiKey: 'sk-test-12345678' });
    expect(await env.call<AiTestView>('ai.test', { accountId })).toEqual({
      ok: true,
      provider: 'openai_compatible',
      model: 'tiny',
      message: null,
    });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.headers.authorization).toBe('Bearer sk-test-12345678');
    expect(JSON.parse(server.received[0]!.raw.split('\n\n')[1]!)).toMatchObject({ model: 'tiny', max_tokens: 5 });

    status = 401;
    const failed = await env.call<AiTestView>('ai.test', { accountId });
    expect(failed).toMatchObject({ ok: false, message: { code: 'ai_http_error', params: { status: 401 } } });
    expect(JSON.stringify(failed)).not.toContain('sk-test-12345678');
  });

  it('«Создать копию» writes a checked backup that app.backups then names', async () => {
    const env = await setup();
    const before = await env.call<{ newest: BackupView | null; dir: string }>('app.backups', {});
    expect(before.newest).toBeNull();
    const made = await env.call<BackupView>('app.backup', {});
    expect(made.file.startsWith(before.dir)).toBe(true);
    expect(made.bytes).toBeGreaterThan(0);
    const after = await env.call<{ newest: BackupView | null }>('app.backups', {});
    expect(after.newest).toEqual(made);
  });
});
