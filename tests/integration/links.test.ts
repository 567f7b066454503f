import { describe, expect, it } from 'vitest';
import type { LinkView } from '../../src-shared/domain/links';
import type { SqlRunner } from '../../src-main/core/db/sql-runner';
import type { LinkTruth } from '../wb-sim';
import { makeCore } from '../helpers/core';
import { threadRows, type ItemSpec } from '../helpers/thread-rows';
import { useTempDirs } from '../helpers/temp-dir';
import { startSyncEnv, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();

const key = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const ratio = (hit: number, all: number) => (all === 0 ? 1 : hit / all);

describe('cross-channel linking against the simulator ground truth', () => {
  it('links the shop after a sync with precision >= 0.95 on auto links and recall >= 0.8', async () => {
    const env = await startSyncEnv(tempDir(), { linkCases: 90 });
    open.push(env);
    const report = await env.sync();
    expect(report.ok).toBe(true);
    // The pass the sync queued for the items it touched (chunked, after the sync's writes).
    await env.core.internals.links.idle();

    const listed = await env.core.call('links.list', { accountId: env.accountId });
    if (!listed.ok) throw new Error(JSON.stringify(listed.error));
    const links = listed.value as LinkView[];

    const db = env.core.internals.database.runner;
    const idOf = new Map(
      db
        .all(db.build.selectFrom('interactions').select(['id', 'channel', 'external_id']))
        .map((r) => [`${r.channel}:${r.external_id}`, r.id]),
    );
    const truth: LinkTruth[] = env.sim.control.linkTruth();
    const truthKeys = new Set(
      truth.map((t) =>
        key(idOf.get(`${t.a.channel}:${t.a.externalId}`)!, idOf.get(`${t.b.channel}:${t.b.externalId}`)!),
      ),
    );
    expect(truthKeys.size).toBe(truth.length);

    const auto = links.filter((l) => l.actionMode === 'auto');
    const shown = links.filter((l) => l.actionMode !== 'analytics');
    const hits = (set: LinkView[]) => set.filter((l) => truthKeys.has(key(l.a.id, l.b.id))).length;
    const precisionAuto = ratio(hits(auto), auto.length);
    const precisionShown = ratio(hits(shown), shown.length);
    const high = links.filter((l) => l.band === 'high');
    const recall = ratio(hits(shown), truthKeys.size);
    const recallByKind = Object.fromEntries(
      (['chat_review_order', 'question_then_review', 'followup_review'] as const).map((kind) => {
        const ofKind = truth.filter((t) => t.kind === kind);
        const found = ofKind.filter((t) =>
          shown.some(
            (l) =>
              key(l.a.id, l.b.id) ===
              key(idOf.get(`${t.a.channel}:${t.a.externalId}`)!, idOf.get(`${t.b.channel}:${t.b.externalId}`)!),
          ),
        ).length;
        return [kind, `${found}/${ofKind.length}`];
      }),
    );
    console.log(
      `linking: truth=${truthKeys.size} links=${links.length} auto=${auto.length} ` +
        `precision(auto)=${precisionAuto.toFixed(3)} precision(high band, any kind)=${ratio(hits(high), high.length).toFixed(3)} ` +
        `precision(shown)=${precisionShown.toFixed(3)} ` +
        `recall(shown)=${recall.toFixed(3)} recall(auto)=${ratio(hits(auto), truthKeys.size).toFixed(3)} ` +
        `by case ${JSON.stringify(recallByKind)}`,
    );

    expect(auto.length).toBeGreaterThan(0);
    expect(precisionAuto).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.8);
    // Policy: auto only on deterministic links >= 0.85; nothing stored below 0.65.
    for (const l of auto) expect(l.kind === 'deterministic' && l.confidence >= 0.85).toBe(true);
    expect(links.every((l) => l.confidence >= 0.65 && l.a.id < l.b.id)).toBe(true);

    // A second pass over the whole account finds the same links (the sync hook missed nothing).
    const again = await env.core.call('links.recompute', { accountId: env.accountId });
    expect(again).toEqual({ ok: true, value: { links: links.length } });
  });

  it('keeps the ground truth off the wire: no WB answer names another item', async () => {
    const env = await startSyncEnv(tempDir(), { linkCases: 9 });
    open.push(env);
    const truth = env.sim.control.linkTruth();
    expect(truth).toHaveLength(9);
    const res = await fetch(`${env.sim.url}/__sim/link-truth`);
    expect(((await res.json()) as { truth: LinkTruth[] }).truth).toEqual(truth);
    await env.sync();
    const db = env.core.internals.database.runner;
    const raw = db.all(db.build.selectFrom('interactions').select('raw_json')).map((r) => r.raw_json);
    for (const word of ['chat_review_order', 'question_then_review', 'followup_review', 'truth'])
      expect(raw.some((json) => json.includes(word))).toBe(false);
  });
});

