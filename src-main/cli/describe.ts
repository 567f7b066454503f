import { describe, type DescribeOptions } from '../../src-shared/messages/describe';
import type { CoreMessage } from '../../src-shared/messages/catalog';
import { systemClock } from '../platform/system-clock';

/** Core's messages as the CLI prints them: the same Russian as the app, times in this machine's zone. */
export const cliText = (message: CoreMessage, options: Partial<DescribeOptions> = {}): string =>
  describe(message, { now: systemClock(), ...options });

/** The described text, or null (JSON fields the README documents as strings: `lastError`, a channel's `message`). */
export const cliTextOrNull = (message: CoreMessage | null): string | null => (message ? cliText(message) : null);
