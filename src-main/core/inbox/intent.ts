import type { QuestionIntent } from '../../../src-shared/domain/interaction';

/** An intent with how sure the rules are about it (0..1). */
export interface IntentGuess {
  intent: QuestionIntent;
  confidence: number;
}

type RuledIntent = Exclude<QuestionIntent, 'general'>;

/** A letter that may not come right before a stem (JS `\b` knows only Latin letters). */
const L = '[а-яa-z]';
/** `(?<![а-яa-z])word`: the stem starts a word. */
const at = (stem: string) => `(?<!${L})(?:${stem})`;
/** `(?<![а-яa-z])word(?![а-яa-z])`: the whole word. */
const word = (words: string) => `(?<!${L})(?:${words})(?!${L})`;
const re = (...parts: string[]) => new RegExp(parts.join('|'));

/**
 * Keyword rules for buyer questions (DESIGN §6). Patterns are stems and short phrases, because
 * Russian inflects: «размер» covers «размера», «размеры», «размерной»; buyers' shorthands
 * («р-р», «ск-ко») are spelled out first (see `normalise`). Weight 3 names the topic beyond doubt
 * («маломерит», «где мой заказ»), 2 names it on its own («в наличии», «совместим», «брак»), 1 is a
 * hint that needs company («сидит», «цвет»). Each pattern counts once per question.
 * The order of the intents breaks ties: a buyer who already has the item is served first, then
 * availability («когда будет 43 размер» is about stock), then sizing, specs, pre-purchase.
 */
