import type { ReplyViolationView } from '../../src-shared/domain/outbox';
import { messageText } from './message-text';

export interface GuardMark {
  start: number;
  end: number;
  severity: 'block' | 'warn';
  reason: string;
}

/** Word-based findings, plus the overflow past the length limit; an empty or short text is not a word to mark. */
export function marksOf(text: string, violations: ReplyViolationView[]): GuardMark[] {
  const marks: GuardMark[] = [];
  let coveredTo = 0;
  for (const violation of [...violations].sort((a, b) => a.span[0] - b.span[0])) {
    const [start, end] = violation.span;
    if (violation.category === 'length' && violation.message.code !== 'reply_too_long') continue;
    if (start < coveredTo || end > text.length || start >= end) continue;
    coveredTo = end;
    const reason = `${violation.severity === 'block' ? 'Нельзя отправить' : 'Проверьте'}: ${messageText(violation.message)}`;
    marks.push({ start, end, severity: violation.severity, reason });
  }
  return marks;
}
