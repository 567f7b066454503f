import type { ReplyViolationView } from '../../../src-shared/domain/outbox';
import { messageText } from '../../lib/message-text';

const CONTEXT_CHARS = 32;

/** Guardrail findings next to the text: what is wrong, and where — the phrase marked in its sentence. */
export function ViolationList({ text, violations }: { text: string; violations: ReplyViolationView[] }) {
  if (violations.length === 0) return null;
  return (
    <ul className="violations" aria-live="polite">
      {violations.map((violation) => (
        <li
          key={`${violation.category}-${violation.span[0]}-${violation.span[1]}`}
          className={`violation violation-${violation.severity}`}
          data-testid="reply-violation"
          data-severity={violation.severity}
          data-category={violation.category}
        >
          <span className="violation-kind">{violation.severity === 'block' ? 'Нельзя отправить' : 'Проверьте'}</span>
          <span className="violation-message">{messageText(violation.message)}</span>
          {violation.category !== 'length' && violation.phrase && <Snippet text={text} span={violation.span} />}
        </li>
      ))}
    </ul>
  );
}

function Snippet({ text, span }: { text: string; span: [number, number] }) {
  const [start, end] = span;
  // A span from an older check may not fit the text any more; better no snippet than a wrong one.
  if (start < 0 || end > text.length || start >= end) return null;
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, end + CONTEXT_CHARS);
  return (
    <span className="violation-snippet">
      {from > 0 && '…'}
      {text.slice(from, start)}
      <mark>{text.slice(start, end)}</mark>
      {text.slice(end, to)}
      {to < text.length && '…'}
    </span>
  );
}
