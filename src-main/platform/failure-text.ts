import { describe } from '../../src-shared/messages/describe';
import { CoreError } from '../core/errors';
import { systemClock } from './system-clock';

/**
 * What a shell tells the seller when something fails outside an IPC call (start-up): a refusal
 * core words as a code (db_damaged, schema_too_new, …) in Russian, anything else as its message.
 */
export function failureText(error: unknown): string {
  if (error instanceof CoreError) return describe(error.coreMessage, { now: systemClock() });
  return error instanceof Error ? error.message : String(error);
}
