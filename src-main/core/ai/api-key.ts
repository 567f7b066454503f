import { coreMessage } from '../../../src-shared/messages/catalog';
import type { AiKeyStatus } from '../../../src-shared/domain/settings';
import type { Logger } from '../logger';
import { rememberSecret } from '../redact';
import type { SecretStore } from '../secrets';
import { DraftProviderError } from './types';

/**
 * The keychain entry of an account's AI key: the key and the origin (scheme, host, port) of the
 * API address it was entered for, together, so nothing outside the keychain — not the settings a
 * renderer can rewrite — decides where the key may go. When the address moves to another origin
 * the key is removed and the entry keeps only why (`dropped`), for the settings view.
 */
interface AiKeyEntry {
  v: 1;
  key: string | null;
  origin: string | null;
  dropped?: 'origin_changed';
}

export const aiKeyRef = (accountId: number) => `ai-key:${accountId}`;

/** `https://api.openai.com` for `https://api.openai.com/v1/`; null for no or an unparsable address. */
export function originOf(baseUrl: string | null | undefined): string | null {
  if (!baseUrl) return null;
  try {
    return new URL(baseUrl).origin;
  } catch {
    return null;
  }
}

/** Binds the AI key to its origin, drops it when the API address moves, and hands it out only to that origin. */
export class AiKeys {
  constructor(
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
  ) {}

  private async read(accountId: number): Promise<AiKeyEntry | null> {
    const raw = await this.secrets.get(aiKeyRef(accountId));
    if (raw === null) return null;
    let entry: AiKeyEntry;
    try {
      const parsed = JSON.parse(raw) as Partial<AiKeyEntry> | null;
      entry =
        parsed?.v === 1
          ? { v: 1, key: parsed.key ?? null, origin: parsed.origin ?? null, dropped: parsed.dropped }
          : legacy(raw);
    } catch {
      entry = legacy(raw);
    }
    rememberSecret(entry.key);
    return entry;
  }

  private write(accountId: number, entry: AiKeyEntry): Promise<void> {
    return this.secrets.set(aiKeyRef(accountId), JSON.stringify(entry));
  }

  /** Stores a new key for the origin of the API address saved now. */
  async store(accountId: number, key: string, baseUrl: string): Promise<void> {
    rememberSecret(key);
    await this.write(accountId, { v: 1, key, origin: originOf(baseUrl) });
  }

  async remove(accountId: number): Promise<void> {
    await this.secrets.delete(aiKeyRef(accountId));
  }

  /**
   * Before the API address changes from `previousBaseUrl` to `nextBaseUrl`: a key bound to another
   * origin than the next one is removed (the seller enters it again for the new server). No next
   * address (drafts switched to offline) keeps the key for when the same server comes back.
   */
  async beforeAddressChange(
    accountId: number,
    previousBaseUrl: string | undefined,
    nextBaseUrl: string | undefined,
  ): Promise<void> {
    const next = originOf(nextBaseUrl);
    if (!next) return;
    // A keychain that cannot be read holds no key we could send either (keyFor fails the same way).
    const entry = await this.read(accountId).catch(() => null);
    if (!entry?.key) return;
    const bound = entry.origin ?? originOf(previousBaseUrl);
    if (bound === next) return;
    if (bound === null) {
      // A key stored before keys were bound, with no address ever saved: the first address is its own.
      await this.write(accountId, { v: 1, key: entry.key, origin: next });
      return;
    }
    await this.write(accountId, { v: 1, key: null, origin: bound, dropped: 'origin_changed' });
    this.logger.info('ai.key_dropped', { accountId, reason: 'origin_changed', from: bound, to: next });
  }

  /** What the settings view shows: stored only when it would be sent to the address saved now. */
  async status(accountId: number, baseUrl: string | undefined): Promise<AiKeyStatus> {
    const entry = await this.read(accountId).catch(() => null);
    if (!entry) return { aiKeyStored: false, aiKeyReason: null };
    if (!entry.key) return { aiKeyStored: false, aiKeyReason: entry.dropped ?? null };
    const current = originOf(baseUrl);
    const bound = entry.origin ?? current;
    if (current && bound !== current) return { aiKeyStored: false, aiKeyReason: 'origin_changed' };
    return { aiKeyStored: true, aiKeyReason: null };
  }

  /**
   * The key for a request about to go to `targetOrigin` (the provider passes the origin of the URL
   * it is about to call): null without a key; refused, with nothing sent, when the key was entered
   * for another origin. A key stored before keys were bound belongs to the address saved now.
   */
  async keyFor(accountId: number, targetOrigin: string, savedBaseUrl: string | undefined): Promise<string | null> {
    const entry = await this.read(accountId);
    if (!entry?.key) return null;
    let bound = entry.origin;
    if (bound === null) {
      bound = originOf(savedBaseUrl);
      if (bound) await this.write(accountId, { v: 1, key: entry.key, origin: bound });
    }
    if (bound !== targetOrigin) throw new DraftProviderError('config', coreMessage('ai_key_other_origin'));
    return entry.key;
  }
}

/** An entry written before keys were bound to an origin: the bare key. */
const legacy = (raw: string): AiKeyEntry => ({ v: 1, key: raw, origin: null });
