import { describe, expect, it } from 'vitest';
import type { PushEvents } from '../../src-shared/ipc/events';
import type { SyncHealthView } from '../../src-shared/domain/sync';
import { useTempDirs } from '../helpers/temp-dir';
import { startSyncEnv, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();

/** What a sync pushes as `inbox.arrived` (issue 11 item 7), against the WB simulator and a real SQLite file. */
describe('inbox.arrived', () => {
  const open = useOpenEnvs();

  it('is not sent for the first sync (the history import), then names exactly the new items and chat messages', async () => {
    const env = await startSyncEnv(tempDir(), { reviews: 30, questions: 10, chats: 4, limits: false });
    open.push(env);
    const arrived: PushEvents['inbox.arrived'][] = [];
    env.core.events.subscribe((event, payload) => {
      if (event === 'inbox.arrived') arrived.push(payload as PushEvents['inbox.arrived']);
    });

    expect((await env.sync()).ok).toBe(true);
    expect(arrived).toEqual([]);

    // Nothing new: a second sync pushes nothing either.
    expect((await env.sync()).ok).toBe(true);
    expect(arrived).toEqual([]);

    const reviewIds = env.sim.control.addReviews(3);
    const questionIds = env.sim.control.addQuestions(2);
    const events = env.sim.control.addChatMessages(1, 2);
    expect((await env.sync()).ok).toBe(true);

    const db = env.core.internals.database.sqlite;
    const idOf = (channel: string, externalId: string) =>
      (
        db
          .prepare('SELECT id FROM interactions WHERE account_id = ? AND channel = ? AND external_id = ?')
          .get(env.accountId, channel, externalId) as { id: number }
      ).id;
    const byChannel = (channel: string) =>
      arrived.flatMap((event) => event.items.filter((item) => item.channel === channel));

    expect(arrived.every((event) => event.accountId === env.accountId)).toBe(true);
    expect(arrived.every((event) => event.total === event.items.length)).toBe(true);
    expect(
      byChannel('review')
        .map((item) => item.id)
        .sort(),
    ).toEqual(reviewIds.map((id) => idOf('review', id)).sort());
    expect(
      byChannel('question')
        .map((item) => item.id)
        .sort(),
    ).toEqual(questionIds.map((id) => idOf('question', id)).sort());
    const chatId = idOf('chat', events[0]!.chatID);
    expect(byChannel('chat').map((item) => item.id)).toEqual([chatId]);

    // Each item as stored: priority, SLA state, needs-response and source.
    for (const item of arrived.flatMap((event) => event.items)) {
      const row = db
        .prepare('SELECT priority, sla_state, needs_response, source FROM interactions WHERE id = ?')
        .get(item.id) as { priority: string; sla_state: string | null; needs_response: number; source: string };
      expect(item).toMatchObject({
        priority: row.priority,
        slaState: row.sla_state ?? 'none',
        needsResponse: row.needs_response === 1,
        source: 'wb_api',
      });
      expect(item.needsResponse).toBe(true);
    }
    // A known chat that got buyer messages is a 'message'; a chat first seen in this run is 'new'.
    const known = (
      db.prepare('SELECT count(*) AS n FROM chat_messages WHERE interaction_id = ?').get(chatId) as { n: number }
    ).n;
    expect(known).toBeGreaterThan(2);
    expect(byChannel('chat')[0]!.kind).toBe('message');
    expect(byChannel('review').every((item) => item.kind === 'new')).toBe(true);
  }, 30_000);

  it('sync.health: each channel last run, the limit groups with their rate, the outbox by state', async () => {
    const env = await startSyncEnv(tempDir(), { reviews: 20, questions: 5, chats: 2, limits: false });
    open.push(env);
    expect((await env.sync()).ok).toBe(true);
    const result = await env.core.call('sync.health', { accountId: env.accountId });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const health = result.value as SyncHealthView;
    expect(health.runs.map((run) => run.channel)).toEqual(['review', 'question', 'chat']);
    const reviews = health.runs.find((run) => run.channel === 'review')!;
    expect(reviews).toMatchObject({ outcome: 'ok', reason: null, fetched: 20, created: 20 });
    expect(reviews.finishedAt).not.toBeNull();
    expect(health.limits.map((limit) => limit.group)).toEqual(['feedbacks_questions', 'chat', 'chat_download']);
    expect(health.limits[0]).toMatchObject({ burst: 6, intervalMs: 334, blocked: false });
    expect(health.outbox).toEqual({ queued: 0, sending: 0, sentPending: 0, failed: 0, conflict: 0 });

    // A bad account id is a clear error and changes nothing.
    const bad = await env.core.call('sync.health', { accountId: 999 });
    expect(bad.ok).toBe(false);
  }, 30_000);
});
