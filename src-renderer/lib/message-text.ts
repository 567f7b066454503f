import type { CoreMessage } from '../../src-shared/messages/catalog';
import { describe } from '../../src-shared/messages/describe';

/** Core's message in the seller's words (src-shared/messages), times relative to now in the local zone. */
export const messageText = (message: CoreMessage, now: Date = new Date()): string => describe(message, { now });
