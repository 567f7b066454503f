import type { QuestionIntent } from '../../../src-shared/domain/interaction';

/**
 * Keyword intent for pre-purchase questions (DESIGN §6). Stems, not whole words, because
 * Russian inflects: «размер», «размеры», «размерная» all share «размер». Order matters: «когда будет
 * поступление 43 размера» is about availability, so availability is tested before sizing.
 */
const RULES: { intent: QuestionIntent; stems: RegExp }[] = [
  {
    intent: 'post_purchase',
    stems: /(заказал|получил|пришл|пришёл|пришел|брак|возврат|вернуть|обмен|не работает|сломал|курьер привез)/,
  },
  {
    intent: 'availability_delivery',
    stems: /(налич|доставк|привез|поступ|когда будет|сколько ид[её]т|склад|в пункт|пвз)/,
  },
  {
    intent: 'sizing_fit',
    stems:
      /(размер|маломер|большемер|рост|обхват|длин[аыу] рукав|на ногу|сел[аи]? по|подойд[её]т ли на|таблиц[аеу] размер)/,
  },
  {
    intent: 'spec_compatibility',
    stems:
      /(совмест|подходит ли к|подойд[её]т ли к|характеристик|материал|состав|мощност|ёмкост|емкост|аккумулятор|разъ[её]м|модел[иья]|iphone|samsung|xiaomi)/,
  },
  { intent: 'pre_purchase', stems: /(гарант|оригинал|подар|упаков|цвет|комплект|стоит ли|есть ли)/ },
];

export function classifyQuestionIntent(text: string): QuestionIntent {
  const normalised = text.toLowerCase();
  for (const rule of RULES) if (rule.stems.test(normalised)) return rule.intent;
  return 'general';
}
