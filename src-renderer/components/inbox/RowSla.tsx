import { useSyncExternalStore } from 'react';
import { fullDateTime } from '../../lib/time';
import { liveSlaState } from '../common/SlaChip';
import type { InteractionSummary } from '../../../src-shared/domain/interaction';

const MINUTE = 60_000;
const TICK_MS = 30_000;

// One clock for every row (rows mount and unmount by the dozen while scrolling: no timer each).
let nowMs = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
function subscribe(listener: () => void) {
  listeners.add(listener);
  nowMs = Date.now();
  timer ??= setInterval(() => {
    nowMs = Date.now();
    listeners.forEach((notify) => notify());
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
const useRowNow = () => new Date(useSyncExternalStore(subscribe, () => nowMs));

/** «1 ч 20 мин», «3 ч», «2 дн 4 ч»: a countdown fine enough to act on, never «0 мин». */
export function countdownText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(Math.abs(ms) / MINUTE));
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24) return rest ? `${hours} ч ${rest} мин` : `${hours} ч`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} дн ${hours % 24} ч` : `${days} дн`;
}

type Props = Pick<InteractionSummary, 'needsResponse' | 'slaState' | 'slaDueAt' | 'slaSoonAt'>;

/** The row's SLA countdown, live: «осталось 1 ч 20 мин» / «просрочено на 3 ч»; nothing once answered. */
export function RowSla(props: Props) {
  const now = useRowNow();
  const state = liveSlaState(props, now);
  if (state === 'none' || !props.slaDueAt) return null;
  const left = Date.parse(props.slaDueAt) - now.getTime();
  const title = `Ответить до ${fullDateTime(props.slaDueAt)}`;
  return (
    <span className={`row-sla row-sla-${state}`} title={title} data-testid="row-sla" data-state={state}>
      {state === 'overdue' ? `просрочено на ${countdownText(left)}` : `осталось ${countdownText(left)}`}
    </span>
  );
}
