import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import {
  avitoCredentialsOf,
  connectAvitoAccount,
  ensureAvitoEnvAccount,
  type VerifyAvito,
} from '../../src-main/core/accounts/avito-connect';
import { toAccountView } from '../../src-main/core/inbox/accounts';
import { removeAccount } from '../../src-main/core/accounts/manage';
import { writeAvitoChat } from '../../src-main/core/avito-sync/avito-writer';
import { setAvitoChatMode } from '../../src-main/core/avito-sync/avito-rows';
import { openDatabase, type AppDatabase } from '../../src-main/core/db/database';
import { CoreError } from '../../src-main/core/errors';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { AvitoChatSnapshot, AvitoMessage } from '../../src-shared/domain/avito';
import type { InteractionSummary } from '../../src-shared/domain/interaction';
import type { InboxCountsView, InboxPage } from '../../src-shared/ipc/contract';
import { createCore } from '../../src-main/core/core';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

interface SchemaObject {
  type: string;
  name: string;
}

const tempDir = useTempDirs();
const NOW = new Date('2026-11-20T10:00:00.000Z');
const T0 = Math.floor(Date.parse('2026-11-20T07:00:00.000Z') / 1000);
const CLIENT_ID = 'avito-client-id-7f3c91d2e5';
const CLIENT_SECRET = 'avito-client-secret-0b9e44a1c8d7f6e5';

const verifyAs =
  (userId: number | string, name = 'ИП Петров'): VerifyAvito =>
  async () => ({ userId, name });

/** A keychain that fails its `failAt`-th write (1-based), as an OS keychain that is locked halfway. */
class FailingSecretStore extends MemorySecretStore {
  private writes = 0;
  constructor(private readonly failAt: number) {
    super();
  }
  override async set(ref: string, secret: string) {
    this.writes += 1;
    if (this.writes === this.failAt)
      throw new CoreError('keychain_failed', { action: 'save', reason: 'locked' } as never);
    await super.set(ref, secret);
  }
}

/** Every entry a MemorySecretStore holds (its private map, read for the assertions only). */
const entries = (store: MemorySecretStore) => [...(store as unknown as { secrets: Map<string, string> }).secrets];

async function freshDb(): Promise<AppDatabase> {
  return openDatabase(path.join(tempDir(), 'agentiq.db'), { clock: () => NOW });
}

function message(id: string, minutes: number, direction: 'in' | 'out', text: string): AvitoMessage {
  return {
    id,
    authorId: direction === 'in' ? 500 : 900,
    created: T0 + minutes * 60,
    direction,
    type: 'text',
    content: { text },
  };
}

function chat(id: string, overrides: Partial<AvitoChatSnapshot> = {}): AvitoChatSnapshot {
  return {
    id,
    created: T0,
    updated: T0 + 3600,
    item: {
      id: '3456789012',
      title: 'Велосипед Stels Navigator 500',
      priceString: '18 500 ₽',
      url: 'https://www.avito.ru/moskva/velosipedy/stels_3456789012',
      imageUrl: null,
    },
    buyer: { id: '500', name: 'Анна' },
    lastMessage: null,
    ...overrides,
  };
}

