import { forwardRef, useRef, useState, type MouseEvent, type ReactNode, type TextareaHTMLAttributes } from 'react';
import type { ReplyViolationView } from '../../../src-shared/domain/outbox';
import { marksOf } from '../../lib/guard-marks';
import '../../styles/detail.css';

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  value: string;
  /** The check of exactly this text (an older check's spans may not fit it: then nothing is marked). */
  violations: ReplyViolationView[];
};

/**
 * The composer's textarea with the guardrails' findings underlined on the words themselves. The
 * textarea stays one plain element (focus, keys and typing untouched); under it a mirror with the
 * same box and font draws the marks, and hovering a marked word shows its reason.
 */
export const GuardedTextarea = forwardRef<HTMLTextAreaElement, Props>(function GuardedTextarea(
  { value, violations, onScroll, onMouseMove, onMouseLeave, ...rest },
  ref,
) {
  const mirror = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);
  const marks = marksOf(value, violations);

  const hover = (event: MouseEvent<HTMLTextAreaElement>) => {
    onMouseMove?.(event);
    const box = field.current?.getBoundingClientRect();
    const found = [...(mirror.current?.querySelectorAll('mark') ?? [])].find((mark) =>
      [...mark.getClientRects()].some(
        (r) =>
          event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom,
      ),
    );
    if (!found || !box) return setTip(null);
    const rect = found.getBoundingClientRect();
    setTip({ text: found.dataset.reason ?? '', x: rect.left - box.left, y: rect.bottom - box.top + 4 });
  };

  const parts: ReactNode[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start > at) parts.push(<span key={`t${at}`}>{value.slice(at, mark.start)}</span>);
    parts.push(
      <mark
        key={`m${mark.start}`}
        className={`guard-${mark.severity}`}
        data-testid="guard-mark"
        data-severity={mark.severity}
        data-reason={mark.reason}
        title={mark.reason}
      >
        {value.slice(mark.start, mark.end)}
      </mark>,
    );
    at = mark.end;
  }
  // The trailing space keeps a final line break as tall in the mirror as in the textarea.
  parts.push(<span key={`t${at}`}>{`${value.slice(at)} `}</span>);

  return (
    <div className="reply-field" ref={field}>
      <div className="reply-mirror" ref={mirror} aria-hidden="true" data-testid="reply-mirror">
        {parts}
      </div>
      <textarea
        {...rest}
        ref={ref}
        value={value}
        onScroll={(event) => {
          if (mirror.current) mirror.current.scrollTop = event.currentTarget.scrollTop;
          onScroll?.(event);
        }}
        onMouseMove={marks.length > 0 ? hover : onMouseMove}
        onMouseLeave={(event) => {
          setTip(null);
          onMouseLeave?.(event);
        }}
      />
      {tip && (
        <div className="guard-tip" role="tooltip" data-testid="guard-tip" style={{ left: tip.x, top: tip.y }}>
          {tip.text}
        </div>
      )}
    </div>
  );
});