const RULES: { intent: RuledIntent; patterns: [RegExp, number][] }[] = [
  {
    intent: 'post_purchase',
    patterns: [
      [
        re(
          'где (мой|наш|моя|мои)',
          '(мой|моя|мое|мои|наш) (заказ|посылк|товар)',
          'чуж(ой|ая|ие|ое) (заказ|товар|посылк)',
        ),
        3,
      ],
      [re(at('заказал'), at('заказывал'), 'заказ (отменил|висит|не |стоит|так и)', 'в сборке', 'сборке'), 2],
      [
        re(
          at('получил'),
          at('получен'),
          'при получени',
          'не (могу|можем) (получить|забрать)',
          at('забрал[аи]?'),
          at('выкупил'),
        ),
        2,
      ],
      [re(at('приобрел'), at('купил[аи]?') + ' ', at('купил[аи]?$'), at('купили')), 2],
      [
        re(
          'не пришл',
          'не приш[е]л',
          at('пришл[аоиа]?') + '(?!' + L + ')',
          at('приш[е]л'),
          at('прислали'),
          'отправили (мне|нам)',
          'доставили (не|друг|чуж)',
        ),
        2,
      ],
      [
        re(
          'брак',
          'сломан',
          'слома',
          'не работа',
          'не включ',
          'не заряж',
          'не реагир',
          'не видит',
          'перестал',
          'отвалил',
          'оторвал',
          'порвал',
          'протек',
          'теч[е]т',
          'царапин',
          'облез',
          'разош[е]л',
          'треснул',
          'трещин',
          'разбит',
          'вскрыт',
          'засох',
          'просроч',
          'сдул',
          'заеда',
          'завис',
          'полинял',
          'лопнул',
          'развалил',
          'не крут',
          'не гре',
          'не дует',
          'не держит',
        ),
        2,
      ],
      [
        re(
          at('вернуть'),
          'возврат',
          at('верн(ете|ите|ут|ули|ул|ула|ут ли)') + '(?!' + L + ')',
          'обменять',
          at('обмен'),
          'сдать обратно',
          'отказал(ся|ась|ись)',
        ),
        2,
      ],
      [re('трек', 'отслежив', 'не довез', 'статус', 'потерял(ся|ась|ось|и)', 'посылк'), 2],
      [
        re(
          'не хватает',
          'нет в комплекте',
          'недоклад',
          'недовлож',
          'пустая коробк',
          'другой артикул',
          'не тот ',
          'не та ',
          'не то ',
          'не того',
          'пересорт',
        ),
        2,
      ],
      [
        re(
          'инструкц',
          'как (собрать|сбросить|настроить|подключить|починить|разобрать)',
          'в коробке нет',
          'нет в коробке',
        ),
        1,
      ],
      [
        re(
          'через (\\d+|неделю|месяц|день|пару|два|три) ?(дн|недел|месяц|раз)?',
          'после (первой|первого|стирки|носки|месяца|недели)',
        ),
        1,
      ],
      [re('деньги', 'разниц[уы] (в цене )?верн'), 1],
    ],
  },
  {
    intent: 'availability_delivery',
    patterns: [
      [re('в наличи', 'наличие', 'налич'), 2],
      [
        re(
          'когда (будет|будут|появ|ждать|ожида)',
          'будет ли ещ',
          'будут ли ещ',
          'будет ещ',
          'будут ещ',
          'ещ[е] (будет|будут)',
          'будет ли .{0,30} в продаж',
          'снова (будет|будут|появ|в продаж)',
          '(будет|будут|появится) снова',
        ),
        2,
      ],
      [
        re(
          'доставк',
          'доставят',
          'доставить',
          'доставля',
          'доставите',
          'довез',
          'возите',
          'возят',
          'везете',
          'везут',
          'курьер',
        ),
        2,
      ],
      [re('привез', 'поступлен', 'поступит', 'поступят', 'пополн', 'поставк', 'завоз', 'завез', 'привоз'), 2],
      [re('в продаж', 'появит', 'появят', 'вернется в продаж'), 2],
      [re('склад', 'отправк', 'отправля', 'отправите', 'пвз', 'пункт выдач', 'самовывоз'), 1],
      [
        re(
          'закончил',
          'кончил',
          'раскупил',
          'отсутству',
          'ожида',
          'под заказ',
          'осталось',
          'доступн[оа]? только',
          'нет в продаж',
        ),
        1,
      ],
      [
        re(
          'сколько (дней|идет|ехать|везти|по времени|ждать)',
          'дней везти',
          'долго (ехать|идет|везти|ждать)',
          'успеет',
          'как быстро',
          'по времени',
          'когда (получу|придет|приедет)',
          'если (сегодня )?(закажу|заказать)',
          'закажу сегодня',
        ),
        2,
      ],
    ],
  },
  {
    intent: 'sizing_fit',
    patterns: [
      [
        re(
          'маломер',
          'большемер',
          'в размер(?!' + L + ')',
          'на (один |1 |пол)?размер\\S* (больше|меньше)',
          'на (один|1|пол) (больше|меньше)',
        ),
        3,
      ],
      [re('размер'), 1],
      [re('размерн\\S* сетк', 'сетк', 'таблиц'), 2],
      [
        re(
          'на какой рост',
          'рост\\S* \\d',
          'на рост',
          '\\d{2,3} рост',
          'высокий рост',
          'на вырост',
          'вес \\d',
          '\\d{2,3} ?кг',
        ),
        2,
      ],
      [
        re(
          'обхват',
          'окружност',
          'об[ъь]?ем (головы|груди|талии|бедер)',
          word('ог|от|об') + ' ?\\d',
          'замер',
          'мерки',
          'тали[яиюей]',
          'бедр',
          'полнот',
          at('стоп[аыу]'),
          'подъем',
          'на (мою |мой |его |ее |широкую |узкую )?ног',
          'нога \\d',
          'ноги \\d',
          'ш[еи]ю',
          'запяст',
          'на (руку|голову)',
        ),
        2,
      ],
      [re(at('ношу'), 'обычно (беру|ношу|брала?)', '(беру|брала?|брали|заказываю) \\d{2}'), 2],
      [re('\\d{2}-?(го|й|ой|ый|ого)(?!' + L + ')', '\\d{2} ?р(?!' + L + ')', '\\d{2}[-/]\\d{2}(?!\\d)'), 1],
      [re('(?<!\\d)(6[05]|7[05]|8[05]|9[05]|1[01][05])[a-fа-е](?!' + L + ')'), 2],
      [
        re(
          'посадк',
          'сидит',
          'сядет',
          'облипку',
          'давит',
          'давить',
          'жмет',
          'жать',
          'натира',
          'налезет',
          'тесн',
          'свободн',
          'приталенн',
          'оверсайз',
          'маловат',
          'великоват',
          'коротковат',
          'длинноват',
          word('мал[аоие]?|велик[аоие]?'),
        ),
        1,
      ],
      [re('узк', 'широк', 'длин', 'коротк', 'голов'), 1],
      [re('\\b(xs|s|m|l|xl|xxl|xxxl|\\dxl)\\b', word('м|л|с|хл|ххл') + ' (или|и) ' + word('м|л|с|хл|ххл')), 1],
      [re('\\d+ (год|года|лет|мес)', 'новорожденн'), 1],
      [re('на \\d{2} (российск|наш|евро)', 'российск\\S* размер', 'маркиру', 'по европ'), 2],
    ],
  },
  {
    intent: 'spec_compatibility',
    patterns: [
      [
        re(
          'совмест',
          'подойд[е]т( ли)? (к|для|под|на (мой|мою|моем|телефон|машин|авто|ноут|айфон))',
          'подход\\S*( ли)? (к|для|под)',
          'влезет',
          'поддерживает',
          'работает (ли )?(без|от|с )',
          'работают (ли )?(без|от|с )',
        ),
        2,
      ],
      [
        re(
          'характеристик',
          'материал',
          'состав',
          'ткан',
          'мощност',
          'ватт',
          word('вт|w'),
          'напряжени',
          'вольт',
          'емкост',
          'об[ъь]?ем',
          'аккумулятор',
          'разъ[е]м',
          'диаметр',
          'габарит',
        ),
        2,
      ],
      [
        re(
          'iphone',
          'айфон',
          'samsung',
          'самсунг',
          'xiaomi',
          'сяоми',
          'type ?c',
          'лайтнинг',
          'блютуз',
          'bluetooth',
          'процессор',
          'цокол',
          'android',
          'андроид',
          'лего',
          'lego',
          'бош',
          'bosch',
          'nfc',
          'wi-?fi',
          'вай-?фай',
          'индукц',
          'духовк',
          'посудомо',
          'микроволн',
        ),
        2,
      ],
      [
        re(
          'из какого',
          'из чего',
          'сделан',
          'натуральн',
          'кожа',
          'экокож',
          'синтетик',
          'хлопок',
          'шерст',
          'полиэстер',
          'вискоз',
          'утеплител',
          'плотн',
          'водонепрониц',
          'водостойк',
          'влагозащ',
          'гипоаллерген',
          'парабен',
          'глютен',
          'лактоз',
          'аллерг',
          word('spf'),
          'электризу',
          'колется',
          'линяет',
        ),
        2,
      ],
      [
        re(
          'держ\\S* заряд',
          'заряд\\S* (хватает|держ)',
          'автоном',
          'крутящ',
          'ударн',
          'механическ',
          'свитч',
          'режим',
          'яркост',
          'диагонал',
          'разрешени',
          'скорост',
          'оборот',
        ),
        2,
      ],
      [
        re(
          'стирать',
          'вес ',
          'весит',
          'деталей',
          'градус',
          'батаре',
          'провод',
          'кабел',
          'шнур',
          'жестк',
          'мягк',
          'высот',
          'толщин',
          'литр',
          word('мл'),
          'грамм',
          'модел',
          'разборн',
          'складн',
          'как работает',
        ),
        1,
      ],
    ],
  },
  {
    intent: 'pre_purchase',
    patterns: [
      [re('можно ли заказать', 'можно заказать'), 3],
      [
        re(
          'скидк',
          'акци',
          'промокод',
          'дешевл',
          'дешевe',
          'цен[аыуе]',
          'стоит (ли брать|с доставк)',
          'сколько стоит',
          'рассрочк',
          'распродаж',
          'долями',
          'дорог',
        ),
        2,
      ],
      [
        re(
          'гаранти',
          'оригинал',
          'подлинн',
          'копия',
          'подделк',
          'сертификат',
          'ростест',
          'евротест',
          'дилер',
          'восстановлен',
          'честный знак',
          'маркировк',
          'документ',
          'декларац',
        ),
        2,
      ],
      [re('подар', 'упаков', 'открытк'), 2],
      [
        re(
          'оптом',
          word('опт'),
          word('чек'),
          'оплат',
          'примерить',
          'комплект',
          'разниц',
          'годен',
          'годност',
          'свеж',
          'срок хранени',
        ),
        2,
      ],
      [
        re(
          'отлича',
          'отличие',
          'сравн',
          'чем (лучше|хуже)',
          'что лучше',
          'лучше чем',
          'какой лучше',
          'стоит ли',
          'боюсь брать',
          'брать или нет',
          'стоит брать',
        ),
        2,
      ],
      [re(word('нов(ый|ая|ое|ые)'), word('б/у|бу'), 'с выставки', 'уценк', 'витрин'), 2],
      [re('цвет', 'оттен'), 1],
      [re('на фото', 'на картинке', 'на снимк'), 1],
      [re('в жизни', 'в реальности', 'вживую', 'в живую', 'по факту'), 1],
      [re('качеств', 'посовету'), 1],
    ],
  },
];

