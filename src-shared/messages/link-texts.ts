import type { Channel } from '../domain/interaction';
import type { ActionMode, LinkSignal, ThreadKind, TimelineStep } from '../domain/links';

/** Russian for threads and their steps: one table for the renderer and the CLI. */
/** A step's channel in a listing (lower case: it sits mid-line). */
export const STEP_CHANNEL_TEXT: Record<Channel, string> = { review: 'отзыв', question: 'вопрос', chat: 'чат' };

export const THREAD_KIND_TEXT: Record<ThreadKind, string> = {
  customer_order: 'покупатель и заказ',
  customer: 'покупатель',
  product: 'товар',
  single: 'одно обращение',
};

export const ACTION_MODE_TEXT: Record<ActionMode, string> = {
  auto: 'связь надёжная',
  assist: 'предположение: подтвердите или отклоните',
  analytics: 'только для аналитики',
};

const SIGNAL_TEXT: Record<LinkSignal, string> = {
  same_order: 'тот же заказ',
  same_customer: 'тот же покупатель',
  same_product_window: 'тот же покупатель и товар',
  same_product_7d: 'тот же товар',
  within_24h: 'в течение суток',
  similar_text: 'похожий текст',
  same_name: 'то же имя',
  other_refs: 'общие ссылки',
};

const DAY_MS = 24 * 3_600_000;

function daysText(days: number): string {
  const tens = days % 100;
  const ones = days % 10;
  const word = tens >= 11 && tens <= 14 ? 'дней' : ones === 1 ? 'день' : ones >= 2 && ones <= 4 ? 'дня' : 'дней';
  return `${days} ${word}`;
}

/**
 * Why a step is in the thread, as the seller reads it: «тот же заказ», «тот же покупатель»,
 * «тот же товар, 2 дня» (the gap to the opened item, for a guess by product).
 */
export function stepReasonText(step: Pick<TimelineStep, 'matchReason' | 'occurredAt'>, openedAt: string): string {
  if (step.matchReason === 'self') return 'это обращение';
  const text = SIGNAL_TEXT[step.matchReason];
  if (step.matchReason !== 'same_product_7d') return text;
  const days = Math.floor(Math.abs(Date.parse(step.occurredAt) - Date.parse(openedAt)) / DAY_MS);
  return days === 0 ? `${text}, в тот же день` : `${text}, ${daysText(days)}`;
}

/** A confidence as a plain percentage (0.82 -> «82 %»). */
export const confidenceText = (confidence: number) => `${Math.round(confidence * 100)} %`;
