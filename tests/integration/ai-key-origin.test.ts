import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { DraftView } from '../../src-shared/domain/outbox';
import type { AccountSettings, AiKeyStatus } from '../../src-shared/domain/settings';
import type { IpcResult } from '../../src-shared/ipc/errors';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { useAiServers, type AiServer } from '../helpers/ai-server';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const aiServer = useAiServers();
const API_KEY = 'sk-origin-bound-0123456789abcdef';

type SettingsView = AccountSettings & AiKeyStatus;

/** A demo shop whose drafts go to an OpenAI-compatible server, everything through IPC. */
async function shop() {
  const core = await makeCore(tempDir());
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const { accountId } = await call<{ accountId: number }>('demo.seed', {});
  const review = (await call<{ items: { id: number }[] }>('inbox.list', { accountId, channel: 'review' })).items[0]!.id;
  const pointAt = (baseUrl: string) =>
    core.call('settings.update', {
      accountId,
      patch: { ai: { provider: 'openai_compatible', baseUrl, model: 'test-model', timeoutMs: 5_000 } },
    }) as Promise<IpcResult<SettingsView>>;
  const draft = () => call<DraftView>('drafts.generate', { interactionId: review, regenerate: true });
  const settings = () => call<SettingsView>('settings.get', { accountId });
  return { core, call, accountId, pointAt, draft, settings };
}

const keyIn = (server: AiServer) =>
  server.received.some((request) => request.raw.includes(API_KEY) || request.headers.authorization !== undefined);

async function closeAfter(core: Core, body: () => Promise<void>) {
  try {
    await body();
  } finally {
    await core.close();
  }
}

