import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import type { CoreHandlers } from '../ipc-dispatch';
import type { Outbox } from '../replies/outbox';
import { flagOverdueReplies } from '../replies/pending-window';
import { readSettings } from '../settings';
import type { SlaClock } from './sla-clock';
import { endSnoozeOnOpen } from './snooze';
import { countInbox, findInteraction, getInteraction, listInbox } from './queries';

export interface InboxHandlerDeps {
  db: SqlRunner;
  bus: PushBus;
  outbox: Outbox;
  clock: () => Date;
  sla: SlaClock;
}

type InboxChannels = 'inbox.counts' | 'inbox.list' | 'interaction.get' | 'interaction.find' | 'interaction.open';

export function inboxHandlers({ db, bus, outbox, clock, sla }: InboxHandlerDeps): Pick<CoreHandlers, InboxChannels> {
  return {
    // The SLA clock first: order and counts are right at any moment, not only at its next run.
    'inbox.counts': async ({ accountId }) => {
      sla.tick();
      return countInbox(db, accountId);
    },
    'inbox.list': async (input) => {
      sla.tick();
      return flagOverdueReplies(
        db,
        listInbox(db, input),
        readSettings(db, input.accountId).pendingWindowMinutes,
        clock(),
      );
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
