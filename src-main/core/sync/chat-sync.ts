import type { SqlRunner } from '../db/sql-runner';
import { assessPriority, type SlaSettings } from '../inbox/priority';
import {
  chatRow,
  normaliseChat,
  normaliseChatEvent,
  priorityFields,
  type NormalisedInteraction,
  type NormalisedMessage,
} from '../inbox/normalise';
import type { EventsPage } from '../wb/chats-api';
import { WbApiError } from '../wb/http';
import { coreMessage } from '../../../src-shared/messages/catalog';
import { preparePriorityWrite } from '../inbox/priority-write';
import { resurfaceSnoozed } from '../inbox/snooze';
import { SyncIncomplete } from './error-reason';
import { bulkTransaction, indexSlice, writeInChunks, yieldToLoop, type JobContext } from './job-context';

/**
 * A safety stop: one run never walks more pages than this. Reaching it is not a success: the
 * channel reports `sync_timeout` and the next run continues from the stored cursor.
 */
export const MAX_EVENT_PAGES_PER_RUN = 2_000;

/**
 * Buyer chats (DESIGN §4): `/seller/chats` refreshes the chat list and each chat's replySign;
 * `/seller/events` is walked from the stored cursor until `totalEvents == 0`, and the cursor is
 * stored in the same transaction as the events it covers, so a crash never skips or duplicates.
 */
export async function syncChats(ctx: JobContext): Promise<void> {
  const stored = ctx.full ? null : ctx.store.state(ctx.accountId, 'chat')?.cursor;
  let cursor = stored && Number.isFinite(Number(stored)) ? Number(stored) : null;
  // One page ahead (as fq-sync): the next events page is requested before the last one (or the
  // chat list) is written; a page is written only after the one before it, with its cursor.
  const eventsFrom = (from: number | null) => {
    const request = ctx.client.chats.events(from);
    // Not awaited when the job stops early (a failed write, shutdown): never an unhandled rejection.
    request.catch(() => undefined);
    return request;
  };
  const listing = ctx.client.chats.list();
  let ahead: Promise<EventsPage> | null = eventsFrom(cursor);
  const list = await listing;
  ctx.counters.errors += list.contractErrors;
  const now = ctx.clock();
  const chats = list.items.map(({ value, raw }) => normaliseChat(value, raw, now));
  await writeInChunks(ctx, chats, (chunk) => {
    const counts = ctx.writer.upsertChats(chunk, now.toISOString());
    ctx.counters.created += counts.created;
    ctx.counters.updated += counts.updated;
    ctx.counters.skipped += counts.unchanged;
  });
  let fetched = chats.length;
  ctx.progress(fetched, null);

  const maxPages = ctx.maxEventPages ?? MAX_EVENT_PAGES_PER_RUN;
  let ended = false;
  for (let pages = 0; pages < maxPages && ahead; pages += 1) {
    ctx.signal.throwIfAborted();
    const page: EventsPage = await ahead;
    ahead = null;
    ctx.counters.errors += page.contractErrors;
    if (page.totalEvents === 0 || (page.items.length === 0 && page.contractErrors === 0)) {
      // Only `totalEvents == 0` proves the feed was read to its end (the outbox relies on it).
      ctx.eventsCaughtUp = page.totalEvents === 0;
      ended = true;
      break;
    }
    if (page.next === null) throw new WbApiError('contract', 200, 'events page without a `next` cursor');
    // A cursor that does not move while events keep coming breaks the official algorithm (walk
    // until totalEvents == 0): store what came, count it as a contract error and stop here.
    const stuck = cursor !== null && page.next <= cursor;
    if (stuck) {
      ctx.counters.errors += 1;
      ctx.logger.warn('sync.events_cursor_stuck', {
        accountId: ctx.accountId,
        cursor,
        next: page.next,
        totalEvents: page.totalEvents,
      });
    }
    // The feed goes on from the page's cursor: fetch that while this page is written.
    if (!stuck && pages + 1 < maxPages) ahead = eventsFrom(Math.max(cursor ?? 0, page.next));
    const stamp = ctx.clock().toISOString();
    const messages = page.items.map(({ value, raw }) => normaliseChatEvent(value, raw));
    const touched = new Set<number>();
    bulkTransaction(ctx.db, () => {
      const counts = ctx.writer.addMessages(messages, stamp, chatFromEvent);
      // A new message from the buyer brings a snoozed chat back now (issue 11).
      resurfaceSnoozed(ctx.db, ctx.writer.takeBuyerWrote(), stamp);
      ctx.counters.fetched += messages.length;
      ctx.counters.created += counts.created;
      ctx.counters.skipped += counts.unchanged;
      counts.chatIds.forEach((id) => touched.add(id));
      ctx.store.setCursor(ctx.accountId, 'chat', String(Math.max(cursor ?? 0, page.next!)));
    });
    cursor = Math.max(cursor ?? 0, page.next);
    fetched += messages.length;
    ctx.progress(fetched, null);
    reprioritise(ctx, touched);
    indexSlice(ctx.db, Math.max(ctx.chunkSize, messages.length));
    if (stuck) {
      ended = true;
      break;
    }
    await yieldToLoop();
  }
  if (!ended) {
    ctx.logger.warn('sync.events_incomplete', { accountId: ctx.accountId, pages: maxPages, cursor });
    throw new SyncIncomplete(coreMessage('sync_chat_pages_capped', { maxPages }));
  }
}

