import { afterEach } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { createCore, type Core } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { InboxCounts } from '../../src-shared/domain/interaction';
import type { SyncReport } from '../../src-shared/domain/sync';
import { makeWbToken, startWbSimulator, type MakeWbTokenOptions, type WbSim, type WbSimOptions } from '../wb-sim';

/** A WB simulator and the real core syncing from it through AGENTIQ_WB_TOKEN-style config. */
export async function startSimAndCore(
  dataDir: string,
  simOptions: WbSimOptions = {},
  tokenOptions: MakeWbTokenOptions = {},
) {
  const sim = await startWbSimulator({ seed: 7, ...simOptions });
  const token = makeWbToken(tokenOptions);
  const core = await openSyncCore(dataDir, sim, token);
  return { sim, core, token };
}

/** The default test shop, synced through the real core: the account, a sync call and the inbox counts. */
export async function startSyncEnv(
  dataDir: string,
  simOptions: WbSimOptions = {},
  tokenOptions: MakeWbTokenOptions = {},
) {
  const env = await startSimAndCore(dataDir, { reviews: 240, questions: 90, chats: 12, ...simOptions }, tokenOptions);
  const accountId = env.core.internals.envAccount()!.id;
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await env.core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  const sync = (full = false) => call<SyncReport>('sync.run', { accountId, full });
  // What the simulator's records predict: totals and needs-response (the SLA counts follow the clock).
  const counts = async () => {
    const all = await call<InboxCounts>('inbox.counts', { accountId });
    const pick = ({ total, needs_response }: InboxCounts[keyof InboxCounts]) => ({ total, needs_response });
    return { review: pick(all.review), question: pick(all.question), chat: pick(all.chat) };
  };
  return { ...env, accountId, sync, counts };
}

export function openSyncCore(dataDir: string, sim: WbSim, token: string, clock?: () => Date): Promise<Core> {
  return createCore({
    clock: clock ?? (() => new Date()),
    dataDir,
    secrets: new MemorySecretStore(),
    shell: 'cli',
    version: '0.0.0-test',
    envToken: token,
    wb: { baseUrl: sim.url, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
  });
}

/** What the inbox must hold after a complete sync, computed from the simulator's own records. */
export function expectedFromSim(sim: WbSim) {
  const counts = sim.control.counts();
  const lastSender = new Map<string, string>();
  for (const event of sim.state.events) if (event.sender !== 'wb') lastSender.set(event.chatID, event.sender);
  const chatIds = new Set([...sim.state.chats.map((c) => c.chatID), ...sim.state.events.map((e) => e.chatID)]);
  return {
    review: { total: counts.reviews.total, needs_response: counts.reviews.unanswered },
    question: { total: counts.questions.total, needs_response: counts.questions.unanswered },
    chat: { total: chatIds.size, needs_response: [...lastSender.values()].filter((s) => s === 'client').length },
    messages: counts.chatEvents.total,
  };
}

export function dbFacts(file: string) {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    const count = (sql: string) => sqlite.prepare(sql).pluck().get() as number;
    return {
      duplicates: count(
        'SELECT count(*) FROM (SELECT 1 FROM interactions GROUP BY account_id, channel, external_id HAVING count(*) > 1)',
      ),
      messages: count('SELECT count(*) FROM chat_messages'),
      integrity: sqlite.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    sqlite.close();
  }
}

export const requestsSince = (sim: WbSim, from: number) =>
  sim.control
    .recorded()
    .requests.slice(from)
    .map((r) => `${r.method} ${r.path}`);

/** Cores and simulators a test opened, closed after each test (cores first: they talk to the simulators). */
export function useOpenEnvs(): { sim?: WbSim; core?: Core }[] {
  const open: { sim?: WbSim; core?: Core }[] = [];
  afterEach(async () => {
    for (const { core } of open) await core?.close();
    for (const { sim } of open.splice(0)) await sim?.close();
  });
  return open;
}
