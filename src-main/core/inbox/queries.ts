import { sql, type SelectQueryBuilder } from 'kysely';
import { CHANNELS, type InboxCounts } from '../../../src-shared/domain/interaction';
import type { InboxPage, IpcParsedInput } from '../../../src-shared/ipc/contract';
import type { Interaction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { parseSearch } from '../search/search-query';
import { catchUpIndex } from '../search/search-index';
import { highlightsFor, snippetFor } from '../search/highlight';
import { toDetail, toSummary } from './mappers';

/**
 * The inbox list. Its ORDER BY matches the `interactions_inbox[_channel]` indexes column for
 * column, so SQLite walks the index instead of sorting (checked by EXPLAIN QUERY PLAN in tests).
 */
export function inboxListQuery(db: SqlRunner, input: IpcParsedInput<'inbox.list'>) {
  let query = db.build.selectFrom('interactions').selectAll().where('account_id', '=', input.accountId);
  if (input.channel) query = query.where('channel', '=', input.channel);
  if (input.needsResponse !== undefined) query = query.where('needs_response', '=', input.needsResponse ? 1 : 0);
  // Overdue first, then due soon (sla_rank), then priority, due time, newest (DESIGN §6).
  return query
    .orderBy('needs_response', 'desc')
    .orderBy('sla_rank', 'asc')
    .orderBy('priority_rank', 'asc')
    .orderBy('sla_due_at', 'asc')
    .orderBy('occurred_at', 'desc');
}

/**
 * A search (issue 9 item 6): the matches of the stemmed index (migration 0009) under the same
 * filters as the list, most relevant first (bm25, `rank`), equal ranks newest first. CROSS JOIN
 * keeps the matches as the outer loop (SQLite never reorders it): each match is one primary-key
 * lookup, where the planner's own choice walked the account's rows and ran the MATCH for each.
 */
export function inboxSearchQuery(db: SqlRunner, input: IpcParsedInput<'inbox.list'>, match: string) {
  let query = db.build
    .selectFrom(
      sql<{ id: number; rank: number }>`(SELECT rowid AS id, rank FROM search_fts WHERE search_fts MATCH ${match})`.as(
        'hit',
      ),
    )
    .crossJoin('interactions')
    .selectAll('interactions')
    .whereRef('interactions.id', '=', 'hit.id')
    .where('interactions.account_id', '=', input.accountId);
  if (input.channel) query = query.where('interactions.channel', '=', input.channel);
  if (input.needsResponse !== undefined)
    query = query.where('interactions.needs_response', '=', input.needsResponse ? 1 : 0);
  return query.orderBy(sql`hit.rank`).orderBy('interactions.id', 'desc');
}

export function listInbox(db: SqlRunner, input: IpcParsedInput<'inbox.list'>): InboxPage {
  const search = parseSearch(input.search);
  if (!search) return page(db, inboxListQuery(db, input), input);
  // What was just written (demo seeding, a chat's product name) is searchable at once.
  catchUpIndex(db);
  const result = page(db, inboxSearchQuery(db, input, search.match), input);
  const chats = result.rows.filter((row) => row.channel === 'chat').map((row) => row.id);
  const messages = chatMessagesOf(db, chats);
  result.rows.forEach((row, index) => {
    result.items[index]!.snippet = snippetFor(searchable(row, messages.get(row.id) ?? []), search.terms);
  });
  return { items: result.items, total: result.total };
}

/** One page of `base` and the total under its filters. */
function page(
  db: SqlRunner,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list and the search differ only in their FROM
  base: SelectQueryBuilder<any, any, Interaction>,
  input: IpcParsedInput<'inbox.list'>,
) {
  const rows = db.all(base.limit(input.limit).offset(input.offset));
  // A short page is the last one: it tells the total itself.
  const total =
    rows.length > 0 && rows.length < input.limit
      ? input.offset + rows.length
      : (keptTotal(db, input) ?? countMatching(db, base));
  return { rows, items: rows.map(toSummary), total };
}

/** The `inbox.list` filters the kept counts answer (migration 0010); any other filter counts the matching rows. */
const KEPT_FILTERS = new Set(['accountId', 'channel', 'needsResponse', 'limit', 'offset']);

/** The total from `inbox_counts`, or null when a filter (a search) needs the rows themselves counted. */
function keptTotal(db: SqlRunner, input: IpcParsedInput<'inbox.list'>): number | null {
  const kept = Object.entries(input).every(
    ([key, value]) => value === undefined || KEPT_FILTERS.has(key) || (key === 'search' && !parseSearch(input.search)),
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

function countMatching(
  db: SqlRunner,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list and the search differ only in their FROM
  base: SelectQueryBuilder<any, any, Interaction>,
): number {
  const total = db.get(
    base
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('n')),
  );
  return Number(total?.n ?? 0);
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

/** The chat messages (id, text, oldest first) of the given interactions. */
function chatMessagesOf(db: SqlRunner, ids: number[]): Map<number, { id: number; text: string }[]> {
  const byInteraction = new Map<number, { id: number; text: string }[]>();
  if (ids.length === 0) return byInteraction;
  const rows = db.all(
    db.build
      .selectFrom('chat_messages')
      .select(['id', 'interaction_id', 'text'])
      .where('interaction_id', 'in', ids)
      .orderBy('interaction_id')
      .orderBy('sent_at')
      .orderBy('id'),
  );
  for (const row of rows) {
    const list = byInteraction.get(row.interaction_id);
    if (list) list.push({ id: row.id, text: row.text });
    else byInteraction.set(row.interaction_id, [{ id: row.id, text: row.text }]);
  }
  return byInteraction;
}

function searchable(row: Interaction, messages: { id: number; text: string }[]) {
  return {
    text: row.text,
    pros: row.pros,
    cons: row.cons,
    productName: row.product_name,
    customerName: row.customer_name,
    productArticle: row.product_article,
    messages,
  };
}

export function getInteraction(db: SqlRunner, id: number, search?: string) {
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
  const detail = toDetail(row, messages, events);
  const parsed = parseSearch(search);
  if (parsed) detail.highlights = highlightsFor(searchable(row, messages), parsed.terms);
  return detail;
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
