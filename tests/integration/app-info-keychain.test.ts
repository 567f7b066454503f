import { describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { KeytarSecretStore } from '../../src-main/platform/keytar-secret-store';
import type { AppInfo } from '../../src-shared/ipc/contract';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

const appInfo = async (secrets: MemorySecretStore | KeytarSecretStore) => {
  const core = await createCore({
    dataDir: tempDir(),
    secrets,
    shell: 'host',
    version: '0.0.0-test',
    clock: () => new Date(),
  });
  try {
    const result = await core.call('app.info', {});
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as AppInfo;
  } finally {
    await core.close();
  }
};

describe('app.info: the keychain, for the settings screen', () => {
  it('says why it is unavailable and the command that fixes it', async () => {
    const info = await appInfo(
      new KeytarSecretStore({
        platform: 'linux',
        loadKeytar: () => {
          throw Object.assign(new Error("Cannot find module 'keytar'"), { code: 'MODULE_NOT_FOUND' });
        },
      }),
    );
    expect(info.keychain).toEqual({
      available: false,
      backend: 'keytar',
      problem: 'module_missing',
      reason: "keytar could not be loaded: Cannot find module 'keytar'",
      fixCommand: 'sudo apt-get install -y libsecret-1-dev gnome-keyring && npm ci',
    });
  });

  it('says available, with nothing to fix, when the store works', async () => {
    const info = await appInfo(new MemorySecretStore());
    expect(info.keychain).toEqual({
      available: true,
      backend: 'memory',
      problem: null,
      reason: null,
      fixCommand: null,
    });
  });
});
