import { AVITO_CHANNEL, type Channel, type InboxChannel } from '../../../src-shared/domain/interaction';
import { ALLOWED_LINK, PHRASES, type PhraseCategory } from './guardrail-phrases';
import { defaultReplyKind, lengthLimitFor, replyLength, type ReplyKind } from '../../../src-shared/domain/reply-limits';
import { compileWordPattern, findWordMatches } from './word-match';
import { coreMessage, type GuardrailMessage } from '../../../src-shared/messages/catalog';

export type { ReplyKind } from '../../../src-shared/domain/reply-limits';
export type ViolationCategory = PhraseCategory | 'length';
export type Severity = 'block' | 'warn';

export interface Violation {
  category: ViolationCategory;
  /** The offending text as the seller wrote it ('' for an empty reply). */
  phrase: string;
  severity: Severity;
  /** UTF-16 offsets into the checked text, end exclusive — ready for highlighting. */
  span: [number, number];
  /** What is wrong, naming the phrase (worded by src-shared/messages). */
  message: GuardrailMessage;
}

export interface ReplyCheck {
  violations: Violation[];
  blocked: boolean;
}

export interface ReplyCheckInput {
  /** An Avito chat is checked as a WB chat: private, 1000 characters (CONTRACT §2.4), the same phrases. */
  channel: InboxChannel;
  text: string;
  kind?: ReplyKind;
}

/**
 * DESIGN §5: review and question answers are public and permanent, so everything risky blocks;
 * a chat is private and a seller sometimes has to talk about refunds there, so only AI mentions
 * (forbidden by WB everywhere) block. An unsolicited return suggestion is a judgement call: warn.
 */
const POLICY: Record<Channel, Record<PhraseCategory, Severity>> = {
  review: {
    ai_mention: 'block',
    promise: 'block',
    blame: 'block',
    dismissive: 'block',
    return_suggestion: 'warn',
    contact: 'block',
  },
  question: {
    ai_mention: 'block',
    promise: 'block',
    blame: 'block',
    dismissive: 'block',
    return_suggestion: 'warn',
    contact: 'block',
  },
  chat: {
    ai_mention: 'block',
    promise: 'warn',
    blame: 'warn',
    dismissive: 'warn',
    return_suggestion: 'warn',
    contact: 'warn',
  },
};

/**
 * The phrase rules as regexes, compiled on the first check, not at load: the Unicode word-boundary
 * patterns cost ~10 ms to build, and a command that never checks a reply (`agentiq stats`) should
 * not pay it (issue 10 item 4).
 */
let compiled: { category: PhraseCategory; patterns: RegExp[] }[] | undefined;
const compiledRules = () =>
  (compiled ??= (Object.keys(PHRASES) as PhraseCategory[]).map((category) => ({
    category,
    patterns: PHRASES[category].map((rule) => compileWordPattern(rule.source, rule.caseSensitive)),
  })));

/** Check a reply before it is queued; `blocked` means the send must be refused. */
export function checkReply(input: ReplyCheckInput): ReplyCheck {
  const channel: Channel = input.channel === AVITO_CHANNEL ? 'chat' : input.channel;
  const violations = [...lengthViolations({ ...input, channel }), ...phraseViolations(channel, input.text)];
  violations.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  return { violations, blocked: violations.some((v) => v.severity === 'block') };
}

function phraseViolations(channel: Channel, text: string): Violation[] {
  const out: Violation[] = [];
  for (const { category, patterns } of compiledRules()) {
    const matches = patterns
      .flatMap((pattern) => findWordMatches(text, pattern))
      .filter((m) => category !== 'contact' || !ALLOWED_LINK.test(m.phrase))
      // Longest first at the same start, so «бесплатно заменим» wins over «заменим».
      .sort((a, b) => a.start - b.start || b.end - a.end);
    let coveredTo = -1;
    for (const m of matches) {
      // One violation per stretch of text: overlapping rules of a category would only repeat it.
      if (m.start < coveredTo) continue;
      coveredTo = m.end;
      const severity = POLICY[channel][category];
      out.push({
        category,
        phrase: m.phrase,
        severity,
        span: [m.start, m.end],
        message: coreMessage('guardrail_phrase', { rule: category, phrase: m.phrase }),
      });
    }
  }
  return out;
}

function lengthViolations({ channel, text, kind }: ReplyCheckInput & { channel: Channel }): Violation[] {
  const limit = lengthLimitFor(kind ?? defaultReplyKind(channel));
  const trimmed = text.trim();
  const length = replyLength(trimmed);
  const lead = text.length - text.trimStart().length;
  if (length === 0) {
    return [
      {
        category: 'length',
        phrase: '',
        severity: 'block',
        span: [0, text.length],
        message: coreMessage('reply_empty'),
      },
    ];
  }
  if (length < limit.min) {
    return [
      {
        category: 'length',
        phrase: trimmed,
        severity: 'block',
        span: [lead, lead + trimmed.length],
        message: coreMessage('reply_too_short', { text: trimmed, min: limit.min }),
      },
    ];
  }
  if (length > limit.max) {
    // Point at the overflow: the part WB would refuse.
    const overflowStart = lead + [...trimmed].slice(0, limit.max).join('').length;
    return [
      {
        category: 'length',
        phrase: trimmed.slice(overflowStart - lead),
        severity: 'block',
        span: [overflowStart, lead + trimmed.length],
        message: coreMessage('reply_too_long', { length, max: limit.max }),
      },
    ];
  }
  return [];
}
