/**
 * Phrase lists behind the reply guardrails. Patterns are written over stems with the endings
 * Russian actually uses, in lower case with «е» for «ё» (matching folds both), one space between
 * words (compileWordPattern turns it into any whitespace). `label` names the rule in tests and docs.
 *
 * Word boundaries are added by the compiler, so «бот(?:а|у|...)?» never fires inside «работа»,
 * «заботимся» or «ботинки».
 */

export type PhraseCategory = 'ai_mention' | 'promise' | 'blame' | 'dismissive' | 'return_suggestion' | 'contact';

export interface PhraseRule {
  label: string;
  source: string;
  /** Only for Latin abbreviations that are ordinary words in lower case. */
  caseSensitive?: boolean;
}

/** Any word form of a stem: «компенсир» + \p{L}* covers компенсируем, компенсирует, компенсировать. */
const W = '\\p{L}*';
/** What a refund promise returns: the money, the price, the amount paid. */
const MONEY = `деньг${W}|денеж${W} средств${W}|средств${W}|стоимост${W}|сумм${W}|оплат${W}`;
/** The same when it comes before the verb, without bare «средства» (a cosmetic «средство» is a product). */
const MONEY_FIRST = `деньг${W}|денеж${W} средств${W}|стоимост${W}|сумм${W}|оплат${W}`;

