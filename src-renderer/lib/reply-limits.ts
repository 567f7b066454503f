import type { Channel } from '../../src-shared/domain/interaction';

/**
 * The length rules the seller sees under the reply box. Core enforces the same ones in its
 * guardrails (src-main/core/replies/reply-limits.ts; the renderer may not import it): answers to
 * reviews and questions 2–5000 characters, chat messages up to 1000.
 */
export interface LengthLimit {
  min: number;
  max: number;
}

export const limitFor = (channel: Channel): LengthLimit => (channel === 'chat' ? { min: 1, max: 1000 } : { min: 2, max: 5000 });

/** Characters as WB counts them (code points, so an emoji is one), of the text WB will get. */
export function replyLength(text: string): number {
  let count = 0;
  for (const _ of text.trim()) count += 1;
  return count;
}
