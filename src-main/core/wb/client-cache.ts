import type { SqlRunner } from '../db/sql-runner';
import { sqliteLimitStore } from './limit-store';
import { decodeWbToken, type WbTokenFacts } from './token';
import { createWbClient, type WbClient, type WbClientOptions } from './wb-client';

/**
 * One WB client per account and process: the sync and the dispatcher share its queues and
 * buckets (two clients would each spend WB's whole limit). A new token replaces it; closeAll()
 * closes them. The client handed out has a no-op close(): only the cache closes what it made.
 */
export class WbClientCache {
  private readonly clients = new Map<number, { token: string; client: WbClient; shared: WbClient }>();

  constructor(
    private readonly db: SqlRunner,
    private readonly clock: () => Date,
    private readonly options: WbClientOptions = {},
  ) {}

  clientFor(accountId: number, token: string, facts: WbTokenFacts = decodeWbToken(token)): WbClient {
    const cached = this.clients.get(accountId);
    if (cached?.token === token) return cached.shared;
    // The old client may still be in use by a running sync or send: it closes once drained.
    if (cached)
      void cached.client.http
        .idle()
        .then(() => cached.client.close())
        .catch(() => undefined);
    const client = createWbClient(token, facts, {
      limitStore: sqliteLimitStore(this.db, accountId, this.clock),
      ...this.options,
    });
    const shared: WbClient = { ...client, close: async () => {} };
    this.clients.set(accountId, { token, client, shared });
    return shared;
  }

  /** Closing a client keeps its limit state for the next process (call it before the database closes). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ client }) => client.close().catch(() => undefined)));
    this.clients.clear();
  }
}
