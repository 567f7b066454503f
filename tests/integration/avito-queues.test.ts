import { describe, expect, it } from 'vitest';
import { connectAvitoAccount, type VerifyAvito } from '../../src-main/core/accounts/avito-connect';
import { setAvitoChatMode } from '../../src-main/core/avito-sync/avito-rows';
import { writeAvitoChat } from '../../src-main/core/avito-sync/avito-writer';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { AvitoChatSnapshot, AvitoMessage } from '../../src-shared/domain/avito';
import type { InteractionSummary } from '../../src-shared/domain/interaction';
import type { InboxCountsView, InboxPage } from '../../src-shared/ipc/contract';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = new Date('2026-11-20T10:00:00.000Z');
const T0 = Math.floor(Date.parse('2026-11-20T07:00:00.000Z') / 1000);
const verify: VerifyAvito = async () => ({ userId: 9, name: 'ИП Петров' });

const message = (id: string, minutes: number, direction: 'in' | 'out'): AvitoMessage => ({
  id,
  authorId: direction === 'in' ? 500 : 900,
  created: T0 + minutes * 60,
  direction,
  type: 'text',
  content: { text: `сообщение ${id}` },
});

const chat = (id: string): AvitoChatSnapshot => ({
  id,
  created: T0,
  updated: T0 + 3600,
  item: { id: '3456789012', title: 'Велосипед', priceString: '18 500 ₽', url: null, imageUrl: null },
  buyer: { id: '500', name: 'Анна' },
  lastMessage: null,
});

/** A demo WB shop and an Avito account with three chats: two for the bot (one answered), one for a person. */
async function setup() {
  const core = await makeCore(tempDir(), () => NOW);
  expect((await core.call('demo.seed', {})).ok).toBe(true);
  const db = core.internals.database.runner;
  const { account } = await connectAvitoAccount(
    db,
    new MemorySecretStore(),
    verify,
    { clientId: 'avito-client-id-1', clientSecret: 'avito-client-secret-1' },
    NOW,
  );
  const write = (id: string, messages: AvitoMessage[]) =>
    writeAvitoChat(db, { accountId: account.id, chat: chat(id), messages, now: NOW }).interactionId;
  const bot1 = write('u2i-1', [message('1', 0, 'in')]);
  const bot2 = write('u2i-2', [message('2', 0, 'in'), message('3', 5, 'out')]);
  const manager = write('u2i-3', [message('4', 0, 'in')]);
  setAvitoChatMode(db, bot1, 'bot', NOW);
  setAvitoChatMode(db, bot2, 'bot', NOW);
  setAvitoChatMode(db, manager, 'manager', NOW);
  const list = async (input: Record<string, unknown>) => {
    const result = await core.call('inbox.list', { limit: 100, ...input });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return ((result.value as InboxPage).items as InteractionSummary[]).map((item) => item.externalId).sort();
  };
  const counts = async (input: Record<string, unknown>) => {
    const result = await core.call('inbox.counts', input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return (result.value as InboxCountsView).queues;
  };
  return { core, account, list, counts };
}

describe('the Avito bot and manager queues', () => {
  it('list the Avito chats by mode, answered ones included, in every order', async () => {
    const { core, list } = await setup();
    for (const sort of ['priority', 'newest', 'sla'])
      expect({
        sort,
        bot: await list({ queue: 'bot', sort }),
        manager: await list({ queue: 'manager', sort }),
      }).toEqual({ sort, bot: ['u2i-1', 'u2i-2'], manager: ['u2i-3'] });
    await core.close();
  });

  it('count the chats of each mode for the shop, for all shops, and nothing for WB', async () => {
    const { core, account, counts } = await setup();
    expect(await counts({ accountId: account.id })).toMatchObject({ bot: 2, manager: 1 });
    expect(await counts({})).toMatchObject({ bot: 2, manager: 1 });
    expect(await counts({ marketplace: 'wb' })).toMatchObject({ bot: 0, manager: 0 });
    await core.close();
  });

  it('follow a mode switch: the chat moves from the bot queue to the manager queue', async () => {
    const { core, list, counts } = await setup();
    const result = await core.call('avito.setMode', { chatId: 'u2i-1', mode: 'manager' });
    expect(result.ok).toBe(true);
    expect(await list({ queue: 'manager' })).toEqual(['u2i-1', 'u2i-3']);
    expect(await counts({})).toMatchObject({ bot: 1, manager: 2 });
    await core.close();
  });

  it('a chat nobody switched follows the account’s bot switch: Менеджер while off, Бот once on', async () => {
    const { core, account, list } = await setup();
    const fresh = writeAvitoChat(core.internals.database.runner, {
      accountId: account.id,
      chat: chat('u2i-4'),
      messages: [message('5', 0, 'in')],
      now: NOW,
    });
    expect(fresh.interactionId).toBeGreaterThan(0);
    expect(await list({ queue: 'manager' })).toEqual(['u2i-3', 'u2i-4']);
    const saved = await core.call('settings.update', { accountId: account.id, patch: { avitoBot: { enabled: true } } });
    expect(saved.ok).toBe(true);
    expect(await list({ queue: 'bot' })).toEqual(['u2i-1', 'u2i-2', 'u2i-4']);
    const page = await core.call('inbox.list', { limit: 100, marketplace: 'avito' });
    const rows = page.ok ? (page.value as InboxPage).items : [];
    expect(rows.find((row) => row.externalId === 'u2i-4')?.avitoMode).toBe('bot');
    await core.close();
  });

  it('search within a mode queue keeps to that mode', async () => {
    const { core, list } = await setup();
    expect(await list({ queue: 'manager', search: 'сообщение' })).toEqual(['u2i-3']);
    await core.close();
  });
});
