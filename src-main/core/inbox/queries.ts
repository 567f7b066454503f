import { sql, type Kysely } from 'kysely';
import { CHANNELS, type InboxCounts } from '../../../src-shared/domain/interaction';
import type { InboxPage, IpcParsedInput } from '../../../src-shared/ipc/contract';
import type { Database } from '../db/schema';
import { CoreError } from '../errors';
import { toDetail, toSummary } from './mappers';

/**
 * The inbox list. Its ORDER BY matches the `interactions_inbox[_channel]` indexes column for
 * column, so SQLite walks the index instead of sorting (checked by EXPLAIN QUERY PLAN in tests).
 */
export function inboxListQuery(db: Kysely<Database>, input: IpcParsedInput<'inbox.list'>) {
  let query = db.selectFrom('interactions').selectAll().where('account_id', '=', input.accountId);
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
  return query
    .orderBy('needs_response', 'desc')
    .orderBy('priority_rank', 'asc')
    .orderBy('sla_due_at', 'asc')
    .orderBy('occurred_at', 'desc');
}

export async function listInbox(db: Kysely<Database>, input: IpcParsedInput<'inbox.list'>): Promise<InboxPage> {
  const base = inboxListQuery(db, input);
  const [rows, total] = await Promise.all([
    base.limit(input.limit).offset(input.offset).execute(),
    base
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSummary), total: Number(total.n) };
}

/** Turns what the seller typed into a safe FTS5 prefix query (each word quoted, so no syntax errors). */
export function ftsQuery(search: string | undefined): string | null {
  const words = (search ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

export async function countInbox(db: Kysely<Database>, accountId: number): Promise<InboxCounts> {
  const rows = await db
    .selectFrom('interactions')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('total'), (eb) => eb.fn.sum<number>('needs_response').as('open')])
    .where('account_id', '=', accountId)
    .groupBy('channel')
    .execute();
  const counts = Object.fromEntries(CHANNELS.map((channel) => [channel, { total: 0, needs_response: 0 }])) as InboxCounts;
  for (const row of rows) counts[row.channel] = { total: Number(row.total), needs_response: Number(row.open ?? 0) };
  return counts;
}

export async function getInteraction(db: Kysely<Database>, id: number) {
  const row = await db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new CoreError('not_found', { entity: 'interaction', id });
  const [messages, events] = await Promise.all([
    db.selectFrom('chat_messages').selectAll().where('interaction_id', '=', id).orderBy('sent_at').orderBy('id').execute(),
    db
      .selectFrom('interaction_events')
      .select(['id', 'type', 'payload_json', 'created_at'])
      .where('interaction_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return toDetail(row, messages, events);
}
