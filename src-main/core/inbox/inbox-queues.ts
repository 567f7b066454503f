import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import {
  INBOX_QUEUES,
  type InboxChannel,
  type InboxQueue,
  type InboxSort,
  type InteractionSummary,
  type MarketplaceFilter,
} from '../../../src-shared/domain/interaction';
import type { InboxCountsView, InboxPage, IpcParsedInput, ShopCount } from '../../../src-shared/ipc/contract';
import type { Database, Interaction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { chatModes, chatsInMode } from '../avito-bot/chat-mode';
import { CoreError } from '../errors';
import { toSummary } from './mappers';

/**
 * The inbox list by queue and order, paged by keyset or offset (issue 11), and the queue counts.
 *
 * Snooze semantics: an item with `snoozed_until` ahead of now is listed only in the `snoozed`
 * queue (and in no other queue nor the default list). One whose snooze ran out (`snoozed_until`
 * <= now, not yet cleared by opening it) has resurfaced: in the priority and SLA orders it comes
 * first, before the normal order (those few rows come from the partial index
 * `interactions_snoozed`); newest-first keeps it in its place.
 */

type ListInput = IpcParsedInput<'inbox.list'>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the FROM is always `interactions`, the selection varies
type Query = SelectQueryBuilder<Database, 'interactions', any>;

const WAITING_REPLY = ['queued', 'sending', 'sent_pending'] as const;
/**
 * The partial index `interactions_reply_waiting`'s WHERE, word for word: SQLite uses a partial
 * index only when the query's WHERE states its condition with the same literals (no parameters).
 */
const REPLY_WAITING = sql<boolean>`reply_state IN ('queued', 'sending', 'sent_pending')`;
const UNANSWERED_REPLY = ['none', 'failed', 'conflict'] as const;
/**
 * The shops of a waiting-reply lookup, kept off every index by the unary plus: otherwise the
 * planner seeks a shop index by account_id (it has no statistics to know the partial index is
 * tiny) and reads the whole shop, ~300 ms at 100 000 items. So it scans `interactions_reply_waiting`,
 * which holds only the replies in flight of all shops.
 */
const WAITING_SHOPS = (shops: number[]) => sql<boolean>`+account_id IN (${sql.join(shops.length ? shops : [0])})`;

/** Per order: the indexed key column (migration 0015, indexes widened by 0017) and its direction; ties by id the same way. */
const ORDERS: Record<InboxSort, { key: 'sort_priority' | 'sort_sla' | 'sort_newest'; desc: boolean }> = {
  priority: { key: 'sort_priority', desc: false },
  sla: { key: 'sort_sla', desc: false },
  newest: { key: 'sort_newest', desc: false },
};

/** Position after a row: its order, segment (0 resurfaced, 1 the rest), sort key and id. */
interface Cursor {
  sort: InboxSort;
  segment: number;
  key: string;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.segment, cursor.key, cursor.id])).toString('base64url');
}

