/**
 * The core's thread (issue 10 item 1): runs `createCore` inside a `worker_threads` Worker and
 * answers the main thread's messages (core-in-worker.ts). Built as dist/main/core-worker.cjs.
 * The keychain and the logger stay in the main thread: secrets are asked for by message, log
 * entries are posted there.
 */
import { setPriority } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { KeychainStatus } from '../../src-shared/domain/keychain';
import { fail } from '../../src-shared/ipc/errors';
import { coreMessage } from '../../src-shared/messages/catalog';
import { createCore, type Core } from '../core/core';
import type { Logger } from '../core/logger';
import type { SecretStore } from '../core/secrets';
import {
  fromWireError,
  toWireError,
  workerClock,
  type FromWorker,
  type LogLevel,
  type SecretOp,
  type ToWorker,
  type WorkerInit,
} from './protocol';

/** The exit code of the test-only crash at a step of a send (AGENTIQ_CRASH_AT). */
export const CRASH_EXIT_CODE = 70;

const port = parentPort;
if (!port) throw new Error('core-worker: not started as a worker thread');

/**
 * The core's thread runs at a lower CPU priority than the thread that answers IPC: on two busy
 * cores a sync slice (up to ~100 ms of CPU) would otherwise be scheduled ahead of the window's
 * thread and stall it. Linux only: there a thread's nice value is its own (setpriority on "process"
 * 0 is the calling thread); on macOS and Windows it would lower the whole app.
 */
export const CORE_THREAD_NICE = 5;
if (process.platform === 'linux') {
  try {
    setPriority(0, CORE_THREAD_NICE);
  } catch {
    // Not permitted (a sandbox): the core runs at the app's priority, as before.
  }
}
const init = workerData as WorkerInit;

/** A message that cannot be cloned (a log field holding a function) is sent as JSON-safe data. */
function post(message: FromWorker): void {
  try {
    port!.postMessage(message);
  } catch {
    port!.postMessage(JSON.parse(JSON.stringify(message)) as FromWorker);
  }
}

const logger: Logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as LogLevel[]).map((level) => [
    level,
    (message: string, fields?: Record<string, unknown>) => post({ type: 'log', level, message, fields }),
  ]),
) as unknown as Logger;

// As in the host before the core moved here: a promise nobody awaited is logged, not fatal to the
// thread (an uncaught exception still is, and the main thread restarts the worker).
process.on('unhandledRejection', (reason) => {
  logger.error('core.unhandled_rejection', { error: reason instanceof Error ? reason.message : String(reason) });
});

let nextSecretId = 1;
const secretWaits = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
const askSecret = <T>(op: SecretOp, ref = '', secret?: string) =>
  new Promise<T>((resolve, reject) => {
    const id = nextSecretId++;
    secretWaits.set(id, { resolve: resolve as (value: unknown) => void, reject });
    post({ type: 'secret', id, op, ref, secret });
  });
const secrets: SecretStore = {
  get: (ref) => askSecret<string | null>('get', ref),
  set: (ref, secret) => askSecret<void>('set', ref, secret),
  delete: (ref) => askSecret<void>('delete', ref),
  status: () => askSecret<KeychainStatus>('status'),
};

const { deps } = init;
const { sleepCapMs, ...wb } = deps.wb ?? {};
const corePromise: Promise<Core> = createCore({
  dataDir: deps.dataDir,
  shell: deps.shell,
  version: deps.version,
  nativeBinding: deps.nativeBinding,
  envToken: deps.envToken,
  avitoEnv: deps.avitoEnv,
  syncPageSize: deps.syncPageSize,
  serveFirst: deps.serveFirst,
  // A restarted worker: the dead one's outbox leases (same pid) are not waited out for a minute.
  reclaimOwnProcessLeases: init.generation > 1,
  secrets,
  logger,
  clock: workerClock(deps.clock),
  wb:
    sleepCapMs === undefined
      ? wb
      : { ...wb, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, sleepCapMs))) },
  avito: deps.avito,
  // process.exit in a worker ends this thread only: to the main thread it is a crash mid-send.
  afterDispatchStep: deps.crashAt ? (step) => step === deps.crashAt && process.exit(CRASH_EXIT_CODE) : undefined,
});

corePromise.then(
  (core) => {
    core.events.subscribe((event, payload) => post({ type: 'event', event, payload }));
    post({ type: 'ready' });
  },
  (error: unknown) => post({ type: 'failed', error: toWireError(error) }),
);

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'secret.result': {
      const wait = secretWaits.get(message.id);
      secretWaits.delete(message.id);
      if (message.ok) wait?.resolve(message.value);
      else wait?.reject(fromWireError(message.error));
      return;
    }
    case 'call':
      void corePromise
        .then((core) => core.call(message.channel, message.input))
        .catch(() => fail(coreMessage('internal'), true))
        .then((result) => post({ type: 'result', id: message.id, result }));
      return;
    case 'start':
      void corePromise.then((core) => core.start(message.options));
      return;
    case 'settle':
      void corePromise
        .then((core) => core.settle())
        .catch(() => false)
        .then((value) => post({ type: 'settled', id: message.id, value }));
      return;
    case 'heap': {
      const heap = getHeapStatistics();
      post({ type: 'heap', id: message.id, usedBytes: heap.used_heap_size, totalBytes: heap.total_heap_size });
      return;
    }
    case 'close':
      void corePromise
        .then((core) => core.close())
        .catch((error: unknown) =>
          logger.error('core_worker.close_failed', { error: error instanceof Error ? error.message : String(error) }),
        )
        .then(() => {
          post({ type: 'closed' });
          port.close();
        });
      return;
  }
});
