import type { Channel } from '../../../src-shared/domain/interaction';
import type { DraftRequest } from './types';

export interface ChatPromptMessage {
  role: 'system' | 'user';
  content: string;
}

const CHANNEL_LABEL: Record<Channel, string> = {
  review: 'Отзыв покупателя о товаре (ответ публичный, его увидят все покупатели)',
  question: 'Вопрос покупателя о товаре до покупки (ответ публичный)',
  chat: 'Личный чат с покупателем',
};

/**
 * Soft targets, below the hard limits (CONTRACT: answers 5000, chat 1000) so the appended
 * signature still fits and answers stay readable.
 */
const TARGET_LENGTH: Record<Channel, number> = { review: 1200, question: 1200, chat: 800 };

const STYLE_HINT = {
  friendly: 'тёплый и дружелюбный, без фамильярности',
  formal: 'вежливый и официальный',
  brief: 'краткий: 1–2 предложения по делу',
} as const;

const MAX_GROUNDING = 5;
const MAX_EXCERPT = 600;
const MAX_CHAT_MESSAGES = 20;

const excerpt = (text: string) => (text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text);

/** WB's answer rules, restated for the model; the guardrails re-check whatever it writes. */
function systemPrompt(request: DraftRequest): string {
  const { channel, tone } = request;
  return [
    'Ты пишешь ответ покупателю от имени продавца на Wildberries. Пиши по-русски, от лица магазина («мы»).',
    'Обязательные правила Wildberries:',
    '- не упоминай искусственный интеллект, нейросети, ботов и автоматические ответы;',
    '- не обещай возврат денег, компенсацию, бесплатную замену и не давай гарантий;',
    '- не обвиняй покупателя и не спорь с ним;',
    '- не отмахивайся от проблемы и не отправляй покупателя в поддержку Wildberries;',
    '- не предлагай оформить возврат, если покупатель сам об этом не просил;',
    '- не указывай телефоны, ссылки, электронную почту, мессенджеры и другие контакты;',
    `- длина ответа — не больше ${TARGET_LENGTH[channel]} символов.`,
    'Опирайся только на факты из обращения и из прошлых ответов продавца; не выдумывай характеристики и сроки.',
    `Обращайся к покупателю на «${tone.formality}». Тон: ${STYLE_HINT[tone.style ?? 'friendly']}.`,
    'Не добавляй подпись — её добавит продавец. Верни только текст ответа, без кавычек и пояснений.',
  ].join('\n');
}

function userPrompt(request: DraftRequest): string {
  const { channel, interaction: i, grounding } = request;
  const lines = [CHANNEL_LABEL[channel]];
  const product = [
    i.productName,
    i.productArticle && `артикул продавца ${i.productArticle}`,
    i.nmId != null && `nmId ${i.nmId}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (product) lines.push(`Товар: ${product}`);
  if (i.customerName?.trim()) lines.push(`Имя покупателя: ${i.customerName.trim()}`);
  if (i.rating != null) lines.push(`Оценка: ${i.rating} из 5`);
  if (i.intent) lines.push(`Тема: ${i.intent}`);
  if (i.text.trim()) lines.push(`Текст: ${excerpt(i.text.trim())}`);
  if (i.pros?.trim()) lines.push(`Достоинства: ${excerpt(i.pros.trim())}`);
  if (i.cons?.trim()) lines.push(`Недостатки: ${excerpt(i.cons.trim())}`);
  const history = (i.messages ?? []).slice(-MAX_CHAT_MESSAGES);
  if (history.length > 0) {
    lines.push('', 'Переписка (старые сверху):');
    const who = { client: 'Покупатель', seller: 'Продавец', wb: 'Wildberries', marketplace: 'Avito' } as const;
    for (const m of history) lines.push(`${who[m.sender]}: ${excerpt(m.text)}`);
  }
  const answers = grounding.recentAnswers.slice(0, MAX_GROUNDING);
  if (answers.length > 0) {
    lines.push('', 'Так продавец уже отвечал на обращения по этому товару (держись этих фактов и манеры):');
    answers.forEach((a, n) =>
      lines.push(`${n + 1}. Обращение: ${excerpt(a.question)}`, `   Ответ: ${excerpt(a.answer)}`),
    );
  }
  lines.push('', 'Напиши ответ.');
  return lines.join('\n');
}

export function buildDraftPrompt(request: DraftRequest): ChatPromptMessage[] {
  return [
    { role: 'system', content: systemPrompt(request) },
    { role: 'user', content: userPrompt(request) },
  ];
}
