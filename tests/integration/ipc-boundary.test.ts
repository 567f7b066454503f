import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, type IpcChannel } from '../../src-shared/ipc/contract';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** Malformed inputs every channel must refuse. Channels with no input accept only `{}`. */
const MALFORMED: unknown[] = [
  null,
  42,
  'inbox',
  [],
  { accountId: 'one' },
  { accountId: -1 },
  { id: 1.5 },
  { id: 0 },
  { accountId: 1, limit: 100_000 },
  { accountId: 1, channel: 'email' },
  { accountId: 1, extra: true, id: 1 },
  { __proto__: { polluted: true }, unexpected: 1 },
];

async function tableCounts(core: Awaited<ReturnType<typeof makeCore>>) {
  const tables = ['accounts', 'interactions', 'chat_messages', 'interaction_events', 'outbox', 'settings', 'products'];
  return Object.fromEntries(
    tables.map((t) => [t, core.internals.database.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]),
  );
}

describe('IPC boundary', () => {
  it('every channel refuses malformed input with a typed error and writes nothing', async () => {
    const core = await makeCore(tempDir());
    const before = await tableCounts(core);
    for (const channel of IPC_CHANNELS) {
      for (const input of MALFORMED) {
        const result = await core.call(channel, input);
        // Channels whose schema happens to accept an input (e.g. `{}`) are not malformed for them.
        if (result.ok) {
          expect(input, `${channel} accepted ${JSON.stringify(input)}`).toEqual({});
          continue;
        }
        expect(result.error.code, `${channel} with ${JSON.stringify(input)}`).toMatch(/^(invalid_input|not_found)$/);
        expect(result.error.params, 'a code comes with its params, never with text').toBeTypeOf('object');
        expect(result.error).not.toHaveProperty('message');
        expect(result.error.retryable).toBe(false);
      }
    }
    expect(await tableCounts(core)).toEqual(before);
    await core.close();
  });

  it('an unknown channel is refused as data, not thrown', async () => {
    const core = await makeCore(tempDir());
    const result = await core.call('fs.readFile', { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel', retryable: false } });
    expect(await core.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await core.call('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    await core.close();
  });

  it('a missing interaction is a not_found error naming it', async () => {
    const core = await makeCore(tempDir());
    const result = await core.call('interaction.get', { id: 999 });
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_found', params: { entity: 'interaction', id: 999 }, retryable: false },
    });
    await core.close();
  });

  it('invalid input names the field with a code and params, in no language', async () => {
    const core = await makeCore(tempDir());
    const result = await core.call('inbox.list', { accountId: 1, limit: 0 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', params: { path: 'limit', issue: expect.any(String) }, retryable: false },
    });
    expect(await core.call('inbox.list', [])).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', params: { path: 'input' } },
    });
    await core.close();
  });

  it('channels without input accept an empty object', async () => {
    const core = await makeCore(tempDir());
    const noInput: IpcChannel[] = ['app.info', 'accounts.list'];
    for (const channel of noInput) expect((await core.call(channel, {})).ok).toBe(true);
    expect(await core.call('app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await core.close();
  });
});