function decodeCursor(value: string, sort: InboxSort): Cursor {
  try {
    const [s, segment, key, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (
      s === sort &&
      (segment === 0 || segment === 1) &&
      typeof key === 'string' &&
      typeof id === 'number' &&
      Number.isInteger(id)
    )
      return { sort, segment, key, id };
  } catch {
    // Falls through to the error below.
  }
  throw new CoreError('invalid_input', { path: 'cursor', issue: 'not a cursor of this list order' });
}

/**
 * The queue's condition, for an index-led walk: `+column` keeps the planner on the order's index.
 * The few-row queues are an id list from their partial index (covering: no table rows), which
 * the planner cannot mistake for another index of the shop.
 */
function queueCondition(
  db: SqlRunner,
  eb: ExpressionBuilder<Database, 'interactions'>,
  input: ListInput,
  queue: InboxQueue,
  now: string,
) {
  const shops = accountIdsOf(db, input.accountId, input.marketplace);
  const ids = db.build.selectFrom('interactions').select('id');
  const inShops = (query: typeof ids) => query.where('account_id', 'in', shops.length ? shops : [0]);
  switch (queue) {
    case 'urgent':
      return sql<boolean>`+needs_response = 1 AND (+sla_rank = 0 OR +priority_rank = 0)`;
    case 'due_soon':
      return sql<boolean>`+needs_response = 1 AND +sla_rank = 1`;
    case 'unanswered':
      return sql<boolean>`+needs_response = 1 AND +reply_state IN (${sql.join(UNANSWERED_REPLY)})`;
    case 'waiting_wb':
      return eb('id', 'in', ids.where(WAITING_SHOPS(shops)).where(REPLY_WAITING));
    case 'snoozed':
      return eb('id', 'in', inShops(ids).where('snoozed_until', 'is not', null).where('snoozed_until', '>', now));
    case 'done':
      return sql<boolean>`+needs_response = 0`;
    case 'bot':
    case 'manager':
      return eb('id', 'in', chatsInMode(db, queue, shops));
  }
}

/** The list rows' Avito modes (the row's marker): one lookup for the page's Avito chats. */
export function withAvitoModes(db: SqlRunner, items: InteractionSummary[]): InteractionSummary[] {
  const ids = items.filter((item) => item.marketplace === 'avito').map((item) => item.id);
  if (ids.length === 0) return items;
  const modes = chatModes(db, ids);
  return items.map((item) => {
    const mode = modes.get(item.id);
    return mode ? { ...item, avitoMode: mode } : item;
  });
}

const isModeQueue = (queue: InboxQueue | undefined): queue is 'bot' | 'manager' =>
  queue === 'bot' || queue === 'manager';

/**
 * Queues of few rows, listed from their partial index (or, for the Avito mode queues, from
 * avito_chats) and sorted, not walked along the order's index.
 */
const fewRows = (input: ListInput) =>
  input.queue === 'snoozed' || input.queue === 'waiting_wb' || isModeQueue(input.queue);

/** The filters every segment shares: shop, channel, needs-response, queue. */
function filtered(db: SqlRunner, query: Query, input: ListInput, now: string): Query {
  // The few-row queues' id list already holds only the shop's rows (see queueCondition).
  if (input.accountId !== undefined && !fewRows(input)) query = query.where('account_id', '=', input.accountId);
  if (input.channel) query = query.where(sql<boolean>`+channel = ${input.channel}`);
  // Unary plus: the shop list filters, the order's index still leads the walk.
  const market = marketplaceAccounts(db, input);
  if (market) query = query.where(sql<boolean>`+account_id IN (${sql.join(market)})`);
  if (input.needsResponse !== undefined)
    query = query.where(sql<boolean>`+needs_response = ${input.needsResponse ? 1 : 0}`);
  const queue = input.queue;
  if (queue) query = query.where((eb) => queueCondition(db, eb, input, queue, now));
  // A range on the priority key's first characters (1 - needs_response, sla_rank) skips what the queue cannot hold.
  const sort = input.sort ?? 'priority';
  if (sort !== 'newest' && queue && !fewRows(input)) {
    const key = ORDERS[sort].key;
    if (queue === 'done') query = query.where(key, '>=', '1');
    else if (queue === 'due_soon' && sort === 'priority') query = query.where(key, '>=', '01').where(key, '<', '02');
    else query = query.where(key, '<', '1');
  }
  return query;
}

/** The list's segments in order: resurfaced items first (priority and SLA orders), then the rest. */
function segments(db: SqlRunner, input: ListInput, now: string): Query[] {
  const base = filtered(db, db.build.selectFrom('interactions').selectAll(), input, now);
  const sort = input.sort ?? 'priority';
  if (input.queue === 'snoozed') return [base.where(sql<boolean>`0`), base];
  if (sort === 'newest')
    return [
      base.where(sql<boolean>`0`),
      base.where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)])),
    ];
  // The resurfaced few come from the partial index interactions_snoozed: it is sought by shop (an IN
  // list for all shops), and their order is sorted, not walked (see `ordered`).
  const shops = accountIdsOf(db, input.accountId, input.marketplace);
  return [
    base
      .where('account_id', 'in', shops.length ? shops : [0])
      .where('snoozed_until', 'is not', null)
      .where('snoozed_until', '<=', now),
    // Few rows (an id list): the plus keeps the planner on that list, off the sort indexes that lead with snoozed_until.
    fewRows(input) ? base.where(sql<boolean>`+snoozed_until IS NULL`) : base.where('snoozed_until', 'is', null),
  ];
}