export const PHRASES: Record<PhraseCategory, PhraseRule[]> = {
  // WB forbids presenting answers as machine-written; buyers also trust them less.
  ai_mention: [
    { label: 'ИИ', source: 'ии' },
    { label: 'AI', source: 'AI', caseSensitive: true },
    { label: 'искусственный интеллект', source: `искусствен${W} интеллект${W}` },
    { label: 'нейросеть', source: `нейросет${W}|нейронн${W} сет${W}` },
    { label: 'чат-бот', source: `чат-?бот${W}` },
    { label: 'бот', source: 'бот(?:а|у|ом|е|ы|ов|ам|ами|ах)?' },
    { label: 'ChatGPT', source: 'chat\\s?gpt|чат\\s?gpt|чатгпт' },
    { label: 'GPT', source: 'gpt(?:-?\\d+(?:\\.\\d+)?[a-z]?)?' },
    { label: 'нейро-сервисы', source: `openai|gigachat|гигачат${W}|yandexgpt|яндекс\\s?gpt|deepseek|claude` },
    { label: 'сгенерировано', source: `сгенериров${W}` },
    { label: 'автоответ', source: `автоответ${W}|автоматическ${W} ответ${W}` },
    { label: 'языковая модель', source: `языков${W} модел${W}` },
  ],
  // Refunds, compensation and guarantees are WB's and the law's business, not a public promise.
  promise: [
    // Either word order and any person: «вернём деньги», «магазин вернёт деньги», «деньги вернём»,
    // «возвратим полную стоимость», «средства будут возвращены».
    { label: 'вернём деньги', source: `(?:верн(?:ем|ет|ут|у)|возврат(?:им|ит|ят)) (?:вам )?(?:\\p{L}+ )?(?:${MONEY})` },
    // Bare «средство» is also a product («средство вернёт волосам мягкость»): only «денежные
    // средства», or «средства» with the passive «будут возвращены», count as money here.
    {
      label: 'деньги вернём',
      source: `(?:${MONEY_FIRST}) (?:вам )?(?:\\p{L}+ )?(?:верн(?:ем|ет|ут|у)|возврат(?:им|ит|ят)|(?:будут |будет )?(?:возвращен${W}|возвращ(?:аем|ает|ают)))|средств${W} (?:вам )?(?:будут|будет) возвращен${W}`,
    },
    {
      label: 'сделаем возврат',
      source: `(?:сделаем|оформим|осуществим|произведем|организуем) (?:вам )?(?:полн${W} )?возврат${W}`,
    },
    { label: 'возместим', source: `возмест${W}|возмещени${W}` },
    { label: 'компенсируем', source: `компенсир${W}|компенсаци${W}` },
    { label: 'гарантируем', source: `гарантир${W}` },
    {
      label: 'бесплатно заменим',
      source: `бесплатн${W} (?:замен${W}|обмен${W}|верн${W}|пришл${W}|отправ${W})|(?:замен${W}|обменя${W}) (?:\\p{L}+ )?бесплатн${W}`,
    },
    { label: 'заменим', source: 'заменим|обменяем' },
    { label: '100%', source: `100\\s*%|100 процент${W}|сто процент${W}|стопроцентн${W}` },
  ],
  // Blaming the buyer reads badly to every future buyer of the product.
  blame: [
    // A subject is required: «мы виноваты» is an apology, not blame.
    { label: 'вы сами виноваты', source: `(?:вы|сами) (?:сами |вы )?виноват${W}|виноват${W} (?:вы|сами)(?: сами)?` },
    { label: 'по вашей вине', source: `по (?:вашей|собственной|своей) вин[еы]` },
    { label: 'ваша ошибка', source: `ваш${W} (?:ошибк${W}|вин[аеуы]|виной)` },
    {
      label: 'неправильно пользовались',
      source: `(?:неправильн${W}|не так|неверн${W}|неаккуратн${W}) (?:пользова${W}|использова${W}|эксплуатир${W}|эксплуатац${W}|стира${W}|постира${W}|ухажива${W}|выбра${W}|выбира${W}|подобра${W}|установ${W}|собра${W}|надева${W})`,
    },
    {
      label: 'надо было читать',
      source: `(?:надо|нужно|следовало) (?:было )?(?:бы )?(?:внимательн${W} )?(?:читать|прочитать|прочесть|смотреть|посмотреть|изучить|думать|подумать|проверить|сверить${W})`,
    },
    // «мы ещё не разобрались» is honest; only the buyer's «вы не разобрались» is blame.
    { label: 'вы не разобрались', source: `(?:вы|сами) (?:\\p{L}+ )?не разобрал${W}|не разобрал${W} (?:вы|сами)` },
    {
      label: 'невнимательно',
      source: `(?:вы|были) невнимательн${W}|невнимательн${W} (?:читал${W}|прочитал${W}|изучил${W}|смотрел${W}|посмотрел${W})`,
    },
    { label: 'читайте описание', source: `читайте (?:внимательн${W} )?(?:описани${W}|карточк${W}|характеристик${W})` },
    { label: 'вы сломали', source: `(?:вы|сами) (?:сами )?(?:сломал${W}|испортил${W}|повредил${W})` },
  ],
  // Brushing the buyer off in public tells every reader that the shop does not care.
  dismissive: [
    { label: 'нас это не касается', source: 'нас (?:это )?не касается|это нас не касается|к нам это не относится' },
    { label: 'ничем не можем помочь', source: 'ничем не (?:можем|сможем|могу|смогу|поможем)(?: вам)?(?: помочь)?' },
    { label: 'это не наша проблема', source: `не наш${W} (?:проблем${W}|забот${W}|ответственност${W}|вин[аы])` },
    { label: 'ваши проблемы', source: `(?:это )?ваш${W} проблем${W}` },
    {
      label: 'обращайтесь в WB',
      source: `(?:обращайтесь|пишите|жалуйтесь) (?:в|во|к) (?:\\p{L}+ ){0,2}(?:wb|вб|wildberries|вайлдберриз${W}|валдберриз${W}|маркетплейс${W})|(?:обращайтесь|жалуйтесь) в (?:службу )?поддержк${W}`,
    },
    {
      label: 'это вопрос к WB',
      source: `(?:вопрос${W}|претензи${W}) (?:не к нам|к (?:wb|вб|wildberries|вайлдберриз${W}|маркетплейс${W}|курьер${W}|доставк${W}))`,
    },
    { label: 'разбирайтесь сами', source: 'разбирайтесь' },
    { label: 'нам всё равно', source: 'нам (?:все )?равно|нам без разницы' },
    { label: 'мы не отвечаем', source: `мы (?:за это |тут )?не (?:отвечаем|несем ответственност${W})` },
  ],
  // A return is the buyer's call; suggesting it unprompted invites one.
  return_suggestion: [
    { label: 'оформите возврат', source: `(?:оформ${W}|сделайте|сделать|осуществите) (?:\\p{L}+ )?возврат${W}` },
    {
      label: 'верните товар',
      source: `верн(?:ите|уть) (?:нам )?(?:\\p{L}+ )?(?:товар${W}|изделие|покупк${W}|заказ)|(?:можете|можно) (?:его |ее )?вернуть`,
    },
    {
      label: 'сдайте обратно',
      source: `сда(?:йте|ть) (?:\\p{L}+ )?(?:обратно|в пвз|в пункт${W})|сдайте (?:товар|его|ее)`,
    },
    { label: 'откажитесь от товара', source: `откаж(?:итесь|ись) от (?:товар${W}|заказ${W}|покупк${W})` },
  ],
  // WB forbids taking buyers off-platform: no phones, links, e-mails or messengers in answers.
  contact: [
    { label: 'телефон', source: '(?:\\+7|8)[\\s(-]*\\d{3}[\\s)-]*\\d{3}[\\s-]*\\d{2}[\\s-]*\\d{2}' },
    { label: 'e-mail', source: '[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+' },
    { label: 'ссылка', source: '(?:https?://|www\\.)[^\\s]*[^\\s.,!?;:)»"]' },
    {
      label: 'сайт',
      source: '[\\p{L}\\p{N}-]+\\.(?:ru|com|рф|net|org|shop|store|su|me|io|online|site)(?:/[^\\s]*[^\\s.,!?;:)»"])?',
    },
    {
      label: 'мессенджер',
      source: `telegram|телеграм${W}|whatsapp|ватсап${W}|вотсап${W}|viber|вайбер${W}|инстаграм${W}|instagram|вконтакте|vk\\.com|t\\.me/[\\w]+`,
    },
    { label: '@ник', source: '@[a-z0-9_]{4,}' },
  ],
};

/** Links to WB itself are not taking the buyer elsewhere. */
export const ALLOWED_LINK = /(?:^|[./@])(?:wildberries\.ru|wb\.ru)(?:$|\/)/i;
