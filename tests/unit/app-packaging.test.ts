import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';
// electron-builder's own reader and schema check: the test sees electron-builder.yml exactly as
// `npm run dist` does, and an option name it does not know fails here instead of being ignored.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const config: Configuration = await getConfig(projectDir, null, null);

describe('the packaged app (electron-builder.yml)', () => {
  it('is a configuration electron-builder accepts', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('ships the app as app.asar', () => {
    expect(config.asar).toBe(true);
  });

  it('flips the fuses that stop the binary from running code other than ours', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('keeps the native modules outside the archive, where they can be loaded', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/keytar/**']),
    );
  });
});
