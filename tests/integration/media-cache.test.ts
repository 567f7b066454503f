import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';
import { makeWbToken, startWbSimulator } from '../wb-sim';
import { MediaCache } from '../../src-main/core/media/media-cache';
import { mediaDirOf } from '../../src-main/core/media/media-dir';
import { silentLogger } from '../../src-main/core/logger';
import { startHost } from '../../src-main/host/host-server';
import { readMedia } from '../../src-main/platform/media-files';
import type { InteractionDetail } from '../../src-shared/domain/interaction';
import type { ReviewPhoto } from '../../src-shared/domain/media';
import { useTempDirs } from '../helpers/temp-dir';
import { startSyncEnv, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

async function syncedShop() {
  const dataDir = tempDir();
  const env = await startSyncEnv(dataDir, { reviews: 80, questions: 5, chats: 1 });
  await env.sync();
  const db = env.core.internals.database.runner;
  // Reviews whose WB item carries photoLinks (the simulator gives about one in five).
  const withPhotos = db
    .all(db.build.selectFrom('interactions').select(['id', 'raw_json']).where('channel', '=', 'review'))
    .filter((row) => (JSON.parse(row.raw_json) as { photoLinks: unknown[] | null }).photoLinks?.length)
    .map((row) => row.id);
  const cache = () =>
    new MediaCache({
      db,
      dir: mediaDirOf(dataDir),
      clock: () => new Date(),
      logger: silentLogger,
      baseUrl: env.sim.url,
    });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await env.core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  return { ...env, dataDir, db, withPhotos, cache, call };
}

describe('media cache (review photos for offline)', () => {
  const open = useOpenEnvs();

  it('downloads a review’s thumbnails from the simulator into the data folder, then the full size on demand', async () => {
    const env = await syncedShop();
    open.push(env);
    expect(env.withPhotos.length).toBeGreaterThan(1);
    const id = env.withPhotos[0]!;
    const before = await env.call<InteractionDetail>('interaction.get', { id });
    expect(before.photos.length).toBeGreaterThan(0);
    expect(before.photos.every((p) => p.thumbFile === null && p.fullFile === null)).toBe(true);
    expect(before.photos[0]!.thumbUrl).toMatch(/^https:\/\/feedback\d+\.wbbasket\.ru\/.+\/ms0\.webp$/);

    const photos = await env.call<ReviewPhoto[]>('media.photos', { id });
    for (const photo of photos) {
      expect(photo.thumbFile).toMatch(/^[0-9a-f]{64}\.png$/);
      const bytes = readFileSync(path.join(env.dataDir, 'media', photo.thumbFile!));
      expect(bytes.subarray(0, 4)).toEqual(PNG);
      expect(photo.fullFile).toBeNull();
    }
    const withFull = await env.call<ReviewPhoto[]>('media.photos', { id, full: 0 });
    expect(withFull[0]!.fullFile).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(withFull[0]!.fullFile).not.toBe(withFull[0]!.thumbFile);
    // The detail itself now names the cached files (what the window shows offline).
    const after = await env.call<InteractionDetail>('interaction.get', { id });
    expect(after.photos.map((p) => p.thumbFile)).toEqual(photos.map((p) => p.thumbFile));
    // Bad input changes nothing.
    expect((await env.core.call('media.photos', { id, full: -1 })).ok).toBe(false);
    expect((await env.core.call('media.photos', { id: 999_999 })).ok).toBe(false);
  });

  it('keeps one file for the same bytes under two links, and one download for concurrent asks', async () => {
    const env = await syncedShop();
    open.push(env);
    const [a, b] = env.withPhotos;
    await env.call('media.photos', { id: a });
    await env.call('media.photos', { id: b });
    // Every review's first mini photo is the same image in the simulator: two links, one file.
    const rows = env.db.all(env.db.build.selectFrom('media_cache').selectAll().where('url', 'like', '%/ms0.webp'));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.file).toBe(rows[1]!.file);
    const files = readdirSync(path.join(env.dataDir, 'media'));
    expect(files.filter((f) => f === rows[0]!.file)).toHaveLength(1);
    expect(files.every((f) => /^[0-9a-f]{64}\.png$/.test(f))).toBe(true);

    const cache = env.cache();
    const url = 'https://feedback07.wbbasket.ru/vol1/part2/3/photos/fs9.webp';
    const [one, two] = await Promise.all([cache.ensure(url), cache.ensure(url)]);
    expect(one).toEqual(two);
    expect(env.db.all(env.db.build.selectFrom('media_cache').selectAll().where('url', '=', url))).toHaveLength(1);
  });

  it('refuses other hosts, plain http, non-images and files over the size limit; nothing is written', async () => {
    const env = await syncedShop();
    open.push(env);
    const cache = env.cache();
    expect(await cache.ensure('https://evil.example.com/feedback04.wbbasket.ru/a.webp')).toEqual({
      failure: 'refused_host',
    });
    expect(await cache.ensure('http://feedback04.wbbasket.ru/vol1/a.webp')).toEqual({ failure: 'refused_host' });
    expect(await cache.ensure('https://user:pw@feedback04.wbbasket.ru/vol1/a.webp')).toEqual({
      failure: 'refused_host',
    });
    expect(await cache.ensure('https://feedback04.wbbasket.ru.evil.com/a.webp')).toEqual({ failure: 'refused_host' });
    expect(await cache.ensure('https://feedback04.wbbasket.ru/vol1/text.webp')).toEqual({ failure: 'not_image' });
    expect(await cache.ensure('https://feedback04.wbbasket.ru/vol1/huge.webp')).toEqual({ failure: 'too_large' });
    expect(await cache.ensure('https://feedback04.wbbasket.ru/vol1/missing.webp')).toEqual({ failure: 'http_error' });
    // A body larger than the limit is cut off while it streams, whatever its header said.
    const small = new MediaCache({
      db: env.db,
      dir: mediaDirOf(env.dataDir),
      clock: () => new Date(),
      logger: silentLogger,
      baseUrl: env.sim.url,
      maxBytes: 64,
    });
    expect(await small.ensure('https://feedback04.wbbasket.ru/vol1/fs1.webp')).toEqual({ failure: 'too_large' });
    expect(existsSync(mediaDirOf(env.dataDir))).toBe(false);
    // Refusals are remembered (not asked again for a day); their rows carry no file.
    const refused = env.db.all(env.db.build.selectFrom('media_cache').selectAll());
    expect(refused.every((row) => row.file === null && row.error !== null)).toBe(true);
  });

  it('serves only cached files under /media/ (no traversal), and still does with WB unreachable', async () => {
    const env = await syncedShop();
    open.push(env);
    const id = env.withPhotos[0]!;
    const photos = await env.call<ReviewPhoto[]>('media.photos', { id });
    const file = photos[0]!.thumbFile!;
    const mediaDir = mediaDirOf(env.dataDir);
    // A symlink with a valid name pointing at the database, and names that try to leave the folder.
    symlinkSync(path.join(env.dataDir, 'agentiq.db'), path.join(mediaDir, `${'a'.repeat(64)}.png`));
    for (const bad of [
      '/media/../agentiq.db',
      '/media/%2e%2e%2fagentiq.db',
      '/media/..%2Fagentiq.db',
      `/media/${'a'.repeat(64)}.png`,
      `/media/${'b'.repeat(64)}.png`,
      `/media/${file}/x`,
      `/media/${file.toUpperCase()}`,
      '/media/',
      `/assets/../media/${file}`,
    ])
      expect(await readMedia(mediaDir, bad)).toBeNull();
    expect((await readMedia(mediaDir, `/media/${file}`))?.type).toBe('image/png');

    // WB (the simulator) goes away: the cached thumbnail still shows, a missing one stays missing (retried later).
    await env.sim.close();
    const detail = await env.call<InteractionDetail>('interaction.get', { id });
    expect(detail.photos[0]!.thumbFile).toBe(file);
    const other = await env.call<ReviewPhoto[]>('media.photos', { id: env.withPhotos[1]! });
    expect(other.every((p) => p.thumbFile === null && !p.thumbRefused)).toBe(true);

    const host = await startHost({ core: env.core, rendererDir: tempDir(), port: 0, mediaDir });
    try {
      const secret = new URL(host.url).searchParams.get('s')!;
      const base = `http://127.0.0.1:${host.port}`;
      const ok = await fetch(`${base}/media/${file}?s=${secret}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 4)).toEqual(PNG);
      expect((await fetch(`${base}/media/${file}`)).status).toBe(403);
      expect((await fetch(`${base}/media/..%2Fagentiq.db?s=${secret}`)).status).toBe(404);
      expect((await fetch(`${base}/media/${'a'.repeat(64)}.png?s=${secret}`)).status).toBe(404);
    } finally {
      await host.close();
    }
  });

  it('after a sync, a window’s core downloads the thumbnails of new reviews waiting for an answer', async () => {
    const dataDir = tempDir();
    const sim = await startWbSimulator({ seed: 7, reviews: 80, questions: 5, chats: 1 });
    const core = await createCore({
      clock: () => new Date(),
      dataDir,
      secrets: new MemorySecretStore(),
      shell: 'host',
      version: '0.0.0-test',
      envToken: makeWbToken(),
      wb: { baseUrl: sim.url, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
    });
    open.push({ sim, core });
    const accountId = core.internals.envAccount()!.id;
    expect((await core.call('sync.run', { accountId, full: false })).ok).toBe(true);
    const db = core.internals.database.runner;
    const waiting = db
      .all(
        db.build
          .selectFrom('interactions')
          .select(['raw_json'])
          .where('channel', '=', 'review')
          .where('needs_response', '=', 1),
      )
      .flatMap((row) => (JSON.parse(row.raw_json) as { photoLinks: { miniSize: string }[] | null }).photoLinks ?? [])
      .map((link) => link.miniSize);
    expect(waiting.length).toBeGreaterThan(0);
    await vi.waitFor(
      () => {
        const cached = db.all(db.build.selectFrom('media_cache').select(['url']).where('file', 'is not', null));
        expect(new Set(cached.map((row) => row.url))).toEqual(new Set(waiting));
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  it('caches a chat’s image attachment on demand, and the detail then names its cached copy', async () => {
    const dataDir = tempDir();
    const env = await startSyncEnv(dataDir, { reviews: 5, questions: 5, chats: 12 });
    open.push(env);
    await env.sync();
    const db = env.core.internals.database.runner;
    const withImage = db
      .all(db.build.selectFrom('chat_messages').select(['id', 'interaction_id', 'attachments_json']))
      .map((row) => ({
        ...row,
        index: (JSON.parse(row.attachments_json) as { kind: string; url: string | null }[]).findIndex(
          (a) => a.kind === 'image' && a.url !== null,
        ),
      }))
      .find((row) => row.index >= 0);
    expect(withImage).toBeDefined();
    const result = await env.core.call('media.attachment', { messageId: withImage!.id, index: withImage!.index });
    expect(result.ok && result.value).toEqual({ file: expect.stringMatching(/^[0-9a-f]{64}\.png$/), refused: false });
    const detail = await env.core.call('interaction.get', { id: withImage!.interaction_id });
    const message = (detail.ok ? (detail.value as InteractionDetail) : null)!.messages.find(
      (m) => m.id === withImage!.id,
    )!;
    expect(message.attachments[withImage!.index]!.cachedFile).toBe(
      result.ok && (result.value as { file: string }).file,
    );
    // Not an image (or no such attachment): refused, nothing downloaded.
    expect((await env.core.call('media.attachment', { messageId: withImage!.id, index: 40 })).ok && true).toBe(true);
  });
});
