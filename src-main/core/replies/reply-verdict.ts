import type { OutboxKind, OutboxState } from '../../../src-shared/domain/outbox';
import type { Interaction, OutboxRow } from '../db/schema';
import type { WbFeedback, WbQuestion } from '../wb/schemas';

/**
 * The one rule for "is our reply already on WB?" (issue 8 item 8). Pure: the outbox row's facts
 * and what WB shows in, a verdict out. The dispatcher asks it before (re)sending, with WB's live
 * answer; the outbox's reconcile asks it after each sync, with what the sync stored. Both act on
 * the same verdicts, so they cannot drift apart again.
 */

/** The states in which a reply waits for WB; only these are ever asked about. */
export const WAITING_STATES = ['queued', 'sending', 'sent_pending'] as const satisfies readonly OutboxState[];
export type WaitingState = (typeof WAITING_STATES)[number];
export type ReplyKind = Exclude<OutboxKind, 'mark_viewed'>;

/** What the outbox row knows about its own reply. */
export type ReplyFacts = Pick<OutboxRow, 'text' | 'sent_at' | 'wb_sent_at' | 'created_at' | 'chat_baseline_id'> & {
  kind: ReplyKind;
  state: WaitingState;
};

/** A row that waits for WB as a reply (not a `mark_viewed`): the only rows a verdict is asked for. */
export const isWaitingReply = <R extends Pick<OutboxRow, 'kind' | 'state'>>(
  row: R,
): row is R & { kind: ReplyKind; state: WaitingState } =>
  row.kind !== 'mark_viewed' && (WAITING_STATES as readonly string[]).includes(row.state);

/** What WB shows for a review or a question: live (the dispatcher) or as the last sync stored it (reconcile). */
export interface WbItemSeen {
  channel: 'review' | 'question';
  /** The answer's text as WB holds it, also one WB rejected on moderation; null: no answer. */
  answerText: string | null;
  /** A review answer's moderation (CONTRACT §4 `answer.state`): `reviewRequired` held, `rejected`; anything else is shown. */
  answerState: string | null;
  /** The item's state: a question in `none` is rejected (CONTRACT §3). */
  itemState: string | null;
}

/** What WB shows now, from the item the WB API returned (null: WB did not find it). */
export function itemSeenOnWb(channel: WbItemSeen['channel'], item: WbFeedback | WbQuestion | null): WbItemSeen {
  const answer = item?.answer;
  return {
    channel,
    answerText: answer?.text?.trim() ? answer.text : null,
    answerState: channel === 'review' && typeof answer?.state === 'string' ? answer.state : null,
    itemState: item?.state ?? null,
  };
}

/**
 * What WB showed at the last sync. The sync keeps no text of an answer WB rejected on moderation
 * (`last_reply_text` is null then, the review needs an answer again): that text comes from the raw item.
 */
export function itemSeenInSync(
  interaction: Pick<Interaction, 'channel' | 'last_reply_text' | 'wb_state' | 'raw_json'>,
): WbItemSeen {
  if (interaction.channel === 'chat') throw new Error('itemSeenInSync: a chat has no item answer');
  const answer = interaction.channel === 'review' ? rawAnswer(interaction.raw_json) : null;
  const rejected = answer?.state === 'rejected';
  return {
    channel: interaction.channel,
    answerText: rejected ? (answer.text?.trim() ? answer.text : null) : interaction.last_reply_text,
    answerState: answer?.state ?? null,
    itemState: interaction.wb_state,
  };
}

function rawAnswer(rawJson: string): { state: string | null; text: string | null } | null {
  try {
    const raw = JSON.parse(rawJson) as { answer?: { state?: unknown; text?: unknown } | null };
    if (!raw.answer) return null;
    return {
      state: typeof raw.answer.state === 'string' ? raw.answer.state : null,
      text: typeof raw.answer.text === 'string' ? raw.answer.text : null,
    };
  } catch {
    return null;
  }
}

/** A chat message WB has shown (the events feed), as synced. */
export interface SeenChatMessage {
  /** chat_messages.id: the order we stored it in. */
  id: number;
  externalId: string;
  sender: string;
  text: string;
  sentAt: string;
  /** Already matched to another outbox row: one WB message confirms one reply. */
  matchedToOtherReply: boolean;
}

/** What WB shows of a chat: the messages within `chatMatchWindow` of the reply. */
export interface WbChatSeen {
  channel: 'chat';
  messages: readonly SeenChatMessage[];
  /**
   * The events feed was read to its end and past the send: a message not among these is not on
   * WB. False when that is not known (the feed failed, is stuck or lags; reconcile never knows).
   */
  feedReadPastSend: boolean;
}

