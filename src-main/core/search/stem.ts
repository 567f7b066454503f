import { newStemmer } from 'snowball-stemmers';

/**
 * Word forms for search (issue 9 item 6). better-sqlite3 cannot register a JavaScript FTS5
 * tokenizer, so the core stems text itself: the index holds stems (search-index.ts) and a query
 * is stemmed the same way (search-query.ts), so «размеры» finds «размер», «маломерят» finds
 * «маломерит». Snowball only strips endings: it does not join different roots (запах / пахнет).
 */
const russian = newStemmer('russian');
const english = newStemmer('english');

/** A word of a text: letters, digits and combining marks (an NFD «й» stays one word). */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN_ONLY = /^[a-z]+$/;
const MARKS = /\p{M}/gu;
const MARKS_BUT_BREVE = /(?!\u0306)\p{M}/gu;

/** Most words repeat across reviews: a bounded cache makes stemming a map lookup. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/**
 * One word's search form: lower case, ё as е, accents and stress marks dropped, then the Russian
 * stem for Cyrillic words, the English stem for Latin ones; digits and mixed words stay as they are
 * (артикулы, sizes). The result only has letters and digits, so it is always a safe FTS5 token.
 */
export function stemWord(word: string): string {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const lower = word.toLowerCase();
  let stem: string;
  if (CYRILLIC.test(lower)) {
    // Marks dropped but the breve, so ё becomes е and stress marks go while й stays й.
    const plain = lower.normalize('NFD').replace(MARKS_BUT_BREVE, '').normalize('NFC');
    stem = russian.stem(plain) || plain;
  } else {
    const plain = lower.normalize('NFD').replace(MARKS, '');
    stem = LATIN_ONLY.test(plain) ? english.stem(plain) || plain : plain;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stem);
  return stem;
}

/** A word of a text with its place in that text (UTF-16 offsets, `[start, end)`). */
export interface StemmedToken {
  start: number;
  end: number;
  stem: string;
}

export function stemTokens(text: string): StemmedToken[] {
  const tokens: StemmedToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const stem = stemWord(match[0]);
    if (stem) tokens.push({ start: match.index, end: match.index + match[0].length, stem });
  }
  return tokens;
}

/** The text as the index stores it: its stems, space-separated, in order (phrases stay adjacent). */
export function stemmedText(text: string | null | undefined): string {
  if (!text) return '';
  const stems: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const stem = stemWord(match[0]);
    if (stem) stems.push(stem);
  }
  return stems.join(' ');
}
