import type { CoreMessage } from './catalog';

/**
 * How a CoreMessage sits in a TEXT column (sync_state.last_error, outbox.last_error) or inside a
 * JSON payload: `{"code":…,"params":{…}}`. Rows written before codes hold plain Russian; they come
 * back as `legacy_text` and are shown as they are.
 */
export const encodeMessage = (message: CoreMessage): string =>
  JSON.stringify({ code: message.code, params: message.params });

/** A stored value (a column's text, or an already parsed JSON value) as a message; null stays null. */
export function decodeMessage(stored: unknown): CoreMessage | null {
  if (stored === null || stored === undefined || stored === '') return null;
  if (isMessage(stored)) return stored;
  if (typeof stored !== 'string') return legacy(JSON.stringify(stored));
  if (stored.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(stored);
      if (isMessage(parsed)) return parsed;
    } catch {
      // Not JSON: a legacy text that happens to start with a brace.
    }
  }
  return legacy(stored);
}

/** A list of messages in one TEXT column (interactions.priority_reason): a JSON array of encoded messages. */
export const encodeMessages = (messages: readonly CoreMessage[]): string =>
  JSON.stringify(messages.map((message) => ({ code: message.code, params: message.params })));

/** The stored list back; a single message or a legacy text becomes a list of one; null or '' an empty list. */
export function decodeMessages(stored: unknown): CoreMessage[] {
  if (typeof stored === 'string' && stored.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(stored);
      if (Array.isArray(parsed)) return parsed.map((entry) => decodeMessage(entry) ?? legacy(''));
    } catch {
      // Not JSON: a legacy text that happens to start with a bracket.
    }
  }
  const single = decodeMessage(stored);
  return single ? [single] : [];
}

const legacy = (text: string): CoreMessage => ({ code: 'legacy_text', params: { text } });

function isMessage(value: unknown): value is CoreMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { code, params } = value as { code?: unknown; params?: unknown };
  return (
    typeof code === 'string' &&
    /^[a-z][a-z0-9_]*$/.test(code) &&
    typeof params === 'object' &&
    params !== null &&
    !Array.isArray(params)
  );
}
