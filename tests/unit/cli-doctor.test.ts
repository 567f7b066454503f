import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { doctor } from '../../src-main/cli/commands/doctor';
import { KeytarSecretStore } from '../../src-main/platform/keytar-secret-store';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
beforeEach(() => vi.stubEnv('AGENTIQ_DATA_DIR', tempDir()));
afterEach(() => vi.unstubAllEnvs());

const run = async (json: boolean, secrets: KeytarSecretStore) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await doctor({ out: (line) => out.push(line), err: (line) => err.push(line) }, json, secrets);
  return { code, out, err };
};

/** keytar left out by npm (its build failed on a machine without libsecret-1-dev). */
const keytarNotInstalled = () =>
  new KeytarSecretStore({
    platform: 'linux',
    loadKeytar: () => {
      throw Object.assign(new Error("Cannot find module 'keytar'"), { code: 'MODULE_NOT_FOUND' });
    },
  });

describe('agentiq doctor: the keychain', () => {
  it('says keytar is not installed, the error, and the one command that fixes it', async () => {
    const { code, out } = await run(false, keytarNotInstalled());
    expect(code).toBe(0);
    expect(out).toContain('keychain:  unavailable (keytar): keytar is not installed, or not built for this runtime');
    expect(out).toContain("           reason: keytar could not be loaded: Cannot find module 'keytar'");
    expect(out).toContain('           fix:    sudo apt-get install -y libsecret-1-dev gnome-keyring && npm ci');
  });

  it('--json carries the same facts in one object', async () => {
    const { code, out } = await run(true, keytarNotInstalled());
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!).keychain).toEqual({
      available: false,
      backend: 'keytar',
      problem: 'module_missing',
      reason: "keytar could not be loaded: Cannot find module 'keytar'",
      fixCommand: 'sudo apt-get install -y libsecret-1-dev gnome-keyring && npm ci',
    });
  });

  it('tells a keychain that does not answer apart from a missing keytar', async () => {
    const store = new KeytarSecretStore({
      platform: 'darwin',
      loadKeytar: () => ({
        getPassword: async () => {
          throw new Error('User interaction is not allowed.');
        },
        setPassword: async () => {},
        deletePassword: async () => true,
      }),
    });
    const { out } = await run(false, store);
    expect(out).toContain(
      'keychain:  unavailable (keytar): the OS keychain did not answer (no secret service running, or it is locked)',
    );
    expect(out).toContain('           fix:    security unlock-keychain ~/Library/Keychains/login.keychain-db');
  });

  it('says available when keytar reaches the keychain', async () => {
    const store = new KeytarSecretStore({
      loadKeytar: () => ({
        getPassword: async () => null,
        setPassword: async () => {},
        deletePassword: async () => true,
      }),
    });
    const { out } = await run(false, store);
    expect(out).toContain('keychain:  available (keytar)');
    expect(out.some((line) => line.includes('fix:'))).toBe(false);
  });
});
