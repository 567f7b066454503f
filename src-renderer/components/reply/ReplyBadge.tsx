import type { ReplyState } from '../../../src-shared/domain/interaction';
import { rowBadgeLabel } from '../../lib/reply-labels';
import { useNetworkStore } from '../../stores/network';

/** The reply's state on a list row, so a queued or failed reply is visible without opening it. */
export function ReplyBadge({ state, overdue = false }: { state: ReplyState; overdue?: boolean }) {
  const online = useNetworkStore((store) => store.online);
  const label = rowBadgeLabel(state, online, overdue);
  if (!label) return null;
  return (
    <span
      className={`badge reply-badge reply-badge-${state}${overdue ? ' reply-badge-overdue' : ''}`}
      data-testid="row-reply-state"
      data-state={state}
      data-overdue={overdue ? 'true' : undefined}
    >
      {label}
    </span>
  );
}
