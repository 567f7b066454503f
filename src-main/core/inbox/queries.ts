import { sql, type ExpressionBuilder } from 'kysely';
import { reviewPhotos, withCachedImages } from '../media/photos';
import { INBOX_CHANNELS, type InboxCounts, type MarketplaceFilter } from '../../../src-shared/domain/interaction';
import type { InboxPage, IpcParsedInput } from '../../../src-shared/ipc/contract';
import type { Interaction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { parseSearch } from '../search/search-query';
import { catchUpIndex } from '../search/search-index';
import { highlightsFor, snippetFor } from '../search/highlight';
import { chatsInMode } from '../avito-bot/chat-mode';
import { avitoChatView } from '../avito-sync/avito-rows';
import {
  accountIdsOf,
  marketplaceAccounts,
  queuePage,
  queueTotal,
  storedChannel,
  withAvitoModes,
} from './inbox-queues';
import { toDetail, toSummary } from './mappers';

/**
 * The inbox list. Its ORDER BY matches the `interactions_inbox[_channel]` indexes column for
 * column, so SQLite walks the index instead of sorting (checked by EXPLAIN QUERY PLAN in tests).
 */
export function inboxListQuery(db: SqlRunner, input: IpcParsedInput<'inbox.list'>) {
  let query = db.build.selectFrom('interactions').selectAll();
  if (input.accountId !== undefined) query = query.where('account_id', '=', input.accountId);
  if (input.channel) query = query.where('channel', '=', storedChannel(input.channel));
  const market = marketplaceAccounts(db, input);
  if (market) query = query.where(sql<boolean>`+account_id IN (${sql.join(market)})`);
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
 * A common word matches tens of thousands of items; ranking and counting them all cost a search
 * 100+ ms at 200 000 items. So only the newest SEARCH_RANK_CAP matches under the filters are
 * ranked (bm25) and paged, and a total beyond it is a lower bound (`totalCapped`).
 */
export const SEARCH_RANK_CAP = 500;
/**
 * Up to this many items under the filters (or when they keep under a third of the account), a
 * search starts from the filters' inbox index and keeps the items the match list holds: cheap
 * index entries instead of one table lookup per match, of which few may pass the filters.
 */
const FILTER_FIRST_MAX = 30_000;

/**
 * The newest `cap` + 1 matches of a search under the list's filters, newest first, driven by the
 * stemmed index (migration 0009): FTS5 walks its matches by rowid (= interaction id) downwards;
 * CROSS JOIN keeps them the outer loop (SQLite never reorders it), each one primary-key lookup.
 * With their bm25 `rank`.
 */
export function inboxSearchQuery(
  db: SqlRunner,
  input: IpcParsedInput<'inbox.list'>,
  match: string,
  cap: number,
  now = new Date().toISOString(),
) {
  let query = db.build
    .selectFrom('search_fts')
    .crossJoin('interactions')
    // Read only for the rows that pass the filters, up to the LIMIT: bm25 for the kept ones alone.
    .select(['interactions.id', 'search_fts.rank'])
    .where(sql<boolean>`search_fts MATCH ${match}`)
    .whereRef('interactions.id', '=', 'search_fts.rowid');
  if (input.accountId !== undefined) query = query.where('interactions.account_id', '=', input.accountId);
  if (input.channel) query = query.where('interactions.channel', '=', storedChannel(input.channel));
  const market = marketplaceAccounts(db, input);
  if (market) query = query.where(sql<boolean>`+interactions.account_id IN (${sql.join(market)})`);
  if (input.needsResponse !== undefined)
    query = query.where('interactions.needs_response', '=', input.needsResponse ? 1 : 0);
  if (input.queue) query = query.where((eb) => searchQueueCondition(db, eb, input));
  query = query.where(searchSnoozeFilter(input, now, 'interactions.id'));
  return query.orderBy('search_fts.rowid', 'desc').limit(cap + 1);
}

/**
 * The same as inboxSearchQuery for a narrow filter: its inbox index lists the candidates (covering,
 * no table lookups) into a Bloom filter and a temporary index, FTS5 walks its matches newest first
 * and keeps the candidates; the unary plus keeps that list a filter, not one FTS5 lookup per id.
 */
export function inboxSearchFilteredQuery(
  db: SqlRunner,
  input: IpcParsedInput<'inbox.list'>,
  match: string,
  cap: number,
  now = new Date().toISOString(),
) {
  let candidates = db.build.selectFrom('interactions').select('id');
  if (input.accountId !== undefined) candidates = candidates.where('account_id', '=', input.accountId);
  if (input.channel) candidates = candidates.where('channel', '=', storedChannel(input.channel));
  const market = marketplaceAccounts(db, input);
  if (market) candidates = candidates.where('account_id', 'in', market);
  if (input.needsResponse !== undefined)
    candidates = candidates.where('needs_response', '=', input.needsResponse ? 1 : 0);
  // Every queue narrows the candidates, as it narrows the other way's matches (inboxSearchQuery).
  if (input.queue) candidates = candidates.where((eb) => searchQueueCondition(db, eb, input));
  return db.build
    .selectFrom('search_fts')
    .select(['rowid as id', 'rank'])
    .where(sql<boolean>`search_fts MATCH ${match}`)
    .where(sql<boolean>`+rowid IN (${candidates})`)
    .where(searchSnoozeFilter(input, now, 'rowid'))
    .orderBy('rowid', 'desc')
    .limit(cap + 1);
}

/**
 * One page of a search: the newest matches under the filters (at most `cap`), most relevant
 * first (bm25, `rank`), equal ranks newest first; the total is a lower bound when capped.
 */
export function searchPage(
  db: SqlRunner,
  input: IpcParsedInput<'inbox.list'>,
  match: string,
  options: { cap?: number; filterFirst?: boolean; now?: string } = {},
): { rows: Interaction[]; total: number; totalCapped: boolean } {
  const cap = options.cap ?? SEARCH_RANK_CAP;
  const now = options.now ?? new Date().toISOString();
  let filterFirst = options.filterFirst;
  if (filterFirst === undefined) {
    const filtered = queueTotal(db, { ...input, search: undefined }, now);
    const all = queueTotal(
      db,
      { accountId: input.accountId, marketplace: input.marketplace, limit: input.limit, offset: 0 },
      now,
    );
    filterFirst = filtered <= FILTER_FIRST_MAX || filtered * 3 < all;
  }
  const ranked = db.all(
    filterFirst ? inboxSearchFilteredQuery(db, input, match, cap, now) : inboxSearchQuery(db, input, match, cap, now),
  );
  const totalCapped = ranked.length > cap;
  if (totalCapped) ranked.pop();
  const total = ranked.length;
  ranked.sort((a, b) => a.rank - b.rank || b.id - a.id);
  const ids = ranked.slice(input.offset, input.offset + input.limit).map((row) => row.id);
  const byId = new Map(
    db
      .all(
        db.build
          .selectFrom('interactions')
          .selectAll()
          .where(sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`),
      )
      .map((row) => [row.id, row]),
  );
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  return { rows, total, totalCapped };
}

export function listInbox(db: SqlRunner, input: IpcParsedInput<'inbox.list'>, now = new Date()): InboxPage {
  const search = parseSearch(input.search);
  if (!search) return queuePage(db, input, now.toISOString());
  // What was just written (demo seeding, a chat's product name) is searchable at once.
  catchUpIndex(db);
  const result = searchPage(db, input, search.match, { now: now.toISOString() });
  const chats = result.rows
    .filter((row) => row.channel === 'chat' || row.channel === storedChannel('avito_chat'))
    .map((row) => row.id);
  const messages = chatMessagesOf(db, chats);
  const items = withAvitoModes(
    db,
    result.rows.map((row) => ({
      ...toSummary(row),
      snippet: snippetFor(searchable(row, messages.get(row.id) ?? []), search.terms),
    })),
  );
  return { items, total: result.total, ...(result.totalCapped && { totalCapped: true }), nextCursor: null };
}

/**
 * A search's snooze filter (issue 11): snoozed items only in the `snoozed` queue, by the ids the
 * partial index `interactions_snoozed` holds (no table lookups).
 */
function searchSnoozeFilter(input: IpcParsedInput<'inbox.list'>, now: string, id: 'interactions.id' | 'rowid') {
  const snoozedIds = sql`SELECT id FROM interactions WHERE snoozed_until IS NOT NULL AND snoozed_until > ${now}`;
  return input.queue === 'snoozed'
    ? sql<boolean>`+${sql.ref(id)} IN (${snoozedIds})`
    : sql<boolean>`+${sql.ref(id)} NOT IN (${snoozedIds})`;
}

/** A search's queue condition (INBOX_QUEUES), over `interactions`; true without a queue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- used in both search queries' WHERE
function searchQueueCondition(db: SqlRunner, eb: ExpressionBuilder<any, any>, input: IpcParsedInput<'inbox.list'>) {
  const queue = input.queue;
  const nr = (value: number) => eb('interactions.needs_response', '=', value);
  switch (queue) {
    case undefined:
    case 'snoozed':
      return sql<boolean>`1`;
    case 'urgent':
      return eb.and([nr(1), eb.or([eb('interactions.sla_rank', '=', 0), eb('interactions.priority_rank', '=', 0)])]);
    case 'due_soon':
      return eb.and([nr(1), eb('interactions.sla_rank', '=', 1)]);
    case 'unanswered':
      return eb.and([nr(1), eb('interactions.reply_state', 'in', ['none', 'failed', 'conflict'])]);
    case 'waiting_wb':
      return eb('interactions.reply_state', 'in', ['queued', 'sending', 'sent_pending']);
    case 'done':
      return nr(0);
    case 'bot':
    case 'manager':
      return eb('interactions.id', 'in', chatsInMode(db, queue, accountIdsOf(db, input.accountId, input.marketplace)));
  }
}

/** Per channel: all items and those waiting for an answer, from the kept counts (migration 0010). */
export function countInbox(
  db: SqlRunner,
  accountId: number | undefined,
  marketplace: MarketplaceFilter = 'all',
): InboxCounts {
  // All shops: the per-shop counts added up (an IN list the same indexes seek).
  const accountIds = accountIdsOf(db, accountId, marketplace);
  const rows = db.all(
    db.build
      .selectFrom('inbox_counts')
      .select(['channel', 'needs_response', 'n'])
      .where('account_id', 'in', accountIds.length ? accountIds : [0]),
  );
  const counts = Object.fromEntries(
    INBOX_CHANNELS.map((channel) => [channel, { total: 0, needs_response: 0, overdue: 0, due_soon: 0 }]),
  ) as InboxCounts;
  for (const row of rows) {
    counts[row.channel].total += row.n;
    if (row.needs_response === 1) counts[row.channel].needs_response += row.n;
  }
  // Overdue and due soon depend on the clock, so they are counted, over the per-channel inbox
  // index's (account_id, channel, needs_response, sla_rank) prefix: only the waiting items with
  // sla_rank 0 or 1, read from the index alone. (Without the channel in the WHERE the planner takes
  // interactions_inbox, which lacks the channel: a table row read per item, seconds on a cold cache.)
  const urgent = db.all(
    db.build
      .selectFrom('interactions')
      .select(['channel', 'sla_rank', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', 'in', accountIds.length ? accountIds : [0])
      .where('channel', 'in', INBOX_CHANNELS.map(storedChannel))
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
  const avito = avitoChatView(db, id);
  if (avito) detail.avito = avito;
  detail.photos = reviewPhotos(db, row);
  withCachedImages(db, detail.messages);
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
