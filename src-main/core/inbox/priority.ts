import { intentLabel, type Channel, type Priority, type QuestionIntent } from '../../../src-shared/domain/interaction';
import { addWorkingHours, DEFAULT_WORKING_HOURS, type WorkingHours } from '../../../src-shared/domain/working-hours';

/**
 * SLA targets in working hours per question intent (DESIGN §6); configurable per account in
 * settings. They are counted in the account's working hours (settings `workingHours`).
 */
export const DEFAULT_SLA_HOURS: Record<QuestionIntent | 'review' | 'review_negative' | 'chat', number> = {
  sizing_fit: 4,
  availability_delivery: 4,
  spec_compatibility: 8,
  pre_purchase: 6,
  post_purchase: 12,
  general: 24,
  review_negative: 12,
  review: 48,
  chat: 2,
};

const ESCALATE: Record<Priority, Priority> = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' };

/** Text signals that make a review more urgent than its stars alone say. */
const PROBLEM_SIGNALS: { reason: string; pattern: RegExp }[] = [
  { reason: 'брак', pattern: /(брак|сломан|сломал|не работает|порван|дыр[аку]|трещин|протек)/ },
  {
    reason: 'не тот товар',
    pattern: /(не тот|не та |не то |пересорт|другой цвет|другого цвета|другой размер|прислали не)/,
  },
  { reason: 'возврат', pattern: /(возврат|вернуть|верну|деньги назад|вернули деньги)/ },
];

/** A chat whose buyer got the seller's answer: nothing waits, the priority is low. */
export const ANSWERED_REASON = 'ответ отправлен';

export interface PriorityInput {
  channel: Channel;
  rating: number | null;
  text: string;
  intent: QuestionIntent | null;
  occurredAt: Date;
  needsResponse: boolean;
  now: Date;
  slaHours?: Partial<typeof DEFAULT_SLA_HOURS>;
  /** The seller's schedule the SLA is counted in; Moscow, Mon–Fri 09:00–18:00 when absent. */
  workingHours?: WorkingHours;
}

/** The account settings that decide due times (settings `slaHours` and `workingHours`). */
export type SlaSettings = Pick<PriorityInput, 'slaHours' | 'workingHours'>;

export interface PriorityResult {
  priority: Priority;
  reason: string;
  slaDueAt: string | null;
}

export function assessPriority(input: PriorityInput): PriorityResult {
  const sla = { ...DEFAULT_SLA_HOURS, ...input.slaHours };
  let priority: Priority;
  let reason: string;
  let hours: number;
  if (input.channel === 'review') {
    const rating = input.rating ?? 3;
    priority = rating <= 2 ? 'urgent' : rating === 3 ? 'high' : rating === 4 ? 'normal' : 'low';
    reason = `${rating}★`;
    const signal = PROBLEM_SIGNALS.find((s) => s.pattern.test(input.text.toLowerCase()));
    if (signal && priority !== 'urgent') {
      priority = ESCALATE[priority];
      reason += `, ${signal.reason}`;
    }
    hours = rating <= 3 || signal ? sla.review_negative : sla.review;
  } else if (input.channel === 'question') {
    const intent = input.intent ?? 'general';
    priority = intent === 'post_purchase' ? 'high' : intent === 'general' ? 'normal' : 'high';
    reason = `вопрос: ${intentLabel(intent).toLowerCase()}`;
    hours = sla[intent];
  } else {
    priority = 'high';
    reason = 'покупатель ждёт ответа в чате';
    hours = sla.chat;
  }
  if (!input.needsResponse) return { priority, reason, slaDueAt: null };
  const due = addWorkingHours(input.occurredAt, hours, input.workingHours ?? DEFAULT_WORKING_HOURS);
  if (due.getTime() < input.now.getTime()) {
    priority = ESCALATE[priority];
    reason += ', просрочено';
  }
  return { priority, reason, slaDueAt: due.toISOString() };
}

/**
 * Every problem signal a review's text names (analytics: the top problem signals per product),
 * by the same patterns that escalate its priority; pass text, pros and cons joined.
 */
export function reviewSignals(text: string): string[] {
  const lower = text.toLowerCase();
  return PROBLEM_SIGNALS.filter((s) => s.pattern.test(lower)).map((s) => s.reason);
}
