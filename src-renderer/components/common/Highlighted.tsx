import type { ReactNode } from 'react';
import type { TextRange } from '../../../src-shared/domain/search';

/**
 * Text with the words a search matched wrapped in <mark>: built from the core's ranges
 * (UTF-16 offsets, sorted, not overlapping), as React text nodes — never HTML from the core.
 */
export function Highlighted({ text, ranges }: { text: string; ranges?: TextRange[] | undefined }) {
  if (!ranges || ranges.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > text.length || end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} data-testid="search-mark">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