/**
 * What says a question is general (not about this purchase) rather than unreadable: greetings and
 * thanks alone, the shop and how to reach it, cooperation, WB itself. Counted only when no other
 * intent scored, so «здравствуйте, маломерит?» stays a sizing question.
 */
const GENERAL_PATTERNS: [RegExp, number][] = [
  [
    re(
      '^(здравствуйте|здрасьте|здрасте|добрый (день|вечер|утро)|доброе утро|привет|hello|hi|алло|ау)[^а-яa-z0-9]*$',
      '^[^а-яa-z0-9]*$',
    ),
    1,
  ],
  [re('спасибо', 'благодар', 'с праздник', 'поздравля', 'рекоменду'), 1],
  [
    re(
      'магазин',
      'сайт',
      'телеграм',
      'инстаграм',
      'инст(?!' + L + ')',
      'ватсап',
      'whatsapp',
      'связаться',
      'контакт',
      'офлайн',
    ),
    1,
  ],
  [
    re(
      'сотрудничеств',
      'сотрудничать',
      'партнер',
      'поставщик',
      'реализаци',
      'блогер',
      'бартер',
      'селлер',
      'производител',
      'производств',
      'другие товары',
      'вашего бренда',
      'на вб',
      'вайлдберриз',
      'wildberries',
      'отзыв',
    ),
    1,
  ],
];

