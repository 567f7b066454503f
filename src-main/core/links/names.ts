/**
 * A buyer's name as WB shows it (review `userName`, chat `clientName`), normalised for comparison:
 * lower case, ё -> е, punctuation and extra spaces dropped, an initial kept as its letter, words
 * sorted so «Иванова Анна» equals «Анна Иванова». Placeholder names WB shows for hidden buyers
 * give null: they never match. A name alone never links two items (DESIGN §6).
 */
const PLACEHOLDERS = new Set(['покупатель', 'пользователь', 'клиент', 'аноним', 'buyer', 'user']);

export function normaliseName(name: string | null | undefined): string | null {
  if (!name) return null;
  const words = name
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0 || words.every((w) => PLACEHOLDERS.has(w))) return null;
  return words.sort().join(' ');
}
