import type { Channel } from '../../src-shared/domain/interaction';
import {
  defaultReplyKind,
  lengthLimitFor,
  replyLength as lengthOf,
  type LengthLimit,
} from '../../src-shared/domain/reply-limits';

/** The length rules under the reply box: the same ones core's guardrails enforce (src-shared). */
export const limitFor = (channel: Channel): LengthLimit => lengthLimitFor(defaultReplyKind(channel));

/** Characters as WB counts them, of the text WB will get (core trims before sending). */
export const replyLength = (text: string): number => lengthOf(text.trim());
