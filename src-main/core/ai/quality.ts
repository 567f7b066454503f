import { foldYo } from '../replies/word-match';

export type ReplyOrigin = 'draft_accepted' | 'draft_edited' | 'reply_manual';

/** Thresholds on the share of the longer text that was changed. */
const ACCEPTED_MAX = 0.05;
const EDITED_MAX = 0.6;

/** Case, ё and whitespace changes are not edits a seller made to the meaning. */
function normalise(text: string): string {
  return foldYo(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Levenshtein distance in O(min(a, b)) memory: common prefix and suffix are skipped first (a
 * typical edit touches a few words of a long draft), then one row of the DP table is kept.
 */
export function levenshtein(a: string, b: string): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  let s = a.slice(start, endA);
  let t = b.slice(start, endB);
  if (s.length < t.length) [s, t] = [t, s];
  if (t.length === 0) return s.length;

  const row = new Uint32Array(t.length + 1);
  for (let j = 0; j <= t.length; j += 1) row[j] = j;
  for (let i = 1; i <= s.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    const sc = s.charCodeAt(i - 1);
    for (let j = 1; j <= t.length; j += 1) {
      const above = row[j]!;
      const cost = sc === t.charCodeAt(j - 1) ? 0 : 1;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[t.length]!;
}

/** Share of the longer (normalised) text that differs, 0..1. */
export function editRatio(draft: string, sent: string): number {
  const a = normalise(draft);
  const b = normalise(sent);
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : levenshtein(a, b) / longest;
}

/** How a sent reply relates to the draft the seller was offered (analytics: draft quality). */
export function classifySentReply(draftText: string | null, sentText: string): ReplyOrigin {
  if (draftText == null || draftText.trim() === '') return 'reply_manual';
  const ratio = editRatio(draftText, sentText);
  if (ratio <= ACCEPTED_MAX) return 'draft_accepted';
  if (ratio <= EDITED_MAX) return 'draft_edited';
  return 'reply_manual';
}
