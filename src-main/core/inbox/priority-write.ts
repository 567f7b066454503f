import type { SqlRunner } from '../db/sql-runner';
import type { priorityFields } from './normalise';

/**
 * The prepared UPDATE that stores one interaction's new assessment (the columns of
 * `priorityFields`): the SLA clock's recompute and the chat sync's re-assessment write the same.
 */
export function preparePriorityWrite(db: SqlRunner) {
  return db.prepare((p: ReturnType<typeof priorityFields> & { id: number }) =>
    db.build
      .updateTable('interactions')
      .set({
        priority: p.priority,
        base_priority: p.base_priority,
        priority_reason: p.priority_reason,
        sla_due_at: p.sla_due_at,
        sla_soon_at: p.sla_soon_at,
        sla_state: p.sla_state,
      })
      .where('id', '=', p.id),
  );
}
