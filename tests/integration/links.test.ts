import { describe, expect, it } from 'vitest';
import type { LinkView } from '../../src-shared/domain/links';
import type { LinkTruth } from '../wb-sim';
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
