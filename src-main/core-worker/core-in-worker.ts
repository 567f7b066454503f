import { Worker } from 'node:worker_threads';
import { backoffMs, type BackoffSpec } from '../../src-shared/backoff';
import { fail, type IpcResult } from '../../src-shared/ipc/errors';
import type { PushEventName, PushEvents } from '../../src-shared/ipc/events';
import { coreMessage, type CoreMessage } from '../../src-shared/messages/catalog';
import type { PushListener } from '../core/events';
import { silentLogger, type Logger } from '../core/logger';
import type { SecretStore } from '../core/secrets';
import {
  fromWireError,
  toWireError,
  type FromWorker,
  type SecretOp,
  type ShellCore,
  type ToWorker,
  type WorkerCoreDeps,
  type WorkerInit,
} from './protocol';
import { coreWorkerFile } from './worker-file';

export interface RestartPolicy {
  /** This many unexpected exits within `windowMs` and no new worker is started. */
  maxCrashes: number;
  windowMs: number;
  /** The wait before the n-th restart within the window. */
  backoff: BackoffSpec;
}

export const DEFAULT_RESTART: RestartPolicy = {
  maxCrashes: 5,
  windowMs: 60_000,
  backoff: { baseMs: 200, capMs: 5_000 },
};

/** How long close() waits for the worker to close the database before it terminates the thread. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface CoreInWorkerOptions {
  deps: WorkerCoreDeps;
  /** The keychain: stays in this thread, the worker asks for secrets by message. */
  secrets: SecretStore;
  /** Gets the worker's log entries (core masks known secrets before they leave the worker) and the crash reports. */
  logger?: Logger;
  /** The worker bundle (default: core-worker.cjs next to this file, or built from the sources). */
  workerFile?: string;
  restart?: Partial<RestartPolicy>;
}

/** The shell-facing core plus, for tests and the bench, a handle on its thread. */
export interface CoreInWorker extends ShellCore {
  readonly thread: {
    /** 1 for the first worker, +1 for every restart. */
    generation(): number;
    /** Ends the current worker as a crash would (tests): the core restarts it. */
    kill(): Promise<void>;
    /** Resolves when a worker is ready to answer (after a restart's backoff); rejects when core gave up or closed. */
    ready(): Promise<void>;
    /** The worker's V8 heap (null when no worker answers). */
    heap(): Promise<{ usedBytes: number; totalBytes: number } | null>;
  };
}

interface Generation {
  readonly number: number;
  readonly worker: Worker;
  ready: boolean;
  /** Set when this side ended the worker on purpose (close, a failed start): its exit is no crash. */
  expectedExit: boolean;
  readonly calls: Map<number, (result: IpcResult<unknown>) => void>;
  readonly settles: Map<number, (value: boolean) => void>;
  readonly heaps: Map<number, (value: { usedBytes: number; totalBytes: number } | null) => void>;
  readonly exited: Promise<number>;
  closed?: () => void;
  /** The worker's uncaught error, if it died of one. */
  lastError?: string;
}

/**
 * The core in a worker thread (issue 10 item 1): the same call / events / start / settle / close
 * as `createCore`, so the thread that answers IPC (Electron's main, the host's WebSocket) never
 * runs a query or a sync. Resolves once the worker's core is open; rejects with core's own error
 * (db_damaged, schema_too_new …) when it cannot open.
 *
 * A worker that exits unexpectedly is logged, its in-flight calls fail with `core_restarted`
 * (retryable; never left hanging), and a new worker starts after a backoff; the sync and the
 * outbox are crash-safe, so the new one resumes them. Calls made meanwhile wait for it. After
 * `maxCrashes` within `windowMs` it gives up: calls fail with `core_failed`, and the push event
 * `app.coreRestarted` tells the renderer in both cases.
 */
