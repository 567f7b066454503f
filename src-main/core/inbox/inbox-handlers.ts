import type { InboxPage } from '../../../src-shared/ipc/contract';
import type { SqlRunner } from '../db/sql-runner';
import type { CoreHandlers } from '../ipc-dispatch';
import type { Outbox } from '../replies/outbox';
import { flagOverdueReplies } from '../replies/pending-window';
import { readSettings } from '../settings';
import type { SlaClock } from './sla-clock';
import { queueCounts, shopCounts } from './inbox-queues';
import { countInbox, findInteraction, getInteraction, listInbox } from './queries';

export interface InboxHandlerDeps {
  db: SqlRunner;
  outbox: Outbox;
  clock: () => Date;
  sla: SlaClock;
}

type InboxChannels =
  'inbox.counts' | 'inbox.shopCounts' | 'inbox.list' | 'interaction.get' | 'interaction.find' | 'interaction.open';

export function inboxHandlers({ db, outbox, clock, sla }: InboxHandlerDeps): Pick<CoreHandlers, InboxChannels> {
  return {
    // The SLA clock first: order and counts are right at any moment, not only at its next run.
    'inbox.counts': async ({ accountId, channel }) => {
      sla.tick();
      return { ...countInbox(db, accountId), queues: queueCounts(db, accountId, channel, clock().toISOString()) };
    },
    'inbox.shopCounts': async () => {
      sla.tick();
      return shopCounts(db, clock().toISOString());
    },
    'inbox.list': async (input) => {
      sla.tick();
      const now = clock();
      return flagPerShop(db, listInbox(db, input, now), now);
    },
    'interaction.get': async ({ id, search }) => getInteraction(db, id, search),
    'interaction.find': async (key) => findInteraction(db, key) ?? null,
    'interaction.open': async ({ id }) => ({ queued: outbox.queueMarkViewed(id) }),
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