describe('migration 0018 (Avito)', () => {
  it('keeps every row, index and trigger of a populated WB database and passes integrity_check', async () => {
    const file = path.join(tempDir(), 'agentiq.db');
    const before = migrations.findIndex((m) => m.name === '0018-avito');
    await (await openDatabase(file, { migrations: migrations.slice(0, before) })).close();
    const raw = new BetterSqlite3(file);
    raw.pragma('foreign_keys = ON');
    raw.exec(
      `INSERT INTO accounts (id, name, token_ref, created_at, updated_at) VALUES (1, 'WB', 'wb-token:x', 'x', 'x')`,
    );
    const insert = raw.prepare(
      `INSERT INTO interactions (account_id, channel, external_id, text, occurred_at, needs_response, created_at, updated_at)
       VALUES (1, ?, ?, ?, ?, ?, 'x', 'x')`,
    );
    const channels = ['review', 'question', 'chat'] as const;
    for (let i = 0; i < 300; i += 1)
      insert.run(channels[i % 3], `e${i}`, `текст ${i}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), i % 2);
    raw.exec(`INSERT INTO chat_messages (interaction_id, external_id, direction, sender, text, sent_at)
      SELECT id, 'm' || id, 'inbound', 'client', text, occurred_at FROM interactions WHERE channel = 'chat'`);
    raw.exec(
      `INSERT INTO interaction_events (interaction_id, type, created_at) SELECT id, 'draft_generated', 'x' FROM interactions`,
    );
    raw.exec(`INSERT INTO outbox (account_id, interaction_id, kind, text, idempotency_key, created_at, updated_at)
      SELECT 1, id, 'answer', 'Спасибо', 'k' || id, 'x', 'x' FROM interactions WHERE channel = 'review' LIMIT 20`);
    raw.exec(
      `INSERT INTO link_candidates (a_id, b_id, kind, confidence, created_at) VALUES (1, 2, 'deterministic', 0.99, 'x')`,
    );
    const tables = [
      'interactions',
      'chat_messages',
      'interaction_events',
      'outbox',
      'link_candidates',
      'inbox_counts',
      'search_pending',
    ];
    const counts = () =>
      Object.fromEntries(tables.map((t) => [t, raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]));
    const schemaObjects = () =>
      raw
        .prepare(`SELECT type, name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name`)
        .all() as SchemaObject[];
    const rowsBefore = counts();
    const inboxCountsBefore = raw.prepare('SELECT * FROM inbox_counts ORDER BY channel, needs_response').all();
    const objectsBefore = schemaObjects();
    raw.close();

    const database = await openDatabase(file);
    expect(database.schemaVersion()).toBe(migrations.length);
    await database.close();

    const after = new BetterSqlite3(file);
    expect(after.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(after.pragma('foreign_key_check')).toEqual([]);
    const rowsAfter = Object.fromEntries(
      tables.map((t) => [t, after.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]),
    );
    expect(rowsAfter).toEqual(rowsBefore);
    expect(after.prepare('SELECT * FROM inbox_counts ORDER BY channel, needs_response').all()).toEqual(
      inboxCountsBefore,
    );
    const objectsAfter = after
      .prepare(`SELECT type, name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name`)
      .all() as SchemaObject[];
    expect(objectsAfter).toEqual(expect.arrayContaining(objectsBefore));
    // 0018 adds one index; later migrations' own objects (the knowledge base of 0019, …) are theirs.
    const laterMigrations = /^(sqlite_autoindex_)?(knowledge_|avito_bot_|avito_chat_modes)/;
    const added = objectsAfter.filter(
      (object) => !objectsBefore.some((before) => before.name === object.name) && !laterMigrations.test(object.name),
    );
    expect(added.map((object) => object.name)).toEqual(['accounts_avito_user']);
    after.close();
  });

  it('allows avito_chat and a marketplace sender, and still refuses an unknown channel', async () => {
    const database = await freshDb();
    const { sqlite } = database;
    sqlite.exec(
      `INSERT INTO accounts (id, name, marketplace, created_at, updated_at) VALUES (1, 'A', 'avito', 'x', 'x')`,
    );
    sqlite.exec(`INSERT INTO interactions (account_id, channel, external_id, occurred_at, created_at, updated_at)
      VALUES (1, 'avito_chat', 'u2i-1', 'x', 'x', 'x')`);
    sqlite.exec(`INSERT INTO chat_messages (interaction_id, external_id, direction, sender, sent_at)
      VALUES (1, 'm1', 'inbound', 'marketplace', 'x')`);
    sqlite.exec(`INSERT INTO sync_state (account_id, channel) VALUES (1, 'avito_chat')`);
    sqlite.exec(`INSERT INTO sync_runs (account_id, channel, started_at) VALUES (1, 'avito_chat', 'x')`);
    expect(sqlite.prepare(`SELECT n FROM inbox_counts WHERE channel = 'avito_chat'`).pluck().get()).toBe(1);
    expect(() =>
      sqlite.exec(`INSERT INTO interactions (account_id, channel, external_id, occurred_at, created_at, updated_at)
        VALUES (1, 'ozon_chat', 'x', 'x', 'x', 'x')`),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      sqlite.exec(`INSERT INTO accounts (name, marketplace, created_at, updated_at) VALUES ('B', 'ozon', 'x', 'x')`),
    ).toThrow(/CHECK constraint failed/);
    // Defensive mode is back on once the chain ran: the schema cannot be written any more.
    expect(() => sqlite.exec(`UPDATE sqlite_schema SET sql = sql WHERE name = 'accounts'`)).toThrow();
    await database.close();
  });
});

describe('Avito accounts', () => {
  it('stores client_id and client_secret in the keychain only: the database file holds neither', async () => {
    const dir = tempDir();
    const database = await openDatabase(path.join(dir, 'agentiq.db'));
    const secrets = new MemorySecretStore();
    const { account, created } = await connectAvitoAccount(
      database.runner,
      secrets,
      verifyAs(141906442),
      { clientId: ` ${CLIENT_ID} `, clientSecret: CLIENT_SECRET },
      NOW,
    );
    expect(created).toBe(true);
    expect(account).toMatchObject({ marketplace: 'avito', name: 'ИП Петров', connected: true });
    expect(
      entries(secrets)
        .map(([, value]) => value)
        .sort(),
    ).toEqual([CLIENT_ID, CLIENT_SECRET].sort());
    const row = database.sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(account.id) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ avito_user_id: '141906442', token_ref: null });
    await database.close();
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(path.join(dir, name));
      expect(bytes.includes(CLIENT_SECRET), name).toBe(false);
      expect(bytes.includes(CLIENT_ID), name).toBe(false);
    }
  });

  it('a refused pair writes nothing: no keychain entry, no row', async () => {
    const database = await freshDb();
    const secrets = new MemorySecretStore();
    const refuse: VerifyAvito = async () => {
      throw new CoreError('avito_identity_invalid');
    };
    await expect(
      connectAvitoAccount(database.runner, secrets, refuse, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, NOW),
    ).rejects.toMatchObject({ code: 'avito_identity_invalid' });
    expect(entries(secrets)).toEqual([]);
    expect(database.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
    await database.close();
  });

  it('a keychain failure on the second entry deletes the first and writes no row', async () => {
    const database = await freshDb();
    const secrets = new FailingSecretStore(2);
    await expect(
      connectAvitoAccount(
        database.runner,
        secrets,
        verifyAs(1),
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        NOW,
      ),
    ).rejects.toMatchObject({ code: 'keychain_failed' });
    expect(entries(secrets)).toEqual([]);
    expect(database.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
    await database.close();
  });

  it('a database failure deletes both keychain entries it wrote', async () => {
    const database = await freshDb();
    // The fault at the database: the row write is refused after the keychain writes.
    database.sqlite.exec(
      `CREATE TEMP TRIGGER refuse_avito BEFORE INSERT ON accounts BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    const secrets = new MemorySecretStore();
    await expect(
      connectAvitoAccount(
        database.runner,
        secrets,
        verifyAs(1),
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        NOW,
      ),
    ).rejects.toThrow(/disk full/);
    expect(entries(secrets)).toEqual([]);
    expect(database.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
    await database.close();
  });

  it('the same Avito user connected again is the same account, its old keychain entries replaced', async () => {
    const database = await freshDb();
    const secrets = new MemorySecretStore();
    const first = await connectAvitoAccount(
      database.runner,
      secrets,
      verifyAs(777),
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      NOW,
    );
    const second = await connectAvitoAccount(
      database.runner,
      secrets,
      verifyAs('777'),
      { clientId: CLIENT_ID, clientSecret: `${CLIENT_SECRET}-new` },
      NOW,
    );
    expect(second.created).toBe(false);
    expect(second.account.id).toBe(first.account.id);
    expect(database.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(1);
    expect(
      entries(secrets)
        .map(([, value]) => value)
        .sort(),
    ).toEqual([CLIENT_ID, `${CLIENT_SECRET}-new`].sort());
    await database.close();
  });

  it('removing an Avito account deletes both keychain entries and keeps its chats readable', async () => {
    const database = await freshDb();
    const secrets = new MemorySecretStore();
    const { account } = await connectAvitoAccount(
      database.runner,
      secrets,
      verifyAs(55),
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      NOW,
    );
    writeAvitoChat(database.runner, {
      accountId: account.id,
      chat: chat('u2i-a'),
      messages: [message('1', 0, 'in', 'Здравствуйте')],
      now: NOW,
    });
    const removed = await removeAccount(
      { db: database.runner, secrets, now: NOW, removeAiKey: async () => undefined, syncIdle: async () => undefined },
      { accountId: account.id, deleteData: false },
    );
    expect(removed).toEqual({ removed: 'disconnected' });
    expect(entries(secrets)).toEqual([]);
    expect(
      database.sqlite.prepare(`SELECT count(*) FROM interactions WHERE channel = 'avito_chat'`).pluck().get(),
    ).toBe(1);
    await database.close();
  });
  it('the AGENTIQ_AVITO_* account keeps its pair in the environment: no keychain entry, not removable', async () => {
    const database = await freshDb();
    const secrets = new MemorySecretStore();
    const env = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
    const first = await ensureAvitoEnvAccount(database.runner, verifyAs(8080), env, NOW);
    const again = await ensureAvitoEnvAccount(database.runner, verifyAs(8080), env, NOW);
    expect(again.id).toBe(first.id);
    expect(toAccountView(again)).toMatchObject({ marketplace: 'avito', fromEnv: true, connected: true });
    expect(entries(secrets)).toEqual([]);
    expect(await avitoCredentialsOf(secrets, again, env)).toEqual(env);
    await expect(
      removeAccount(
        { db: database.runner, secrets, now: NOW, removeAiKey: async () => undefined, syncIdle: async () => undefined },
        { accountId: first.id, deleteData: false },
      ),
    ).rejects.toMatchObject({ code: 'account_from_env' });
    await database.close();
  });
});

describe('accounts.connectAvito at the IPC boundary', () => {
  it('refuses a blank or oversized pair before anything runs, and an Avito it cannot reach says so', async () => {
    // The connector is wired (core.ts): pointed at a closed port, it never reaches the network.
    const core = await createCore({
      dataDir: tempDir(),
      secrets: new MemorySecretStore(),
      shell: 'host',
      version: '0.0.0-test',
      clock: () => NOW,
      avito: { baseUrl: 'http://127.0.0.1:9', maxRetries: 0 },
    });
    for (const input of [
      { clientId: '   ', clientSecret: CLIENT_SECRET },
      { clientId: CLIENT_ID, clientSecret: 'x'.repeat(501) },
      { clientId: CLIENT_ID },
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, token: 'extra' },
    ]) {
      const result = await core.call('accounts.connectAvito', input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      expect(!result.ok && result.error.code).toBe('invalid_input');
    }
    // The connector checks the pair first: Avito unreachable is a clear code, and nothing is stored.
    const result = await core.call('accounts.connectAvito', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    expect(!result.ok && result.error.code).toBe('avito_unavailable');
    expect(core.internals.database.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
    await core.close();
  });
});

describe('Avito chat writer', () => {
  async function withAccount() {
    const database = await freshDb();
    const { account } = await connectAvitoAccount(
      database.runner,
      new MemorySecretStore(),
      verifyAs(42),
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      NOW,
    );
    return { database, accountId: account.id };
  }
  const interaction = (database: AppDatabase, id: number) =>
    database.sqlite.prepare('SELECT * FROM interactions WHERE id = ?').get(id) as Record<string, unknown>;
  const messages = (database: AppDatabase, id: number) =>
    database.sqlite
      .prepare(
        'SELECT external_id, sender, text, attachments_json FROM chat_messages WHERE interaction_id = ? ORDER BY sent_at',
      )
      .all(id) as { external_id: string; sender: string; text: string; attachments_json: string }[];

  it('one chat is one avito_chat interaction waiting for the seller, with the item and the chat priority', async () => {
    const { database, accountId } = await withAccount();
    const page = [
      message('3', 30, 'in', 'Ещё продаёте?'),
      message('2', 20, 'out', 'Добрый день'),
      message('1', 10, 'in', 'Здравствуйте'),
    ];
    const written = writeAvitoChat(database.runner, { accountId, chat: chat('u2i-1'), messages: page, now: NOW });
    expect(written).toMatchObject({ created: true, messagesAdded: 3, buyerWrote: true, needsResponse: true });
    expect(interaction(database, written.interactionId)).toMatchObject({
      channel: 'avito_chat',
      external_id: 'u2i-1',
      text: 'Ещё продаёте?',
      needs_response: 1,
      status: 'open',
      // WB's chat rules: high while waiting, escalated once past the 2 working hours (due 09:30 UTC).
      base_priority: 'high',
      priority: 'urgent',
      sla_state: 'overdue',
      customer_name: 'Анна',
      product_name: 'Велосипед Stels Navigator 500',
      last_reply_text: 'Добрый день',
      sla_started_at: new Date((T0 + 30 * 60) * 1000).toISOString(),
    });
    expect(interaction(database, written.interactionId).sla_due_at).not.toBeNull();
    expect(database.sqlite.prepare('SELECT mode, item_id, item_price, item_url FROM avito_chats').get()).toEqual({
      mode: 'manager',
      item_id: '3456789012',
      item_price: '18 500 ₽',
      item_url: 'https://www.avito.ru/moskva/velosipedy/stels_3456789012',
    });
    await database.close();
  });

  it('writing the same page again adds nothing and changes no field', async () => {
    const { database, accountId } = await withAccount();
    const input = { accountId, chat: chat('u2i-1'), messages: [message('1', 10, 'in', 'Здравствуйте')], now: NOW };
    const first = writeAvitoChat(database.runner, input);
    const before = interaction(database, first.interactionId);
    const second = writeAvitoChat(database.runner, input);
    expect(second).toMatchObject({
      interactionId: first.interactionId,
      created: false,
      messagesAdded: 0,
      buyerWrote: false,
    });
    expect(interaction(database, first.interactionId)).toEqual(before);
    expect(messages(database, first.interactionId)).toHaveLength(1);
    await database.close();
  });

  it('an Avito system message is never the buyer’s text and never answers the buyer', async () => {
    const { database, accountId } = await withAccount();
    const system: AvitoMessage = {
      id: 's1',
      authorId: 0,
      created: T0 + 40 * 60,
      direction: 'out',
      type: 'system',
      content: { text: 'Покупатель получил скидку', flow_id: 'seller_audience_discount' },
    };
    const { interactionId } = writeAvitoChat(database.runner, {
      accountId,
      chat: chat('u2i-1'),
      messages: [message('1', 10, 'in', 'Скидка будет?'), system],
      now: NOW,
    });
    expect(interaction(database, interactionId)).toMatchObject({
      text: 'Скидка будет?',
      needs_response: 1,
      last_reply_text: null,
    });
    expect(messages(database, interactionId).map((m) => m.sender)).toEqual(['client', 'marketplace']);
    await database.close();
  });

  it('a chat with only Avito’s system message waits for nobody', async () => {
    const { database, accountId } = await withAccount();
    const { needsResponse, interactionId } = writeAvitoChat(database.runner, {
      accountId,
      chat: chat('u2i-2'),
      messages: [
        {
          id: 's',
          authorId: 0,
          created: T0,
          direction: 'in',
          type: 'system',
          content: { flow_id: 'x', text: 'Чат создан' },
        },
      ],
      now: NOW,
    });
    expect(needsResponse).toBe(false);
    expect(interaction(database, interactionId)).toMatchObject({ text: '', needs_response: 0, priority: 'low' });
    await database.close();
  });

  it('keeps the messages Avito no longer lists (paging cap): nothing is deleted', async () => {
    const { database, accountId } = await withAccount();
    const all = Array.from({ length: 6 }, (_, i) =>
      message(String(i + 1), i * 5, i % 2 ? 'out' : 'in', `сообщение ${i + 1}`),
    );
    const { interactionId } = writeAvitoChat(database.runner, {
      accountId,
      chat: chat('u2i-1'),
      messages: all.slice(0, 4),
      now: NOW,
    });
    // Later Avito lists only the newest three.
    writeAvitoChat(database.runner, { accountId, chat: chat('u2i-1'), messages: all.slice(3), now: NOW });
    expect(messages(database, interactionId).map((m) => m.external_id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(interaction(database, interactionId)).toMatchObject({ needs_response: 0, last_reply_text: 'сообщение 6' });
    await database.close();
  });

  it('images, voice and unknown types are kept with their Avito type marked', async () => {
    const { database, accountId } = await withAccount();
    const { interactionId } = writeAvitoChat(database.runner, {
      accountId,
      chat: chat('u2i-1'),
      messages: [
        {
          id: 'i',
          authorId: 500,
          created: T0,
          direction: 'in',
          type: 'image',
          content: { image: { sizes: { '140x105': 'https://img/s', '1280x960': 'https://img/l' } } },
        },
        {
          id: 'v',
          authorId: 500,
          created: T0 + 60,
          direction: 'in',
          type: 'voice',
          content: { voice: { voice_id: 'vo-1' } },
        },
        { id: 'u', authorId: 500, created: T0 + 120, direction: 'in', type: 'unsupported', content: {} },
      ],
      now: NOW,
    });
    const stored = messages(database, interactionId).map((m) => JSON.parse(m.attachments_json)[0]);
    expect(stored[0]).toMatchObject({ kind: 'image', url: 'https://img/l', avitoType: 'image' });
    expect(stored[1]).toMatchObject({ kind: 'file', downloadId: 'vo-1', avitoType: 'voice' });
    expect(stored[2]).toMatchObject({ avitoType: 'unsupported' });
    // An image is the buyer's message: the chat waits, its text stays empty (no text was written).
    expect(interaction(database, interactionId)).toMatchObject({ needs_response: 1, text: '' });
    await database.close();
  });

  it('the chat mode is the seller’s: a sync keeps it, a change is an event', async () => {
    const { database, accountId } = await withAccount();
    const input = { accountId, chat: chat('u2i-1'), messages: [message('1', 0, 'in', 'Привет')], now: NOW };
    const { interactionId } = writeAvitoChat(database.runner, input);
    expect(setAvitoChatMode(database.runner, interactionId, 'bot', NOW)).toEqual({
      id: interactionId,
      mode: 'bot',
      previous: 'manager',
    });
    writeAvitoChat(database.runner, input);
    expect(database.sqlite.prepare('SELECT mode FROM avito_chats').pluck().get()).toBe('bot');
    expect(
      database.sqlite
        .prepare(`SELECT payload_json FROM interaction_events WHERE type = 'avito_mode_changed'`)
        .pluck()
        .all(),
    ).toEqual([JSON.stringify({ from: 'manager', to: 'bot', by: 'seller' })]);
    await database.close();
  });
});

describe('inbox marketplace filter and counts', () => {
  it('lists and counts WB items and Avito chats apart, each with its marketplace', async () => {
    const dir = tempDir();
    const core = await makeCore(dir, () => NOW);
    expect((await core.call('demo.seed', {})).ok).toBe(true);
    const db = core.internals.database.runner;
    const { account } = await connectAvitoAccount(
      db,
      new MemorySecretStore(),
      verifyAs(9),
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      NOW,
    );
    writeAvitoChat(db, {
      accountId: account.id,
      chat: chat('u2i-1'),
      messages: [message('1', 0, 'in', 'Торг уместен?')],
      now: NOW,
    });
    writeAvitoChat(db, {
      accountId: account.id,
      chat: chat('u2i-2'),
      messages: [message('2', 0, 'in', 'А'), message('3', 5, 'out', 'Б')],
      now: NOW,
    });

    const list = async (input: Record<string, unknown>) => {
      const result = await core.call('inbox.list', { limit: 500, ...input });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return (result.value as InboxPage).items as InteractionSummary[];
    };
    const avito = await list({ marketplace: 'avito' });
    expect(avito.map((item) => item.externalId).sort()).toEqual(['u2i-1', 'u2i-2']);
    expect(avito.every((item) => item.marketplace === 'avito' && (item.channel as string) === 'avito_chat')).toBe(true);
    const wb = await list({ marketplace: 'wb' });
    expect(wb.length).toBe(12);
    expect(wb.every((item) => item.marketplace === 'wb')).toBe(true);
    expect((await list({})).length).toBe(14);
    expect((await list({ channel: 'avito_chat' })).length).toBe(2);
    expect((await list({ marketplace: 'avito', search: 'торг' })).map((item) => item.externalId)).toEqual(['u2i-1']);

    const counts = async (input: Record<string, unknown>) => {
      const result = await core.call('inbox.counts', input);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value as InboxCountsView;
    };
    const avitoCounts = await counts({ marketplace: 'avito' });
    expect(avitoCounts.avito_chat).toMatchObject({ total: 2, needs_response: 1 });
    const detail = await core.call('interaction.get', { id: avito[0]!.id });
    expect(detail.ok && detail.value).toMatchObject({
      avito: { mode: 'manager', item: { title: 'Велосипед Stels Navigator 500', price: '18 500 ₽' } },
    });
    expect(avitoCounts.review.total).toBe(0);
    const all = await counts({});
    expect(all.avito_chat.total).toBe(2);
    expect(all.review.total + all.question.total + all.chat.total).toBe(12);
    expect((await counts({ marketplace: 'wb' })).avito_chat.total).toBe(0);
    await core.close();
  });
});
