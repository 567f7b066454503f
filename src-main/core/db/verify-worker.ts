import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * `PRAGMA quick_check` on its own thread: a read of every page (about a second for 200 MB) that
 * must not hold up the thread answering the inbox. A read-only connection of its own; WAL lets it
 * read a consistent snapshot while the app keeps writing.
 */
export type QuickCheckOutcome = { findings: string[] } | { error: { code: unknown; message: string } };

/** The worker's whole program; better-sqlite3 is required from the path the caller resolved. */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db = null;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, nativeBinding: workerData.nativeBinding });
  parentPort.postMessage({ findings: db.pragma('quick_check').map((row) => row.quick_check) });
} catch (error) {
  parentPort.postMessage({ error: { code: error && error.code, message: String(error && error.message) } });
} finally {
  if (db) db.close();
}
`;

export interface RunningQuickCheck {
  result: Promise<QuickCheckOutcome>;
  /** Ends the check early (shutdown); `result` then rejects. */
  cancel(): Promise<void>;
}

export function quickCheckInWorker(file: string, nativeBinding?: string): RunningQuickCheck {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(PROGRAM, { eval: true, workerData: { file, nativeBinding, module } });
  const result = new Promise<QuickCheckOutcome>((resolve, reject) => {
    worker.once('message', (outcome: QuickCheckOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`quick_check worker exited with ${code}`)));
  });
  // A settled promise ignores the exit that follows the message.
  result.catch(() => undefined);
  return { result, cancel: () => worker.terminate().then(() => undefined) };
}
