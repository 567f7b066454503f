import { stemWord } from './stem';

/** One stem to look for; `prefix` for the last typed word (the seller may still be typing it). */
export interface SearchTerm {
  stem: string;
  prefix: boolean;
}

export interface ParsedSearch {
  /** The FTS5 query over the stemmed index (search-index.ts): quoted stems only, never syntax. */
  match: string;
  terms: SearchTerm[];
}

/**
 * A typed group of words: words joined by a hyphen, slash or dot («42-44», «темно-синий», «1.5»)
 * are searched as a phrase, so «42-44» does not find «42» and «44» far apart.
 */
const GROUP = /[\p{L}\p{N}\p{M}]+(?:[-‐‑–/.][\p{L}\p{N}\p{M}]+)*/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Enough for any real search; bounds the work of a pasted paragraph. */
const MAX_GROUPS = 12;

/**
 * What the seller typed -> a safe FTS5 query: every word stemmed (stem.ts) and quoted, groups
 * ANDed, the last word matched as a stem prefix. Quotes, operators (AND, NEAR, *, :, ^) and
 * symbols are not syntax here: they either become quoted words or are dropped. Null when
 * nothing searchable is left.
 */
export function parseSearch(search: string | undefined): ParsedSearch | null {
  const groups: string[][] = [];
  for (const group of (search ?? '').matchAll(GROUP)) {
    const stems = [...group[0].matchAll(WORD)].map((word) => stemWord(word[0])).filter((stem) => stem.length > 0);
    if (stems.length > 0) groups.push(stems);
    if (groups.length === MAX_GROUPS) break;
  }
  if (groups.length === 0) return null;
  const match = groups.map((stems, index) => `"${stems.join(' ')}"${index === groups.length - 1 ? '*' : ''}`).join(' ');
  const terms = groups.flatMap((stems, groupIndex) =>
    stems.map((stem, index) => ({
      stem,
      prefix: groupIndex === groups.length - 1 && index === stems.length - 1,
    })),
  );
  return { match, terms };
}
