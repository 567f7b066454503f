import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../src-shared/domain/account';
import type { InteractionDetail } from '../../src-shared/domain/interaction';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { createCore } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { makeWbToken } from '../wb-sim/tokens';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const value = <T>(result: IpcResult<unknown>): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
};

/** What the CLI needs from core, asked over IPC like every other shell (issue 8 item 9). */
describe('the channels the CLI uses instead of core internals', () => {
  it('accounts.list marks the AGENTIQ_WB_TOKEN account, made when core opens', async () => {
    const core = await createCore({
      dataDir: tempDir(),
      secrets: new MemorySecretStore(),
      shell: 'cli',
      version: '0',
      clock: () => new Date(),
      envToken: makeWbToken(),
    });
    try {
      await core.call('demo.seed', {});
      const accounts = value<AccountView[]>(await core.call('accounts.list', {}));
      expect(accounts.map((a) => [a.isDemo, a.fromEnv])).toEqual([
        [false, true],
        [true, false],
      ]);
    } finally {
      await core.close();
    }
  });

  it('without the env token no account is marked', async () => {
    const core = await makeCore(tempDir());
    try {
      await core.call('demo.seed', {});
      expect(value<AccountView[]>(await core.call('accounts.list', {})).map((a) => a.fromEnv)).toEqual([false]);
    } finally {
      await core.close();
    }
  });

  it('interaction.find finds by inbox id, or by WB id within its account; else null', async () => {
    const core = await makeCore(tempDir());
    try {
      const { accountId } = value<{ accountId: number }>(await core.call('demo.seed', {}));
      const [first] = value<{ items: { id: number }[] }>(await core.call('inbox.list', { accountId, limit: 1 })).items;
      const detail = value<InteractionDetail>(await core.call('interaction.get', { id: first!.id }));
      const found = { id: detail.id, accountId };
      expect(value(await core.call('interaction.find', { id: detail.id }))).toEqual(found);
      expect(value(await core.call('interaction.find', { accountId, externalId: detail.externalId }))).toEqual(found);
      expect(
        value(await core.call('interaction.find', { accountId: accountId + 1, externalId: detail.externalId })),
      ).toBeNull();
      expect(value(await core.call('interaction.find', { id: 999_999 }))).toBeNull();
      expect(await core.call('interaction.find', { externalId: detail.externalId })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    } finally {
      await core.close();
    }
  });
});
