import type { IpcResult } from '../../src-shared/ipc/errors';
import { toUiError, type UiError } from '../lib/ui-error';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

/**
 * Awaits one bridge call and turns every failure (an error result, a malformed frame, a
 * rejected promise from a broken preload) into a Russian message for the seller.
 */
export async function settle<T>(pending: Promise<IpcResult<T>>): Promise<Outcome<T>> {
  try {
    const result = await pending;
    if (result && result.ok === true) return { ok: true, value: result.value };
    return { ok: false, error: toUiError(result?.ok === false ? result.error : undefined) };
  } catch {
    return { ok: false, error: toUiError({ code: 'unavailable', params: {}, retryable: true }) };
  }
}
