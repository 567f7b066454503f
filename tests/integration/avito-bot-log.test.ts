import { describe, expect, it } from 'vitest';
import { connectAvitoAccount } from '../../src-main/core/accounts/avito-connect';
import { setChatMode } from '../../src-main/core/avito-bot/chat-mode';
import { writeAvitoChat } from '../../src-main/core/avito-sync/avito-writer';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { BotLogView } from '../../src-shared/domain/avito-bot';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = new Date('2026-11-20T10:00:00.000Z');
const T0 = Math.floor(Date.parse('2026-11-20T07:00:00.000Z') / 1000);

/** An Avito chat with two buyer messages: the bot answered the first (in dry run) and handed over on the second. */
async function chatWithBotHistory() {
  const core = await makeCore(tempDir(), () => NOW);
  const db = core.internals.database.runner;
  const { account } = await connectAvitoAccount(
    db,
    new MemorySecretStore(),
    async () => ({ userId: 9, name: 'ИП Петров' }),
    { clientId: 'avito-client-id-1', clientSecret: 'avito-client-secret-1' },
    NOW,
  );
  const buyer = (id: string, minutes: number, text: string) => ({
    id,
    authorId: 500,
    created: T0 + minutes * 60,
    direction: 'in' as const,
    type: 'text' as const,
    content: { text },
  });
  const { interactionId } = writeAvitoChat(db, {
    accountId: account.id,
    chat: {
      id: 'u2i-1',
      created: T0,
      updated: T0 + 600,
      item: null,
      buyer: { id: '500', name: 'Анна' },
      lastMessage: null,
    },
    messages: [buyer('m1', 0, 'Сколько идёт доставка?'), buyer('m2', 5, 'Позовите менеджера')],
    now: NOW,
  });
  const messageIds = db
    .all(db.build.selectFrom('chat_messages').select('id').where('interaction_id', '=', interactionId).orderBy('id'))
    .map((row) => row.id);
  const event = (
    messageId: number,
    values: { kind: 'answer' | 'handoff'; reason: string | null; text: string | null },
  ) =>
    db.run(
      db.build.insertInto('avito_bot_events').values({
        account_id: account.id,
        interaction_id: interactionId,
        message_id: messageId,
        dry_run: 1,
        local_day: '2026-11-20',
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
        citations_json: JSON.stringify([{ id: 1, ref: 'faq.md#1', title: 'Сколько идёт доставка?' }]),
        ...values,
      }),
    );
  event(messageIds[0]!, { kind: 'answer', reason: null, text: 'Доставка занимает 2–3 дня.' });
  event(messageIds[1]!, { kind: 'handoff', reason: 'asked_for_person', text: null });
  setChatMode(db, interactionId, 'manager', NOW, 'asked_for_person');
  return { core, interactionId };
}

describe('avito.botLog', () => {
  it('shows the dry-run answer with its citations, the handoff and the reason the chat is with a person', async () => {
    const { core, interactionId } = await chatWithBotHistory();
    const result = await core.call('avito.botLog', { id: interactionId });
    expect(result.ok).toBe(true);
    const log = (result as { value: BotLogView }).value;
    expect(log.reason).toBe('asked_for_person');
    expect(log.entries.map(({ kind, reason, dryRun, text }) => ({ kind, reason, dryRun, text }))).toEqual([
      { kind: 'answer', reason: null, dryRun: true, text: 'Доставка занимает 2–3 дня.' },
      { kind: 'handoff', reason: 'asked_for_person', dryRun: true, text: null },
    ]);
    expect(log.entries[0]!.citations).toEqual([{ ref: 'faq.md#1', title: 'Сколько идёт доставка?' }]);
    await core.close();
  });

  it('back in BOT mode, no handoff reason is shown', async () => {
    const { core, interactionId } = await chatWithBotHistory();
    setChatMode(core.internals.database.runner, interactionId, 'bot', NOW);
    const result = await core.call('avito.botLog', { id: interactionId });
    expect(result.ok && (result.value as BotLogView).reason).toBeNull();
    await core.close();
  });
});
