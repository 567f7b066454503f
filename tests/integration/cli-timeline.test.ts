import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../helpers/core';
import { threadRows } from '../helpers/thread-rows';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CLI = path.resolve(__dirname, '../../bin/agentiq.mjs');
const { insertAccount, insertItem, insertLink } = threadRows(new Date());

async function agentiq(dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, AGENTIQ_DATA_DIR: dataDir };
  delete env.AGENTIQ_WB_TOKEN;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0 as number | null, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A shop with a review, a chat about the same order and a suggested question about the same product. */
async function shopWithThread(dir: string) {
  const core = await makeCore(dir);
  const db = core.internals.database.runner;
  const accountId = insertAccount(db);
  const review = insertItem(db, accountId, {
    channel: 'review',
    externalId: 'wb-review-1',
    hoursAgo: 30,
    orderId: 'o-1',
    nmId: 7,
    rating: 1,
    text: 'Пришёл брак',
  });
  const chat = insertItem(db, accountId, { channel: 'chat', externalId: '1:chat-1', hoursAgo: 20, orderId: 'o-1' });
  const question = insertItem(db, accountId, { channel: 'question', externalId: 'q-1', hoursAgo: 80, nmId: 7 });
  const linkId = insertLink(db, {
    a: review,
    b: question,
    kind: 'probabilistic',
    confidence: 0.7,
    signals: ['same_product_7d', 'similar_text'],
  });
  await core.close();
  return { review, chat, question, linkId };
}

describe('agentiq timeline', () => {
  it('--json: the thread kind and every step with exactly the documented fields, in time order', async () => {
    const dir = tempDir();
    const { review, chat, question, linkId } = await shopWithThread(dir);
    const run = await agentiq(dir, 'timeline', '--id', String(review), '--json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { id: number; kind: string; steps: Record<string, unknown>[] };
    expect(out.id).toBe(review);
    expect(out.kind).toBe('customer_order');
    expect(out.steps.map((s) => Object.keys(s))).toEqual(
      out.steps.map(() => [
        'id',
        'channel',
        'external_id',
        'occurred_at',
        'match_reason',
        'confidence',
        'action_mode',
        'text',
        'link_id',
        'decision',
      ]),
    );
    expect(out.steps.map((s) => [s.id, s.channel, s.external_id, s.match_reason, s.confidence, s.action_mode])).toEqual(
      [
        [question, 'question', 'q-1', 'same_product_7d', 0.7, 'assist'],
        [review, 'review', 'wb-review-1', 'self', 1, 'auto'],
        [chat, 'chat', '1:chat-1', 'same_order', 0.99, 'auto'],
      ],
    );
    expect(out.steps[0]).toMatchObject({ link_id: linkId, decision: null });
  }, 60_000);

  it('--id takes WB’s id too; without --json a Russian listing; unknown id exits 1, no --id exits 2', async () => {
    const dir = tempDir();
    const { review } = await shopWithThread(dir);
    const byWbId = await agentiq(dir, 'timeline', '--id', 'wb-review-1', '--json');
    expect(byWbId.code, byWbId.stderr).toBe(0);
    expect((JSON.parse(byWbId.stdout) as { id: number }).id).toBe(review);

    const listing = await agentiq(dir, 'timeline', '--id', String(review));
    expect(listing.code, listing.stderr).toBe(0);
    const lines = listing.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Цепочка обращения #${review}: покупатель и заказ, шагов: 3`);
    expect(lines[1]).toContain('тот же товар, 2 дня 70 %, предположение');
    expect(lines[2]).toMatch(new RegExp(`^> #${review} .* отзыв +это обращение +Пришёл брак$`));
    expect(lines[3]).toContain('тот же заказ 99 %');

    const unknown = await agentiq(dir, 'timeline', '--id', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no interaction with id "nope"');
    expect((await agentiq(dir, 'timeline', '--json')).code).toBe(2);
  }, 60_000);
});
