import { compileWordPattern, containsAnyWord } from '../replies/word-match';

const W = '\\p{L}*';

/**
 * A buyer who asks for a human (issue 12 item 5, `asked_for_person`). Written from real Avito
 * phrasings: «позовите менеджера», «можно живого человека?», «вы бот?», «соедините с оператором»,
 * «перезвоните мне». Plain «человек» is not enough («палатка на 2 человека»), nor plain «продавец»
 * («продавец, а доставка есть?»): those count only with a verb of calling or a «живой».
 */
const PERSON: readonly RegExp[] = [
  `менеджер${W}|оператор${W}|консультант${W}|специалист${W}|администратор${W}|руководител${W}|модератор${W}`,
  `(?:жив${W}|настоящ${W}|реальн${W}|нормальн${W}) (?:человек${W}|люд${W}|собеседник${W})`,
  `(?:с|со) (?:человеком|людьми|продавцом|хозяином|владельцем)`,
  `(?:позов${W}|позвать|позвон${W}|перезвон${W}|соедин${W}|переключ${W}|свяж${W}|связаться|передайте|пригласите) (?:\\p{L}+ ){0,2}(?:человек${W}|продав${W}|хозя${W}|владельц${W}|сотрудник${W}|кого-нибудь|кого-то)`,
  `(?:вы|ты|это|с) (?:\\p{L}+ )?(?:бот${W}|робот${W}|автоответчик${W}|нейросет${W}|ии)`,
  `(?:не|без) (?:бот${W}|робот${W})`,
  `перезвоните|позвоните мне|наберите меня|можно позвонить|ваш (?:телефон|номер)`,
].map((source) => compileWordPattern(source));

/**
 * Money back, a defect, a dispute or a complaint (`money_or_dispute`): a person answers these.
 * Not ai/negative-signals.ts as a whole: that list is for 4–5★ reviews and also catches sizes
 * and smells («мал», «запах»), which a bot may well answer from the knowledge base. Its defect
 * and return words are the first two lines here.
 */
const MONEY_OR_DISPUTE: readonly RegExp[] = [
  `брак${W}|бракован${W}|дефект${W}|сломал${W}|сломан${W}|трещин${W}|порван${W}|поврежд${W}|не работает|не работал${W}|не включа${W}`,
  `возврат${W}|вернуть|вернете|верните|верни|вернул${W}|возместит${W}|возмещени${W}|компенсаци${W}|компенсир${W}`,
  `(?:мои|свои|наши) деньги|деньги (?:назад|обратно)|списали${W}|двойное списание|не пришли деньги`,
  `претензи${W}|жалоб${W}|пожалуюсь|суд|суда|судом|в суд|судеб${W}|юрист${W}|адвокат${W}|роспотребнадзор${W}|прокуратур${W}|полици${W}`,
  `обман${W}|мошенни${W}|развод|кинули|спор|арбитраж${W}|отзыв напишу|плохой отзыв`,
].map((source) => compileWordPattern(source));

export const asksForPerson = (text: string): boolean => containsAnyWord(text, PERSON);
export const mentionsMoneyOrDispute = (text: string): boolean => containsAnyWord(text, MONEY_OR_DISPUTE);
