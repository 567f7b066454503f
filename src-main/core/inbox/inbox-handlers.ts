import { sql } from 'kysely';
import type { InboxPage } from '../../../src-shared/ipc/contract';
import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import type { CoreHandlers } from '../ipc-dispatch';
import type { Outbox } from '../replies/outbox';
import { flagOverdueReplies } from '../replies/pending-window';
import { readSettings } from '../settings';
import type { SlaClock } from './sla-clock';
import { queueCounts, shopCounts } from './inbox-queues';
import { endSnoozeOnOpen } from './snooze';
import { countInbox, findInteraction, getInteraction, listInbox } from './queries';

export interface InboxHandlerDeps {
  db: SqlRunner;
  bus: PushBus;
  outbox: Outbox;
  clock: () => Date;
  sla: SlaClock;
}

type InboxChannels =
  'inbox.counts' | 'inbox.shopCounts' | 'inbox.list' | 'interaction.get' | 'interaction.find' | 'interaction.open';

export function inboxHandlers({ db, bus, outbox, clock, sla }: InboxHandlerDeps): Pick<CoreHandlers, InboxChannels> {
  return {
    // The SLA clock first: order and counts are right at any moment, not only at its next run.
    'inbox.counts': async ({ accountId, channel, marketplace }) => {
      sla.tick();
      return {
        ...countInbox(db, accountId, marketplace),
        queues: queueCounts(db, accountId, channel, clock().toISOString(), marketplace),
      };
    },
    'inbox.shopCounts': async () => {
      sla.tick();
      return shopCounts(db, clock().toISOString());
    },
    'inbox.list': async (input) => {
      sla.tick();
      const now = clock();
      return withLinkCounts(db, flagPerShop(db, listInbox(db, input, now), now));
    },
    'interaction.get': async ({ id, search }) => getInteraction(db, id, search),
    'interaction.find': async (key) => findInteraction(db, key) ?? null,
    'interaction.open': async ({ id }) => {
      const queued = outbox.queueMarkViewed(id);
      // Opening ends a snooze (issue 11): the item leaves «Отложенные» / loses its «вернулось» mark.
      const accountId = endSnoozeOnOpen(db, id, clock());
      if (accountId !== null) bus.emit('inbox.changed', { accountId, channels: [] });
      return { queued };
    },
  };
}

/** Overdue replies flagged by each row's own shop's pending window (all shops merge several). */
function flagPerShop(db: SqlRunner, page: InboxPage, now: Date): InboxPage {
  const shops = [...new Set(page.items.map((item) => item.accountId))];
  if (shops.length <= 1)
    return shops[0] === undefined
      ? page
      : flagOverdueReplies(db, page, readSettings(db, shops[0]).pendingWindowMinutes, now);
  const flagged = new Map<number, InboxPage['items'][number]>();
  for (const accountId of shops) {
    const part = { ...page, items: page.items.filter((item) => item.accountId === accountId) };
    for (const item of flagOverdueReplies(db, part, readSettings(db, accountId).pendingWindowMinutes, now).items)
      flagged.set(item.id, item);
  }
  return { ...page, items: page.items.map((item) => flagged.get(item.id) ?? item) };
}

/**
 * Each row's count of linked items (links not rejected), for the list's marker: one statement per
 * page over both link indexes (`link_candidates_a`, `link_candidates_b`).
 */
function withLinkCounts(db: SqlRunner, page: InboxPage): InboxPage {
  if (page.items.length === 0) return page;
  const ids = JSON.stringify(page.items.map((item) => item.id));
  const rows = db.all(
    db.build
      .selectFrom((eb) =>
        eb
          .selectFrom('link_candidates')
          .select('a_id as id')
          .where(sql<boolean>`a_id IN (SELECT value FROM json_each(${ids}))`)
          .where((w) => w.or([w('decision', 'is', null), w('decision', '!=', 'rejected')]))
          .unionAll(
            eb
              .selectFrom('link_candidates')
              .select('b_id as id')
              .where(sql<boolean>`b_id IN (SELECT value FROM json_each(${ids}))`)
              .where((w) => w.or([w('decision', 'is', null), w('decision', '!=', 'rejected')])),
          )
          .as('linked'),
      )
      .select(['linked.id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('linked.id'),
  );
  const counts = new Map(rows.map((row) => [row.id, Number(row.n)]));
  return { ...page, items: page.items.map((item) => ({ ...item, linkedCount: counts.get(item.id) ?? 0 })) };
}
