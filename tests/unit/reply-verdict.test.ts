import { describe, expect, it } from 'vitest';
import { normaliseFeedback, normaliseQuestion } from '../../src-main/core/inbox/normalise';
import {
  itemSeenInSync,
  itemSeenOnWb,
  replyVerdict,
  type ReplyFacts,
  type ReplyKind,
  type ReplyVerdict,
  type SeenChatMessage,
  type WbChatSeen,
  type WbItemSeen,
} from '../../src-main/core/replies/reply-verdict';
import type { WbFeedback, WbQuestion } from '../../src-main/core/wb/schemas';

/**
 * "Is our reply already on WB?" — one rule for the dispatcher (before a send, WB's live item) and
 * the reconcile after a sync (what the sync stored). Every row: one kind and one thing WB shows,
 * with the verdict for each state a waiting reply can be in.
 */
const OURS = 'Спасибо за отзыв! Рады, что подошло.';
const OTHER = 'Ответ из ЛК продавца';
const CREATED = '2026-03-01T11:55:00.000Z';
const REQUESTED = '2026-03-01T12:00:00.000Z';
const BASELINE = 100;

/** The states a waiting reply can be in, as the columns of the tables below. */
const COLUMNS = [
  { name: 'queued', state: 'queued', sent_at: null },
  // A send that provably did not reach WB (offline, 429) goes back to `queued`, its sent_at kept.
  { name: 'queued after a request that provably failed', state: 'queued', sent_at: REQUESTED },
  // Marked `sending`, then the process died before the request started (`sent_at` is written just before it).
  { name: 'sending, no request yet', state: 'sending', sent_at: null },
  { name: 'sending, request started', state: 'sending', sent_at: REQUESTED },
  { name: 'sent_pending', state: 'sent_pending', sent_at: REQUESTED },
] as const;

type Label =
  'on_wb' | 'on_wb, moderating' | 'rejected_on_moderation' | 'someone_else_answered' | 'not_on_wb' | 'unknown';
type Row = [
  kind: ReplyKind,
  shows: string,
  seen: WbItemSeen | WbChatSeen,
  verdicts: [Label, Label, Label, Label, Label],
];

const label = (v: ReplyVerdict): Label =>
  v.verdict === 'on_wb' ? (v.underModeration ? 'on_wb, moderating' : 'on_wb') : v.verdict;
const all = (verdict: Label): Row[3] => [verdict, verdict, verdict, verdict, verdict];
/** Only a request that may have carried the text can be what WB shows for it. */
const afterRequest = (before: Label, after: Label): Row[3] => [before, before, before, after, after];

const facts = (kind: ReplyKind, column: (typeof COLUMNS)[number], over: Partial<ReplyFacts> = {}): ReplyFacts => ({
  kind,
  state: column.state,
  text: OURS,
  sent_at: column.sent_at,
  wb_sent_at: null,
  created_at: CREATED,
  chat_baseline_id: kind === 'chat_message' && column.state !== 'queued' ? BASELINE : null,
  ...over,
});

const review = (answerText: string | null, answerState: string | null = answerText ? 'wbRu' : null): WbItemSeen => ({
  channel: 'review',
  answerText,
  answerState,
  itemState: 'wbRu',
});
const question = (answerText: string | null, itemState = answerText ? 'wbRu' : 'suppliersPortalSynch'): WbItemSeen => ({
  channel: 'question',
  answerText,
  answerState: null,
  itemState,
});

function checkTable(rows: Row[]) {
  for (const [kind, shows, seen, verdicts] of rows) {
    COLUMNS.forEach((column, index) => {
      it(`${kind}, ${column.name}; WB shows ${shows} → ${verdicts[index]}`, () => {
        expect(label(replyVerdict(facts(kind, column), seen))).toBe(verdicts[index]);
      });
    });
  }
}

