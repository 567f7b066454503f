import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../src-main/core/errors';
import { KeytarSecretStore, type KeytarSecretStoreOptions } from '../../src-main/platform/keytar-secret-store';
import { describe as describeMessage } from '../../src-shared/messages/describe';

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
    expect(status, `keychain unavailable: ${status.reason}`).toEqual({
      available: true,
      backend: 'keytar',
      problem: null,
      reason: null,
      fixCommand: null,
    });
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
    const broken = new KeytarSecretStore({
      platform: 'linux',
      loadKeytar: () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    expect(await broken.status()).toEqual({
      available: false,
      backend: 'keytar',
      problem: 'module_missing',
      reason: expect.stringContaining('libsecret-1.so.0'),
      fixCommand: 'sudo apt-get install -y libsecret-1-dev gnome-keyring && npm rebuild keytar',
    });
    const secret = 'super-secret-token-value';
    await expect(broken.set('ref', secret)).rejects.toMatchObject({
      code: 'keychain_unavailable',
      params: { action: 'save' },
      message: expect.not.stringContaining(secret),
    });
    await expect(broken.get('ref')).rejects.toMatchObject({ code: 'keychain_unavailable', params: { action: 'read' } });
    await expect(broken.delete('ref')).rejects.toMatchObject({
      code: 'keychain_unavailable',
      params: { action: 'delete' },
    });
  });

  it('does not put the secret into the error when the keychain rejects a write', async () => {
    const secret = 'another-secret-token';
    const echoing = new KeytarSecretStore({
      loadKeytar: async () => ({
        getPassword: async () => null,
        setPassword: async (_s: string, _a: string, password: string) => {
          throw new Error(`write failed for ${password}`);
        },
        deletePassword: async () => true,
      }),
    });
    const error: unknown = await echoing.set('ref', secret).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: 'keychain_failed',
      params: { action: 'save', reason: expect.stringContaining('write failed') },
    });
    expect((error as Error).message).toContain('write failed');
    expect((error as Error).message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});

/** Node's error when `require('keytar')` finds no package: npm dropped the optional dependency whose build failed. */
const notInstalled = () =>
  Object.assign(
    new Error("Cannot find module 'keytar'\nRequire stack:\n- /app/src-main/platform/keytar-secret-store.ts"),
    { code: 'MODULE_NOT_FOUND' },
  );
const notBuilt = () =>
  Object.assign(new Error("Cannot find module '../build/Release/keytar.node'"), { code: 'MODULE_NOT_FOUND' });
const otherAbi = () =>
  new Error(
    'The module keytar.node was compiled against a different Node.js version using NODE_MODULE_VERSION 139. This version of Node.js requires NODE_MODULE_VERSION 115.',
  );
const failing = (error: () => Error, options: KeytarSecretStoreOptions = {}) =>
  new KeytarSecretStore({
    ...options,
    loadKeytar: () => {
      throw error();
    },
  });
/** keytar loads, but every keychain call fails the way libsecret does without a session bus. */
const noSecretService = (options: KeytarSecretStoreOptions = {}) =>
  new KeytarSecretStore({
    ...options,
    loadKeytar: () => ({
      getPassword: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
      setPassword: async () => {},
      deletePassword: async () => true,
    }),
  });

describe('KeytarSecretStore without a working keychain: why, and the one command that fixes it', () => {
  it('loads keytar only when the keychain is first used', async () => {
    let loads = 0;
    const store = new KeytarSecretStore({
      loadKeytar: () => {
        loads += 1;
        throw notInstalled();
      },
    });
    expect(loads).toBe(0);
    await store.status();
    expect(loads).toBe(1);
  });

  it.each([
    ['linux', 'sudo apt-get install -y libsecret-1-dev gnome-keyring && npm ci'],
    ['darwin', 'npm ci'],
    ['win32', 'npm ci'],
  ] as const)('keytar not installed (%s): install it again', async (platform, fixCommand) => {
    expect(await failing(notInstalled, { platform }).status()).toEqual({
      available: false,
      backend: 'keytar',
      problem: 'module_missing',
      reason: "keytar could not be loaded: Cannot find module 'keytar'",
      fixCommand,
    });
  });

  it.each([
    ['linux', 'sudo apt-get install -y libsecret-1-dev gnome-keyring && npm rebuild keytar'],
    ['darwin', 'npm rebuild keytar'],
    ['win32', 'npm rebuild keytar'],
  ] as const)('keytar installed but its native part missing (%s): rebuild it', async (platform, fixCommand) => {
    expect(await failing(notBuilt, { platform }).status()).toMatchObject({ problem: 'module_missing', fixCommand });
  });

  it('keytar built for the other runtime (Electron vs Node): swap the builds', async () => {
    expect(await failing(otherAbi, { platform: 'linux' }).status()).toMatchObject({
      problem: 'module_missing',
      fixCommand: 'node scripts/native-abi.mjs node',
    });
  });

  it('an installed app with a broken keytar has no command to run: it is reinstalled', async () => {
    expect(await failing(notBuilt, { platform: 'win32', packaged: true }).status()).toMatchObject({
      available: false,
      problem: 'module_missing',
      fixCommand: null,
    });
  });

  it.each([
    ['linux', 'sudo apt-get install -y gnome-keyring'],
    ['darwin', 'security unlock-keychain ~/Library/Keychains/login.keychain-db'],
    ['win32', null],
  ] as const)('keytar loads but no secret service answers (%s)', async (platform, fixCommand) => {
    expect(await noSecretService({ platform }).status()).toEqual({
      available: false,
      backend: 'keytar',
      problem: 'no_secret_service',
      reason: 'Cannot autolaunch D-Bus without X11 $DISPLAY',
      fixCommand,
    });
  });

  it('a refused save tells the seller what is wrong and the command, without the token', async () => {
    const secret = 'wb-token-value-123';
    const error: unknown = await failing(notInstalled, { platform: 'linux' })
      .set('ref', secret)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'keychain_unavailable', retryable: true });
    expect(JSON.stringify(error)).not.toContain(secret);
    const message = describeMessage((error as CoreError).coreMessage, { now: new Date() });
    expect(message).toContain('не удалось сохранить токен');
    expect(message).toContain('Модуль keytar');
    expect(message).toContain('sudo apt-get install -y libsecret-1-dev gnome-keyring && npm ci');
    expect(message).not.toContain(secret);
  });

  it('a keychain that comes back is used without a restart (a failed probe is not cached)', async () => {
    let unlocked = false;
    const store = new KeytarSecretStore({
      platform: 'darwin',
      loadKeytar: () => ({
        getPassword: async () => {
          if (!unlocked) throw new Error('User interaction is not allowed.');
          return null;
        },
        setPassword: async () => {},
        deletePassword: async () => true,
      }),
    });
    expect(await store.status()).toMatchObject({ available: false, problem: 'no_secret_service' });
    unlocked = true;
    expect(await store.status()).toMatchObject({ available: true, problem: null, fixCommand: null });
  });
});