/**
 * Lower case, «ё» read as «е», and the shorthands buyers type spelled out: «р-р» and «разм.» are
 * «размер», «ск-ко» and «скок» are «сколько».
 */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/р-р|(?<![а-я])разм\.?(?![а-я])/g, 'размер')
    .replace(/ск-ко|(?<![а-я])скок[ао]?(?![а-я])/g, 'сколько')
    .replace(/\s+/g, ' ');
}

/** Confidence when nothing matched: the question is filed as general, and nobody should trust that much. */
export const NO_SIGNAL_CONFIDENCE = 0.2;

/** Confidence of a general question that says so (a greeting alone, the shop, cooperation) and names no other topic. */
export const GENERAL_SIGNAL_CONFIDENCE = 0.65;

/**
 * The intent of a buyer question with a confidence. The confidence grows with the weight of the
 * matched signals (one weak hint 0.53, a strong signal or two hints 0.9) and shrinks when another
 * intent scored close: a tie halves the part above the floor. A question with no topic signal is
 * general: 0.65 when it says it is (a greeting alone, the shop), 0.2 when nothing matched at all.
 */
export function classifyQuestionIntentWithConfidence(text: string): IntentGuess {
  const normalised = normalise(text);
  const scores = RULES.map((rule) => ({
    intent: rule.intent,
    score: rule.patterns.reduce((sum, [pattern, weight]) => sum + (pattern.test(normalised) ? weight : 0), 0),
  }));
  // Stable sort: equal scores keep the rule order, which is the tie-break.
  const ranked = [...scores].sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || best.score === 0) {
    const general = GENERAL_PATTERNS.some(([pattern]) => pattern.test(normalised));
    return { intent: 'general', confidence: general ? GENERAL_SIGNAL_CONFIDENCE : NO_SIGNAL_CONFIDENCE };
  }
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
