import type { QuestionIntent } from '../../../src-shared/domain/interaction';

/** An intent with how sure the rules are about it (0..1). */
export interface IntentGuess {
  intent: QuestionIntent;
  confidence: number;
}

type RuledIntent = Exclude<QuestionIntent, 'general'>;

/**
 * One pattern from alternatives joined with `|`. JS `\b` knows only Latin letters, so `\<` marks
 * the start of a word and `\>` its end.
 */
function rx(...alternatives: string[]): RegExp {
  return new RegExp(alternatives.join('|').replace(/\\</g, '(?<![а-яa-z])').replace(/\\>/g, '(?![а-яa-z])'));
}

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
        rx(
          'где (мой|наш|моя|мои)',
          '(мой|моя|мое|мои|наш) (заказ|посылк|товар)',
          'чуж(ой|ая|ие|ое) (заказ|товар|посылк)',
        ),
        3,
      ],
      [rx('\\<заказал|\\<заказывал|заказ (отменил|висит|не |стоит|так и)|в сборке|сборке'), 2],
      [rx('\\<получил|\\<получен|при получени|не (могу|можем) (получить|забрать)', '\\<забрал[аи]?|\\<выкупил'), 2],
      [rx('\\<приобрел|\\<купил[аи]? |\\<купил[аи]?$|\\<купили'), 2],
      [
        rx(
          'не пришл|не приш[е]л|\\<пришол|\\<пришл[аоиа]?\\>|\\<приш[е]л|\\<прислали',
          'отправили (мне|нам)|доставили (не|друг|чуж)',
        ),
        2,
      ],
      [
        rx(
          'брак|сломан|слома|не работа|не включ|не заряж|не реагир|не видит|перестал|отвалил|оторвал|порвал',
          'протек|теч[е]т|царапин|облез|разош[е]л|треснул|трещин|разбит|вскрыт|засох|просроч|сдул|заеда',
          'завис|полинял|лопнул|развалил|не крут|не гре|не дует|не держит|не открыва|не закрыва|не застег',
          'не завод|не горит|не светит|не печата|не подключа|не ловит|не запуска|жалоб|претензи|компенсац',
        ),
        2,
      ],
      [
        rx(
          '\\<вернуть|возв?рат|\\<верн(ете|ите|ут|ули|ул|ула|ут ли)\\>|обменять|\\<обмен',
          'сдать обратно|отказал(ся|ась|ись)',
        ),
        2,
      ],
      [rx('трек|отслежив|не довез|статус|потерял(ся|ась|ось|и)|посылк'), 2],
      [
        rx(
          'не хватает|нет в комплекте|недоклад|недовлож|пустая коробк|другой артикул',
          'не тот |не та |не то |не того|пересорт',
        ),
        2,
      ],
      [rx('инструкц|как (собрать|сбросить|настроить|подключить|починить|разобрать)|в коробке нет|нет в коробке'), 1],
      [
        rx(
          'через (\\d+|неделю|месяц|день|пару|два|три) ?(дн|недел|месяц|раз)?',
          'после (первой|первого|стирки|носки|месяца|недели)',
        ),
        1,
      ],
      [rx('деньги|разниц[уы] (в цене )?верн|что (мне )?делать|как быть'), 1],
    ],
  },
  {
    intent: 'availability_delivery',
    patterns: [
      [rx('в наличи|наличие|налич'), 2],
      [
        rx(
          'когда (будет|будут|появ|ждать|ожида)|будет ли ещ|будут ли ещ|будет ещ|будут ещ|ещ[е] (будет|будут)',
          'будет ли .{0,30} в продаж|снова (будет|будут|появ|в продаж)|(будет|будут|появится) снова',
        ),
        2,
      ],
      [rx('доставк|доставят|доставить|доставля|доставите|довез|возите|возят|везете|везут|курьер'), 2],
      [rx('привез|поступлен|поступит|поступят|пополн|поставк|завоз|завез|привоз'), 2],
      [rx('в продаж|появит|появят|вернется в продаж'), 2],
      [rx('склад|отправк|отправля|отправите|пвз|пункт выдач|самовывоз'), 1],
      [rx('закончил|кончил|раскупил|отсутству|ожида|под заказ|осталось|доступн[оа]? только|нет в продаж'), 1],
      [
        rx(
          'сколько (дней|идет|ехать|везти|по времени|ждать)|дней везти|долго (ехать|идет|везти|ждать)|успеет',
          'как быстро|по времени|когда (получу|придет|приедет)|если (сегодня )?(закажу|заказать)|закажу сегодня',
        ),
        2,
      ],
    ],
  },
  {
    intent: 'sizing_fit',
    patterns: [
      [
        rx(
          'маломер|большемер|в размер\\>',
          'на (один |1 |пол)?размер\\S* (больше|меньше)|на (один|1|пол) (больше|меньше)',
        ),
        3,
      ],
      [rx('размер'), 1],
      [rx('размерн\\S* сетк|сетк|таблиц|ростовк'), 2],
      [rx('на какой рост|рост\\S* \\d|на рост|\\d{2,3} рост|высокий рост|на вырост', 'вес \\d|\\d{2,3} ?кг'), 2],
      [
        rx(
          'обхват|окружност|об[ъь]?ем (головы|груди|талии|бедер)|\\<(ог|от|об)\\> ?\\d|замер|мерки|тали[яиюей]',
          'бедр|полнот|\\<стоп[аыу]|подъем|на (мою |мой |его |ее |широкую |узкую )?ног|нога \\d|ноги \\d',
          'ш[еи]ю|запяст|на (руку|голову)',
        ),
        2,
      ],
      [rx('\\<ношу|обычно (беру|ношу|брала?)|(беру|брала?|брали|заказываю) \\d{2}'), 2],
      [rx('\\d{2}-?(го|й|ой|ый|ого)\\>|\\d{2} ?рр?\\>|\\d{2}[-/]\\d{2}(?!\\d)'), 1],
      // A bra band and cup: 75b, 80с.
      [rx('(?<!\\d)(6[05]|7[05]|8[05]|9[05]|1[01][05])[a-fа-е]\\>'), 2],
      [
        rx(
          'посадк|сидит|сядет|облипку|давит|давить|жмет|жать|натира|налезет|тесн|свободн|приталенн|оверсайз',
          'маловат|великоват|коротковат|длинноват|\\<(мал[аоие]?|велик[аоие]?)\\>',
        ),
        1,
      ],
      [rx('узк|широк|длин|коротк|голов|плеч|груд|рукав'), 1],
      [rx('\\b(xs|s|m|l|xl|xxl|xxxl|\\dxl)\\b|\\<(м|л|с|хл|ххл)\\> (или|и) \\<(м|л|с|хл|ххл)\\>'), 1],
      [rx('\\d+ (год|года|лет|мес)|новорожденн'), 1],
      [rx('на \\d{2} (российск|наш|евро)|российск\\S* размер|маркиру|по европ'), 2],
    ],
  },
  {
    intent: 'spec_compatibility',
    patterns: [
      [
        rx(
          'совмест|подойд[е]т( ли)? (к|для|под|на (мой|мою|моем|телефон|машин|авто|ноут|айфон))',
          'подход\\S*( ли)? (к|для|под)|влезет|поддерживает|работа(ет|ют) (ли )?(без|от|с )',
        ),
        2,
      ],
      [
        rx(
          'характеристик|материал|состав|ткан|мощност|ватт|\\<(вт|w)\\>|напряжени|вольт|емкост|об[ъь]?ем',
          'аккумулятор|разъ[е]м|диаметр|габарит',
        ),
        2,
      ],
      [
        rx(
          'iphone|айфон|samsung|самсунг|xiaomi|сяоми|type ?c|лайтнинг|блютуз|bluetooth|процессор|цокол',
          'android|андроид|лего|lego|бош|bosch|nfc|wi-?fi|вай-?фай|индукц|духовк|посудомо|микроволн',
        ),
        2,
      ],
      [
        rx(
          'из какого|из чего|сделан|натуральн|кожа|экокож|синтетик|хлопок|шерст|полиэстер|вискоз|утеплител',
          'плотн|водонепрониц|водостойк|влагозащ|гипоаллерген|парабен|глютен|лактоз|аллерг|\\<spf\\>',
          'электризу|колется|линяет',
        ),
        2,
      ],
      [
        rx(
          'держ\\S* заряд|заряд\\S* (хватает|держ)|автоном|крутящ|ударн|механическ|свитч|режим|яркост',
          'диагонал|разрешени|скорост|оборот|usb|hdmi|\\d ?(гб|gb|тб|tb)\\>|мач|mah|дюйм|\\<ip ?\\d\\d|герц|\\<гц\\>',
          '\\<(lte|[345]g)\\>|сим-?карт|оперативк',
        ),
        2,
      ],
      [
        rx(
          'стирать|вес |весит|деталей|градус|батаре|провод|кабел|шнур|жестк|мягк|высот|толщин|литр|\\<мл\\>',
          'грамм|модел|разборн|складн|как работает',
        ),
        1,
      ],
    ],
  },
  {
    intent: 'pre_purchase',
    patterns: [
      [rx('можно ли заказать|можно заказать'), 3],
      [
        rx(
          'скид|промо|\\<по ?чем\\>|акци|дешевл|дешеве|цен[аыуе]|стоит (ли брать|с доставк)|сколько стоит|рассрочк',
          'распродаж|долями|дорог',
        ),
        2,
      ],
      [
        rx(
          'гаранти|оригинал|подлинн|копия|подделк|сертификат|ростест|евротест|дилер|восстановлен',
          'честный знак|маркировк|документ|декларац|\\<ориг\\>|\\<(паль|паленк\\S*|левак)\\>',
        ),
        2,
      ],
      [rx('подар|упаков|открытк'), 2],
      [rx('оптом|\\<опт\\>|\\<чек\\>|оплат|примерить|комплект|разниц|годен|годност|свеж|срок хранени'), 2],
      [
        rx(
          'отлича|отличие|сравн|чем (лучше|хуже)|что лучше|лучше чем|какой лучше|стоит ли|боюсь брать',
          'брать или нет|стоит брать',
        ),
        2,
      ],
      [rx('\\<(нов(ый|ая|ое|ые)|б/у|бу)\\>|с выставки|уценк|витрин'), 2],
      [rx('цвет|оттен'), 1],
      [rx('на фото|на картинке|на снимк'), 1],
      [rx('в жизни|в реальности|вживую|в живую|по факту'), 1],
      [rx('качеств|посовету'), 1],
    ],
  },
];