export async function createCoreInWorker(options: CoreInWorkerOptions): Promise<CoreInWorker> {
  const logger = options.logger ?? silentLogger;
  const policy: RestartPolicy = { ...DEFAULT_RESTART, ...options.restart };
  const file = options.workerFile ?? (await coreWorkerFile());
  const listeners = new Set<PushListener>();
  const emit = <E extends PushEventName>(event: E, payload: PushEvents[E]) => {
    for (const listener of listeners) listener(event, payload);
  };

  let current: Generation | null = null;
  let generations = 0;
  let nextId = 1;
  let started: { options?: { syncIntervalMs?: number } } | null = null;
  let closing: Promise<void> | null = null;
  let gaveUp: CoreMessage | null = null;
  let restartTimer: NodeJS.Timeout | undefined;
  const crashes: number[] = [];
  /** Calls made while no worker is ready (during a restart's backoff): sent once one is. */
  let waiting: Array<{ resolve(): void; reject(error: CoreMessage): void }> = [];
  let firstStart: { resolve(): void; reject(error: Error): void } | null = null;

  const send = (generation: Generation, message: ToWorker) => {
    try {
      generation.worker.postMessage(message);
    } catch (error) {
      logger.error('core_worker.post_failed', {
        type: message.type,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const answerSecret = async (generation: Generation, id: number, op: SecretOp, ref: string, secret?: string) => {
    try {
      const value =
        op === 'get'
          ? await options.secrets.get(ref)
          : op === 'set'
            ? await options.secrets.set(ref, secret ?? '')
            : op === 'delete'
              ? await options.secrets.delete(ref)
              : await options.secrets.status();
      send(generation, { type: 'secret.result', id, ok: true, value });
    } catch (error) {
      send(generation, { type: 'secret.result', id, ok: false, error: toWireError(error) });
    }
  };

  const releaseWaiting = (error: CoreMessage | null) => {
    const released = waiting;
    waiting = [];
    for (const wait of released) {
      if (error) wait.reject(error);
      else wait.resolve();
    }
  };

  /** Ends a generation's open requests: nothing waits for a worker that is gone. */
  const abandon = (generation: Generation, error: CoreMessage, retryable: boolean) => {
    for (const resolve of generation.calls.values()) resolve(fail(error, retryable));
    generation.calls.clear();
    for (const resolve of generation.settles.values()) resolve(false);
    generation.settles.clear();
    for (const resolve of generation.heaps.values()) resolve(null);
    generation.heaps.clear();
  };

  const spawn = () => {
    generations += 1;
    const number = generations;
    const init: WorkerInit = {
      generation: number,
      // The test-only crash point is the first worker's only: the restarted one must resume.
      deps: number === 1 ? options.deps : { ...options.deps, crashAt: null },
    };
    const worker = new Worker(file, { workerData: init, name: `agentiq-core-${number}` });
    let exited!: (code: number) => void;
    const generation: Generation = {
      number,
      worker,
      ready: false,
      expectedExit: false,
      calls: new Map(),
      settles: new Map(),
      heaps: new Map(),
      exited: new Promise<number>((resolve) => (exited = resolve)),
    };
    current = generation;
    worker.on('message', (message: FromWorker) => onMessage(generation, message));
    worker.on('error', (error) => {
      generation.lastError = error.message;
      logger.error('core_worker.uncaught', { generation: number, error: error.message, stack: error.stack });
    });
    worker.on('exit', (code) => {
      exited(code);
      onExit(generation, code);
    });
  };

  const onMessage = (generation: Generation, message: FromWorker) => {
    switch (message.type) {
      case 'ready': {
        generation.ready = true;
        if (started) send(generation, { type: 'start', options: started.options });
        if (firstStart) {
          firstStart.resolve();
          firstStart = null;
        } else {
          logger.info('core_worker.restarted', { generation: generation.number });
          emit('app.coreRestarted', { message: coreMessage('core_restarted'), gaveUp: false });
        }
        releaseWaiting(null);
        return;
      }
      case 'failed': {
        const error = fromWireError(message.error);
        generation.expectedExit = !!firstStart;
        if (firstStart) {
          firstStart.reject(error);
          firstStart = null;
        } else logger.error('core_worker.start_failed', { generation: generation.number, error: error.message });
        // A restarted worker that cannot open counts as one more crash (its exit is unexpected).
        void generation.worker.terminate();
        return;
      }
      case 'result':
        generation.calls.get(message.id)?.(message.result);
        generation.calls.delete(message.id);
        return;
      case 'settled':
        generation.settles.get(message.id)?.(message.value);
        generation.settles.delete(message.id);
        return;
      case 'heap':
        generation.heaps.get(message.id)?.({ usedBytes: message.usedBytes, totalBytes: message.totalBytes });
        generation.heaps.delete(message.id);
        return;
      case 'event':
        emit(message.event, message.payload);
        return;
      case 'log':
        logger[message.level](message.message, message.fields);
        return;
      case 'secret':
        void answerSecret(generation, message.id, message.op, message.ref, message.secret);
        return;
      case 'closed':
        generation.closed?.();
        return;
    }
  };

  const onExit = (generation: Generation, code: number) => {
    if (current === generation) current = null;
    if (generation.expectedExit || closing) {
      abandon(generation, coreMessage('app_closing'), true);
      return;
    }
    if (firstStart) {
      // The first worker died before its core opened (its file did not load, it threw at start): no restart.
      firstStart.reject(
        new Error(
          `core worker exited with code ${code} before it was ready${generation.lastError ? `: ${generation.lastError}` : ''}`,
        ),
      );
      firstStart = null;
      return;
    }
    logger.error('core_worker.exited', { generation: generation.number, code });
    abandon(generation, coreMessage('core_restarted'), true);
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! <= now - policy.windowMs) crashes.shift();
    if (crashes.length >= policy.maxCrashes) {
      gaveUp = coreMessage('core_failed', { crashes: crashes.length, seconds: Math.round(policy.windowMs / 1000) });
      logger.error('core_worker.gave_up', { crashes: crashes.length, windowMs: policy.windowMs });
      releaseWaiting(gaveUp);
      emit('app.coreRestarted', { message: gaveUp, gaveUp: true });
      return;
    }
    const delay = backoffMs(crashes.length, policy.backoff, Math.random);
    logger.warn('core_worker.restarting', { generation: generation.number + 1, inMs: delay });
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (!closing) spawn();
    }, delay);
  };

  /** A ready worker, waiting out a restart; null when core gave up or is closing (the error to answer with). */
  const readyWorker = async (): Promise<Generation | CoreMessage> => {
    for (;;) {
      if (closing) return coreMessage('app_closing');
      if (gaveUp) return gaveUp;
      if (current?.ready) return current;
      const failed = await new Promise<CoreMessage | null>((resolve) =>
        waiting.push({ resolve: () => resolve(null), reject: resolve }),
      );
      if (failed) return failed;
    }
  };

  const request = async <T>(
    build: (id: number) => ToWorker,
    table: (generation: Generation) => Map<number, (value: T) => void>,
    orElse: (error: CoreMessage) => T,
  ): Promise<T> => {
    const generation = await readyWorker();
    if (!('worker' in generation)) return orElse(generation);
    const id = nextId++;
    return new Promise<T>((resolve) => {
      table(generation).set(id, resolve);
      send(generation, build(id));
    });
  };

  await new Promise<void>((resolve, reject) => {
    firstStart = { resolve, reject };
    spawn();
  });

  return {
    call: (channel, input) =>
      request<IpcResult<unknown>>(
        (id) => ({ type: 'call', id, channel, input }),
        (generation) => generation.calls,
        (error) => fail(error, error.code === 'app_closing'),
      ),
    events: {
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    start: (startOptions) => {
      started = { options: startOptions };
      if (current?.ready) send(current, { type: 'start', options: startOptions });
    },
    settle: () =>
      request<boolean>(
        (id) => ({ type: 'settle', id }),
        (generation) => generation.settles,
        () => false,
      ),
    close: () =>
      (closing ??= (async () => {
        clearTimeout(restartTimer);
        releaseWaiting(coreMessage('app_closing'));
        const generation = current;
        if (!generation) return;
        generation.expectedExit = true;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            generation.closed = resolve;
            send(generation, { type: 'close' });
          }),
          generation.exited,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS))),
        ]);
        clearTimeout(timer);
        await generation.worker.terminate();
        await generation.exited;
      })()),
    thread: {
      generation: () => generations,
      kill: async () => {
        const generation = current;
        if (!generation) return;
        await generation.worker.terminate();
        await generation.exited;
      },
      ready: async () => {
        const generation = await readyWorker();
        if (!('worker' in generation)) throw fromWireError({ kind: 'core', ...generation, retryable: false });
      },
      heap: () =>
        request<{ usedBytes: number; totalBytes: number } | null>(
          (id) => ({ type: 'heap', id }),
          (generation) => generation.heaps,
          () => null,
        ),
    },
  };
}
