import { AVITO_CHANNEL, type Channel } from '../../src-shared/domain/interaction';
import {
  defaultReplyKind,
  lengthLimitFor,
  replyLength as lengthOf,
  type LengthLimit,
} from '../../src-shared/domain/reply-limits';

/** The length rules under the reply box: the same ones core's guardrails enforce (src-shared). */
/** A buyer chat, WB's or Avito's (issue 12): messages back and forth, not one public answer. */
export const isChatChannel = (channel: string): boolean => channel === 'chat' || channel === AVITO_CHANNEL;

/** An Avito chat has WB's chat limits (1000 characters; core's guardrails check it as a chat). */
export const limitFor = (channel: Channel): LengthLimit =>
  lengthLimitFor(defaultReplyKind(isChatChannel(channel) ? 'chat' : channel));

/** Characters as WB counts them, of the text WB will get (core trims before sending). */
export const replyLength = (text: string): number => lengthOf(text.trim());
