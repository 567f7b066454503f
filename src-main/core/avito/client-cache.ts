import { createHash } from 'node:crypto';
import { createAvitoClient, type AvitoClient, type AvitoClientOptions } from './avito-client';
import type { AvitoCredentials } from './token';

/**
 * One Avito client per account and process, as for WB (wb/client-cache.ts): the sync, the outbox and
 * the bot share its token and its pacing (two clients would each pace as if alone and each fetch a
 * token). New credentials replace it; the old one closes once its requests are done. The client
 * handed out has a no-op close(): only the cache closes what it made.
 */
export class AvitoClientCache {
  private readonly clients = new Map<number, { key: string; client: AvitoClient; shared: AvitoClient }>();

  constructor(private readonly options: Omit<AvitoClientOptions, 'userId'> = {}) {}

  clientFor(accountId: number, credentials: AvitoCredentials, userId: number | null = null): AvitoClient {
    // A digest, not the pair: only whether it changed matters, and the secret is not copied around.
    const key = createHash('sha256')
      .update(JSON.stringify([credentials.clientId, credentials.clientSecret, userId]))
      .digest('hex');
    const cached = this.clients.get(accountId);
    if (cached?.key === key) return cached.shared;
    if (cached) void cached.client.close().catch(() => undefined);
    const client = createAvitoClient(credentials, { ...this.options, userId });
    const shared: AvitoClient = Object.create(client, { close: { value: async () => {} } }) as AvitoClient;
    this.clients.set(accountId, { key, client, shared });
    return shared;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ client }) => client.close().catch(() => undefined)));
    this.clients.clear();
  }
}