/** The order; `sorted`: by a sort of the (few) rows found, the unary plus keeping the planner off the order's index. */
function ordered(query: Query, sort: InboxSort, sorted = false): Query {
  const { key, desc } = ORDERS[sort];
  const direction = desc ? 'desc' : 'asc';
  return sorted
    ? query.orderBy(sql`+${sql.ref(key)}`, direction).orderBy(sql`+id`, direction)
    : query.orderBy(key, direction).orderBy('id', direction);
}

/** Rows after (key, id) in the order: one row-value comparison the order's index seeks. */
function after(query: Query, sort: InboxSort, key: string, id: number, sorted = false): Query {
  const { key: column, desc } = ORDERS[sort];
  // `sorted` (few rows from a partial index): the plus keeps the comparison off the order's index.
  const row = sorted ? sql`(+${sql.ref(column)}, +id)` : sql`(${sql.ref(column)}, id)`;
  return desc
    ? query.where(sql<boolean>`${row} < (${key}, ${id})`)
    : query.where(sql<boolean>`${row} > (${key}, ${id})`);
}

const keyOf = (row: Interaction, sort: InboxSort): string => String(row[ORDERS[sort].key]);

/** The SQL of a keyset page (tests read its plan). */
export function keysetPageQuery(db: SqlRunner, input: ListInput, now: string, key: string, id: number, limit: number) {
  const sort = input.sort ?? 'priority';
  const few = fewRows(input);
  return after(ordered(segments(db, input, now)[1]!, sort, few), sort, key, id, few).limit(limit);
}

/** The SQL of an offset page past the resurfaced few (tests read its plan: the skip stays on the index). */
export function offsetPageQuery(db: SqlRunner, input: ListInput, now: string, offset: number, limit: number) {
  return ordered(segments(db, input, now)[1]!, input.sort ?? 'priority', fewRows(input))
    .limit(limit)
    .offset(offset);
}

/** One page of the list (no search): by `cursor` when given, else by `offset`. */
export function queuePage(db: SqlRunner, input: ListInput, now: string): InboxPage {
  const sort = input.sort ?? 'priority';
  const parts = segments(db, input, now);
  const cursor = input.cursor === undefined ? null : decodeCursor(input.cursor, sort);
  const want = input.limit + 1;
  const rows: { row: Interaction; segment: number }[] = [];
  let skip = cursor ? 0 : input.offset;
  for (let segment = cursor ? cursor.segment : 0; segment < parts.length && rows.length < want; segment++) {
    let query = ordered(parts[segment]!, sort, segment === 0 || fewRows(input));
    if (cursor && segment === cursor.segment)
      query = after(query, sort, cursor.key, cursor.id, segment === 0 || fewRows(input));
    if (skip > 0 && segment < parts.length - 1) {
      // The resurfaced segment is small: counting it tells whether the offset passes it.
      const n = countRows(db, parts[segment]!);
      if (skip >= n) {
        skip -= n;
        continue;
      }
    }
    const page = db.all(query.limit(want - rows.length).offset(skip)) as Interaction[];
    skip = 0;
    rows.push(...page.map((row) => ({ row, segment })));
  }
  const more = rows.length > input.limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return {
    items: withAvitoModes(
      db,
      rows.map(({ row }) => toSummary(row)),
    ),
    total: queueTotal(db, input, now),
    nextCursor:
      more && last ? encodeCursor({ sort, segment: last.segment, key: keyOf(last.row, sort), id: last.row.id }) : null,
  };
}

function countRows(db: SqlRunner, query: Query): number {
  const row = db.get(
    query
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('n')),
  );
  return Number(row?.n ?? 0);
}

/** The shops counted: the one asked for, or all of them (an IN list the per-account indexes seek). */
export function accountIdsOf(
  db: SqlRunner,
  accountId: number | undefined,
  marketplace: MarketplaceFilter = 'all',
): number[] {
  if (accountId !== undefined && marketplace === 'all') return [accountId];
  let query = db.build.selectFrom('accounts').select('id').orderBy('id');
  if (accountId !== undefined) query = query.where('id', '=', accountId);
  // The marketplace filter (issue 12) keeps the shops of one marketplace: an item's marketplace is its shop's.
  if (marketplace !== 'all') query = query.where('marketplace', '=', marketplace);
  return db.all(query).map((row) => row.id);
}

/**
 * The interactions table type lists WB's channels only (db/schema.ts); the column also holds
 * 'avito_chat' since migration 0018, so a filter on it is typed through here.
 */
