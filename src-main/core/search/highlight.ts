import type { SearchHighlights, SearchSnippet, SnippetSource, TextRange } from '../../../src-shared/domain/search';
import type { SearchTerm } from './search-query';
import { stemTokens } from './stem';

/**
 * What a search matched, found in JavaScript for the rows a page shows (never the whole result):
 * each word of a text is stemmed as the index stems it (stem.ts) and compared with the query's
 * stems, so a highlighted word is exactly a word that made the row match.
 */
export function matchRanges(text: string | null | undefined, terms: SearchTerm[]): TextRange[] {
  if (!text || terms.length === 0) return [];
  const ranges: TextRange[] = [];
  for (const token of stemTokens(text)) {
    if (terms.some((term) => (term.prefix ? token.stem.startsWith(term.stem) : token.stem === term.stem)))
      ranges.push([token.start, token.end]);
  }
  return ranges;
}

/** The searchable texts of one interaction, in the order a snippet prefers them. */
export interface SearchableRow {
  text: string;
  pros: string | null;
  cons: string | null;
  productName: string | null;
  customerName: string | null;
  productArticle: string | null;
  /** Chat messages, oldest first. */
  messages: { id: number; text: string }[];
}

/** Characters of context a snippet shows before the first match, and its length at most. */
const LEAD = 40;
const LENGTH = 160;

/** The excerpt of a row's first matching text around its first match, or null when nothing matches. */
export function snippetFor(row: SearchableRow, terms: SearchTerm[]): SearchSnippet | null {
  const sources: { source: SnippetSource; messageId: number | null; text: string | null }[] = [
    // A chat's text is its last buyer message: its messages say it, with the message to point at.
    { source: 'text', messageId: null, text: row.messages.length > 0 ? null : row.text },
    { source: 'pros', messageId: null, text: row.pros },
    { source: 'cons', messageId: null, text: row.cons },
    // Newest message first: the one the seller is most likely looking for.
    ...[...row.messages].reverse().map((m) => ({ source: 'message' as const, messageId: m.id, text: m.text })),
    { source: 'product', messageId: null, text: row.productName },
    { source: 'customer', messageId: null, text: row.customerName },
    { source: 'article', messageId: null, text: row.productArticle },
  ];
  for (const { source, messageId, text } of sources) {
    const ranges = matchRanges(text, terms);
    if (text && ranges.length > 0) return { source, messageId, ...excerpt(text, ranges) };
  }
  return null;
}

/** Cuts `text` to about LENGTH characters around its first range, on word boundaries, with ellipses. */
function excerpt(text: string, ranges: TextRange[]): { text: string; ranges: TextRange[] } {
  const [first, firstEnd] = ranges[0]!;
  let start = 0;
  if (first > LEAD) {
    // Start at a word at most LEAD characters before the match.
    const space = text.indexOf(' ', first - LEAD);
    start = space !== -1 && space < first ? space + 1 : first;
  }
  let end = text.length;
  if (end - start > LENGTH) {
    const space = text.lastIndexOf(' ', start + LENGTH);
    end = space > firstEnd ? space : Math.max(firstEnd, start + LENGTH);
  }
  const prefix = start > 0 ? '…' : '';
  const shift = prefix.length - start;
  return {
    text: `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`,
    ranges: ranges.filter(([from, to]) => from >= start && to <= end).map(([from, to]) => [from + shift, to + shift]),
  };
}

/** Every match in one interaction's texts, for the detail pane. */
export function highlightsFor(row: SearchableRow, terms: SearchTerm[]): SearchHighlights {
  const messages: Record<number, TextRange[]> = {};
  for (const message of row.messages) {
    const ranges = matchRanges(message.text, terms);
    if (ranges.length > 0) messages[message.id] = ranges;
  }
  return {
    text: matchRanges(row.text, terms),
    pros: matchRanges(row.pros, terms),
    cons: matchRanges(row.cons, terms),
    productName: matchRanges(row.productName, terms),
    customerName: matchRanges(row.customerName, terms),
    messages,
  };
}
