/**
 * Whole-word phrase matching for Russian text.
 *
 * JS `\b` only knows ASCII word characters, so «бот» would "match" inside «работа» and any
 * Cyrillic word would lack boundaries. We use Unicode lookarounds instead, and fold ё into е
 * (sellers and buyers use both) — a 1:1 code-unit swap, so match offsets stay valid for the
 * original text.
 */

/** Letters or digits glued to a match mean it is part of a longer word. */
const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{N}])';

/** Fold ё/Ё into е/Е without changing the string length. */
export function foldYo(text: string): string {
  return text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

/**
 * Compile a phrase pattern (written in lower case with «е», spaces between words) into a global,
 * case-insensitive, Unicode regex bounded on both sides by non-letters. A space in the source
 * stands for any run of whitespace, so «вернем  деньги» or a line break between words still matches.
 */
export function compileWordPattern(source: string, caseSensitive = false): RegExp {
  const spaced = source.replace(/ /g, '\\s+');
  return new RegExp(`${WORD_START}(?:${spaced})${WORD_END}`, caseSensitive ? 'gu' : 'giu');
}

export interface WordMatch {
  start: number;
  end: number;
  /** The matched text as written in the original (with ё if it had one). */
  phrase: string;
}

/** Every non-overlapping match of `pattern` in `text`, after ё-folding. */
export function findWordMatches(text: string, pattern: RegExp): WordMatch[] {
  const folded = foldYo(text);
  const found: WordMatch[] = [];
  for (const m of folded.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    found.push({ start, end, phrase: text.slice(start, end) });
  }
  return found;
}

/** Whether any of the patterns occurs in the text as a whole word or phrase. */
export function containsAnyWord(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => findWordMatches(text, p).length > 0);
}
