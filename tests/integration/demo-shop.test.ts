import { describe, expect, it } from 'vitest';
import type { InboxCounts, InteractionDetail } from '../../src-shared/domain/interaction';
import type { InboxPage } from '../../src-shared/ipc/contract';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const value = <T>(result: { ok: boolean; value?: unknown }) => {
  expect(result.ok).toBe(true);
  return result.value as T;
};

describe('demo shop', () => {
  it('seeds 12 interactions: 5 reviews (1–5★), 4 questions of different intents, 3 chats with history', async () => {
    const core = await makeCore(tempDir(), () => new Date('2026-11-22T10:00:00Z'));
    const { accountId, created } = value<{ accountId: number; created: number }>(await core.call('demo.seed', {}));
    expect(created).toBe(12);

    const counts = value<InboxCounts>(await core.call('inbox.counts', { accountId }));
    expect(counts).toMatchObject({
      review: { total: 5, needs_response: 3 },
      question: { total: 4, needs_response: 3 },
      chat: { total: 3, needs_response: 2 },
    });

    const page = value<InboxPage>(await core.call('inbox.list', { accountId, limit: 50 }));
    expect(page.total).toBe(12);
    expect(page.items.every((item) => item.source === 'demo')).toBe(true);
    const ratings = page.items
      .filter((i) => i.channel === 'review')
      .map((i) => i.rating)
      .sort();
    expect(ratings).toEqual([1, 2, 3, 4, 5]);
    const intents = new Set(page.items.filter((i) => i.channel === 'question').map((i) => i.intent));
    expect(intents.size).toBe(4);
    // Needs-response first, then overdue and due soon, then by priority and SLA due: urgent items (the 1★ broken kettle,
    // overdue questions) lead, answered ones close the list.
    expect(page.items[0]).toMatchObject({ priority: 'urgent', needsResponse: true });
    // (An answered item keeps its priority but sorts after every waiting one: Алексей's answered 3★ review.)
    const urgent = page.items.filter((i) => i.priority === 'urgent' && i.needsResponse);
    expect(urgent.map((i) => i.rating)).toContain(1);
    expect(page.items.slice(0, urgent.length).every((i) => i.priority === 'urgent')).toBe(true);
    expect(page.items.at(-1)?.needsResponse).toBe(false);

    for (const chat of page.items.filter((i) => i.channel === 'chat')) {
      const detail = value<InteractionDetail>(await core.call('interaction.get', { id: chat.id }));
      expect(detail.messages.length).toBeGreaterThanOrEqual(2);
      expect(detail.messages.map((m) => m.sentAt)).toEqual([...detail.messages.map((m) => m.sentAt)].sort());
    }
    await core.close();
  });

  it('seeding twice changes nothing', async () => {
    const core = await makeCore(tempDir());
    const first = value<{ accountId: number }>(await core.call('demo.seed', {}));
    const dump = () => core.internals.database.sqlite.prepare('SELECT * FROM interactions ORDER BY id').all();
    const before = {
      rows: dump(),
      messages: core.internals.database.sqlite.prepare('SELECT count(*) FROM chat_messages').pluck().get(),
    };
    const second = value<{ accountId: number; created: number }>(await core.call('demo.seed', {}));
    expect(second).toEqual({ accountId: first.accountId, created: 0 });
    expect({
      rows: dump(),
      messages: core.internals.database.sqlite.prepare('SELECT count(*) FROM chat_messages').pluck().get(),
    }).toEqual(before);
    expect(core.internals.database.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(1);
    await core.close();
  });

  it('filters by channel and needs-response, and finds chat text by search', async () => {
    const core = await makeCore(tempDir());
    const { accountId } = value<{ accountId: number }>(await core.call('demo.seed', {}));
    const chats = value<InboxPage>(await core.call('inbox.list', { accountId, channel: 'chat' }));
    expect(chats.items.map((i) => i.channel)).toEqual(['chat', 'chat', 'chat']);
    const open = value<InboxPage>(await core.call('inbox.list', { accountId, needsResponse: true }));
    expect(open.total).toBe(8);
    // «индикатор» occurs only inside a chat message and the kettle review text.
    const found = value<InboxPage>(await core.call('inbox.list', { accountId, search: 'индикатор' }));
    expect(found.items.map((i) => i.channel).sort()).toEqual(['chat', 'review']);
    const quoted = value<InboxPage>(await core.call('inbox.list', { accountId, search: '"AND OR ( *' }));
    expect(quoted.total).toBe(0);
    await core.close();
  });
});
