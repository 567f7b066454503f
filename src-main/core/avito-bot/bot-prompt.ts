import type { ChatPromptMessage } from '../ai/draft-prompt';
import type { KnowledgeHit } from '../knowledge/knowledge-index';

/**
 * The bot's prompt (issue 12 item 5): answer the buyer from the seller's knowledge base only,
 * in the context of the chat. The model numbers the entries it used on a last line; the engine
 * strips that line and keeps the entries' ids as the answer's citations (never sent to the buyer).
 * When the entries do not answer the question, the model says NO_ANSWER and a person takes over.
 */
export const NO_ANSWER = 'NO_ANSWER';
const MAX_HISTORY = 20;
const MAX_MESSAGE = 600;

const excerpt = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text);

export interface BotPromptInput {
  entries: KnowledgeHit[];
  /** The chat, oldest first. */
  history: { fromBuyer: boolean; text: string }[];
  formality: 'вы' | 'ты';
}

export function buildBotPrompt(input: BotPromptInput): ChatPromptMessage[] {
  const system = [
    'Ты отвечаешь покупателю в чате Авито от имени магазина («мы»). Пиши по-русски, коротко и по делу.',
    'Отвечай только фактами из базы знаний магазина ниже. Ничего не выдумывай: ни цен, ни сроков, ни характеристик.',
    `Если в базе знаний нет ответа на вопрос покупателя, ответь ровно одним словом: ${NO_ANSWER}`,
    '- не упоминай искусственный интеллект, нейросети, ботов и автоматические ответы;',
    '- не обещай возврат денег, компенсацию и не давай гарантий, которых нет в базе знаний;',
    '- не указывай телефоны, ссылки, электронную почту и другие контакты, если их нет в базе знаний;',
    '- длина ответа — не больше 800 символов.',
    `Обращайся к покупателю на «${input.formality}».`,
    'Последней строкой напиши «ИСТОЧНИКИ:» и номера записей базы знаний, на которые опирается ответ, через запятую.',
  ].join('\n');
  const lines = ['База знаний магазина:'];
  input.entries.forEach((entry, index) => lines.push(`[${index + 1}] ${entry.title}`, entry.body, ''));
  lines.push('Переписка (старые сверху):');
  for (const message of input.history.slice(-MAX_HISTORY))
    lines.push(`${message.fromBuyer ? 'Покупатель' : 'Магазин'}: ${excerpt(message.text)}`);
  lines.push('', 'Напиши ответ на последнее сообщение покупателя.');
  return [
    { role: 'system', content: system },
    { role: 'user', content: lines.join('\n') },
  ];
}

const SOURCES_LINE = /^\s*(?:источники|sources)\s*:\s*([\d,\s[\]]*)\.?\s*$/imu;

/**
 * The model's text split into the answer and the entry numbers it cited (1-based, as numbered in
 * the prompt). Numbers outside the list are dropped; no sources line cites every entry given.
 */
export function parseBotAnswer(content: string, entries: number): { text: string; cited: number[] | null } {
  const match = SOURCES_LINE.exec(content);
  if (!match) return { text: content.trim(), cited: null };
  const cited = [...new Set((match[1] ?? '').match(/\d+/g)?.map(Number) ?? [])].filter((n) => n >= 1 && n <= entries);
  return { text: content.replace(SOURCES_LINE, '').trim(), cited };
}
