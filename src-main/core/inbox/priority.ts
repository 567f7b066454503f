import {
  DEFAULT_SLA_HOURS,
  type Channel,
  type Priority,
  type QuestionIntent,
  type ReviewSignal,
  type SlaState,
} from '../../../src-shared/domain/interaction';
import { coreMessage, type CoreMessage, type MessageOf } from '../../../src-shared/messages/catalog';
import { addWorkingHours, DEFAULT_WORKING_HOURS, type WorkingHours } from '../../../src-shared/domain/working-hours';

export { DEFAULT_SLA_HOURS };

/** Working hours before the due time at which an item turns due soon (settings `slaDueSoonHours`). */
export const DEFAULT_DUE_SOON_HOURS = 1;

/** One step up: what an overdue item or a review with a problem signal is raised to. */
export const ESCALATE: Record<Priority, Priority> = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' };

/**
 * Text signals that make a review more urgent than its stars alone say, matched on the lowercased
 * text with ё read as е. Patterns are word stems, so every form matches (запах, запахом, пахнет;
 * маломерит, маломерка); `not` strips phrases that say the opposite before matching (без запаха,
 * приятный запах).
 */
const REVIEW_SIGNAL_PATTERNS: { signal: ReviewSignal; pattern: RegExp; not?: RegExp }[] = [
  {
    signal: 'defect',
    pattern:
      /(брак|сломан|сломал|не работает|не работают|перестал[аио]? работать|не включается|порван|порвал|дыр[аукыо]|трещин|треснул|протека|протек |отвалил|оторвал|расползл|распорол|разошел?ся шов|шов разошел|нитки торчат|пятн[оа] на)/,
  },
  {
    signal: 'wrong_item',
    pattern:
      /(не тот|не та |не то |не те |пересорт|другой цвет|другого цвета|другую модель|другой модел|прислали не|прислали другой|прислали другую|прислали другое|пришел другой|пришла другая|пришло другое|перепутал)/,
  },
  { signal: 'return', pattern: /(возврат|вернуть|верну(?![лс])|деньги назад|вернули деньги|отказ при получении)/ },
  {
    signal: 'smell',
    pattern: /(запах|пахн|пахло|воня|вонь|вонюч|смердит|несет химией|химией несет)/,
    not: /(без (какого-либо |неприятного |постороннего )?запаха|нет (никакого |неприятного )?запаха|запаха нет|не пахнет|не воняет|(приятн|вкусн|хорош|легк|нежн|свеж)\S*\s+(аромат|запах|пахн)\S*|(запах|пахн)\S*\s+(приятн|вкусн|хорош|легк|нежн|свеж)\S*)/g,
  },
  {
    signal: 'size',
    pattern:
      /(маломер|большемер|не подош\S*\s+(по\s+)?размер|размер\S*\s+не\s+подош|не по размеру|размер\S*\s+не\s+соответств|не соответствует размер|(мал[аоиы]?|велик[аоиы]?|узк[аоиы]?е?|широк[аоиы]?е?)\s+в\s+(груди|талии|бедрах|плечах|поясе|длину|стопе|подъеме|рукавах)|жмет|тесн[аоыи](?![ц])|на размер (меньше|больше)|на два размера)/,
  },
  {
    signal: 'delivery_damage',
    pattern:
      /(коробк\S*\s+(был[аи]?\s+|пришл[аи]?\s+)?(помят|порван|разорван|разбит|вскрыт|поврежд|мокр)|(помят|порван|разорван|вскрыт|поврежд)\S*\s+(коробк|упаковк)|упаковк\S*\s+(был[аи]?\s+|пришл[аи]?\s+)?(поврежд|помят|порван|разорван|вскрыт)|поврежд\S*\s+при\s+(доставке|транспортировке|перевозке)|при доставке\s+(повредил|разбил|сломал|помял)|пришл[оаи]?\s+(разбит|сломан|поврежд|мят|помят|треснут|расколот)|пришел\s+(разбит|сломан|поврежд|мят|помят|треснут|расколот)|разбит\S*\s+при\s+доставке|курьер\S*\s+(повредил|уронил|сломал|разбил))/,
  },
];

/**
 * Names the patterns above (a hash of their sources): analytics keeps each review's signals with
 * it (review_signals) and recomputes them when the patterns have changed since.
 */
export const REVIEW_SIGNALS_VERSION = (() => {
  const text = JSON.stringify(
    REVIEW_SIGNAL_PATTERNS.map(({ signal, pattern, not }) => [signal, String(pattern), not ? String(not) : null]),
  );
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
})();