/**
 * The chat API gives only nmID: names come from the products cached by review/question sync,
 * which runs alongside the chat job — so this runs once both have finished (sync-service).
 */
export function fillChatProducts(db: SqlRunner, accountId: number): void {
  bulkTransaction(db, () => {
    db.run(
      db.build
        .updateTable('interactions')
        .from('products as p')
        .set((eb) => ({
          product_name: eb.ref('p.name'),
          product_article: eb.fn.coalesce('interactions.product_article', 'p.article'),
          brand: eb.fn.coalesce('interactions.brand', 'p.brand'),
        }))
        .whereRef('p.account_id', '=', 'interactions.account_id')
        .whereRef('p.nm_id', '=', 'interactions.nm_id')
        .where('interactions.account_id', '=', accountId)
        .where('interactions.channel', '=', 'chat')
        .where('interactions.product_name', 'is', null)
        .where('p.name', 'is not', null),
    );
  });
}

/** A chat first seen in the events feed (not yet in the chat list). */
function chatFromEvent(message: NormalisedMessage): NormalisedInteraction {
  return chatRow({
    external_id: message.chatId,
    nm_id: message.nmId,
    customer_name: message.clientName,
    order_id: null,
    text: '',
    occurred_at: message.sentAt,
    reply_sign: message.replySign,
    raw_json: '{}',
  });
}

/** Chat priority follows the age of the buyer's unanswered wait (DESIGN §6): a new wait starts a new timer. */
function reprioritise(ctx: JobContext, chatIds: Set<number>) {
  reprioritiseChats(ctx.db, chatIds, ctx.clock(), ctx.sla);
}

/** The one chat-priority step, also used by the bench's generator so its chats are assessed the same way. */
export function reprioritiseChats(db: SqlRunner, chatIds: Iterable<number>, now: Date, sla: SlaSettings | undefined) {
  const ids = [...chatIds];
  if (ids.length === 0) return;
  const read = db.prepare((p: { id: number }) =>
    db.build
      .selectFrom('interactions')
      .select(['needs_response', 'occurred_at', 'sla_started_at'])
      .where('id', '=', p.id),
  );
  const write = preparePriorityWrite(db);
  db.transaction(() => {
    for (const id of ids) {
      const row = read.get({ id })!;
      const assessed = assessPriority({
        channel: 'chat',
        rating: null,
        text: '',
        intent: null,
        occurredAt: new Date(row.sla_started_at ?? row.occurred_at),
        needsResponse: row.needs_response === 1,
        now,
        ...sla,
      });
      write.run({ id, ...priorityFields(assessed) });
    }
  });
}
