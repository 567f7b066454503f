import { newStemmer } from 'snowball-stemmers';

/**
 * "Similar issue text" (DESIGN §6, +0.20), kept cheap and explainable: two texts are similar when
 * they name the same problem topic (a short list of Russian word roots per topic: defect, size,
 * wrong item, colour, smell, damage in delivery, return or exchange, quality after use, delivery time), or
 * when they share at least two content word stems (Snowball Russian stemmer) that make up a
 * quarter of the shorter text's stems. Greetings and filler words never count.
 */

const stemmer = newStemmer('russian');

/** Topic -> word roots; a word belongs to a topic when it starts with one of the roots (after ё -> е). */
const TOPIC_ROOTS: Record<string, string[]> = {
  defect: [
    'брак',
    'дефект',
    'слома',
    'сломан',
    'лома',
    'порва',
    'порван',
    'дыр',
    'трещин',
    'треснул',
    'не работ',
    'отвалил',
    'отклеил',
  ],
  size: [
    'размер',
    'маломер',
    'большемер',
    'мал ',
    'мала',
    'мало ',
    'велик',
    'тесн',
    'узк',
    'широк',
    'коротк',
    'длинн',
    'сел после',
    'село после',
  ],
  wrong_item: ['не тот', 'не та ', 'не то ', 'перепута', 'прислали друг', 'пришел друг', 'пришла друг'],
  color: ['цвет', 'оттен', 'желтизн', 'пожелт', 'полиня', 'линя'],
  smell: ['запах', 'пахнет', 'воня', 'вонь'],
  damage: ['помят', 'помнет', 'разбит', 'разобьет', 'поврежд', 'раздавл', 'царапин', 'поцарапа', 'упаков'],
  return: ['возврат', 'вернут', 'вернул', 'вернуть', 'обмен', 'деньги верн'],
  quality: ['качеств', 'катышк', 'нитк', 'шов', 'швы', 'облез', 'стерл'],
  delivery: ['доставк', 'отправк', 'когда прид', 'задерж', 'не приш', 'не доставл', 'пункт выдачи'],
};

/** Words that say nothing about the issue (greetings, politeness, pronouns, the seller's filler). */
const STOP = new Set(
  [
    'здравствуйте',
    'добрый',
    'день',
    'вечер',
    'утро',
    'спасибо',
    'пожалуйста',
    'подскажите',
    'скажите',
    'можно',
    'очень',
    'товар',
    'товара',
    'заказ',
    'заказа',
    'вопрос',
    'который',
    'которая',
    'это',
    'этот',
    'эта',
    'есть',
    'было',
    'была',
    'были',
    'будет',
    'меня',
    'мне',
    'вас',
    'вам',
    'всё',
    'все',
    'как',
    'что',
    'так',
    'где',
    'когда',
    'или',
    'для',
    'при',
    'без',
    'уже',
    'еще',
    'ещё',
    'только',
    'тоже',
    'просто',
    'вообще',
    'хочу',
  ].map((w) => w.replace(/ё/g, 'е')),
);

export interface IssueProfile {
  /** Problem topics the text names (keys of TOPIC_ROOTS). */
  topics: Set<string>;
  /** Content word stems (4+ letters before stemming, not stop words). */
  stems: Set<string>;
}

const EMPTY: IssueProfile = { topics: new Set(), stems: new Set() };

export function issueProfile(text: string): IssueProfile {
  const folded = text.toLowerCase().replace(/ё/g, 'е');
  if (!folded.trim()) return EMPTY;
  // Spaces around the text so roots written with a trailing space ("мал ") match a whole word at the end.
  const spaced = ` ${folded.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const topics = new Set<string>();
  for (const [topic, roots] of Object.entries(TOPIC_ROOTS))
    if (roots.some((root) => spaced.includes(` ${root}`))) topics.add(topic);
  const stems = new Set<string>();
  for (const word of spaced.split(' ')) {
    if (word.length < 4 || STOP.has(word) || /^\d+$/.test(word)) continue;
    stems.add(stemmer.stem(word));
  }
  return { topics, stems };
}

/** Whether two texts describe the same issue, and the shared evidence (topics first, else stems). */
export function similarIssue(a: IssueProfile, b: IssueProfile): boolean {
  for (const topic of a.topics) if (b.topics.has(topic)) return true;
  const [small, large] = a.stems.size <= b.stems.size ? [a.stems, b.stems] : [b.stems, a.stems];
  if (small.size === 0) return false;
  let shared = 0;
  for (const stem of small) if (large.has(stem)) shared += 1;
  return shared >= 2 && shared / small.size >= 0.25;
}
