import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreInWorker, type CoreInWorker, type RestartPolicy } from '../../src-main/core-worker/core-in-worker';
import type { WorkerCoreDeps } from '../../src-main/core-worker/protocol';
import type { Logger } from '../../src-main/core/logger';
import { MemorySecretStore } from '../../src-main/core/secrets';
import type { DispatchStep } from '../../src-main/core/replies/dispatcher';
import type { InboxPage } from '../../src-shared/ipc/contract';
import type { InboxCounts } from '../../src-shared/domain/interaction';
import type { IpcResult } from '../../src-shared/ipc/errors';
import type { PushEventName, PushEvents } from '../../src-shared/ipc/events';
import type { SyncReport } from '../../src-shared/domain/sync';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';
import { useTempDirs } from '../helpers/temp-dir';
import { dbFacts, expectedFromSim } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open: Array<{ core?: CoreInWorker; sim?: WbSim }> = [];
afterEach(async () => {
  for (const { core } of open) await core?.close();
  for (const { sim } of open.splice(0)) await sim?.close();
});

/** A main-thread keychain that remembers what the worker asked it to store. */
class RecordingSecretStore extends MemorySecretStore {
  readonly saved: string[] = [];
  override async set(ref: string, secret: string) {
    this.saved.push(ref);
    return super.set(ref, secret);
  }
}

