/**
 * What a search matched, for highlighting (issue 9 item 6). Offsets are JavaScript string
 * offsets (UTF-16 code units) into the text they belong to, `[start, end)`, sorted, never
 * overlapping: the renderer slices the text and wraps each range in <mark>, no HTML from the core.
 */
export type TextRange = [start: number, end: number];

/** Where a row's snippet comes from. */
export type SnippetSource = 'text' | 'pros' | 'cons' | 'message' | 'product' | 'customer' | 'article';

/** A short excerpt around the first match of a search in one row, with the matched words. */
export interface SearchSnippet {
  source: SnippetSource;
  /** The chat message the excerpt is from (source `message`), else null. */
  messageId: number | null;
  text: string;
  ranges: TextRange[];
}

/** The matched words in every searchable text of one interaction (the detail pane). */
export interface SearchHighlights {
  text: TextRange[];
  pros: TextRange[];
  cons: TextRange[];
  productName: TextRange[];
  customerName: TextRange[];
  /** By chat message id; messages without a match are absent. */
  messages: Record<number, TextRange[]>;
}
