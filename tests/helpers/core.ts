import { createCore, type Core } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';

/** The real core over a real SQLite file in `dataDir`; only the keychain is in memory. */
export function makeCore(dataDir: string, clock?: () => Date): Promise<Core> {
  return createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    shell: 'host',
    version: '0.0.0-test',
    clock: clock ?? (() => new Date()),
  });
}
