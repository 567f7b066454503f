import type { KeychainStatus } from '../../src-shared/domain/keychain';

/**
 * Where tokens live. The Electron app, the host and the CLI pass a keychain-backed store
 * (src-main/platform/keytar-secret-store.ts); core only ever sees this interface and stores a
 * reference name in SQLite, never the secret.
 */
export interface SecretStore {
  get(ref: string): Promise<string | null>;
  set(ref: string, secret: string): Promise<void>;
  delete(ref: string): Promise<void>;
  /** Whether the store works on this machine, and if not, why and the fix (`agentiq doctor`, app.info). */
  status(): Promise<KeychainStatus>;
}

/** In-process store: for tests and for runs where the keychain is unavailable and the token comes from env. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();
  constructor(private readonly backend = 'memory') {}
  async get(ref: string) {
    return this.secrets.get(ref) ?? null;
  }
  async set(ref: string, secret: string) {
    this.secrets.set(ref, secret);
  }
  async delete(ref: string) {
    this.secrets.delete(ref);
  }
  async status(): Promise<KeychainStatus> {
    return { available: true, backend: this.backend, problem: null, reason: null, fixCommand: null };
  }
}