describe('the AI key goes only to the server it was entered for', () => {
  it('reaches that server; once the address moves to another origin the new one gets no key, and settings say to enter it again', async () => {
    const first = await aiServer();
    const second = await aiServer();
    const env = await shop();
    await closeAfter(env.core, async () => {
      expect(await env.pointAt(first.baseUrl)).toMatchObject({ ok: true });
      expect(await env.call('ai.setApiKey', { accountId: env.accountId, apiKey: API_KEY })).toEqual({ stored: true });
      expect(await env.settings()).toMatchObject({ aiKeyStored: true, aiKeyReason: null });
      expect(await env.draft()).toMatchObject({ provider: 'openai_compatible', fellBack: false });
      expect(first.received.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`]);

      const moved = await env.pointAt(second.baseUrl);
      expect(moved).toMatchObject({
        ok: true,
        value: { aiKeyStored: false, aiKeyReason: 'origin_changed', ai: { baseUrl: second.baseUrl } },
      });
      expect(await env.settings()).toMatchObject({ aiKeyStored: false, aiKeyReason: 'origin_changed' });
      expect(await env.draft()).toMatchObject({ provider: 'openai_compatible', fellBack: false });
      expect(second.received).toHaveLength(1);
      expect(keyIn(second)).toBe(false);
      expect(first.received).toHaveLength(1);

      // Moving back does not bring the key back: it was removed, not hidden.
      expect(await env.pointAt(first.baseUrl)).toMatchObject({ ok: true, value: { aiKeyStored: false } });
      await env.draft();
      expect(first.received.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`, undefined]);
    });
  });

  it('a key entered again after the move goes to the new server, never to the old one', async () => {
    const first = await aiServer();
    const second = await aiServer();
    const env = await shop();
    await closeAfter(env.core, async () => {
      await env.pointAt(first.baseUrl);
      await env.call('ai.setApiKey', { accountId: env.accountId, apiKey: 'sk-first-server-key-000' });
      await env.pointAt(second.baseUrl);
      expect(await env.call('ai.setApiKey', { accountId: env.accountId, apiKey: API_KEY })).toEqual({ stored: true });
      expect(await env.settings()).toMatchObject({ aiKeyStored: true, aiKeyReason: null });
      await env.draft();
      expect(second.received.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`]);
      expect(keyIn(first)).toBe(false);
    });
  });

  it('another path on the same origin keeps the key; drafts switched off and on again keep it too', async () => {
    const server = await aiServer();
    const env = await shop();
    await closeAfter(env.core, async () => {
      await env.pointAt(server.baseUrl);
      await env.call('ai.setApiKey', { accountId: env.accountId, apiKey: API_KEY });
      expect(await env.pointAt(`${server.origin}/api/v2/`)).toMatchObject({
        ok: true,
        value: { aiKeyStored: true, aiKeyReason: null },
      });
      await env.call('settings.update', {
        accountId: env.accountId,
        patch: { ai: { provider: 'offline', timeoutMs: 20_000 } },
      });
      expect(await env.pointAt(server.baseUrl)).toMatchObject({ ok: true, value: { aiKeyStored: true } });
      await env.draft();
      expect(server.received.map((r) => [r.url, r.headers.authorization])).toEqual([
        ['/v1/chat/completions', `Bearer ${API_KEY}`],
      ]);
    });
  });

  it('an http address outside this computer is refused (ai_base_url_insecure) and nothing changes; loopback http and https are accepted', async () => {
    const server = await aiServer();
    const env = await shop();
    await closeAfter(env.core, async () => {
      await env.pointAt(server.baseUrl);
      await env.call('ai.setApiKey', { accountId: env.accountId, apiKey: API_KEY });
      const before = await env.settings();
      const rowBefore = env.core.internals.database.sqlite
        .prepare('SELECT value_json, updated_at FROM settings WHERE account_id = ?')
        .get(env.accountId);
      for (const baseUrl of [
        'http://api.example.com/v1',
        'http://192.168.1.20:11434/v1',
        'http://localhost.example.com/v1',
        'http://127.0.0.1.nip.io/v1',
        'ftp://127.0.0.1/v1',
      ]) {
        const refused = await env.pointAt(baseUrl);
        // ftp:// is refused by the contract's schema already; plain http by the https rule.
        expect(refused, baseUrl).toMatchObject({
          ok: false,
          error: { code: baseUrl.startsWith('http:') ? 'ai_base_url_insecure' : 'invalid_input' },
        });
        if (!refused.ok && baseUrl.startsWith('http:'))
          expect(describeMessage(refused.error, { now: new Date() })).toContain('https://');
      }
      expect(await env.settings()).toEqual(before);
      expect(
        env.core.internals.database.sqlite
          .prepare('SELECT value_json, updated_at FROM settings WHERE account_id = ?')
          .get(env.accountId),
      ).toEqual(rowBefore);
      await env.draft();
      expect(server.received.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`]);

      for (const baseUrl of [
        'http://localhost:11434/v1',
        'http://[::1]:11434/v1',
        'https://api.deepseek.com/v1',
        server.baseUrl,
      ])
        expect(await env.pointAt(baseUrl), baseUrl).toMatchObject({ ok: true, value: { ai: { baseUrl } } });
    });
  });

  it('a key is not sent to another origin even when the settings document was changed behind IPC', async () => {
    const first = await aiServer();
    const second = await aiServer();
    const env = await shop();
    await closeAfter(env.core, async () => {
      await env.pointAt(first.baseUrl);
      await env.call('ai.setApiKey', { accountId: env.accountId, apiKey: API_KEY });
      // What a hand edit of the database, or a future code path that skips settings.update, leaves.
      const sqlite = env.core.internals.database.sqlite;
      const document = JSON.parse(
        sqlite.prepare('SELECT value_json FROM settings WHERE account_id = ?').pluck().get(env.accountId) as string,
      ) as AccountSettings;
      sqlite
        .prepare('UPDATE settings SET value_json = ? WHERE account_id = ?')
        .run(JSON.stringify({ ...document, ai: { ...document.ai, baseUrl: second.baseUrl } }), env.accountId);

      expect(await env.settings()).toMatchObject({ aiKeyStored: false, aiKeyReason: 'origin_changed' });
      const draft = await env.draft();
      expect(draft).toMatchObject({
        provider: 'offline',
        fellBack: true,
        reason: { code: 'ai_key_other_origin', params: {} },
      });
      expect(second.received).toEqual([]);
      expect(first.received).toEqual([]);

      // An http address outside this computer stored behind IPC: refused before any request.
      sqlite
        .prepare('UPDATE settings SET value_json = ? WHERE account_id = ?')
        .run(JSON.stringify({ ...document, ai: { ...document.ai, baseUrl: 'http://192.0.2.10/v1' } }), env.accountId);
      expect(await env.draft()).toMatchObject({
        provider: 'offline',
        fellBack: true,
        reason: { code: 'ai_base_url_insecure', params: {} },
      });
    });
  });

  it('a key saved before keys were bound belongs to the address saved then; a key needs a saved address', async () => {
    const first = await aiServer();
    const second = await aiServer();
    const env = await shop();
    await closeAfter(env.core, async () => {
      const refused = await env.core.call('ai.setApiKey', { accountId: env.accountId, apiKey: API_KEY });
      expect(refused).toMatchObject({ ok: false, error: { code: 'ai_key_needs_base_url' } });
      expect(await env.settings()).toMatchObject({ aiKeyStored: false });

      await env.pointAt(first.baseUrl);
      // The keychain entry an earlier version wrote: the bare key.
      await env.core.internals.secrets.set(`ai-key:${env.accountId}`, API_KEY);
      expect(await env.settings()).toMatchObject({ aiKeyStored: true, aiKeyReason: null });
      await env.draft();
      expect(first.received.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`]);
      expect(await env.pointAt(second.baseUrl)).toMatchObject({
        ok: true,
        value: { aiKeyStored: false, aiKeyReason: 'origin_changed' },
      });
      await env.draft();
      expect(keyIn(second)).toBe(false);
      // The keychain keeps the reason, not the key.
      expect(await env.core.internals.secrets.get(`ai-key:${env.accountId}`)).not.toContain(API_KEY);
    });
  });
});
