import type { Priority } from '../../../src-shared/domain/interaction';
import { PRIORITY_LABEL } from '../../lib/labels';

export function PriorityChip({ priority, reason }: { priority: Priority; reason?: string | null }) {
  return (
    <span className={`chip chip-${priority}`} title={reason ?? undefined}>
      {PRIORITY_LABEL[priority]}
    </span>
  );
}