describe('replyVerdict: review answers and edits', () => {
  checkTable([
    ['answer', 'no answer', review(null), all('not_on_wb')],
    ['answer', 'our text', review(OURS), all('on_wb')],
    ['answer', 'our text, whitespace normalised', review(`  ${OURS.replace(' ', '\n ')} `), all('on_wb')],
    // A review answer WB holds for moderation: sent and waiting, never sent again.
    ['answer', 'our text under moderation', review(OURS, 'reviewRequired'), all('on_wb, moderating')],
    // The drift (issue 8): the old dispatcher required `sending`, the old reconcile anything but
    // `queued`; both took WB's rejection of an earlier send of the same text (before «Повторить»)
    // for a retry that never went out ("sending, no request yet") and failed it again.
    [
      'answer',
      'our text rejected on moderation',
      review(OURS, 'rejected'),
      afterRequest('not_on_wb', 'rejected_on_moderation'),
    ],
    ['answer', 'another answer', review(OTHER), all('someone_else_answered')],
    ['answer', 'another answer under moderation', review(OTHER, 'reviewRequired'), all('someone_else_answered')],
    // Rejected, the other answer is shown to nobody: the review needs ours.
    ['answer', 'another answer rejected on moderation', review(OTHER, 'rejected'), all('not_on_wb')],
    // An edit replaces the answer WB shows: that one is not "someone else's".
    ['edit', 'the answer being replaced', review(OTHER), all('not_on_wb')],
    ['edit', 'no answer', review(null), all('not_on_wb')],
    ['edit', 'our text', review(OURS), all('on_wb')],
    ['edit', 'our text under moderation', review(OURS, 'reviewRequired'), all('on_wb, moderating')],
    [
      'edit',
      'our text rejected on moderation',
      review(OURS, 'rejected'),
      afterRequest('not_on_wb', 'rejected_on_moderation'),
    ],
  ]);
});

describe('replyVerdict: question answers, edits and rejections', () => {
  checkTable([
    ['answer', 'no answer', question(null), all('not_on_wb')],
    ['answer', 'our text', question(OURS), all('on_wb')],
    ['answer', 'another answer', question(OTHER), all('someone_else_answered')],
    // Rejected in the portal meanwhile: WB shows the rejection text, not our answer.
    ['answer', 'a rejection', question(OTHER, 'none'), all('someone_else_answered')],
    ['edit', 'the answer being replaced', question(OTHER), all('not_on_wb')],
    ['edit', 'our text', question(OURS), all('on_wb')],
    ['reject', 'nothing', question(null), all('not_on_wb')],
    ['reject', 'our rejection', question(OURS, 'none'), all('on_wb')],
    // Rejected by anyone is what the seller asked for.
    ['reject', 'another rejection', question(OTHER, 'none'), all('on_wb')],
    ['reject', 'an answer', question(OTHER), all('someone_else_answered')],
  ]);
});

describe('replyVerdict: chat messages', () => {
  const message = (over: Partial<SeenChatMessage> = {}): SeenChatMessage => ({
    id: BASELINE + 1,
    externalId: 'evt-1',
    sender: 'seller',
    text: OURS,
    sentAt: '2026-03-01T12:00:02.000Z',
    matchedToOtherReply: false,
    ...over,
  });
  const chat = (messages: SeenChatMessage[], feedReadPastSend = false): WbChatSeen => ({
    channel: 'chat',
    messages,
    feedReadPastSend,
  });
  // A chat is a conversation: an equal text is ours only after a request that may have carried it.
  const found = afterRequest('not_on_wb', 'on_wb');
  const notFound = afterRequest('not_on_wb', 'unknown');

  checkTable([
    ['chat_message', 'nothing, the feed not known to cover the send', chat([]), notFound],
    ['chat_message', 'nothing, the feed read to its end past the send', chat([], true), all('not_on_wb')],
    ['chat_message', 'our text from the seller after the send', chat([message()]), found],
    ['chat_message', 'our text, whitespace normalised', chat([message({ text: `${OURS} ` })]), found],
    ['chat_message', 'our text written by the buyer', chat([message({ sender: 'client' })]), notFound],
    // The seller wrote the same text in the WB portal before the row went `sending`.
    [
      'chat_message',
      'our text, older than the chat baseline',
      chat([message({ id: BASELINE })], true),
      all('not_on_wb'),
    ],
    // Our clock may be off by minutes: 10 minutes before the send still counts.
    [
      'chat_message',
      'our text 9 minutes before the send (clock skew)',
      chat([message({ sentAt: '2026-03-01T11:51:00.000Z' })]),
      found,
    ],
    [
      'chat_message',
      'our text 11 minutes before the send',
      chat([message({ sentAt: '2026-03-01T11:49:00.000Z' })]),
      notFound,
    ],
    // One WB message confirms one reply: the same text queued twice needs two messages.
    [
      'chat_message',
      'our text already matched to another reply',
      chat([message({ matchedToOtherReply: true })]),
      notFound,
    ],
    ['chat_message', 'another text', chat([message({ text: 'Здравствуйте!' })], true), all('not_on_wb')],
  ]);

  const sent = facts('chat_message', COLUMNS[3]);

  it('the earliest matching message is ours, the later one is left for another reply', () => {
    const verdict = replyVerdict(
      sent,
      chat([
        message({ id: 105, externalId: 'evt-late', sentAt: '2026-03-01T12:00:09.000Z' }),
        message({ id: 103, externalId: 'evt-early' }),
      ]),
    );
    expect(verdict).toEqual({ verdict: 'on_wb', underModeration: false, wbEventId: 'evt-early' });
  });

  it('with WB’s own send time, the window starts a minute before it, not 10 minutes before ours', () => {
    const wbTimed = { ...sent, wb_sent_at: '2026-03-01T12:05:00.000Z' };
    expect(label(replyVerdict(wbTimed, chat([message({ sentAt: '2026-03-01T12:03:30.000Z' })])))).toBe('unknown');
    expect(label(replyVerdict(wbTimed, chat([message({ sentAt: '2026-03-01T12:04:30.000Z' })])))).toBe('on_wb');
  });

  it('a message found counts even while the feed is not known to cover the send', () => {
    expect(replyVerdict(sent, chat([message()], false))).toMatchObject({ verdict: 'on_wb', wbEventId: 'evt-1' });
  });
});