/** The signals a review's text carries, in the order above. */
export function reviewSignals(text: string): ReviewSignal[] {
  const lower = text.toLowerCase().replaceAll('ё', 'е');
  return REVIEW_SIGNAL_PATTERNS.filter(({ pattern, not }) => pattern.test(not ? lower.replace(not, ' ') : lower)).map(
    ({ signal }) => signal,
  );
}

/** A stored reason part (interactions.priority_reason); the SLA state's own part is added on read. */
export type PriorityReason = MessageOf<
  | 'priority_review_stars'
  | 'priority_review_signal'
  | 'priority_question_intent'
  | 'priority_chat_waiting'
  | 'priority_chat_answered'
>;

/** The reasons with what the SLA state adds («скоро срок ответа», «просрочено»): the state is never stored in the reasons. */
export function withSlaReason(reasons: CoreMessage[], state: SlaState): CoreMessage[] {
  if (state === 'overdue') return [...reasons, coreMessage('priority_overdue')];
  if (state === 'due_soon') return [...reasons, coreMessage('priority_due_soon')];
  return reasons;
}

export interface PriorityInput {
  channel: Channel;
  rating: number | null;
  text: string;
  intent: QuestionIntent | null;
  /** When the buyer's wait began: the item's time, or for a chat the first unanswered buyer message. */
  occurredAt: Date;
  needsResponse: boolean;
  now: Date;
  slaHours?: Partial<typeof DEFAULT_SLA_HOURS>;
  /** The seller's schedule the SLA is counted in; Moscow, Mon–Fri 09:00–18:00 when absent. */
  workingHours?: WorkingHours;
  /** Working hours before the due time at which the item turns due soon; 1 when absent. */
  dueSoonHours?: number;
}

/** The account settings that decide due times (settings `slaHours`, `workingHours`, `slaDueSoonHours`). */
export type SlaSettings = Pick<PriorityInput, 'slaHours' | 'workingHours' | 'dueSoonHours'>;

export interface PriorityResult {
  /** The priority now: the base one, raised one step once the item is overdue. */
  priority: Priority;
  /** The priority before time escalation. */
  basePriority: Priority;
  /** Why, without the time part (that follows `slaState`, see sla-clock.ts `timeReason`). */
  reason: PriorityReason[];
  slaDueAt: string | null;
  slaSoonAt: string | null;
  slaState: SlaState;
}

/** The priority, its reasons and the SLA times of one item, from its stored source fields and the settings. */
export function assessPriority(input: PriorityInput): PriorityResult {
  const sla = { ...DEFAULT_SLA_HOURS, ...input.slaHours };
  let basePriority: Priority;
  let reason: PriorityReason[];
  let hours: number;
  if (input.channel === 'review') {
    const rating = input.rating ?? 3;
    basePriority = rating <= 2 ? 'urgent' : rating === 3 ? 'high' : rating === 4 ? 'normal' : 'low';
    reason = [coreMessage('priority_review_stars', { stars: rating })];
    const signals = reviewSignals(input.text);
    for (const signal of signals) reason.push(coreMessage('priority_review_signal', { signal }));
    if (signals.length > 0) basePriority = ESCALATE[basePriority];
    hours = rating <= 3 || signals.length > 0 ? sla.review_negative : sla.review;
  } else if (input.channel === 'question') {
    const intent = input.intent ?? 'general';
    basePriority = intent === 'general' ? 'normal' : 'high';
    reason = [coreMessage('priority_question_intent', { intent })];
    hours = sla[intent] ?? sla.general;
  } else if (input.needsResponse) {
    basePriority = 'high';
    reason = [coreMessage('priority_chat_waiting')];
    hours = sla.chat;
  } else {
    // The buyer got the seller's answer: nothing waits.
    return {
      priority: 'low',
      basePriority: 'low',
      reason: [coreMessage('priority_chat_answered')],
      slaDueAt: null,
      slaSoonAt: null,
      slaState: 'none',
    };
  }
  if (!input.needsResponse)
    return { priority: basePriority, basePriority, reason, slaDueAt: null, slaSoonAt: null, slaState: 'none' };
  const schedule = input.workingHours ?? DEFAULT_WORKING_HOURS;
  const due = addWorkingHours(input.occurredAt, hours, schedule);
  const lead = hours - (input.dueSoonHours ?? DEFAULT_DUE_SOON_HOURS);
  const soon = lead > 0 ? addWorkingHours(input.occurredAt, lead, schedule) : input.occurredAt;
  const now = input.now.getTime();
  const slaState: SlaState = due.getTime() <= now ? 'overdue' : soon.getTime() <= now ? 'due_soon' : 'ok';
  return {
    priority: slaState === 'overdue' ? ESCALATE[basePriority] : basePriority,
    basePriority,
    reason,
    slaDueAt: due.toISOString(),
    slaSoonAt: soon.toISOString(),
    slaState,
  };
}
