import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { connectAvitoAccount } from '../../src-main/core/accounts/avito-connect';
import { writeAvitoChat } from '../../src-main/core/avito-sync/avito-writer';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { AvitoChatSnapshot, AvitoMessage } from '../../src-shared/domain/avito';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');
const T0 = Math.floor(Date.now() / 1000) - 3600;

async function agentiq(dir: string, ...args: string[]) {
  // No AGENTIQ_WB_TOKEN: the default shop comes from the data folder alone.
  const env: NodeJS.ProcessEnv = { ...process.env, AGENTIQ_DATA_DIR: dir, AGENTIQ_WB_TOKEN: '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0 as number | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const text = (id: string, minutes: number, direction: 'in' | 'out', body: string): AvitoMessage => ({
  id,
  authorId: direction === 'in' ? 1 : 2,
  created: T0 + minutes * 60,
  direction,
  type: 'text',
  content: { text: body },
});

const chat = (id: string): AvitoChatSnapshot => ({
  id,
  created: T0,
  updated: T0 + 600,
  item: {
    id: '9000000001',
    title: 'Диван угловой',
    priceString: '25 000 ₽',
    url: 'https://avito.ru/i/1',
    imageUrl: null,
  },
  buyer: { id: '1', name: 'Олег' },
  lastMessage: null,
});

/** A data folder with the demo shop and, with `avito`, an Avito account of two chats (one waiting). */
async function dataDir(avito: boolean) {
  const dir = tempDir();
  const core = await makeCore(dir);
  expect((await core.call('demo.seed', {})).ok).toBe(true);
  let avitoAccountId: number | null = null;
  if (avito) {
    const db = core.internals.database.runner;
    const now = new Date();
    const { account } = await connectAvitoAccount(
      db,
      new MemorySecretStore(),
      async () => ({ userId: 31337, name: 'Мебель на Avito' }),
      { clientId: 'cid', clientSecret: 'secret' },
      now,
    );
    avitoAccountId = account.id;
    writeAvitoChat(db, {
      accountId: account.id,
      chat: chat('u2i-wait'),
      messages: [text('1', 0, 'in', 'Доставка есть?')],
      now,
    });
    writeAvitoChat(db, {
      accountId: account.id,
      chat: chat('u2i-done'),
      messages: [text('2', 0, 'in', 'Цвет?'), text('3', 1, 'out', 'Серый')],
      now,
    });
  }
  await core.close();
  return { dir, avitoAccountId };
}

const demoAccountId = (dir: string) => {
  const sqlite = new BetterSqlite3(path.join(dir, 'agentiq.db'), { readonly: true });
  const id = sqlite.prepare('SELECT id FROM accounts WHERE is_demo = 1').pluck().get() as number;
  sqlite.close();
  return id;
};

describe('agentiq and Avito', () => {
  it('stats --json keeps exactly the three WB keys when no Avito account is connected', async () => {
    const { dir } = await dataDir(false);
    const stats = await agentiq(dir, 'stats', '--json');
    expect(stats.code, stats.stderr).toBe(0);
    expect(Object.keys(JSON.parse(stats.stdout))).toEqual(['review', 'question', 'chat']);
  });

  it('stats --json adds avito_chat {total, needs_response} once an Avito account is connected', async () => {
    const { dir } = await dataDir(true);
    const stats = await agentiq(dir, 'stats', '--json');
    expect(stats.code, stats.stderr).toBe(0);
    const parsed = JSON.parse(stats.stdout);
    expect(Object.keys(parsed)).toEqual(['review', 'question', 'chat', 'avito_chat']);
    // Without --account: the Avito chats of every Avito account.
    expect(parsed.avito_chat).toStrictEqual({ total: 2, needs_response: 1 });
  });

  it('stats --json --account of a WB shop counts that shop only: its Avito chats are none', async () => {
    const { dir } = await dataDir(true);
    const stats = await agentiq(dir, 'stats', '--json', '--account', String(demoAccountId(dir)));
    expect(stats.code, stats.stderr).toBe(0);
    const parsed = JSON.parse(stats.stdout);
    expect(parsed.review.total + parsed.question.total + parsed.chat.total).toBe(12);
    expect(parsed.avito_chat).toStrictEqual({ total: 0, needs_response: 0 });
  });

  it('inbox --channel avito_chat --json lists every Avito chat with the WB fields plus marketplace', async () => {
    const { dir } = await dataDir(true);
    const avito = await agentiq(dir, 'inbox', '--channel', 'avito_chat', '--json');
    expect(avito.code, avito.stderr).toBe(0);
    const rows = JSON.parse(avito.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => row.external_id)).toEqual(['u2i-wait', 'u2i-done']);
    expect(rows[0]).toMatchObject({
      channel: 'avito_chat',
      marketplace: 'avito',
      needs_response: true,
      text: 'Доставка есть?',
      product_name: 'Диван угловой',
      customer_name: 'Олег',
    });
    const wb = await agentiq(dir, 'inbox', '--json', '--account', String(demoAccountId(dir)));
    expect(wb.code, wb.stderr).toBe(0);
    const wbRows = JSON.parse(wb.stdout) as Record<string, unknown>[];
    expect(wbRows.every((row) => row.marketplace === 'wb')).toBe(true);
    expect(Object.keys(rows[0]!)).toEqual(Object.keys(wbRows[0]!));
  });

  it('inbox refuses an unknown channel with exit 2, naming avito_chat among the choices', async () => {
    const { dir } = await dataDir(false);
    const result = await agentiq(dir, 'inbox', '--channel', 'ozon');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/review, question, chat or avito_chat/);
    expect(result.stdout).toBe('');
  });

  it('avito mode --id ID bot sets the chat mode, by inbox id or by Avito’s chat id', async () => {
    const { dir } = await dataDir(true);
    const list = JSON.parse((await agentiq(dir, 'inbox', '--channel', 'avito_chat', '--json')).stdout) as {
      id: number;
    }[];
    const set = await agentiq(dir, 'avito', 'mode', '--id', String(list[0]!.id), 'bot', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toStrictEqual({ id: list[0]!.id, mode: 'bot', previous: 'manager' });
    const back = await agentiq(dir, 'avito', 'mode', '--id', 'u2i-wait', 'manager', '--json');
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toStrictEqual({ id: list[0]!.id, mode: 'manager', previous: 'bot' });
  });

  it('avito mode on an item that is not an Avito chat exits 1 saying so', async () => {
    const { dir } = await dataDir(true);
    const wb = JSON.parse((await agentiq(dir, 'inbox', '--json', '--account', String(demoAccountId(dir)))).stdout) as {
      id: number;
    }[];
    const result = await agentiq(dir, 'avito', 'mode', '--id', String(wb[0]!.id), 'bot');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('не чат Avito');
    expect(result.stdout).toBe('');
  });

  it('avito mode with a mode other than bot or manager is a usage error', async () => {
    const { dir } = await dataDir(false);
    for (const args of [
      ['avito', 'mode', '--id', '1', 'robot'],
      ['avito', 'mode', 'bot'],
      ['avito', 'status'],
    ]) {
      const result = await agentiq(dir, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});
