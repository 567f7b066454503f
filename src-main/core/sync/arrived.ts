import { ARRIVED_ITEMS_MAX, type ArrivedItem, type PushEvents } from '../../../src-shared/ipc/events';
import type { InteractionSource } from '../../../src-shared/domain/interaction';
import type { SqlRunner } from '../db/sql-runner';

/**
 * The `inbox.arrived` payload for what one channel run wrote: each item as it stands now (priority
 * and SLA state after the write), highest ids first, at most ARRIVED_ITEMS_MAX of them.
 */
export function arrivedItems(
  db: SqlRunner,
  accountId: number,
  arrived: ReadonlyMap<number, 'new' | 'message'>,
): PushEvents['inbox.arrived'] {
  const ids = [...arrived.keys()].sort((a, b) => b - a).slice(0, ARRIVED_ITEMS_MAX);
  const rows = db.all(
    db.build
      .selectFrom('interactions')
      .select(['id', 'channel', 'priority', 'sla_state', 'needs_response', 'source'])
      .where('account_id', '=', accountId)
      .where('id', 'in', ids)
      .orderBy('id', 'desc'),
  );
  const items: ArrivedItem[] = rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    kind: arrived.get(row.id) ?? 'new',
    priority: row.priority,
    slaState: row.sla_state ?? 'none',
    needsResponse: row.needs_response === 1,
    source: (row.source === 'demo' ? 'demo' : 'wb_api') satisfies InteractionSource,
  }));
  return { accountId, items, total: arrived.size };
}
