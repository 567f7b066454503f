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
  const total = db.get(
    base
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('n')),
  );
  return { items: rows.map(toSummary), total: Number(total?.n ?? 0) };
}

/** Turns what the seller typed into a safe FTS5 prefix query (each word quoted, so no syntax errors). */
export function ftsQuery(search: string | undefined): string | null {
  const words = (search ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

export function countInbox(db: SqlRunner, accountId: number): InboxCounts {
  const rows = db.all(
    db.build
      .selectFrom('interactions')
      .select([
        'channel',
        (eb) => eb.fn.countAll<number>().as('total'),
        (eb) => eb.fn.sum<number>('needs_response').as('open'),
        (eb) => eb.fn.sum<number>(sql`needs_response = 1 AND sla_state = 'overdue'`).as('overdue'),
        (eb) => eb.fn.sum<number>(sql`needs_response = 1 AND sla_state = 'due_soon'`).as('due_soon'),
      ])
      .where('account_id', '=', accountId)
      .groupBy('channel'),
  );
  const counts = Object.fromEntries(
    CHANNELS.map((channel) => [channel, { total: 0, needs_response: 0, overdue: 0, due_soon: 0 }]),
  ) as InboxCounts;
  for (const row of rows)
    counts[row.channel] = {
      total: Number(row.total),
      needs_response: Number(row.open ?? 0),
      overdue: Number(row.overdue ?? 0),
      due_soon: Number(row.due_soon ?? 0),
    };
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
