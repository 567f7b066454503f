import { compileWordPattern } from '../replies/word-match';

const W = '\\p{L}*';

/**
 * Words that mean a 4–5★ review still has a complaint in it. Auto-replies are sent without a human
 * look, so the list errs towards catching too much: «не разочаровал» also trips «разочаров», and
 * that review simply waits for the seller.
 */
export const NEGATIVE_SIGNALS: readonly RegExp[] = [
  `брак${W}|бракован${W}|дефект${W}|сломал${W}|сломан${W}|слома${W}|трещин${W}|порван${W}|поврежд${W}|дыр(?:а|ы|у|ой|ка|ки|ку|очка|очки)`,
  `не работает|не работал${W}|не включа${W}|не заряжа${W}|перестал${W}`,
  `возврат${W}|вернул${W}|вернуть|верну|обмен${W}`,
  `разочарова${W}|разочарован${W}|ужас${W}|кошмар${W}|отвратительн${W}|плох${W}|хуже|ужасн${W}|некачествен${W}|жаль|к сожалению|обман${W}|подделк${W}|подделан${W}|фальшив${W}`,
  `не соответству${W}|не соответствие|несоответств${W}|не совпада${W}|не подош${W}|не подходит|не понравил${W}|не советую|не рекомендую|не берите|не покупайте`,
  `маломер${W}|большемер${W}|мал(?:о|а|ы)?|велик(?:о|а|и)?`,
  `(?:пришел|пришла|пришло|пришли|прислали) не (?:тот|та|то|те|того|ту)|не тот (?:цвет|размер|товар)|пересорт${W}`,
  `запах${W}|воня${W}|вонюч${W}|катышк${W}|линя${W}|полиня${W}|растянул${W}|село после|сел после`,
].map((source) => compileWordPattern(source));

/**
 * Cons that say "no cons": «нет», «-», «всё отлично», «не нашла». Buyers fill the field because
 * WB asks for it; the whole answer is compared (after folding case, ё and trailing punctuation),
 * so a real complaint that merely starts with «нет» is still read by the word list.
 */
const NO_CONS =
  /^(?:нет|нету|нет минусов|минусов нет|без минусов|не нашл[аои]?|не нашел|не нашла минусов|не обнаружил[аи]?|не выявлен[оы]?|отсутствуют|пока нет|пока не нашл[аи]|все отлично|все хорошо|все супер|все ок|ок|никаких|нет недостатков|недостатков нет|-+|—|–|0|\.+)$/u;

export function isNoCons(cons: string): boolean {
  const normalised = cons
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[!.,)(:;]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
  return normalised === '' || NO_CONS.test(normalised);
}
