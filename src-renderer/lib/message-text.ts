import type { CoreMessage } from '../../src-shared/messages/catalog';
import { describe } from '../../src-shared/messages/describe';

/** Core's message in the seller's words (src-shared/messages), times relative to now in the local zone. */
export const messageText = (message: CoreMessage, now: Date = new Date()): string => describe(message, { now });

/** A list of reasons (an item's priorityReason) as one line, «2★, брак, просрочено»; null when empty. */
export const reasonsText = (messages: readonly CoreMessage[], now: Date = new Date()): string | null =>
  messages.length === 0 ? null : messages.map((message) => messageText(message, now)).join(', ');