describe('replyVerdict: what it carries and what it refuses', () => {
  it('someone else’s answer comes with WB’s text', () => {
    expect(replyVerdict(facts('answer', COLUMNS[0]), review(OTHER))).toEqual({
      verdict: 'someone_else_answered',
      wbAnswer: OTHER,
    });
  });

  it('a kind judged by another channel’s view is a programming error', () => {
    expect(() => replyVerdict(facts('chat_message', COLUMNS[3]), review(OURS))).toThrow(/chat_message/);
    expect(() =>
      replyVerdict(facts('answer', COLUMNS[3]), { channel: 'chat', messages: [], feedReadPastSend: true }),
    ).toThrow(/answer/);
  });
});

describe('one rule, two sources: WB’s live item and what the sync stored of it give the same verdict', () => {
  const NOW = new Date('2026-03-01T12:10:00.000Z');
  const feedback = (answer: WbFeedback['answer']): WbFeedback => ({
    id: 'fb-1',
    text: 'Хорошие кеды',
    pros: '',
    cons: '',
    productValuation: 5,
    createdDate: '2026-02-28T10:00:00Z',
    answer,
    state: answer ? 'wbRu' : 'none',
  });
  const wbQuestion = (answer: WbQuestion['answer'], state: string): WbQuestion => ({
    id: 'q-1',
    text: 'Какой размер?',
    createdDate: '2026-02-28T10:00:00Z',
    answer,
    state,
  });
  const items: [name: string, kind: ReplyKind, item: WbFeedback | WbQuestion, channel: 'review' | 'question'][] = [
    ['a review without an answer', 'answer', feedback(null), 'review'],
    ['our review answer, shown', 'answer', feedback({ text: OURS, state: 'wbRu', editable: true }), 'review'],
    [
      'our review answer under moderation',
      'answer',
      feedback({ text: OURS, state: 'reviewRequired', editable: false }),
      'review',
    ],
    [
      'our review answer rejected on moderation',
      'answer',
      feedback({ text: OURS, state: 'rejected', editable: false }),
      'review',
    ],
    [
      'another review answer rejected on moderation',
      'answer',
      feedback({ text: OTHER, state: 'rejected', editable: false }),
      'review',
    ],
    ['another review answer', 'answer', feedback({ text: OTHER, state: 'wbRu', editable: true }), 'review'],
    ['a blank review answer', 'answer', feedback({ text: '  ', state: 'wbRu', editable: true }), 'review'],
    ['another review answer, for an edit', 'edit', feedback({ text: OTHER, state: 'wbRu', editable: true }), 'review'],
    ['a question rejected', 'reject', wbQuestion({ text: OTHER }, 'none'), 'question'],
    ['a question answered', 'reject', wbQuestion({ text: OTHER }, 'wbRu'), 'question'],
    ['a question answered, for an answer', 'answer', wbQuestion({ text: OURS }, 'wbRu'), 'question'],
    ['a new question', 'answer', wbQuestion(null, 'suppliersPortalSynch'), 'question'],
  ];
  for (const [name, kind, item, channel] of items) {
    it(name, () => {
      // The columns the sync writes for this item (sync/interaction-writer.ts stores them as they are).
      const row =
        channel === 'review'
          ? normaliseFeedback(item as WbFeedback, item, true, NOW)
          : normaliseQuestion(item as WbQuestion, item, true, NOW);
      const stored = {
        channel: row.channel,
        last_reply_text: row.last_reply_text ?? null,
        wb_state: row.wb_state ?? null,
        raw_json: row.raw_json ?? '{}',
      };
      for (const column of COLUMNS) {
        const reply = facts(kind, column);
        expect(replyVerdict(reply, itemSeenInSync(stored)), column.name).toEqual(
          replyVerdict(reply, itemSeenOnWb(channel, item)),
        );
      }
    });
  }
});
