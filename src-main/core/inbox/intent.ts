import type { QuestionIntent } from '../../../src-shared/domain/interaction';

/** An intent with how sure the rules are about it (0..1). */
export interface IntentGuess {
  intent: QuestionIntent;
  confidence: number;
}

type RuledIntent = Exclude<QuestionIntent, 'general'>;

/**
 * Keyword rules for buyer questions (DESIGN §6). Patterns are stems and short phrases, because
 * Russian inflects: «размер» covers «размера», «размеры», «размерной». Text is lowercased and «ё»
 * is read as «е» before matching. Weight 2 marks a signal that names the topic on its own
 * («маломерит», «в наличии», «совместим», «брак»); weight 1 is a hint that needs company.
 * The order of the intents breaks ties: a buyer who already has the item is served first, then
 * availability («когда будет 43 размер» is about stock), then sizing, specs, pre-purchase.
 */
const RULES: { intent: RuledIntent; patterns: [RegExp, number][] }[] = [
  {
    intent: 'post_purchase',
    patterns: [
      [/заказал|заказывал|заказ отменил|где (мой|наш) заказ/, 2],
      [/получил|получили|забрал[аи]? (из|в|с)|выкупил|приобрел|купил[аи]? (у вас|вчера|неделю)|купил /, 2],
      [/не пришл|не приш[её]л|пришл[аоиа]? |приш[её]л |прислали/, 2],
      [
        /брак|сломан|слома|не включает|не работает|перестал|не видит|отвалил|протек|теч[её]т|царапин|б\/у|облез|разош[её]л/,
        2,
      ],
      [/вернуть|возврат|вернул[аи]?|обменять|обмен/, 2],
      [/трек|отслежив|не довез|статус/, 2],
      [/не хватает|пустая коробк|другой артикул|не тот /, 2],
      [/деньги/, 1],
    ],
  },
  {
    intent: 'availability_delivery',
    patterns: [
      [/в наличи|наличие|налич/, 2],
      [/когда будет|будет ли ещ|будет ещ|будет ли .{0,30} в продаж/, 2],
      [/доставк|доставят|доставить|довез/, 2],
      [/привез|поступлен|поступит|пополнен|поставк|завоз/, 2],
      [/в продаж|появит|вернется в продаж/, 2],
      [/склад|отправк|отправля|пвз|пункт выдач/, 1],
      [/закончил|отсутству|ожида|под заказ|осталось/, 1],
      [/сколько (дней|идет|ехать|везти)|дней везти|долго ехать|успеет прийти|успеет/, 2],
    ],
  },
  {
    intent: 'sizing_fit',
    patterns: [
      [/маломер|большемер|в размер(?![а-я])|на размер (больше|меньше)/, 3],
      [/размер/, 1],
      [/размерн\w* сетк|сетк|таблиц/, 2],
      [/на какой рост|рост \d|на рост|рост(ом)? \d{2,3}|высокий рост/, 2],
      [/обхват|об[ъь]?ем головы|бедра|полнот|стоп[аыу]|нога \d|на ногу|длин+а (рукав|стельк)|длин+а/, 2],
      [/посадк|сидит|облипку|давить|налезет|(?<![а-я])мал[аио]?(?![а-я])|маловат|(?<![а-я])велик|великоват/, 1],
      [/\b(xs|s|m|l|xl|xxl|xxxl)\b/, 1],
      [/\d+ (год|года|лет|мес)/, 1],
      [/на \d{2} (российск|наш|евро)|российск[а-я]* размер/, 2],
      [/\d{2,3} ?кг/, 1],
    ],
  },
  {
    intent: 'spec_compatibility',
    patterns: [
      [/совмест|подойд[её]т (к|для)|подходит (к|для)|влезет|поддерживает/, 2],
      [/характеристик|материал|состав|ткан|мощност|ватт|напряжени|емкост|об[ъь]?ем|аккумулятор|разъ[её]м/, 2],
      [/iphone|айфон|samsung|самсунг|xiaomi|сяоми|type ?c|лайтнинг|блютуз|bluetooth|процессор|цокол/, 2],
      [/из какого|натуральн|кожа|экокож|утеплител|плотн|водонепрониц|гипоаллерген|парабен/, 2],
      [/стирать|вес |весит|деталей|градус/, 1],
    ],
  },
  {
    intent: 'pre_purchase',
    patterns: [
      [/можно ли заказать|можно заказать/, 3],
      [/скидк|акци|промокод|дешевл|цен[аыу]|стоит (ли брать|с доставк)|сколько стоит|рассрочк/, 2],
      [/гаранти|оригинал|подлинн|копия|подделк|сертификат|ростест|евротест|дилер|восстановлен/, 2],
      [/подар|упаков/, 2],
      [/оптом|(?<![а-я])опт(?![а-я])|(?<![а-я])чек|оплат|примерить|комплект|разниц|годен|свеж/, 2],
      [/цвет/, 1],
    ],
  },
];

/** Confidence when nothing matched: the question is filed as general, and nobody should trust that much. */
export const NO_SIGNAL_CONFIDENCE = 0.2;

/**
 * The intent of a buyer question with a confidence. The confidence grows with the weight of the
 * matched signals (one weak hint 0.53, a strong signal or two hints 0.9) and shrinks when another
 * intent scored close: a tie halves the part above the floor.
 */
export function classifyQuestionIntentWithConfidence(text: string): IntentGuess {
  const normalised = text.toLowerCase().replace(/ё/g, 'е');
  const scores = RULES.map((rule) => ({
    intent: rule.intent,
    score: rule.patterns.reduce((sum, [pattern, weight]) => sum + (pattern.test(normalised) ? weight : 0), 0),
  }));
  // Stable sort: equal scores keep the rule order, which is the tie-break.
  const ranked = [...scores].sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || best.score === 0) return { intent: 'general', confidence: NO_SIGNAL_CONFIDENCE };
  const strength = Math.min(1, best.score / 2);
  const margin = (best.score - (second?.score ?? 0)) / best.score;
  const confidence = 0.4 + 0.5 * strength * (0.5 + 0.5 * margin);
  return { intent: best.intent, confidence: Math.round(confidence * 100) / 100 };
}

/** The intent alone, for callers that only need the SLA bucket. */
export function classifyQuestionIntent(text: string): QuestionIntent {
  return classifyQuestionIntentWithConfidence(text).intent;
}

/**
 * A question's text as the intent cache keys it: lower case, «ё» read as «е», every run of
 * characters that are neither letters nor digits one space («Есть в наличии??» = «есть в наличии»).
 */
export function questionKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 500);
}
