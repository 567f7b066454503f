import { describe, expect, it } from 'vitest';
import type { PushEvents } from '../../src-shared/ipc/events';
import type { AutoReplyApproveItem, AutoReplyPreviewItem, BulkItemResult } from '../../src-shared/domain/snooze';
import type { InboxPage } from '../../src-shared/ipc/contract';
import { makeWbToken, startWbSimulator } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { openSyncCore, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();

const SIM = { seed: 11, reviews: 200, questions: 30, chats: 6, limits: false };
const HOUR = 3_600_000;

/** A synced shop from the simulator, on a clock the test moves (the real core, a real SQLite file). */
async function setup() {
  const sim = await startWbSimulator(SIM);
  let now = Date.now();
  const clock = { advance: (ms: number) => (now += ms), now: () => new Date(now) };
  const core = await openSyncCore(tempDir(), sim, makeWbToken(), clock.now);
  open.push({ sim, core });
  const accountId = core.internals.envAccount()!.id;
  const sqlite = core.internals.database.sqlite;
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw Object.assign(new Error(JSON.stringify(result.error)), { code: result.error.code });
    return result.value as T;
  };
  const refusal = async (channel: string, input: unknown) => {
    const result = await core.call(channel, input);
    expect(result.ok, `${channel} should be refused`).toBe(false);
    return result.ok ? '' : result.error.code;
  };
  const changed: PushEvents['inbox.changed'][] = [];
  core.events.subscribe((event, payload) => {
    if (event === 'inbox.changed') changed.push(payload as PushEvents['inbox.changed']);
  });
  await call('sync.run', { accountId });
  const ids = (sql: string, ...params: unknown[]) =>
    sqlite
      .prepare(sql)
      .pluck()
      .all(...params) as number[];
  const snoozedUntil = (id: number) =>
    sqlite.prepare('SELECT snoozed_until FROM interactions WHERE id = ?').pluck().get(id) as string | null;
  const events = (id: number, type: string) =>
    sqlite
      .prepare('SELECT payload_json FROM interaction_events WHERE interaction_id = ? AND type = ? ORDER BY id')
      .pluck()
      .all(id, type) as string[];
  const listed = async () =>
    (await call<InboxPage>('inbox.list', { accountId, limit: 500 })).items.map((item) => item.id);
  const ahead = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  return { sim, core, sqlite, accountId, call, refusal, changed, ids, snoozedUntil, events, listed, ahead, clock };
}

const OPEN_REVIEWS = "SELECT id FROM interactions WHERE channel = 'review' AND needs_response = 1 ORDER BY id LIMIT ?";