describe('a chat is a span of messages, not a point', () => {
  const NOW = new Date('2026-11-20T12:00:00.000Z');
  const { hoursAgo, insertAccount, insertItem } = threadRows(NOW);
  const DAY_H = 24;

  /** A chat whose messages were sent at these hours before NOW (buyer, seller, buyer, …); occurred_at is the last, as the sync keeps it. */
  function insertChat(
    db: SqlRunner,
    accountId: number,
    spec: Omit<ItemSpec, 'channel' | 'hoursAgo'>,
    sentHoursAgo: number[],
  ) {
    const last = Math.min(...sentHoursAgo);
    const id = insertItem(db, accountId, { ...spec, channel: 'chat', hoursAgo: last });
    db.run(
      db.build
        .updateTable('interactions')
        .set({ last_message_at: hoursAgo(last) })
        .where('id', '=', id),
    );
    sentHoursAgo.forEach((h, i) =>
      db.run(
        db.build.insertInto('chat_messages').values({
          interaction_id: id,
          external_id: `${spec.externalId}-m${i}`,
          direction: i % 2 === 0 ? 'inbound' : 'outbound',
          sender: i % 2 === 0 ? 'client' : 'seller',
          text: i === 0 ? (spec.text ?? '') : 'ещё сообщение',
          source: null,
          sent_at: hoursAgo(h),
        }),
      ),
    );
    return id;
  }

  const linksOf = (db: SqlRunner) =>
    db.all(
      db.build
        .selectFrom('link_candidates')
        .select(['a_id', 'b_id', 'kind', 'confidence', 'signals_json'])
        .orderBy('a_id'),
    );

  it('measures the window and the 24-hour proximity from the chat span, from either side of the pair', async () => {
    const core = await makeCore(tempDir(), () => NOW);
    const db = core.internals.database.runner;
    const accountId = insertAccount(db);
    const links = core.internals.links;

    // Began 10 days before the review, the buyer's messages went on to 30 hours before it: inside the
    // 7-day window (its start alone is not); the same buyer's chat and review of one product -> 0.82.
    const review = insertItem(db, accountId, {
      channel: 'review',
      externalId: 'r1',
      hoursAgo: 0,
      nmId: 1,
      customerName: 'Мария',
    });
    const longChat = insertChat(db, accountId, { externalId: 'c1', nmId: 1, customerName: 'Мария' }, [
      10 * DAY_H,
      5 * DAY_H,
      30,
    ]);
    // A review written while a chat went on (chat from 2 days before it to 9 days after): distance 0,
    // so within 7 days and under 24 h -> 0.45 + 0.20 = 0.65, a stored probabilistic link. Measured
    // from its last message (9 days) it would not even be a candidate.
    const midReview = insertItem(db, accountId, { channel: 'review', externalId: 'r2', hoursAgo: 11 * DAY_H, nmId: 2 });
    const spanning = insertChat(db, accountId, { externalId: 'c2', nmId: 2 }, [13 * DAY_H, 6 * DAY_H, 2 * DAY_H]);
    // A chat that ended 8 days before the review: outside the window, no link.
    const oldReview = insertItem(db, accountId, {
      channel: 'review',
      externalId: 'r3',
      hoursAgo: 0,
      nmId: 3,
      customerName: 'Олег',
    });
    insertChat(db, accountId, { externalId: 'c3', nmId: 3, customerName: 'Олег' }, [20 * DAY_H, 8 * DAY_H]);

    // The sync touched only the reviews: each must find its chat through the chat's span.
    await links.recomputeFor([review, midReview, oldReview]);
    const expected = [
      {
        a_id: review,
        b_id: longChat,
        kind: 'deterministic',
        confidence: 0.82,
        signals_json: JSON.stringify(['same_product_window', 'same_product_7d', 'same_name']),
      },
      {
        a_id: midReview,
        b_id: spanning,
        kind: 'probabilistic',
        confidence: 0.65,
        signals_json: JSON.stringify(['same_product_7d', 'within_24h']),
      },
    ];
    expect(linksOf(db)).toEqual(expected);

    // Only the chats touched (new messages): the same pairs, nothing removed or added.
    await links.recomputeFor([longChat, spanning]);
    expect(linksOf(db)).toEqual(expected);
    await links.recomputeAll(accountId);
    expect(linksOf(db)).toEqual(expected);
    await core.close();
  });
});