/**
 * What says a question is general (not about this purchase) rather than unreadable: greetings and
 * thanks alone, the shop and how to reach it, cooperation, WB itself. Counted only when no other
 * intent scored, so «здравствуйте, маломерит?» stays a sizing question.
 */
const GENERAL_PATTERNS: RegExp[] = [
  rx(
    '^(здравствуйте|здрасьте|здрасте|добрый (день|вечер|утро)|доброе утро|привет|hello|hi|алло|ау)[^а-яa-z0-9]*$',
    '^[^а-яa-z0-9]*$',
  ),
  rx('спасибо|благодар|с праздник|поздравля|рекоменду|ответьте|ответит|кто-нибудь|есть кто'),
  rx('магазин|сайт|телеграм|инстаграм|\\<инст\\>|ватсап|whatsapp|связаться|контакт|офлайн'),
  rx(
    'сотрудничеств|сотрудничать|партнер|поставщик|реализаци|блогер|бартер|селлер|производител|производств',
    'другие товары|вашего бренда|на вб|вайлдберриз|wildberries|отзыв',
  ),
];

/**
 * Lower case, «ё» read as «е», and the shorthands and misspellings buyers type spelled out: «р-р»
 * and «разм.» are «размер», «ск-ко», «скока» and «сколко» are «сколько», «када» is «когда».
 */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/р-р|(?<![а-я])разм\.?(?![а-я])/g, 'размер')
    .replace(/ск-ко|(?<![а-я])(скок[ао]?|скоко|сколко)(?![а-я])/g, 'сколько')
    .replace(/(?<![а-я])(када|кагда)(?![а-я])/g, 'когда')
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
    const general = GENERAL_PATTERNS.some((pattern) => pattern.test(normalised));
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
