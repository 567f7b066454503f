/** Russian plural forms: `plural(3, ['ответ', 'ответа', 'ответов'])` → «ответа». */
export function plural(n: number, [one, few, many]: readonly [string, string, string]): string {
  const abs = Math.abs(Math.trunc(n));
  const lastTwo = abs % 100;
  const last = abs % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

const grouped = new Intl.NumberFormat('ru-RU');

/** «3 400», «12 000»: thousands grouped with a no-break space, as Russian writes them. */
export const formatCount = (n: number): string => grouped.format(n).replace(/\s/g, '\u00a0');

/** «3 ответа»: the count and its word. */
export const countOf = (n: number, forms: readonly [string, string, string]): string =>
  `${formatCount(n)} ${plural(n, forms)}`;

export const REPLY_FORMS = ['ответ', 'ответа', 'ответов'] as const;
export const DAY_FORMS = ['день', 'дня', 'дней'] as const;