export const storedChannel = (channel: InboxChannel) => channel as Interaction['channel'];

/** The list's marketplace filter as an account condition; null for all marketplaces. */
export function marketplaceAccounts(db: SqlRunner, input: { accountId?: number; marketplace?: MarketplaceFilter }) {
  if (!input.marketplace || input.marketplace === 'all') return null;
  const ids = accountIdsOf(db, input.accountId, input.marketplace);
  return ids.length ? ids : [0];
}

/** The kept counts (migration 0010) of these shops. */
function kept(db: SqlRunner, accountIds: number[], channel: InboxChannel | undefined, needsResponse?: boolean): number {
  if (accountIds.length === 0) return 0;
  let query = db.build
    .selectFrom('inbox_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('n'), eb.lit(0)).as('n'))
    .where('account_id', 'in', accountIds);
  if (channel) query = query.where('channel', '=', storedChannel(channel));
  if (needsResponse !== undefined) query = query.where('needs_response', '=', needsResponse ? 1 : 0);
  return Number(db.get(query)?.n ?? 0);
}

/**
 * Waiting items by SLA rank and priority rank, from the inbox indexes alone (no table rows):
 * `interactions_inbox_channel` with a channel, `interactions_inbox` without.
 */
function waitingRanks(
  db: SqlRunner,
  accountIds: number[],
  channel: InboxChannel | undefined,
  where: (query: Query) => Query,
): number {
  if (accountIds.length === 0) return 0;
  let query: Query = db.build
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', 'in', accountIds);
  query = channel ? query.where('channel', '=', storedChannel(channel)) : query;
  const row = db.get(where(query.where('needs_response', '=', 1))) as { n: number } | undefined;
  return Number(row?.n ?? 0);
}

/** Items with a reply on its way to WB, from the partial index `interactions_reply_waiting`. */
function replyWaiting(db: SqlRunner, accountIds: number[], channel: InboxChannel | undefined, needsResponse?: boolean) {
  if (accountIds.length === 0) return 0;
  let query = db.build
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(WAITING_SHOPS(accountIds))
    .where(REPLY_WAITING);
  if (channel) query = query.where(sql<boolean>`+channel = ${channel}`);
  if (needsResponse !== undefined) query = query.where(sql<boolean>`+needs_response = ${needsResponse ? 1 : 0}`);
  return Number(db.get(query)?.n ?? 0);
}

interface SnoozedRow {
  account_id: number;
  channel: InboxChannel;
  needs_response: number;
  sla_rank: number;
  priority_rank: number;
  reply_state: Interaction['reply_state'];
  /** An Avito chat's mode; null for any other item. */
  mode: 'bot' | 'manager' | null;
}

/** Items snoozed until a time still ahead: few, from the partial index `interactions_snoozed`. */
function activeSnoozed(db: SqlRunner, accountIds: number[], now: string): SnoozedRow[] {
  if (accountIds.length === 0) return [];
  const rows = db.all(
    db.build
      .selectFrom('interactions')
      .select(['id', 'account_id', 'channel', 'needs_response', 'sla_rank', 'priority_rank', 'reply_state'])
      .where('account_id', 'in', accountIds)
      .where('snoozed_until', 'is not', null)
      .where('snoozed_until', '>', now),
  );
  const modes = chatModes(
    db,
    rows.filter((row) => (row.channel as string) === 'avito_chat').map((row) => row.id),
  );
  return rows.map(({ id, ...row }) => ({ ...row, mode: modes.get(id) ?? null }));
}

/** Whether a row belongs to a queue by its state alone (snoozing aside). */
function inQueue(row: Omit<SnoozedRow, 'account_id' | 'channel'>, queue: InboxQueue | undefined): boolean {
  const waiting = row.needs_response === 1;
  switch (queue) {
    case undefined:
    case 'snoozed':
      return true;
    case 'urgent':
      return waiting && (row.sla_rank === 0 || row.priority_rank === 0);
    case 'due_soon':
      return waiting && row.sla_rank === 1;
    case 'unanswered':
      return waiting && (UNANSWERED_REPLY as readonly string[]).includes(row.reply_state);
    case 'waiting_wb':
      return (WAITING_REPLY as readonly string[]).includes(row.reply_state);
    case 'done':
      return !waiting;
    case 'bot':
    case 'manager':
      return row.mode === queue;
  }
}

/** Items in a queue, snoozing aside, from kept counts and index-only counts (never a walk over the rows). */
function queueCountAll(
  db: SqlRunner,
  accountIds: number[],
  channel: InboxChannel | undefined,
  queue: Exclude<InboxQueue, 'snoozed'> | undefined,
  needsResponse: boolean | undefined,
): number | null {
  const waitingOnly = needsResponse === true;
  const doneOnly = needsResponse === false;
  switch (queue) {
    case undefined:
      return kept(db, accountIds, channel, needsResponse);
    case 'done':
      return waitingOnly ? 0 : kept(db, accountIds, channel, false);
    case 'due_soon':
      return doneOnly ? 0 : waitingRanks(db, accountIds, channel, (q) => q.where('sla_rank', '=', 1));
    case 'urgent':
      return doneOnly
        ? 0
        : waitingRanks(db, accountIds, channel, (q) => q.where('sla_rank', '=', 0)) +
            waitingRanks(db, accountIds, channel, (q) =>
              q.where('sla_rank', 'in', [1, 2]).where('priority_rank', '=', 0),
            );
    case 'unanswered':
      return doneOnly ? 0 : kept(db, accountIds, channel, true) - replyWaiting(db, accountIds, channel, true);
    case 'waiting_wb':
      return replyWaiting(db, accountIds, channel, needsResponse);
    case 'bot':
    case 'manager':
      return modeCount(db, accountIds, channel, queue, needsResponse);
  }
}

/** Avito chats in a mode: few rows (a shop's Avito chats), counted over avito_chats. */
function modeCount(
  db: SqlRunner,
  accountIds: number[],
  channel: InboxChannel | undefined,
  mode: 'bot' | 'manager',
  needsResponse: boolean | undefined,
): number {
  if (accountIds.length === 0) return 0;
  let query = db.build
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('interactions.id', 'in', chatsInMode(db, mode, accountIds));
  if (channel) query = query.where('interactions.channel', '=', storedChannel(channel));
  if (needsResponse !== undefined) query = query.where('interactions.needs_response', '=', needsResponse ? 1 : 0);
  return Number(db.get(query)?.n ?? 0);
}

const snoozedMatching = (
  rows: SnoozedRow[],
  channel: InboxChannel | undefined,
  queue: InboxQueue | undefined,
  needsResponse: boolean | undefined,
) =>
  rows.filter(
    (row) =>
      (!channel || row.channel === channel) &&
      (needsResponse === undefined || row.needs_response === (needsResponse ? 1 : 0)) &&
      inQueue(row, queue),
  ).length;

/** The number of items the list holds under its filters (no search). */
export function queueTotal(db: SqlRunner, input: ListInput, now: string): number {
  const accountIds = accountIdsOf(db, input.accountId, input.marketplace);
  const snoozed = snoozedMatching(activeSnoozed(db, accountIds, now), input.channel, input.queue, input.needsResponse);
  if (input.queue === 'snoozed') return snoozed;
  const all = queueCountAll(db, accountIds, input.channel, input.queue, input.needsResponse) ?? 0;
  return all - snoozed;
}

/** Per queue, under an optional channel, for one shop or all (snoozed items only in `snoozed`). */
export function queueCounts(
  db: SqlRunner,
  accountId: number | undefined,
  channel: InboxChannel | undefined,
  now: string,
  marketplace: MarketplaceFilter = 'all',
): InboxCountsView['queues'] {
  const accountIds = accountIdsOf(db, accountId, marketplace);
  const snoozedRows = activeSnoozed(db, accountIds, now);
  return Object.fromEntries(
    INBOX_QUEUES.map((queue) => {
      const snoozed = snoozedMatching(snoozedRows, channel, queue, undefined);
      if (queue === 'snoozed') return [queue, snoozed];
      return [queue, (queueCountAll(db, accountIds, channel, queue, undefined) ?? 0) - snoozed];
    }),
  ) as InboxCountsView['queues'];
}

/** Per shop, the items waiting for an answer and not snoozed (the shop switcher). */
export function shopCounts(db: SqlRunner, now: string): ShopCount[] {
  return accountIdsOf(db, undefined).map((accountId) => ({
    accountId,
    waiting:
      kept(db, [accountId], undefined, true) -
      snoozedMatching(activeSnoozed(db, [accountId], now), undefined, undefined, true),
  }));
}
