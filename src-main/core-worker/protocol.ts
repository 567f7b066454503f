import type { IpcResult } from '../../src-shared/ipc/errors';
import type { PushEventName, PushEvents } from '../../src-shared/ipc/events';
import type { MessageCode } from '../../src-shared/messages/catalog';
import type { KeychainStatus } from '../../src-shared/domain/keychain';
import type { Core, CoreDeps } from '../core/core';
import { CoreError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { DispatchStep } from '../core/replies/dispatcher';

/** What the shells use of core (app, host): `internals` is for tests and the bench, in-process only. */
export type ShellCore = Omit<Core, 'internals'>;

/**
 * The worker's clock, as data (a function cannot cross a thread): the system clock, shifted by
 * `offsetMs` or frozen at `frozenAt` (ISO) for tests.
 */
export interface WorkerClock {
  offsetMs?: number;
  frozenAt?: string;
}

/** The WB options that can cross a thread; `sleepCapMs` (tests) caps every wait of the WB client. */
export type WorkerWbOptions = Pick<
  NonNullable<CoreDeps['wb']>,
  'baseUrl' | 'pacing' | 'timeoutMs' | 'maxRetries' | 'max429Retries' | 'longWaitMs'
> & { sleepCapMs?: number };

/**
 * CoreDeps for a core in a worker: only data. The SecretStore and the logger stay in the main
 * thread (proxied by message); the clock is described (WorkerClock).
 */
export interface WorkerCoreDeps {
  dataDir: string;
  shell: 'electron' | 'host';
  version: string;
  nativeBinding?: string;
  envToken?: string | null;
  /** AGENTIQ_AVITO_CLIENT_ID / _SECRET (CoreDeps.avitoEnv). */
  avitoEnv?: { clientId: string; clientSecret: string } | null;
  wb?: WorkerWbOptions;
  /** AGENTIQ_AVITO_BASE_URL and pacing (CoreDeps.avito), the data part. */
  avito?: Pick<NonNullable<CoreDeps['avito']>, 'baseUrl' | 'pacing'>;
  syncPageSize?: number;
  /** CoreDeps.serveFirst: the first inbox rows before the day's backup and the background passes. */
  serveFirst?: boolean;
  clock?: WorkerClock;
  /**
   * Test-only (AGENTIQ_CRASH_AT): the worker thread exits at this step of a send, as a crash
   * would. Only the first worker of a run gets it, so the restarted one resumes the send.
   */
  crashAt?: DispatchStep | null;
}

/** The data the worker is started with (`workerData`). */
export interface WorkerInit {
  deps: WorkerCoreDeps;
  generation: number;
}

export type SecretOp = 'get' | 'set' | 'delete' | 'status';
export type LogLevel = keyof Logger;

/** An error that crossed a thread: a CoreError keeps its code, anything else its message. */
export type WireError =
  { kind: 'core'; code: MessageCode; params: unknown; retryable: boolean } | { kind: 'other'; message: string };

/** Main thread → worker. */
export type ToWorker =
  | { type: 'call'; id: number; channel: unknown; input: unknown }
  | { type: 'start'; options?: { syncIntervalMs?: number } }
  | { type: 'settle'; id: number }
  | { type: 'close' }
  | { type: 'heap'; id: number }
  | { type: 'secret.result'; id: number; ok: true; value: unknown }
  | { type: 'secret.result'; id: number; ok: false; error: WireError };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'settled'; id: number; value: boolean }
  | { type: 'event'; event: PushEventName; payload: PushEvents[PushEventName] }
  | { type: 'log'; level: LogLevel; message: string; fields?: Record<string, unknown> }
  | { type: 'secret'; id: number; op: SecretOp; ref: string; secret?: string }
  | { type: 'heap'; id: number; usedBytes: number; totalBytes: number }
  | { type: 'closed' };

export type SecretValue = string | null | void | KeychainStatus;

export function toWireError(error: unknown): WireError {
  if (error instanceof CoreError)
    return { kind: 'core', code: error.code, params: error.params, retryable: error.retryable };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

export function fromWireError(error: WireError): Error {
  if (error.kind === 'other') return new Error(error.message);
  const Rebuilt = CoreError as unknown as new (code: MessageCode, params: unknown, retryable: boolean) => CoreError;
  return new Rebuilt(error.code, error.params, error.retryable);
}

/** The worker's clock function from its description. */
export function workerClock(clock: WorkerClock = {}): () => Date {
  if (clock.frozenAt) {
    const at = Date.parse(clock.frozenAt);
    return () => new Date(at);
  }
  const offset = clock.offsetMs ?? 0;
  return offset ? () => new Date(Date.now() + offset) : () => new Date();
}