describe('snooze and bulk actions (issue 11 item 4)', () => {
  it('snooze sets the moment with an event and inbox.changed, the item leaves the list; unsnooze brings it back', async () => {
    const env = await setup();
    const [a, b] = env.ids(OPEN_REVIEWS, 2) as [number, number];
    const until = env.ahead(2 * HOUR);
    env.changed.length = 0;
    const { results } = await env.call<{ results: BulkItemResult[] }>('interaction.snooze', {
      ids: [a, b, a, 999_999],
      until,
    });
    expect(results).toEqual([
      { id: a, ok: true },
      { id: b, ok: true },
      { id: 999_999, ok: false, error: { code: 'not_found', params: { entity: 'interaction', id: 999_999 } } },
    ]);
    expect(env.snoozedUntil(a)).toBe(until);
    expect(env.events(a, 'snoozed').map((p) => JSON.parse(p))).toEqual([{ until }]);
    expect(env.changed).toEqual([{ accountId: env.accountId, channels: [] }]);
    const list = await env.listed();
    expect(list).not.toContain(a);
    expect(list).not.toContain(b);
    const summary = (await env.call<InboxPage>('interaction.get', { id: a })) as unknown as { snoozedUntil: string };
    expect(summary.snoozedUntil).toBe(until);

    // «Вернуть сейчас»: the column is cleared, an `unsnoozed` event, back in the list.
    await env.call('interaction.snooze', { ids: [a], until: null });
    expect(env.snoozedUntil(a)).toBeNull();
    expect(env.events(a, 'unsnoozed')).toHaveLength(1);
    expect(await env.listed()).toContain(a);
    // Unsnoozing what is not snoozed changes nothing and is no error.
    expect(
      (await env.call<{ results: BulkItemResult[] }>('interaction.snooze', { ids: [a], until: null })).results,
    ).toEqual([{ id: a, ok: true }]);
    expect(env.events(a, 'unsnoozed')).toHaveLength(1);
  });

  it('bad input is refused with a clear code and changes nothing', async () => {
    const env = await setup();
    const [a] = env.ids(OPEN_REVIEWS, 1) as [number];
    const before = env.sqlite.prepare('SELECT count(*) FROM interaction_events').pluck().get();
    expect(await env.refusal('interaction.snooze', { ids: [a], until: env.ahead(-60_000) })).toBe('snooze_in_past');
    expect(await env.refusal('interaction.snooze', { ids: [a], until: env.clock.now().toISOString() })).toBe(
      'snooze_in_past',
    );
    expect(await env.refusal('interaction.snooze', { ids: [a], until: env.ahead(400 * 24 * HOUR) })).toBe(
      'snooze_too_far',
    );
    expect(await env.refusal('interaction.snooze', { ids: [a], until: 'tomorrow' })).toBe('invalid_input');
    expect(await env.refusal('interaction.snooze', { ids: [], until: env.ahead(HOUR) })).toBe('invalid_input');
    const tooMany = Array.from({ length: 501 }, (_, i) => i + 1);
    expect(await env.refusal('interaction.snooze', { ids: tooMany, until: env.ahead(HOUR) })).toBe('invalid_input');
    expect(await env.refusal('interaction.markViewed', { ids: [] })).toBe('invalid_input');
    expect(await env.refusal('autoReply.approve', { accountId: env.accountId, interactionIds: [0] })).toBe(
      'invalid_input',
    );
    expect(env.snoozedUntil(a)).toBeNull();
    expect(env.sqlite.prepare('SELECT count(*) FROM interaction_events').pluck().get()).toBe(before);
  });

  it('a snooze running out wakes the window by inbox.changed at that time; nothing is rewritten', async () => {
    const env = await setup();
    const [a] = env.ids(OPEN_REVIEWS, 1) as [number];
    const until = env.ahead(HOUR);
    await env.call('interaction.snooze', { ids: [a], until });
    const waker = env.core.internals.snoozeWaker;
    expect(waker.nextEnd()?.toISOString()).toBe(until);
    env.changed.length = 0;
    expect(waker.tick()).toEqual([]);
    env.clock.advance(HOUR - 1);
    expect(waker.tick()).toEqual([]);
    env.clock.advance(1);
    expect(waker.tick()).toEqual([env.accountId]);
    expect(env.changed).toEqual([{ accountId: env.accountId, channels: [] }]);
    // Told once; the row keeps its moment (resurfaced = snoozed_until <= now, read by the list).
    env.clock.advance(HOUR);
    expect(waker.tick()).toEqual([]);
    expect(env.snoozedUntil(a)).toBe(until);
    expect(waker.nextEnd()).toBeNull();
  });

  it('opening the item or replying to it ends the snooze', async () => {
    const env = await setup();
    const [a, b] = env.ids(OPEN_REVIEWS, 2) as [number, number];
    await env.call('interaction.snooze', { ids: [a, b], until: env.ahead(HOUR) });
    env.changed.length = 0;
    await env.call('interaction.open', { id: a });
    expect(env.snoozedUntil(a)).toBeNull();
    expect(JSON.parse(env.events(a, 'unsnoozed')[0]!)).toMatchObject({ by: 'opened' });
    expect(env.changed).toEqual([{ accountId: env.accountId, channels: [] }]);
    await env.call('reply.send', { interactionId: b, text: 'Спасибо за отзыв! Рады, что вещь подошла.' });
    expect(env.snoozedUntil(b)).toBeNull();
  });

  it('the buyer writing again resurfaces a snoozed chat or review at the sync; others stay snoozed', async () => {
    const env = await setup();
    const chats = env.ids("SELECT id FROM interactions WHERE channel = 'chat' ORDER BY id");
    const [edited, untouched] = env.ids(OPEN_REVIEWS, 2) as [number, number];
    const until = env.ahead(5 * HOUR);
    await env.call('interaction.snooze', { ids: [...chats, edited, untouched], until });

    // A new buyer message in one chat (the simulator's feed), a changed text in one review.
    const [message] = env.sim.control.addChatMessages(1, 1);
    const externalOf = (id: number) =>
      env.sqlite.prepare('SELECT external_id FROM interactions WHERE id = ?').pluck().get(id) as string;
    env.sim.state.feedbackById.get(externalOf(edited))!.text = 'Дополняю отзыв: через неделю порвался шов.';
    // (The list's stand-in filter reads SQLite's own clock: this test's clock stays behind it.)
    const syncedAt = env.clock.now().toISOString();
    await env.call('sync.run', { accountId: env.accountId, full: true });

    const woken = env.ids('SELECT id FROM interactions WHERE external_id = ?', message!.chatID);
    expect(woken).toHaveLength(1);
    expect(env.snoozedUntil(woken[0]!)! <= syncedAt).toBe(true);
    expect(env.snoozedUntil(edited)! <= syncedAt).toBe(true);
    expect(env.snoozedUntil(untouched)).toBe(until);
    for (const chat of chats.filter((id) => id !== woken[0])) expect(env.snoozedUntil(chat)).toBe(until);
    // Resurfaced items are back in the list; the others are not.
    const list = await env.listed();
    expect(list).toContain(edited);
    expect(list).toContain(woken[0]);
    expect(list).not.toContain(untouched);
  });

  it('bulk mark viewed: one transaction, a question is told to WB once, an unknown id fails alone', async () => {
    const env = await setup();
    const questions = env.ids(
      "SELECT id FROM interactions WHERE channel = 'question' AND was_viewed = 0 ORDER BY id LIMIT 2",
    );
    const [review] = env.ids(OPEN_REVIEWS, 1) as [number];
    expect(questions).toHaveLength(2);
    const ids = [...questions, review, 999_999];
    const { results } = await env.call<{ results: BulkItemResult[] }>('interaction.markViewed', { ids });
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    const viewed = (id: number) =>
      env.sqlite.prepare('SELECT was_viewed FROM interactions WHERE id = ?').pluck().get(id);
    for (const id of [...questions, review]) expect(viewed(id)).toBe(1);
    const markRows = () =>
      env.sqlite
        .prepare("SELECT interaction_id FROM outbox WHERE kind = 'mark_viewed' ORDER BY interaction_id")
        .pluck()
        .all();
    expect(markRows()).toEqual(questions);
    await env.call('interaction.markViewed', { ids });
    expect(markRows()).toEqual(questions);
    await env.call('outbox.flush', {});
    expect(
      env.sqlite
        .prepare("SELECT count(*) FROM outbox WHERE kind = 'mark_viewed' AND state = 'confirmed'")
        .pluck()
        .get(),
    ).toBe(2);
  });

  it('approving selected dry-run auto-replies queues exactly those, once, and WB gets each once', async () => {
    const env = await setup();
    const templates = await env.call<{ builtin: { id: string; channels: string[]; ratings: number[] | null }[] }>(
      'templates.list',
      { accountId: env.accountId },
    );
    const positive = templates.builtin
      .filter((t) => t.channels.includes('review') && (t.ratings?.includes(5) || t.ratings?.includes(4)))
      .map((t) => t.id);
    const rules = {
      enabled: true,
      stars: [4, 5],
      templateIds: positive,
      dryRun: true,
      dailyCap: 50,
      killSwitch: false,
    };
    await env.call('settings.update', { accountId: env.accountId, patch: { autoReply: rules } });
    const dry = await env.call<{ planned: { interactionId: number }[] }>('autoReply.run', {
      accountId: env.accountId,
      dryRun: true,
    });
    expect(dry.planned.length).toBeGreaterThan(2);
    const chosen = dry.planned.slice(0, 2).map((p) => p.interactionId);
    const notChosen = dry.planned[2]!.interactionId;
    const [question] = env.ids("SELECT id FROM interactions WHERE channel = 'question' LIMIT 1") as [number];

    const preview = await env.call<{ results: AutoReplyPreviewItem[] }>('autoReply.preview', {
      accountId: env.accountId,
      interactionIds: [...chosen, question],
    });
    expect(preview.results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(preview.results[2]).toMatchObject({
      error: { code: 'auto_reply_skipped', params: { reason: 'not_candidate' } },
    });
    expect(env.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);

    const approved = await env.call<{ results: AutoReplyApproveItem[] }>('autoReply.approve', {
      accountId: env.accountId,
      interactionIds: chosen,
    });
    expect(approved.results.every((r) => r.ok)).toBe(true);
    const autoRows = () =>
      env.sqlite
        .prepare("SELECT interaction_id FROM outbox WHERE origin = 'auto' ORDER BY interaction_id")
        .pluck()
        .all();
    expect(autoRows()).toEqual([...chosen].sort((x, y) => x - y));
    expect(env.sqlite.prepare("SELECT count(*) FROM interaction_events WHERE type = 'auto_reply'").pluck().get()).toBe(
      2,
    );
    // The preview's texts are what was queued.
    for (const item of preview.results.filter((r) => r.ok))
      expect(env.sqlite.prepare('SELECT text FROM outbox WHERE interaction_id = ?').pluck().get(item.id)).toBe(
        item.ok && item.text,
      );

    // Approving again sends nothing twice.
    const again = await env.call<{ results: AutoReplyApproveItem[] }>('autoReply.approve', {
      accountId: env.accountId,
      interactionIds: chosen,
    });
    expect(again.results.every((r) => !r.ok)).toBe(true);
    expect(autoRows()).toHaveLength(2);
    expect(autoRows()).not.toContain(notChosen);

    await env.call('outbox.flush', {});
    const externalOf = (id: number) =>
      env.sqlite.prepare('SELECT external_id FROM interactions WHERE id = ?').pluck().get(id) as string;
    const answered = env.sim.control.recorded().feedbackAnswers.map((a) => a.id);
    expect(answered.sort()).toEqual(chosen.map(externalOf).sort());

    // The kill switch stops approvals too.
    await env.call('settings.update', {
      accountId: env.accountId,
      patch: { autoReply: { ...rules, killSwitch: true } },
    });
    const stopped = await env.call<{ results: AutoReplyApproveItem[] }>('autoReply.approve', {
      accountId: env.accountId,
      interactionIds: [notChosen],
    });
    expect(stopped.results[0]).toMatchObject({ ok: false, error: { params: { reason: 'kill_switch' } } });
  });
});
