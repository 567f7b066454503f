import { sql } from 'kysely';
import { CHANNELS, type InboxCounts } from '../../../src-shared/domain/interaction';
import type { InboxPage, IpcParsedInput } from '../../../src-shared/ipc/contract';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { toDetail, toSummary } from './mappers';

/**
 * The inbox list. Its ORDER BY matches the `interactions_inbox[_channel]` indexes column for
 * column, so SQLite walks the index instead of sorting (checked by EXPLAIN QUERY PLAN in tests).
 */
export function inboxListQuery(db: SqlRunner, input: IpcParsedInput<'inbox.list'>) {
  let query = db.build.selectFrom('interactions').selectAll().where('account_id', '=', input.accountId);
  if (input.channel) query = query.where('channel', '=', input.channel);
  if (input.needsResponse !== undefined) query = query.where('needs_response', '=', input.needsResponse ? 1 : 0);
  const match = ftsQuery(input.search);
  if (match) {
    query = query.where((eb) =>
      eb.or([
        eb('id', 'in', sql<number>`(SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ${match})`),
        eb(
          'id',
          'in',
          sql<number>`(SELECT m.interaction_id FROM chat_messages_fts f JOIN chat_messages m ON m.id = f.rowid WHERE chat_messages_fts MATCH ${match})`,
        ),
      ]),
    );
  }
  // Overdue first, then due soon (sla_rank), then priority, due time, newest (DESIGN §6).
  return query
    .orderBy('needs_response', 'desc')
    .orderBy('sla_rank', 'asc')
    .orderBy('priority_rank', 'asc')
    .orderBy('sla_due_at', 'asc')
    .orderBy('occurred_at', 'desc');
}

export function listInbox(db: SqlRunner, input: IpcParsedInput<'inbox.list'>): InboxPage {
  const base = inboxListQuery(db, input);
  const rows = db.all(base.limit(input.limit).offset(input.offset));
  // A short page is the last one: it tells the total itself.
  const total =
    rows.length > 0 && rows.length < input.limit
      ? input.offset + rows.length
      : (keptTotal(db, input) ?? countMatching(db, base));
  return { items: rows.map(toSummary), total };
}

/** The `inbox.list` filters the kept counts answer (migration 0010); any other filter counts the matching rows. */
const KEPT_FILTERS = new Set(['accountId', 'channel', 'needsResponse', 'limit', 'offset']);

/** The total from `inbox_counts`, or null when a filter (a search) needs the rows themselves counted. */
function keptTotal(db: SqlRunner, input: IpcParsedInput<'inbox.list'>): number | null {
  const kept = Object.entries(input).every(
    ([key, value]) => value === undefined || KEPT_FILTERS.has(key) || (key === 'search' && !ftsQuery(input.search)),
  );
  if (!kept) return null;
  let query = db.build
    .selectFrom('inbox_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('n'), eb.lit(0)).as('n'))
    .where('account_id', '=', input.accountId);
  if (input.channel) query = query.where('channel', '=', input.channel);
  if (input.needsResponse !== undefined) query = query.where('needs_response', '=', input.needsResponse ? 1 : 0);
  return Number(db.get(query)?.n ?? 0);
}

function countMatching(db: SqlRunner, base: ReturnType<typeof inboxListQuery>): number {
  const total = db.get(
    base
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('n')),
  );
  return Number(total?.n ?? 0);
}

/** Turns what the seller typed into a safe FTS5 prefix query (each word quoted, so no syntax errors). */
export function ftsQuery(search: string | undefined): string | null {
  const words = (search ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

/** Per channel: all items and those waiting for an answer, from the kept counts (migration 0010). */
export function countInbox(db: SqlRunner, accountId: number): InboxCounts {
  const rows = db.all(
    db.build.selectFrom('inbox_counts').select(['channel', 'needs_response', 'n']).where('account_id', '=', accountId),
  );
  const counts = Object.fromEntries(
    CHANNELS.map((channel) => [channel, { total: 0, needs_response: 0, overdue: 0, due_soon: 0 }]),
  ) as InboxCounts;
  for (const row of rows) {
    counts[row.channel].total += row.n;
    if (row.needs_response === 1) counts[row.channel].needs_response += row.n;
  }
  // Overdue and due soon depend on the clock, so they are counted, over the inbox index's
  // (account_id, needs_response, sla_rank) prefix: only the waiting items with sla_rank 0 or 1.
  const urgent = db.all(
    db.build
      .selectFrom('interactions')
      .select(['channel', 'sla_rank', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where('needs_response', '=', 1)
      .where('sla_rank', '<', 2)
      .groupBy(['channel', 'sla_rank']),
  );
  for (const row of urgent) {
    if (row.sla_rank === 0) counts[row.channel].overdue += Number(row.n);
    else counts[row.channel].due_soon += Number(row.n);
  }
  return counts;
}

export function getInteraction(db: SqlRunner, id: number) {
  const row = db.get(db.build.selectFrom('interactions').selectAll().where('id', '=', id));
  if (!row) throw new CoreError('not_found', { entity: 'interaction', id });
  const messages = db.all(
    db.build.selectFrom('chat_messages').selectAll().where('interaction_id', '=', id).orderBy('sent_at').orderBy('id'),
  );
  const events = db.all(
    db.build
      .selectFrom('interaction_events')
      .select(['id', 'type', 'payload_json', 'created_at'])
      .where('interaction_id', '=', id)
      .orderBy('created_at')
      .orderBy('id'),
  );
  return toDetail(row, messages, events);
}

/** An interaction by its inbox id, or by WB's own id within an account (the CLI's `--id`). */
export function findInteraction(
  db: SqlRunner,
  key: { id: number } | { accountId: number | null; externalId: string },
): { id: number; accountId: number } | undefined {
  const query = db.build.selectFrom('interactions').select(['id', 'account_id as accountId']);
  if ('id' in key) return db.get(query.where('id', '=', key.id));
  return key.accountId === null
    ? undefined
    : db.get(query.where('account_id', '=', key.accountId).where('external_id', '=', key.externalId));
}
