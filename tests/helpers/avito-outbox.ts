// An Avito account over the Avito simulator in a real core (real SQLite file, real HTTP), with one
// chat of the simulated shop stored as the sync would store it — the outbox tests' starting point.
import { connectAvitoAccount } from '../../src-main/core/accounts/avito-connect';
import { createAvitoClient, verifyAvitoCredentials, type AvitoMessage } from '../../src-main/core/avito/avito-client';
import { writeAvitoChat } from '../../src-main/core/avito-sync/avito-writer';
import { createCore, type Core } from '../../src-main/core/core';
import type { DispatchStep } from '../../src-main/core/replies/dispatcher';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { AvitoMessage as StoredMessage, AvitoMessageType } from '../../src-shared/domain/avito';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type AvitoSim } from '../avito-sim/index';

export const AVITO_CREDS = { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET };
const fastSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 20)));

export async function openAvitoCore(
  dataDir: string,
  sim: AvitoSim,
  secrets = new MemorySecretStore(),
  hook?: { current: ((step: DispatchStep) => void) | null },
): Promise<Core> {
  return createCore({
    dataDir,
    secrets,
    shell: 'cli',
    version: '0.0.0-test',
    clock: () => new Date(),
    avito: { baseUrl: sim.url, pacing: false, sleep: fastSleep },
    afterDispatchStep: (step) => hook?.current?.(step),
  });
}

/** Connects the simulator's default account; returns its id and the keychain entries written. */
export async function connectSimAccount(core: Core, sim: AvitoSim, secrets: MemorySecretStore) {
  const { account } = await connectAvitoAccount(
    core.internals.database.runner,
    secrets,
    (credentials) => verifyAvitoCredentials(credentials, { baseUrl: sim.url, pacing: false, sleep: fastSleep }),
    AVITO_CREDS,
    new Date(),
  );
  const row = core.internals.database.sqlite
    .prepare('SELECT avito_client_id_ref AS idRef, avito_client_secret_ref AS secretRef FROM accounts WHERE id = ?')
    .get(account.id) as { idRef: string; secretRef: string };
  const stored: Record<string, string> = {
    [row.idRef]: AVITO_CREDS.clientId,
    [row.secretRef]: AVITO_CREDS.clientSecret,
  };
  return { accountId: account.id, secrets: stored };
}

const toStored = (m: AvitoMessage): StoredMessage => ({
  id: m.id,
  authorId: Number(m.author_id ?? 0),
  created: m.created,
  direction: m.direction,
  type: m.type as AvitoMessageType,
  content: (m.content ?? {}) as StoredMessage['content'],
});

/**
 * Reads the chat's newest messages from the simulator and writes them as the sync would (the
 * Avito poller is another part's): returns the interaction id and how many messages were new.
 */
export async function storeSimChat(core: Core, sim: AvitoSim, accountId: number, chatId: string) {
  const client = createAvitoClient(AVITO_CREDS, { baseUrl: sim.url, pacing: false, sleep: fastSleep });
  try {
    const chat = await client.getChat(chatId);
    const page = await client.listMessages(chatId, { limit: 100 });
    return writeAvitoChat(core.internals.database.runner, {
      accountId,
      chat: { id: chat.id, created: chat.created, updated: chat.updated, item: null, buyer: null, lastMessage: null },
      messages: page.items.map(toStored),
      now: new Date(),
    });
  } finally {
    await client.close();
  }
}

/** A u2i chat of the simulated shop (the default chat type every list shows). */
export const simChatId = (sim: AvitoSim, index = 0) => sim.state.chats.filter((c) => c.type === 'u2i')[index]!.id;

export async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const result = await core.call(channel, input);
  if (!result.ok) throw Object.assign(new Error(JSON.stringify(result.error)), { error: result.error });
  return result.value as T;
}
