import type { Channel } from './interaction';

/** What is being sent: an answer to a review/question, its one-time edit, a question rejection, a chat message. */
export type ReplyKind = 'answer' | 'edit' | 'reject' | 'chat_message';

export interface LengthLimit {
  min: number;
  max: number;
}

/**
 * CONTRACT §4: POST /feedbacks/answer `text` is 2..5000 (the spec writes it as minimum/maximum).
 * §3 is silent on question answers; they go through the same feedbacks-api service, so we apply
 * the same bounds rather than risk a rejection. §5: chat `message` maxLength 1000.
 */
export const ANSWER_LIMIT: LengthLimit = { min: 2, max: 5000 };
export const CHAT_MESSAGE_LIMIT: LengthLimit = { min: 1, max: 1000 };

export function defaultReplyKind(channel: Channel): ReplyKind {
  return channel === 'chat' ? 'chat_message' : 'answer';
}

export function lengthLimitFor(kind: ReplyKind): LengthLimit {
  return kind === 'chat_message' ? CHAT_MESSAGE_LIMIT : ANSWER_LIMIT;
}

/**
 * Length as WB counts it: characters (code points), not UTF-16 units, so an emoji is one.
 * WB's backend is Go and validates runes; counting UTF-16 units would block valid answers.
 */
export function replyLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