function recordingLogger() {
  const entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    entries.push({ level, message, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

async function startCore(
  deps: Partial<WorkerCoreDeps> & { dataDir: string },
  restart: Partial<RestartPolicy> = { backoff: { baseMs: 20, capMs: 40 } },
) {
  const secrets = new RecordingSecretStore('main-thread');
  const { logger, entries } = recordingLogger();
  const core = await createCoreInWorker({
    deps: { shell: 'host', version: '0.0.0-test', ...deps },
    secrets,
    logger,
    restart,
  });
  const events: Array<{ event: PushEventName; payload: unknown }> = [];
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  open.push({ core });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.call(channel, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  return { core, secrets, entries, events, call };
}

async function startSim(options: Parameters<typeof startWbSimulator>[0]) {
  const sim = await startWbSimulator({ limits: false, ...options });
  open.push({ sim });
  return sim;
}

const nextEvent = <E extends PushEventName>(
  core: CoreInWorker,
  name: E,
  match: (payload: PushEvents[E]) => boolean = () => true,
) =>
  new Promise<PushEvents[E]>((resolve) => {
    const unsubscribe = core.events.subscribe((event: PushEventName, payload: unknown) => {
      if (event === name && match(payload as PushEvents[E])) {
        unsubscribe();
        resolve(payload as PushEvents[E]);
      }
    });
  });

describe('the core in a worker thread', () => {
  it('answers calls, pushes events, forwards logs and asks this thread for secrets', async () => {
    const dataDir = tempDir();
    const { core, secrets, entries, events, call } = await startCore({ dataDir });

    // app.info reads the keychain's status: the store it names is this thread's.
    expect(await call('app.info', {})).toMatchObject({
      shell: 'host',
      dataDir,
      keychain: { available: true, backend: 'main-thread' },
    });
    // Opening the database logged its migrations in the worker: the entries arrived here.
    expect(entries.some((e) => e.message === 'db.migrated')).toBe(true);

    const seeded = await call<{ accountId: number; created: number }>('demo.seed', {});
    expect(seeded.created).toBeGreaterThan(0);
    expect(events).toContainEqual({
      event: 'inbox.changed',
      payload: { accountId: seeded.accountId, channels: ['review', 'question', 'chat'] },
    });
    const page = await call<InboxPage>('inbox.list', { accountId: seeded.accountId, limit: 5 });
    expect(page.items).toHaveLength(5);

    // A token the seller connects is stored through the proxy in this thread's keychain, never in SQLite.
    const token = makeWbToken();
    const connected = await call<{ account: { id: number } }>('accounts.connect', { token, name: 'Магазин' });
    expect(connected.account.id).toBeGreaterThan(0);
    expect(secrets.saved).toHaveLength(1);
    expect(await secrets.get(secrets.saved[0]!)).toBe(token);

    // Refusals keep their code across the thread.
    expect(await core.call('no.such.channel', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await core.call('inbox.list', { accountId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(core.thread.generation()).toBe(1);
    expect(await core.thread.heap()).toMatchObject({ usedBytes: expect.any(Number) });
  });

  it('a worker that dies before its core opens rejects the start instead of hanging it', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    const broken = path.join(dir, 'broken-worker.cjs');
    writeFileSync(broken, "throw new Error('broken worker file');\n");
    await expect(
      createCoreInWorker({
        deps: { dataDir: dir, shell: 'host', version: 't' },
        secrets: new MemorySecretStore(),
        workerFile: broken,
      }),
    ).rejects.toThrow(/before it was ready: broken worker file/);
  });

  it('a core that cannot open rejects with its own code', async () => {
    const dataDir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dataDir, 'agentiq.db'), 'not a database, just text '.repeat(200));
    await expect(
      createCoreInWorker({ deps: { dataDir, shell: 'host', version: 't' }, secrets: new MemorySecretStore() }),
    ).rejects.toMatchObject({ name: 'CoreError', code: 'db_damaged' });
  });
});

describe('a worker killed mid-sync', () => {
  it('fails the running call with core_restarted, restarts, and the next sync ends with every item exactly once', async () => {
    const sim = await startSim({ seed: 31, reviews: 8000, questions: 600, chats: 20 });
    const dataDir = tempDir();
    const { core, events, entries, call } = await startCore({
      dataDir,
      envToken: makeWbToken(),
      wb: { baseUrl: sim.url, pacing: false, sleepCapMs: 20 },
      syncPageSize: 500,
    });
    const [account] = await call<Array<{ id: number }>>('accounts.list', {});

    const midway = nextEvent(core, 'sync.progress', (p) => p.channel === 'review' && p.fetched >= 1000);
    const running = core.call('sync.run', { accountId: account!.id, full: true });
    await midway;
    await core.thread.kill();
    expect(await running).toEqual({
      ok: false,
      error: { code: 'core_restarted', params: {}, retryable: true },
    } satisfies IpcResult<unknown>);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'core_worker.exited' }));

    // A call made during the restart waits for the new worker; the event tells the renderer.
    const restarted = nextEvent(core, 'app.coreRestarted');
    const report = await call<SyncReport>('sync.run', { accountId: account!.id });
    expect(await restarted).toEqual({ message: { code: 'core_restarted', params: {} }, gaveUp: false });
    expect(core.thread.generation()).toBe(2);
    expect(report.ok).toBe(true);

    const expected = expectedFromSim(sim);
    const counts = await call<InboxCounts>('inbox.counts', { accountId: account!.id });
    const pick = ({ total, needs_response }: { total: number; needs_response: number }) => ({ total, needs_response });
    expect({ review: pick(counts.review), question: pick(counts.question), chat: pick(counts.chat) }).toEqual({
      review: expected.review,
      question: expected.question,
      chat: expected.chat,
    });
    expect(dbFacts(path.join(dataDir, 'agentiq.db'))).toEqual({
      duplicates: 0,
      messages: expected.messages,
      integrity: 'ok',
    });
    expect(events.filter((e) => e.event === 'app.coreRestarted')).toHaveLength(1);
  }, 120_000);
});

describe('a worker that dies mid-send', () => {
  const STEPS: DispatchStep[] = ['claimed', 'marked_sending', 'sent', 'recorded'];
  for (const step of STEPS) {
    it(`exits after "${step}": the in-flight flush fails retryably, the restarted worker delivers the reply exactly once`, async () => {
      const sim = await startSim({ seed: 41, reviews: 30, questions: 10, chats: 3 });
      const { core, call } = await startCore({
        dataDir: tempDir(),
        envToken: makeWbToken(),
        wb: { baseUrl: sim.url, pacing: false, sleepCapMs: 20 },
        crashAt: step,
      });
      const [account] = await call<Array<{ id: number }>>('accounts.list', {});
      expect((await call<SyncReport>('sync.run', { accountId: account!.id })).ok).toBe(true);
      const page = await call<InboxPage>('inbox.list', {
        accountId: account!.id,
        channel: 'review',
        needsResponse: true,
        limit: 1,
      });
      const target = page.items[0]!;
      const text = `Спасибо за отзыв (${step}), уже разбираемся.`;
      await call('reply.send', { interactionId: target.id, text });

      const crashed = await core.call('outbox.flush', { accountId: account!.id });
      expect(crashed).toMatchObject({ ok: false, error: { code: 'core_restarted', retryable: true } });
      await core.thread.ready();
      expect(core.thread.generation()).toBe(2);
      await call('outbox.flush', { accountId: account!.id });
      expect((await call<SyncReport>('sync.run', { accountId: account!.id })).ok).toBe(true);

      const delivered = sim.control
        .recorded()
        .feedbackAnswers.filter((a) => a.id === target.externalId && a.text === text);
      expect(delivered).toHaveLength(1);
      const entries = await call<Array<{ text: string; state: string }>>('outbox.list', { accountId: account!.id });
      expect(entries.filter((e) => e.text === text).map((e) => e.state)).toEqual(['confirmed']);
    }, 60_000);
  }
});

describe('a worker that keeps crashing', () => {
  it('is given up after the limit: the event says so, calls fail with core_failed at once', async () => {
    const { core, entries, events } = await startCore({ dataDir: tempDir() }, {
      backoff: { baseMs: 10, capMs: 20 },
      maxCrashes: 2,
      windowMs: 60_000,
    } as never);
    await core.thread.kill();
    await core.thread.ready();
    await core.thread.kill();
    await expect(core.thread.ready()).rejects.toMatchObject({ code: 'core_failed' });
    expect(events.filter((e) => e.event === 'app.coreRestarted').map((e) => e.payload)).toEqual([
      { message: { code: 'core_restarted', params: {} }, gaveUp: false },
      { message: { code: 'core_failed', params: { crashes: 2, seconds: 60 } }, gaveUp: true },
    ]);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'core_worker.gave_up' }));
    expect(await core.call('app.info', {})).toEqual({
      ok: false,
      error: { code: 'core_failed', params: { crashes: 2, seconds: 60 }, retryable: false },
    });
  });
});
