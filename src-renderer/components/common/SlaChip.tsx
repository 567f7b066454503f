import type { SlaState } from '../../../src-shared/domain/interaction';
import { useNow } from '../../lib/use-now';
import { fullDateTime } from '../../lib/time';

interface Props {
  needsResponse: boolean;
  slaState: SlaState;
  slaDueAt: string | null;
  slaSoonAt: string | null;
}

const MINUTE = 60_000;

/** «40 мин», «3 ч», «2 дн»: wall-clock time, rounded up so «0 мин» never shows. */
export function spanText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} ч`;
  return `${Math.round(hours / 24)} дн`;
}

/** Where an open item stands against its SLA at `now`: core's state, moved on by the renderer's clock between pushes. */
export function liveSlaState(props: Props, now: Date): SlaState {
  if (!props.needsResponse || !props.slaDueAt) return 'none';
  const at = now.getTime();
  if (props.slaState === 'overdue' || Date.parse(props.slaDueAt) <= at) return 'overdue';
  if (props.slaState === 'due_soon' || (props.slaSoonAt !== null && Date.parse(props.slaSoonAt) <= at))
    return 'due_soon';
  return props.slaState;
}

/** «просрочено на 2 ч» / «скоро просрочено · 40 мин»; nothing while the item is within its SLA. */
export function SlaChip(props: Props) {
  const now = useNow(30_000);
  const state = liveSlaState(props, now);
  if (state !== 'overdue' && state !== 'due_soon') return null;
  const due = Date.parse(props.slaDueAt!);
  const title = `Ответить до ${fullDateTime(props.slaDueAt!)}`;
  return state === 'overdue' ? (
    <span className="chip chip-sla-overdue" title={title} data-testid="sla-chip" data-state="overdue">
      просрочено на {spanText(now.getTime() - due)}
    </span>
  ) : (
    <span className="chip chip-sla-soon" title={title} data-testid="sla-chip" data-state="due_soon">
      скоро просрочено · {spanText(due - now.getTime())}
    </span>
  );
}
