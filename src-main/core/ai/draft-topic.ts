import { compileWordPattern, containsAnyWord } from '../replies/word-match';
import type { DraftInteraction } from './types';

const W = '\\p{L}*';

const WRONG_ITEM = [
  `(?:пришел|пришла|пришло|пришли|прислали|привезли|положили|отправили) не (?:тот|та|то|те|того|ту)`,
  `(?:пришел|пришла|пришло|пришли|прислали|привезли) (?:другой|другая|другое|другие|чуж${W})`,
  `не (?:тот|та|то|те) (?:цвет|размер|товар|модел${W}|артикул)`,
  `перепутал${W}|пересорт${W}`,
].map((s) => compileWordPattern(s));

const DEFECT = [
  `брак${W}|бракован${W}|дефект${W}|сломал${W}|сломан${W}|слома${W}|трещин${W}|дыр[аыку]${W}|порван${W}|поврежд${W}`,
  `не работает|не работал${W}|не включа${W}|не заряжа${W}|перестал${W} работать`,
  `разошел${W} шов|разошлись швы|торчат нитки|облез${W}|отвалил${W}`,
].map((s) => compileWordPattern(s));

/**
 * The topic a template is chosen by. Questions come with an intent from the inbox; reviews get
 * `wrong_item` / `defect` from their text (a wrong item is checked first: «прислали не тот цвет,
 * ещё и брак» needs the mix-up apology); chats get `greeting` until the seller has written once.
 */
export function draftTopic(channel: 'review' | 'question' | 'chat', interaction: DraftInteraction): string | null {
  if (interaction.intent) return interaction.intent;
  if (channel === 'chat') return interaction.messages?.some((m) => m.sender === 'seller') ? 'followup' : 'greeting';
  if (channel !== 'review') return null;
  const said = [interaction.text, interaction.cons ?? ''].join('\n');
  if (containsAnyWord(said, WRONG_ITEM)) return 'wrong_item';
  if (containsAnyWord(said, DEFECT)) return 'defect';
  return null;
}
