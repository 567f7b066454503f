import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src-main/platform/keytar-secret-store';

// CI sets AGENTIQ_REQUIRE_KEYCHAIN=1 and runs under dbus-run-session + gnome-keyring-daemon:
// there a missing keychain is a failure, elsewhere (a dev box without a secret service) a skip.
const requireKeychain = process.env.AGENTIQ_REQUIRE_KEYCHAIN === '1';
const store = new KeytarSecretStore();
const status = await store.status();
const unavailable = !status.available && !requireKeychain;

describe('KeytarSecretStore', () => {
  const ref = `test-${randomUUID()}`;
  afterAll(async () => {
    if (status.available) await store.delete(ref);
  });

  it.skipIf(unavailable)('reports the keychain as available', () => {
    expect(status, `keychain unavailable: ${status.reason}`).toEqual({ available: true, backend: 'keytar', reason: null });
  });

  it.skipIf(unavailable)('round-trips a secret through the OS keychain and deletes it', async () => {
    const secret = `wb-token-${randomUUID()}`;
    expect(await store.get(ref)).toBeNull();
    await store.set(ref, secret);
    expect(await store.get(ref)).toBe(secret);
    // A second store (a restarted app) reads the same entry: it lives in the keychain, not in memory.
    expect(await new KeytarSecretStore().get(ref)).toBe(secret);
    await store.delete(ref);
    expect(await store.get(ref)).toBeNull();
  });

  it('reports why when keytar cannot be loaded, and refuses get/set/delete without echoing the secret', async () => {
    const broken = new KeytarSecretStore('AgentIQ Desktop', async () => {
      throw new Error('libsecret-1.so.0: cannot open shared object file');
    });
    expect(await broken.status()).toEqual({
      available: false,
      backend: 'keytar',
      reason: expect.stringContaining('libsecret-1.so.0'),
    });
    const secret = 'super-secret-token-value';
    await expect(broken.set('ref', secret)).rejects.toMatchObject({ code: 'keychain_unavailable', params: { action: 'save' }, message: expect.not.stringContaining(secret) });
    await expect(broken.get('ref')).rejects.toMatchObject({ code: 'keychain_unavailable', params: { action: 'read' } });
    await expect(broken.delete('ref')).rejects.toMatchObject({ code: 'keychain_unavailable', params: { action: 'delete' } });
  });

  it('does not put the secret into the error when the keychain rejects a write', async () => {
    const secret = 'another-secret-token';
    const echoing = new KeytarSecretStore('AgentIQ Desktop', async () => ({
      getPassword: async () => null,
      setPassword: async (_s: string, _a: string, password: string) => {
        throw new Error(`write failed for ${password}`);
      },
      deletePassword: async () => true,
    }));
    const error: unknown = await echoing.set('ref', secret).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'keychain_failed', params: { action: 'save', reason: expect.stringContaining('write failed') } });
    expect((error as Error).message).toContain('write failed');
    expect((error as Error).message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});
