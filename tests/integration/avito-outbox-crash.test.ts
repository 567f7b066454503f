import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { startAvitoSimulator, type AvitoSim } from '../avito-sim/index';
import { call, connectSimAccount, openAvitoCore, simChatId, storeSimChat } from '../helpers/avito-outbox';
import { useTempDirs } from '../helpers/temp-dir';

/**
 * Exactly once for Avito (issue 12 items 4, 9): a separate process flushing the outbox is killed
 * (SIGKILL) at each step of a send, or loses Avito's answer, and the next process delivers the
 * reply exactly once — counted in the simulator's own record of sends. Avito has no idempotency
 * key: only the look-up in the chat before a resend keeps it single.
 */
const tempDir = useTempDirs();
const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'tests/helpers/outbox-child.ts');
let sim: AvitoSim;
beforeAll(async () => {
  sim = await startAvitoSimulator({ seed: 41, chats: 8 });
});
afterAll(() => sim.close());

/** Queues `text` for a chat of the simulated shop in a fresh data dir; the core that queued it is closed. */
async function queued(text: string, chatIndex: number) {
  const dataDir = tempDir();
  const secrets = new MemorySecretStore();
  const core = await openAvitoCore(dataDir, sim, secrets);
  try {
    const account = await connectSimAccount(core, sim, secrets);
    const chatId = simChatId(sim, chatIndex);
    const { interactionId } = await storeSimChat(core, sim, account.accountId, chatId);
    await call(core, 'reply.send', { interactionId, text });
    return { dataDir, secrets: account.secrets, chatId, interactionId };
  } finally {
    await core.close();
  }
}

/** `outbox.flush` in a child process (tests/helpers/outbox-child.ts), without blocking the simulator here. */
async function flushInChild(
  env: { dataDir: string; secrets: Record<string, string> },
  crashAt = '',
  clockOffsetMs = 0,
) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: {
        ...process.env,
        AGENTIQ_DATA_DIR: env.dataDir,
        AGENTIQ_AVITO_BASE_URL: sim.url,
        AGENTIQ_TEST_SECRETS: JSON.stringify(env.secrets),
        AGENTIQ_CRASH_AT: crashAt,
        AGENTIQ_TEST_CLOCK_OFFSET_MS: String(clockOffsetMs),
      },
    });
    return { signal: null as string | null, stdout };
  } catch (error) {
    const failed = error as { signal: string | null; stdout: string; stderr: string };
    return { signal: failed.signal, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function outboxStates(dataDir: string, interactionId: number) {
  const core = await openAvitoCore(dataDir, sim);
  try {
    return core.internals.database.sqlite
      .prepare("SELECT state, wb_event_id AS messageId FROM outbox WHERE interaction_id = ? AND kind = 'chat_message'")
      .all(interactionId) as { state: string; messageId: string | null }[];
  } finally {
    await core.close();
  }
}

const sendsOf = (text: string) => sim.state.sent.filter((s) => s.text === text);

// `claimed`: leased to the dying process; `marked_sending`: `sending`, the request not started;
// `sent`: Avito has the message, we recorded nothing; `recorded`: all done, the process dies after.
const STEPS = ['claimed', 'marked_sending', 'sent', 'recorded'] as const;

describe('Avito exactly once: the dispatcher killed at each step of a send', () => {
  STEPS.forEach((step, index) => {
    it(`killed after "${step}", the next process leaves exactly one message in the chat`, async () => {
      const text = `Ответ Avito, сбой на шаге ${step}: отправим заказ сегодня.`;
      const env = await queued(text, index);
      const crashed = await flushInChild(env, step);
      expect(crashed.signal).toBe('SIGKILL');
      const resumed = await flushInChild(env);
      expect(resumed.signal, resumed.stdout).toBeNull();
      const sent = sendsOf(text);
      expect(sent.map((s) => s.chatId)).toEqual([env.chatId]);
      expect(await outboxStates(env.dataDir, env.interactionId)).toEqual([
        { state: 'confirmed', messageId: sent[0]!.messageId },
      ]);
    }, 60_000);
  });

  for (const offsetMin of [8, -8]) {
    it(`killed after "sent" by a process whose clock is ${offsetMin} min off, the message is still found`, async () => {
      const text = `Ответ Avito, часы сбиты на ${offsetMin} мин: отправим сегодня.`;
      const env = await queued(text, offsetMin > 0 ? 0 : 1);
      // The dying process stamped the send with its own clock; the look-up starts from that stamp.
      expect((await flushInChild(env, 'sent', offsetMin * 60_000)).signal).toBe('SIGKILL');
      expect((await flushInChild(env)).signal).toBeNull();
      expect(sendsOf(text)).toHaveLength(1);
      expect((await outboxStates(env.dataDir, env.interactionId)).map((r) => r.state)).toEqual(['confirmed']);
    }, 60_000);
  }

  for (const lost of [504, 'reset'] as const) {
    it(`a lost response (${lost}) in one process: the next finds the message and sends nothing`, async () => {
      const text = `Ответ Avito, потерянный ответ ${lost}: есть в наличии.`;
      const env = await queued(text, lost === 504 ? 4 : 5);
      sim.control.inject({ match: '/messages', method: 'POST', lostResponse: lost });
      expect((await flushInChild(env)).signal).toBeNull();
      expect(sendsOf(text)).toHaveLength(1);
      expect((await outboxStates(env.dataDir, env.interactionId)).map((r) => r.state)).toEqual(['sending']);
      const requestsBefore = sim.state.requests.length;
      expect((await flushInChild(env)).signal).toBeNull();
      // The look-up is one page of the chat's messages; nothing is posted again.
      const resolved = sim.state.requests.slice(requestsBefore).filter((r) => r.path.startsWith('/messenger/'));
      expect(resolved.map((r) => `${r.method} ${r.path.endsWith('/messages/') ? 'messages' : r.path}`)).toEqual([
        'GET messages',
      ]);
      const sent = sendsOf(text);
      expect(sent).toHaveLength(1);
      expect(await outboxStates(env.dataDir, env.interactionId)).toEqual([
        { state: 'confirmed', messageId: sent[0]!.messageId },
      ]);
    }, 60_000);
  }
});