export type ReplyVerdict =
  /** WB has our text: never send it again. `underModeration`: a review answer WB holds, not shown yet. */
  | { verdict: 'on_wb'; underModeration: boolean; wbEventId: string | null }
  /** WB turned our review answer down on moderation: not shown, the review needs an answer again. */
  | { verdict: 'rejected_on_moderation' }
  /** WB shows another answer (the portal, WB's AI, another tool): ours must not go out as it is. */
  | { verdict: 'someone_else_answered'; wbAnswer: string }
  /** WB provably does not have it: it may be sent. */
  | { verdict: 'not_on_wb' }
  /** Cannot tell: neither send nor change anything; ask again later. */
  | { verdict: 'unknown' };

/**
 * Could a request with this row's text have reached WB? Not while `queued` (a send that failed
 * provably before reaching WB goes back to `queued`), nor in `sending` before the request started
 * (`sent_at` is written just before it and cleared when a new attempt is marked).
 */
export const mayHaveReachedWb = (reply: Pick<ReplyFacts, 'state' | 'sent_at'>): boolean =>
  reply.state === 'sent_pending' || (reply.state === 'sending' && reply.sent_at !== null);

/** WB may normalise whitespace; compare answers the way a reader would. */
export const sameText = (a: string | null | undefined, b: string | null | undefined) =>
  a != null && b != null && a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * How far back of the moment a row went `sending` (our clock) a seller message of ours may be
 * dated by WB: our clock may be fast or slow by minutes (after a crash, a bad RTC, a VM resume).
 */
export const CHAT_CLOCK_SKEW_MS = 10 * 60_000;
/** When WB returned the send's addTime (WB's own clock), its message is looked for from a minute before it. */
const WB_TIME_SLACK_MS = 60_000;

/**
 * Where in the chat our message can be: dated at/after the send (WB's time when it returned one,
 * else ours, generously), and newer than the chat's newest message when the row went `sending`
 * (`chat_baseline_id`: an equal text the seller sent from the WB portal before is another message).
 */
export function chatMatchWindow(
  reply: Pick<ReplyFacts, 'sent_at' | 'wb_sent_at' | 'created_at' | 'chat_baseline_id'>,
): { since: string; afterId: number | null } {
  const since = reply.wb_sent_at
    ? Date.parse(reply.wb_sent_at) - WB_TIME_SLACK_MS
    : Date.parse(reply.sent_at ?? reply.created_at) - CHAT_CLOCK_SKEW_MS;
  return { since: new Date(since).toISOString(), afterId: reply.chat_baseline_id };
}

export function replyVerdict(reply: ReplyFacts, seen: WbItemSeen | WbChatSeen): ReplyVerdict {
  if ((reply.kind === 'chat_message') !== (seen.channel === 'chat'))
    throw new Error(`replyVerdict: a ${reply.kind} reply cannot be judged by what a ${seen.channel} shows`);
  if (seen.channel === 'chat') return chatVerdict(reply, seen);
  if (reply.kind === 'reject') {
    // Rejected by anyone is what the seller asked for; an answer instead is someone else's.
    if (seen.itemState === 'none') return onWb();
    return seen.answerText !== null
      ? { verdict: 'someone_else_answered', wbAnswer: seen.answerText }
      : { verdict: 'not_on_wb' };
  }
  if (seen.answerState === 'rejected') {
    // A rejected answer is on WB for nobody. It is ours only if this row's request may have
    // carried it; otherwise it is an earlier one (before «Повторить») and this one may go.
    return mayHaveReachedWb(reply) && sameText(seen.answerText, reply.text)
      ? { verdict: 'rejected_on_moderation' }
      : { verdict: 'not_on_wb' };
  }
  // One answer per item: WB showing our text is our reply, whoever carried it there.
  if (sameText(seen.answerText, reply.text)) return onWb(null, seen.answerState === 'reviewRequired');
  // An edit replaces an answer, so WB showing another one is the answer it will replace.
  if (reply.kind === 'answer' && seen.answerText !== null)
    return { verdict: 'someone_else_answered', wbAnswer: seen.answerText };
  return { verdict: 'not_on_wb' };
}

/**
 * A chat is a conversation: an equal text may well be another message. Ours is a seller message
 * with our text inside the window, not matched to another row, and only after a request that may
 * have carried it; not found, it is absent only if the feed was read to its end and past the send.
 */
function chatVerdict(reply: ReplyFacts, seen: WbChatSeen): ReplyVerdict {
  if (!mayHaveReachedWb(reply)) return { verdict: 'not_on_wb' };
  const { since, afterId } = chatMatchWindow(reply);
  const match = [...seen.messages]
    .filter(
      (m) =>
        m.sender === 'seller' && !m.matchedToOtherReply && m.sentAt >= since && (afterId === null || m.id > afterId),
    )
    .sort((a, b) => (a.sentAt === b.sentAt ? a.id - b.id : a.sentAt < b.sentAt ? -1 : 1))
    .find((m) => sameText(m.text, reply.text));
  if (match) return onWb(match.externalId);
  return seen.feedReadPastSend ? { verdict: 'not_on_wb' } : { verdict: 'unknown' };
}

const onWb = (wbEventId: string | null = null, underModeration = false): ReplyVerdict => ({
  verdict: 'on_wb',
  underModeration,
  wbEventId,
});
